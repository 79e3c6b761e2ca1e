//! Runs effects: each job on its own tokio task, answering with `Action::Done` on the channel. The
//! runner keeps an abort handle per ticket, so leaving a screen cancels its work
//! (`Effect::CancelOwner`) and a reload cancels the load it replaces. `--read-only` is enforced
//! here, in one place, for every mutating job.

use std::collections::HashMap;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use super::jobs::{self, Reply};
use crate::action::Action;
use crate::aws::Clients;
use crate::effect::{Effect, Job, Outcome, Owner, Ticket};

/// Spawns jobs against the AWS clients and cancels them on request.
#[derive(Debug)]
pub struct Runner {
    clients: Clients,
    tx: UnboundedSender<Action>,
    read_only: bool,
    profile: Option<String>,
    running: HashMap<u64, (Owner, AbortHandle)>,
}

impl Runner {
    pub fn new(
        clients: Clients,
        tx: UnboundedSender<Action>,
        read_only: bool,
        profile: Option<String>,
    ) -> Self {
        Self {
            clients,
            tx,
            read_only,
            profile,
            running: HashMap::new(),
        }
    }

    /// Starts or cancels; never blocks.
    pub fn run_all(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            self.run(effect);
        }
    }

    /// How many jobs are still running (for tests of cancellation).
    pub fn running(&mut self) -> usize {
        self.prune();
        self.running.len()
    }

    fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Run { ticket, job } => self.start(ticket, job),
            Effect::CancelOwner(owner) => {
                self.running.retain(|id, (o, handle)| {
                    if *o == owner {
                        tracing::debug!(ticket = id, ?owner, "cancelled: its screen was left");
                        handle.abort();
                        false
                    } else {
                        true
                    }
                });
            }
            Effect::CancelTicket(id) => {
                if let Some((_, handle)) = self.running.remove(&id) {
                    tracing::debug!(ticket = id, "cancelled: replaced");
                    handle.abort();
                }
            }
            // The app loop runs these itself: they need the terminal.
            other @ (Effect::Clipboard { .. } | Effect::EditText { .. }) => {
                tracing::warn!(effect = ?other, "terminal effect reached the runner");
            }
        }
    }

    fn start(&mut self, ticket: Ticket, job: Job) {
        self.prune();
        let reply = Reply::new(self.tx.clone(), ticket);
        if job.is_mutating() && self.read_only {
            tracing::info!(?job, "blocked by --read-only");
            reply.send(Outcome::Blocked {
                what: job.describe(),
            });
            return;
        }
        tracing::debug!(ticket = ticket.id, ?job, "job");
        let work = jobs::run(self.clients.clone(), self.profile.clone(), job, reply);
        let handle = tokio::spawn(work);
        self.running
            .insert(ticket.id, (ticket.owner, handle.abort_handle()));
    }

    /// Forgets finished jobs.
    fn prune(&mut self) {
        self.running.retain(|_, (_, handle)| !handle.is_finished());
    }
}
