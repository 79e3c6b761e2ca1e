//! What the create-service and run-task wizards pick from (subnets, security groups, target
//! groups) and the two requests they send (CreateService, RunTask).

use super::Ctx;
use crate::aws::{network, service_admin};
use crate::effect::Outcome;
use crate::model::service::NewService;
use crate::model::task::NewTask;

pub async fn subnets(c: &Ctx, vpc: Option<String>) -> Outcome {
    let result = network::list_subnets(&c.clients.ec2, vpc.as_deref()).await;
    Outcome::Subnets {
        vpc,
        result: c.fix(result),
    }
}

pub async fn security_groups(c: &Ctx, vpc: Option<String>) -> Outcome {
    let result = network::list_security_groups(&c.clients.ec2, vpc.as_deref()).await;
    Outcome::SecurityGroups {
        vpc,
        result: c.fix(result),
    }
}

pub async fn target_groups(c: &Ctx) -> Outcome {
    Outcome::TargetGroups(c.fix(network::list_target_groups(&c.clients.elbv2).await))
}

/// CreateService; when the answer is lost, the service is read back (it exists, ACTIVE, with
/// the revision asked for: the create happened).
pub async fn create_service(c: &Ctx, spec: &NewService) -> Outcome {
    let ecs = &c.clients.ecs;
    let result = service_admin::create_service(ecs, spec).await;
    let result = crate::aws::read_back::settle("create the service", result, || {
        crate::aws::read_back::service_created(ecs, spec)
    })
    .await
    .map(Box::new);
    Outcome::ServiceCreated(c.fix(result))
}

pub async fn run_task(c: &Ctx, spec: &NewTask) -> Outcome {
    Outcome::TasksStarted(c.fix(service_admin::run_task(&c.clients.ecs, spec).await))
}
