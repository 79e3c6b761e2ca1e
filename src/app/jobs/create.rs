//! Create runs that report each step: a cluster (with its namespace, capacity provider or
//! activation) and a namespace (a Cloud Map operation followed to the end).

use super::{Ctx, Reply};
use crate::aws::{cluster_admin, namespace_admin};
use crate::domain::cluster::CreateClusterSpec;
use crate::domain::namespace::NewNamespace;
use crate::effect::Outcome;
use crate::model::cluster::{StepProgress, StepState};
use crate::model::namespace::OperationProgress;

pub async fn cluster(c: &Ctx, spec: &CreateClusterSpec, reply: &Reply) -> Outcome {
    let mut report = |p: &StepProgress| {
        let state = match &p.state {
            StepState::Running => "…".to_string(),
            StepState::Waiting { status, elapsed } => format!("{status} ({:.0?})", elapsed),
            StepState::Done { detail } => format!("✓ {detail}"),
            StepState::Failed { message } => format!("✗ {message}"),
        };
        reply.send(Outcome::Progress {
            step: p.index,
            line: format!("{}/{} {}: {state}", p.index, p.total, p.title),
        });
    };
    let result = cluster_admin::create_cluster(
        &c.clients,
        spec,
        &namespace_admin::PollSchedule::CLOUD_MAP,
        &mut report,
    )
    .await
    .map(Box::new);
    Outcome::ClusterCreated(c.fix(result))
}

pub async fn namespace(c: &Ctx, spec: &NewNamespace, reply: &Reply) -> Outcome {
    let mut report = |p: &OperationProgress| {
        reply.send(Outcome::Progress {
            step: 1,
            line: format!(
                "operation {}: {} ({} polls, {:.0?})",
                p.operation_id, p.status, p.polls, p.elapsed
            ),
        });
    };
    let result = namespace_admin::create_namespace(
        &c.clients.discovery,
        spec,
        &namespace_admin::PollSchedule::CLOUD_MAP,
        &mut report,
    )
    .await
    .map(Box::new);
    Outcome::NamespaceCreated(c.fix(result))
}
