//! Runs effects: each on its own tokio task, answering with an Action on the channel. The read-only
//! switch is enforced here, in one place, for every mutating effect.

use tokio::sync::mpsc::UnboundedSender;

use crate::action::{Action, Effect};
use crate::aws::Clients;
use crate::aws::errors::AwsError;
use crate::aws::{
    cluster_admin, clusters, identity, namespace_admin, namespaces, task_definitions,
};

/// Spawns effects against the AWS clients.
#[derive(Debug, Clone)]
pub struct EffectRunner {
    clients: Clients,
    tx: UnboundedSender<Action>,
    read_only: bool,
    profile: Option<String>,
}

impl EffectRunner {
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
        }
    }

    /// Starts every effect; never blocks.
    pub fn run_all(&self, effects: Vec<Effect>) {
        for effect in effects {
            self.run(effect);
        }
    }

    fn run(&self, effect: Effect) {
        if effect.is_mutating() && self.read_only {
            tracing::info!(?effect, "blocked by --read-only");
            let _ = self.tx.send(Action::MutationBlocked {
                what: effect.describe(),
            });
            return;
        }
        tracing::debug!(?effect, "effect");
        let c = self.clients.clone();
        let profile = self.profile.clone();
        // Every AWS error carries the profile so SSO hints can name `aws sso login --profile X`.
        let fix = {
            let profile = profile.clone();
            move |e: AwsError| e.with_profile(profile.as_deref())
        };
        match effect {
            Effect::LoadIdentity { request } => self.answer(async move {
                let result = identity::caller_identity(&c.sts).await.map_err(fix);
                Action::IdentityLoaded { request, result }
            }),
            Effect::LoadClusters { request } => self.answer(async move {
                let result = clusters::load_clusters(&c.ecs).await.map_err(fix);
                if let Err(e) = &result {
                    tracing::warn!(error = %e, "clusters failed");
                }
                Action::ClustersLoaded { request, result }
            }),
            Effect::LoadCluster { request, cluster } => self.answer(async move {
                let result = clusters::describe_cluster(&c.ecs, &cluster)
                    .await
                    .map(Box::new)
                    .map_err(fix);
                Action::ClusterLoaded { request, result }
            }),
            Effect::LoadServices { request, cluster } => self.answer(async move {
                let result = clusters::load_services(&c.ecs, &cluster).await.map_err(fix);
                Action::ServicesLoaded { request, result }
            }),
            Effect::LoadNamespaces { request } => self.answer(async move {
                let result = namespaces::load_namespaces(&c.discovery).await.map_err(fix);
                Action::NamespacesLoaded { request, result }
            }),
            Effect::LoadNamespaceServices {
                request,
                namespace_id,
            } => self.answer(async move {
                let result = namespaces::load_namespace_services(&c.discovery, &namespace_id)
                    .await
                    .map_err(fix);
                Action::NamespaceServicesLoaded { request, result }
            }),
            Effect::LoadNamespaceEcsServices {
                request,
                namespace,
                cluster_arns,
            } => self.answer(async move {
                let result =
                    namespaces::ecs_services_in_namespace(&c.ecs, &namespace, &cluster_arns)
                        .await
                        .map_err(fix);
                Action::NamespaceEcsServicesLoaded { request, result }
            }),
            Effect::LoadFamilies {
                request,
                status,
                prefix,
            } => self.answer(async move {
                let result = task_definitions::list_families(&c.ecs, status, prefix.as_deref())
                    .await
                    .map_err(fix);
                Action::FamiliesLoaded { request, result }
            }),
            Effect::LoadRevisions { request, family } => self.answer(async move {
                let result = task_definitions::list_revisions(&c.ecs, &family)
                    .await
                    .map_err(fix);
                Action::RevisionsLoaded { request, result }
            }),
            Effect::DescribeTaskDefs { arns } => self.answer(async move {
                let results =
                    per_item(task_definitions::describe_many(&c.ecs, arns).await, profile);
                Action::TaskDefsDescribed { results }
            }),
            Effect::DeregisterTaskDefs { arns } => self.answer(async move {
                let results = per_item(task_definitions::deregister(&c.ecs, &arns).await, profile);
                Action::Deregistered { results }
            }),
            Effect::DeleteTaskDefs { arns } => self.answer(async move {
                let results = per_item(task_definitions::delete(&c.ecs, &arns).await, profile);
                Action::Deleted { results }
            }),
            Effect::RegisterTaskDefinition { family, json } => self.answer(async move {
                let result = task_definitions::register_json(&c.ecs, &json)
                    .await
                    .map(Box::new)
                    .map_err(fix);
                Action::DraftRegistered { family, result }
            }),
            Effect::SummarizeFamilies { families } => self.answer(async move {
                let results = task_definitions::summarize_families(&c.ecs, families).await;
                let results = results
                    .into_iter()
                    .map(|(f, r)| (f, r.map_err(&fix)))
                    .collect();
                Action::FamiliesSummarized { results }
            }),
            Effect::LoadAutoScalingGroups => self.answer(async move {
                let result = cluster_admin::list_auto_scaling_groups(&c.autoscaling)
                    .await
                    .map_err(fix);
                Action::AutoScalingGroupsLoaded { result }
            }),
            Effect::LoadVpcs => self.answer(async move {
                let result = namespace_admin::list_vpcs(&c.ec2).await.map_err(fix);
                Action::VpcsLoaded { result }
            }),
            Effect::CreateCluster { spec } => {
                let progress_tx = self.tx.clone();
                self.answer(async move {
                    let mut report = |p: &cluster_admin::StepProgress| {
                        let state = match &p.state {
                            cluster_admin::StepState::Running => "…".to_string(),
                            cluster_admin::StepState::Waiting { status, elapsed } => {
                                format!("{status} ({:.0?})", elapsed)
                            }
                            cluster_admin::StepState::Done { detail } => format!("✓ {detail}"),
                            cluster_admin::StepState::Failed { message } => format!("✗ {message}"),
                        };
                        let line = format!("{}/{} {}: {state}", p.index, p.total, p.title);
                        let _ = progress_tx.send(Action::CreateProgress {
                            step: p.index,
                            line,
                        });
                    };
                    let result = cluster_admin::create_cluster(
                        &c,
                        &spec,
                        &namespace_admin::PollSchedule::CLOUD_MAP,
                        &mut report,
                    )
                    .await
                    .map(Box::new)
                    .map_err(fix);
                    Action::ClusterCreated { result }
                })
            }
            Effect::CreateNamespace { spec } => {
                let progress_tx = self.tx.clone();
                self.answer(async move {
                    let mut report = |p: &namespace_admin::OperationProgress| {
                        let line = format!(
                            "operation {}: {} ({} polls, {:.0?})",
                            p.operation_id, p.status, p.polls, p.elapsed
                        );
                        let _ = progress_tx.send(Action::CreateProgress { step: 1, line });
                    };
                    let result = namespace_admin::create_namespace(
                        &c.discovery,
                        &spec,
                        &namespace_admin::PollSchedule::CLOUD_MAP,
                        &mut report,
                    )
                    .await
                    .map(Box::new)
                    .map_err(fix);
                    Action::NamespaceCreated { result }
                })
            }
            Effect::LoadRoles => self.answer(async move {
                let result = crate::aws::iam::list_task_roles(&c.iam).await.map_err(fix);
                Action::RolesLoaded { result }
            }),
            Effect::SubmitTaskDefinition { json, log_groups } => self.answer(async move {
                let result = async {
                    for (group, _region) in &log_groups {
                        crate::aws::logs::ensure_log_group(&c.logs, group).await?;
                    }
                    task_definitions::register_json(&c.ecs, &json).await
                }
                .await
                .map(Box::new)
                .map_err(fix);
                Action::WizardSubmitted { result }
            }),
            Effect::SaveFile { path, contents } => self.answer(async move {
                let result = save_new_file(&path, &contents).await;
                Action::FileSaved { path, result }
            }),
            Effect::DeletePrecheck { cluster } => self.answer(async move {
                let result = cluster_admin::delete_cluster_precheck(&c.ecs, &cluster)
                    .await
                    .map_err(fix);
                Action::DeletePrecheckLoaded { cluster, result }
            }),
            Effect::DeleteCluster { cluster } => self.answer(async move {
                let result = cluster_admin::delete_cluster(&c.ecs, &cluster)
                    .await
                    .map(|_| None)
                    .map_err(fix);
                Action::ChangeDone {
                    what: format!("deleted cluster {cluster}"),
                    result,
                }
            }),
            Effect::UpdateInsights { cluster, value } => self.answer(async move {
                let result = cluster_admin::update_insights(&c.ecs, &cluster, value)
                    .await
                    .map(|u| u.note)
                    .map_err(fix);
                Action::ChangeDone {
                    what: format!("Container Insights of {cluster} is now {}", value.as_api()),
                    result,
                }
            }),
            Effect::SetDefaultNamespace { cluster, namespace } => self.answer(async move {
                let result =
                    cluster_admin::set_default_namespace(&c.ecs, &cluster, namespace.as_deref())
                        .await
                        .map(|u| u.note)
                        .map_err(fix);
                let what = match &namespace {
                    Some(ns) => format!("the default namespace of {cluster} is now {ns}"),
                    None => format!("{cluster} has no default namespace now"),
                };
                Action::ChangeDone { what, result }
            }),
            Effect::PutCapacityProviders {
                cluster,
                providers,
                strategy,
            } => self.answer(async move {
                let result =
                    cluster_admin::put_capacity_providers(&c.ecs, &cluster, &providers, &strategy)
                        .await
                        .map(|u| u.note)
                        .map_err(fix);
                Action::ChangeDone {
                    what: format!("capacity providers of {cluster}: {}", providers.join(", ")),
                    result,
                }
            }),
            Effect::DeleteNamespace { id, name } => {
                // Progress goes to the status line while the operation runs.
                let progress_tx = self.tx.clone();
                self.answer(async move {
                    let mut report = |p: &namespace_admin::OperationProgress| {
                        let _ = progress_tx.send(Action::OperationProgress {
                            text: format!(
                                "deleting namespace {}: {} ({} polls, {:.0?})",
                                p.operation_id, p.status, p.polls, p.elapsed
                            ),
                        });
                    };
                    let result = namespace_admin::delete_namespace(
                        &c.discovery,
                        &id,
                        &namespace_admin::PollSchedule::CLOUD_MAP,
                        &mut report,
                    )
                    .await
                    .map(|_| None)
                    .map_err(fix);
                    Action::ChangeDone {
                        what: format!("deleted namespace {name}"),
                        result,
                    }
                })
            }
            Effect::FindServiceUsage { arns } => self.answer(async move {
                // A few calls per cluster: only where the region has at most 20 clusters.
                let result = task_definitions::services_using(&c.ecs, &arns, 20)
                    .await
                    .map_err(fix);
                Action::ServiceUsageLoaded { result }
            }),
            // The app loop runs these itself: they need the terminal.
            other @ (Effect::EditText { .. } | Effect::Clipboard { .. }) => {
                tracing::warn!(effect = ?other, "terminal effect reached the runner");
            }
            Effect::ScheduleRefresh { after, generation } => self.answer(async move {
                tokio::time::sleep(after).await;
                Action::RefreshDue { generation }
            }),
        }
    }

    /// Runs `work` on its own task and sends the Action it produces back to the loop.
    fn answer(&self, work: impl Future<Output = Action> + Send + 'static) {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            // The loop has gone only when tecs is quitting; nothing is waiting for the answer then.
            let _ = tx.send(work.await);
        });
    }
}

/// Per-item results with the profile added to each error.
fn per_item<T>(
    results: Vec<(String, Result<T, AwsError>)>,
    profile: Option<String>,
) -> Vec<(String, Result<T, AwsError>)> {
    results
        .into_iter()
        .map(|(arn, r)| (arn, r.map_err(|e| e.with_profile(profile.as_deref()))))
        .collect()
}

/// Writes `contents` to a new file; an existing file is never overwritten.
async fn save_new_file(path: &str, contents: &str) -> Result<(), String> {
    use tokio::io::AsyncWriteExt;
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .await
        .map_err(|e| format!("cannot create {path}: {e}"))?;
    file.write_all(contents.as_bytes())
        .await
        .map_err(|e| format!("cannot write {path}: {e}"))?;
    file.flush()
        .await
        .map_err(|e| format!("cannot write {path}: {e}"))
}
