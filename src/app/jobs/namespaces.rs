//! Cloud Map namespaces, their services, the ECS services using them, and VPCs for the wizard.

use super::Ctx;
use crate::aws::{namespace_admin, namespaces};
use crate::effect::Outcome;
use crate::model::namespace::Namespace;

pub async fn namespaces(c: &Ctx) -> Outcome {
    Outcome::Namespaces(c.fix(namespaces::load_namespaces(&c.clients.discovery).await))
}

pub async fn namespace_services(c: &Ctx, namespace_id: &str) -> Outcome {
    let result = namespaces::load_namespace_services(&c.clients.discovery, namespace_id).await;
    Outcome::NamespaceServices(c.fix(result))
}

pub async fn ecs_services(c: &Ctx, namespace: &Namespace, cluster_arns: &[String]) -> Outcome {
    let result =
        namespaces::ecs_services_in_namespace(&c.clients.ecs, namespace, cluster_arns).await;
    Outcome::NamespaceEcsServices(c.fix(result))
}

pub async fn vpcs(c: &Ctx) -> Outcome {
    Outcome::Vpcs(c.fix(namespace_admin::list_vpcs(&c.clients.ec2).await))
}
