//! Services, tasks and container instances: lists, pages, and the changes an operator makes to
//! them (scale, new revision, force a deployment, delete, stop a task).

use super::{Ctx, Reply};
use crate::aws::{
    container_instances, read_back, service_admin, services, task_definitions, tasks,
};
use crate::effect::Outcome;
use crate::model::service::ServiceUpdate;
use crate::model::task::DesiredStatus;

/// A cluster's services; the first ones are sent as they are described (`ServicesSoFar`).
pub async fn services(c: &Ctx, cluster: &str, reply: &Reply) -> Outcome {
    let result = services::list_services_progressively(&c.clients.ecs, cluster, |rows| {
        reply.send(Outcome::ServicesSoFar(rows.to_vec()));
    })
    .await;
    Outcome::Services(c.fix(result))
}

pub async fn service(c: &Ctx, cluster: &str, service: &str) -> Outcome {
    let result = services::describe_service(&c.clients.ecs, cluster, service)
        .await
        .map(Box::new);
    Outcome::Service(c.fix(result))
}

pub async fn autoscaling(c: &Ctx, cluster: &str, service: &str) -> Outcome {
    let cluster_name = cluster.rsplit('/').next().unwrap_or(cluster);
    let result = services::service_autoscaling(&c.clients.aas, cluster_name, service).await;
    Outcome::Autoscaling(c.fix(result))
}

pub async fn tasks(
    c: &Ctx,
    cluster: &str,
    service: Option<&str>,
    status: DesiredStatus,
    reply: &Reply,
) -> Outcome {
    let result =
        tasks::list_tasks_progressively(&c.clients.ecs, cluster, service, status, |rows| {
            reply.send(Outcome::TasksSoFar(rows.to_vec()));
        })
        .await;
    Outcome::Tasks(c.fix(result))
}

pub async fn task(c: &Ctx, cluster: &str, task: &str) -> Outcome {
    let result = tasks::describe_task(&c.clients.ecs, cluster, task)
        .await
        .map(Box::new);
    Outcome::Task(c.fix(result))
}

pub async fn container_instances(c: &Ctx, cluster: &str) -> Outcome {
    let result = container_instances::list_container_instances(&c.clients.ecs, cluster).await;
    Outcome::ContainerInstances(c.fix(result))
}

/// The ACTIVE revisions of a family, newest first.
pub async fn active_revisions(c: &Ctx, family: &str) -> Outcome {
    let result = task_definitions::list_revisions(&c.clients.ecs, family)
        .await
        .map(|list| list.into_iter().filter(|r| r.status == "ACTIVE").collect());
    Outcome::ActiveRevisions(c.fix(result))
}

/// UpdateService; when the answer is lost, the service is read back and the update counts as
/// done when the service shows it.
pub async fn update_service(c: &Ctx, update: &ServiceUpdate) -> Outcome {
    let ecs = &c.clients.ecs;
    let sent_at = std::time::SystemTime::now();
    let result = service_admin::update_service(ecs, update).await;
    let result = read_back::settle("update the service", result, || {
        read_back::service_updated(ecs, update, sent_at)
    })
    .await
    .map(Box::new);
    Outcome::ServiceUpdated(c.fix(result))
}

pub async fn delete_service(c: &Ctx, cluster: &str, service: &str) -> Outcome {
    let ecs = &c.clients.ecs;
    let result = service_admin::delete_service(ecs, cluster, service)
        .await
        .map(|_| ());
    let result = read_back::settle("delete the service", result, || {
        read_back::service_deleted(ecs, cluster, service)
    })
    .await;
    Outcome::ServiceDeleted {
        service: service.to_string(),
        result: c.fix(result),
    }
}

pub async fn stop_task(c: &Ctx, cluster: &str, task: &str, reason: &str) -> Outcome {
    let ecs = &c.clients.ecs;
    let result = service_admin::stop_task(ecs, cluster, task, reason).await;
    let result = read_back::settle("stop the task", result, || {
        read_back::task_stopping(ecs, cluster, task)
    })
    .await
    .map(Box::new);
    Outcome::TaskStopped(c.fix(result))
}
