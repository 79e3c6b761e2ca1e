//! Runs effects: each job on its own tokio task, answering with `Action::Done` on the channel. The
//! runner keeps an abort handle per ticket, so leaving a screen cancels its work
//! (`Effect::CancelOwner`) and a reload cancels the load it replaces. `--read-only` is enforced
//! here, in one place, for every mutating job.

use std::collections::HashMap;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use super::jobs::{self, Ctx, Reply};
use crate::action::Action;
use crate::aws::Clients;
use crate::effect::{Effect, Job, Outcome, Owner, Ticket};

/// Spawns jobs against the AWS clients and cancels them on request.
#[derive(Debug)]
pub struct Runner {
    ctx: Ctx,
    tx: UnboundedSender<Action>,
    read_only: bool,
    running: HashMap<u64, (Owner, AbortHandle)>,
    /// Running port forwarding jobs (each leaves a clean-up when it ends).
    forwarding: std::collections::HashSet<u64>,
    /// Clean-up tasks the jobs started (terminating SSM sessions), awaited at shutdown.
    cleanups: tokio::sync::mpsc::UnboundedReceiver<tokio::task::JoinHandle<()>>,
}

impl Runner {
    /// `profile` and `endpoint` go into error messages and hints.
    pub fn new(
        clients: Clients,
        tx: UnboundedSender<Action>,
        read_only: bool,
        profile: Option<String>,
        endpoint: Option<String>,
    ) -> Self {
        let (cleanup_tx, cleanups) = tokio::sync::mpsc::unbounded_channel();
        Self {
            ctx: Ctx {
                clients,
                profile,
                endpoint,
                cleanups: cleanup_tx,
            },
            tx,
            read_only,
            running: HashMap::new(),
            forwarding: std::collections::HashSet::new(),
            cleanups,
        }
    }

    /// Stops every job, then gives their clean-ups (closing port forwarding sessions) up to
    /// `budget` to finish: tecs is quitting, and an SSM session left open idles until AWS times
    /// it out.
    pub async fn shutdown(&mut self, budget: std::time::Duration) {
        self.prune();
        let forwarding = self.forwarding.len();
        // Clean-ups of jobs that ended earlier, then one per forwarding job aborted now (handed
        // over as its future is dropped).
        let mut tasks = Vec::new();
        while let Ok(task) = self.cleanups.try_recv() {
            tasks.push(task);
        }
        for (_, (_, handle)) in self.running.drain() {
            handle.abort();
        }
        let deadline = tokio::time::Instant::now() + budget;
        for _ in 0..forwarding {
            match tokio::time::timeout_at(deadline, self.cleanups.recv()).await {
                Ok(Some(task)) => tasks.push(task),
                _ => break,
            }
        }
        for task in tasks {
            if tokio::time::timeout_at(deadline, task).await.is_err() {
                tracing::warn!("a clean-up did not finish before tecs exited");
                break;
            }
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
            Effect::UseClients { clients, profile } => {
                tracing::info!(region = %clients.region(), ?profile, "switched clients");
                self.ctx.clients = (*clients.0).clone();
                self.ctx.profile = profile;
            }
            // The app loop runs these itself: they need the terminal.
            other @ (Effect::Clipboard { .. }
            | Effect::EditText { .. }
            | Effect::RunPlugin { .. }) => {
                // Not its Debug: a plugin's arguments hold a session token.
                let kind = match other {
                    Effect::Clipboard { .. } => "Clipboard",
                    Effect::EditText { .. } => "EditText",
                    _ => "RunPlugin",
                };
                tracing::warn!(kind, "terminal effect reached the runner");
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
        if matches!(job, Job::PortForward { .. }) {
            self.forwarding.insert(ticket.id);
        }
        let work = jobs::run(self.ctx.clone(), job, reply);
        let handle = tokio::spawn(work);
        self.running
            .insert(ticket.id, (ticket.owner, handle.abort_handle()));
    }

    /// Forgets finished jobs.
    fn prune(&mut self) {
        self.running.retain(|_, (_, handle)| !handle.is_finished());
        let running = &self.running;
        self.forwarding.retain(|id| running.contains_key(id));
        // Clean-ups that are done need not be kept until quit.
        let mut pending = Vec::new();
        while let Ok(task) = self.cleanups.try_recv() {
            if !task.is_finished() {
                pending.push(task);
            }
        }
        for task in pending {
            let _ = self.ctx.cleanups.send(task);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::sync::mpsc;

    use super::*;
    use crate::effect::ScreenId;

    fn clients() -> Clients {
        let config = aws_config::SdkConfig::builder()
            .region(aws_config::Region::new("us-east-1"))
            .behavior_version(aws_config::BehaviorVersion::latest())
            .build();
        Clients::new(&config, None)
    }

    #[tokio::test]
    async fn leaving_a_screen_aborts_its_work_and_nothing_answers() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut runner = Runner::new(clients(), tx, false, None, None);
        let gone = Owner::Screen(ScreenId(7));
        let stays = Owner::Screen(ScreenId(8));
        for (id, owner) in [(1, gone), (2, gone), (3, stays)] {
            runner.run_all(vec![Effect::Run {
                ticket: Ticket { id, owner },
                job: Job::Sleep {
                    after: Duration::from_millis(200),
                },
            }]);
        }
        assert_eq!(runner.running(), 3);
        runner.run_all(vec![Effect::CancelOwner(gone)]);
        assert_eq!(
            runner.running(),
            1,
            "the left screen's two jobs are aborted"
        );
        let answer = tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .expect("the other job answers")
            .expect("an action");
        let Action::Done { ticket, .. } = answer else {
            panic!("a job answer")
        };
        assert_eq!(
            ticket.id, 3,
            "only the job of the screen still there answers"
        );
        assert!(
            tokio::time::timeout(Duration::from_millis(400), rx.recv())
                .await
                .is_err(),
            "aborted jobs never answer"
        );
    }

    #[tokio::test]
    async fn use_clients_swaps_the_clients_and_the_profile_for_the_hints() {
        let (tx, _rx) = mpsc::unbounded_channel();
        let mut runner = Runner::new(clients(), tx, false, Some("old".into()), None);
        let config = aws_config::SdkConfig::builder()
            .region(aws_config::Region::new("ap-south-1"))
            .behavior_version(aws_config::BehaviorVersion::latest())
            .build();
        let new = crate::effect::SharedClients::new(Clients::new(&config, None));
        runner.run_all(vec![Effect::UseClients {
            clients: new,
            profile: Some("prod-sso".into()),
        }]);
        assert_eq!(runner.ctx.clients.region, "ap-south-1");
        assert_eq!(runner.ctx.profile.as_deref(), Some("prod-sso"));
        // An expired SSO session is now explained with the new profile.
        let e = crate::model::AwsError {
            kind: crate::model::ErrorKind::SsoExpired,
            code: None,
            message: "the SSO session has expired".into(),
            hint: None,
            read_back: None,
        };
        let shown = runner.ctx.err(e).to_string();
        assert!(
            shown.contains("aws sso login --profile prod-sso"),
            "{shown}"
        );
    }

    #[tokio::test]
    async fn shutdown_stops_every_job() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut runner = Runner::new(clients(), tx, false, None, None);
        runner.run_all(vec![Effect::Run {
            ticket: Ticket {
                id: 1,
                owner: Owner::App,
            },
            job: Job::Sleep {
                after: Duration::from_millis(200),
            },
        }]);
        runner.shutdown(Duration::from_secs(3)).await;
        // A job still running would answer once its sleep is over.
        assert!(
            tokio::time::timeout(Duration::from_millis(600), rx.recv())
                .await
                .is_err(),
            "an aborted job never answers"
        );
    }

    #[tokio::test]
    async fn read_only_refuses_mutating_jobs_without_starting_them() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut runner = Runner::new(clients(), tx, true, None, None);
        let ticket = Ticket {
            id: 1,
            owner: Owner::Screen(ScreenId(1)),
        };
        runner.run_all(vec![Effect::Run {
            ticket,
            job: Job::DeleteTaskDefs {
                arns: vec!["web:1".into()],
            },
        }]);
        assert_eq!(runner.running(), 0);
        let Some(Action::Done {
            outcome: Outcome::Blocked { what },
            ..
        }) = rx.recv().await
        else {
            panic!("blocked")
        };
        assert!(what.contains("delete 1 task definition"));
    }
}
