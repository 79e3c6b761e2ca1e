//! One async function per job. Each answers with an [`Outcome`] through its [`Reply`]; jobs that
//! report progress answer several times.

mod changes;
mod clusters;
mod context;
mod create;
mod exec;
mod files;
mod logs;
mod namespaces;
mod services;
mod task_definitions;
mod wizard_lists;

use tokio::sync::mpsc::UnboundedSender;

use crate::action::Action;
use crate::aws::Clients;
use crate::effect::{Job, Outcome, PerItem, Ticket};
use crate::model::AwsError;

/// Where a job's answers go.
#[derive(Debug, Clone)]
pub struct Reply {
    tx: UnboundedSender<Action>,
    ticket: Ticket,
}

impl Reply {
    pub fn new(tx: UnboundedSender<Action>, ticket: Ticket) -> Self {
        Self { tx, ticket }
    }

    /// Sends an outcome to the job's owner. The loop has gone only when tecs is quitting; nothing
    /// is waiting for the answer then.
    pub fn send(&self, outcome: Outcome) {
        let _ = self.tx.send(Action::Done {
            ticket: self.ticket,
            outcome,
        });
    }
}

/// What every job gets: the clients, the profile for hints (`aws sso login --profile X`) and the
/// endpoint override for messages ("nothing is listening at …").
#[derive(Debug, Clone)]
pub struct Ctx {
    pub clients: Clients,
    pub profile: Option<String>,
    pub endpoint: Option<String>,
    /// Clean-up tasks started when a job ends or is cancelled (terminating an SSM session):
    /// the runner awaits them, briefly, before tecs exits.
    pub cleanups: Cleanups,
}

/// Where clean-up tasks are handed to the runner.
pub type Cleanups = tokio::sync::mpsc::UnboundedSender<tokio::task::JoinHandle<()>>;

impl Ctx {
    /// Fills the profile and the endpoint into the error's message and hint.
    pub fn err(&self, e: AwsError) -> AwsError {
        e.with_profile(self.profile.as_deref())
            .at_endpoint(self.endpoint.as_deref())
    }

    pub fn fix<T>(&self, r: Result<T, AwsError>) -> Result<T, AwsError> {
        r.map_err(|e| self.err(e))
    }

    pub fn fix_each<T>(&self, results: PerItem<T>) -> PerItem<T> {
        results
            .into_iter()
            .map(|(arn, r)| (arn, self.fix(r)))
            .collect()
    }
}

/// Runs `job` to its final answer.
pub async fn run(ctx: Ctx, job: Job, reply: Reply) {
    let c = ctx;
    let outcome = match job {
        Job::Identity => clusters::identity(&c).await,
        Job::Clusters => clusters::clusters(&c, &reply).await,
        Job::Cluster { cluster } => clusters::cluster(&c, &cluster).await,
        Job::Services { cluster } => services::services(&c, &cluster, &reply).await,
        Job::Service { cluster, service } => services::service(&c, &cluster, &service).await,
        Job::Autoscaling { cluster, service } => {
            services::autoscaling(&c, &cluster, &service).await
        }
        Job::Tasks {
            cluster,
            service,
            status,
        } => services::tasks(&c, &cluster, service.as_deref(), status, &reply).await,
        Job::Task { cluster, task } => services::task(&c, &cluster, &task).await,
        Job::ContainerInstances { cluster } => services::container_instances(&c, &cluster).await,
        Job::ActiveRevisions { family } => services::active_revisions(&c, &family).await,
        Job::LogSources {
            cluster,
            service,
            task,
        } => logs::sources(&c, &cluster, service.as_deref(), task.as_deref()).await,
        Job::TailLogs { sources, options } => logs::tail(&c, sources, options, &reply).await,
        Job::UpdateService(update) => services::update_service(&c, &update).await,
        Job::DeleteService { cluster, service } => {
            services::delete_service(&c, &cluster, &service).await
        }
        Job::StopTask {
            cluster,
            task,
            reason,
        } => services::stop_task(&c, &cluster, &task, &reason).await,
        Job::DeletePrecheck { cluster } => clusters::delete_precheck(&c, cluster).await,
        Job::AutoScalingGroups => clusters::auto_scaling_groups(&c).await,
        Job::Namespaces => namespaces::namespaces(&c).await,
        Job::NamespaceServices { namespace_id } => {
            namespaces::namespace_services(&c, &namespace_id).await
        }
        Job::NamespaceEcsServices {
            namespace,
            cluster_arns,
        } => namespaces::ecs_services(&c, &namespace, &cluster_arns).await,
        Job::Vpcs => namespaces::vpcs(&c).await,
        Job::Subnets { vpc } => wizard_lists::subnets(&c, vpc).await,
        Job::SecurityGroups { vpc } => wizard_lists::security_groups(&c, vpc).await,
        Job::TargetGroups => wizard_lists::target_groups(&c).await,
        Job::CreateService(spec) => wizard_lists::create_service(&c, &spec).await,
        Job::RunTask(spec) => wizard_lists::run_task(&c, &spec).await,
        Job::Families { status, prefix } => {
            task_definitions::families(&c, status, prefix.as_deref()).await
        }
        Job::Revisions { family } => task_definitions::revisions(&c, &family, &reply).await,
        Job::DescribeTaskDefs { arns } => task_definitions::describe(&c, arns).await,
        Job::SummarizeFamilies { families } => task_definitions::summarize(&c, families).await,
        Job::FindServiceUsage { arns } => task_definitions::service_usage(&c, &arns).await,
        Job::Roles => task_definitions::roles(&c).await,
        Job::DeregisterTaskDefs { arns } => task_definitions::deregister(&c, &arns).await,
        Job::DeleteTaskDefs { arns } => task_definitions::delete(&c, &arns).await,
        Job::RegisterTaskDefinition { family, json } => {
            task_definitions::register(&c, family, &json).await
        }
        Job::SubmitTaskDefinition { json, log_groups } => {
            task_definitions::submit(&c, &json, &log_groups).await
        }
        Job::CreateCluster { spec } => create::cluster(&c, &spec, &reply).await,
        Job::CreateNamespace { spec } => create::namespace(&c, &spec, &reply).await,
        Job::Change(change) => changes::apply(&c, change, &reply).await,
        Job::Exec {
            cluster,
            task,
            container,
            target,
        } => exec::exec(&c, &cluster, &task, &container, &target).await,
        Job::PortForward {
            target,
            container,
            remote,
            local,
        } => exec::port_forward(&c, &target, &container, remote, local, &reply).await,
        Job::TreeLookup { node, lookup } => Outcome::TreeLookup {
            node,
            result: c.fix(crate::aws::resources::lookup(&c.clients, &lookup).await),
        },
        Job::Findings => {
            let found = crate::aws::findings::active_revisions(&c.clients.ecs).await;
            match c.fix(found) {
                Ok(arns) => {
                    let mut all = Vec::new();
                    crate::aws::findings::scan(&c.clients, arns, |chunk| {
                        all.extend(chunk.iter().cloned());
                        reply.send(Outcome::FindingsSoFar(chunk));
                    })
                    .await;
                    Outcome::Findings(Ok(all))
                }
                Err(e) => Outcome::Findings(Err(e)),
            }
        }
        Job::Remember { profile, region } => context::remember(profile, region).await,
        Job::Profiles => context::profiles(&c).await,
        Job::Switch { profile, region } => context::switch(&c, profile, region).await,
        Job::Overview { regions } => context::overview(&c, regions, &reply).await,
        Job::Sleep { after } => files::sleep(after).await,
        Job::SaveFile { path, contents } => files::save_new(path, &contents).await,
    };
    reply.send(outcome);
}
