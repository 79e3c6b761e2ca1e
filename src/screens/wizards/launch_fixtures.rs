//! A small region for the create-service and run-task wizard tests: two clusters, a default VPC
//! with three subnets and two groups, a Fargate awsvpc revision (web:3) and an EC2 bridge one
//! (api:1), target groups and a namespace.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use crate::effect::Outcome;
use crate::keymap::Keymap;
use crate::model::namespace::{Namespace, NamespaceKind, VpcSummary};
use crate::model::network::{SecurityGroup, Subnet, TargetGroup};
use crate::model::task_definition::ContainerSummary;
use crate::model::{Cluster, RevisionRef, StrategyItem, TaskDefinition};

pub const VPC: &str = "vpc-0def";

/// Parsed once: the tests press many keys.
pub fn km() -> &'static Keymap {
    static KEYMAP: std::sync::OnceLock<Keymap> = std::sync::OnceLock::new();
    KEYMAP.get_or_init(Keymap::default_keymap)
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub fn clusters() -> Vec<Cluster> {
    let mut prod = Cluster::named("prod-fargate");
    prod.capacity_providers = vec!["FARGATE".into(), "FARGATE_SPOT".into()];
    prod.default_strategy = vec![StrategyItem {
        provider: "FARGATE".into(),
        weight: 1,
        base: 0,
    }];
    prod.default_namespace = Some(namespaces()[0].arn.clone());
    let legacy = Cluster::named("legacy-ec2");
    let mut gone = Cluster::named("old");
    gone.status = "INACTIVE".into();
    vec![prod, legacy, gone]
}

pub fn vpcs() -> Vec<VpcSummary> {
    vec![
        VpcSummary {
            id: VPC.into(),
            cidr: Some("172.31.0.0/16".into()),
            is_default: true,
            name: None,
        },
        VpcSummary {
            id: "vpc-0app".into(),
            cidr: Some("10.0.0.0/16".into()),
            is_default: false,
            name: Some("app".into()),
        },
    ]
}

pub fn subnets() -> Vec<Subnet> {
    ["a", "b", "c"]
        .iter()
        .enumerate()
        .map(|(i, az)| Subnet {
            id: format!("subnet-0{az}"),
            vpc_id: VPC.into(),
            availability_zone: format!("us-east-1{az}"),
            cidr: format!("172.31.{}.0/20", i * 16),
            name: None,
            available_ips: Some(4091),
            default_for_az: true,
            map_public_ip: true,
        })
        .collect()
}

pub fn groups() -> Vec<SecurityGroup> {
    vec![
        SecurityGroup {
            id: "sg-0def".into(),
            name: "default".into(),
            vpc_id: VPC.into(),
            description: "default VPC security group".into(),
        },
        SecurityGroup {
            id: "sg-0web".into(),
            name: "web".into(),
            vpc_id: VPC.into(),
            description: "HTTP from the load balancer".into(),
        },
    ]
}

pub fn target_groups() -> Vec<TargetGroup> {
    let tg = |name: &str, kind: &str, lb: bool| TargetGroup {
        arn: format!(
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{name}/0123456789abcdef"
        ),
        name: name.into(),
        port: Some(80),
        protocol: Some("HTTP".into()),
        target_type: Some(kind.into()),
        vpc_id: Some(VPC.into()),
        load_balancer_arns: if lb {
            vec![
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/1"
                    .into(),
            ]
        } else {
            Vec::new()
        },
    };
    vec![
        tg("web-tg", "ip", true),
        tg("orphan-tg", "ip", false),
        tg("legacy-tg", "instance", true),
    ]
}

pub fn namespaces() -> Vec<Namespace> {
    vec![
        Namespace::named("shop", NamespaceKind::Http),
        Namespace::named("corp.internal", NamespaceKind::DnsPrivate),
    ]
}

pub fn rev(family: &str, n: i32, status: &str) -> RevisionRef {
    RevisionRef {
        arn: format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:{n}"),
        family: family.into(),
        revision: n,
        status: status.into(),
    }
}

fn container(name: &str, image: &str, port: i32) -> ContainerSummary {
    ContainerSummary {
        name: name.into(),
        image: image.into(),
        essential: true,
        ports: vec![format!("{port}/tcp")],
        command: Vec::new(),
        entry_point: Vec::new(),
        environment: Vec::new(),
        log: None,
    }
}

/// web:3 — Fargate, awsvpc, containers app (8080, app-8080-tcp) and nginx (80, nginx-80-tcp).
pub fn web(n: i32, status: &str) -> TaskDefinition {
    let r = rev("web", n, status);
    TaskDefinition {
        arn: r.arn.clone(),
        family: "web".into(),
        revision: n,
        status: status.into(),
        registered_at: None,
        cpu: Some("512".into()),
        memory: Some("1024".into()),
        launch_types: vec!["FARGATE".into()],
        network_mode: Some("awsvpc".into()),
        os: None,
        arch: None,
        task_role: None,
        execution_role: None,
        containers: vec![
            container("app", "shop/web:2.5.0", 8080),
            container("nginx", "nginx:1.27-alpine", 80),
        ],
        tags: Vec::new(),
        json: json!({
            "taskDefinitionArn": r.arn, "family": "web", "revision": n, "status": status,
            "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
            "containerDefinitions": [
                {"name": "app", "image": "shop/web:2.5.0",
                 "portMappings": [{"containerPort": 8080, "protocol": "tcp", "name": "app-8080-tcp"}]},
                {"name": "nginx", "image": "nginx:1.27-alpine",
                 "portMappings": [{"containerPort": 80, "protocol": "tcp", "name": "nginx-80-tcp"}]}
            ]
        }),
    }
}

/// api:1 — EC2 only, bridge networking, one container on 8080 with a command.
pub fn api() -> TaskDefinition {
    let r = rev("api", 1, "ACTIVE");
    let mut app = container("api", "shop/api:1.0", 8080);
    app.command = vec!["./api".into(), "--serve".into()];
    TaskDefinition {
        arn: r.arn.clone(),
        family: "api".into(),
        revision: 1,
        status: "ACTIVE".into(),
        registered_at: None,
        cpu: None,
        memory: Some("512".into()),
        launch_types: vec!["EC2".into()],
        network_mode: Some("bridge".into()),
        os: None,
        arch: None,
        task_role: None,
        execution_role: None,
        containers: vec![app],
        tags: Vec::new(),
        json: json!({
            "taskDefinitionArn": r.arn, "family": "api", "revision": 1, "status": "ACTIVE",
            "networkMode": "bridge", "requiresCompatibilities": ["EC2"],
            "containerDefinitions": [
                {"name": "api", "image": "shop/api:1.0", "command": ["./api", "--serve"],
                 "portMappings": [{"containerPort": 8080, "hostPort": 0, "protocol": "tcp"}]}
            ]
        }),
    }
}

/// The answers to every list a wizard asks for, as the region above has them.
pub fn answer(job: &crate::effect::Job) -> Option<Outcome> {
    use crate::effect::Job;
    Some(match job {
        Job::Clusters => Outcome::Clusters(Ok(clusters())),
        Job::Vpcs => Outcome::Vpcs(Ok(vpcs())),
        Job::Subnets { vpc } => Outcome::Subnets {
            vpc: vpc.clone(),
            result: Ok(if vpc.as_deref() == Some(VPC) {
                subnets()
            } else {
                Vec::new()
            }),
        },
        Job::SecurityGroups { vpc } => Outcome::SecurityGroups {
            vpc: vpc.clone(),
            result: Ok(if vpc.as_deref() == Some(VPC) {
                groups()
            } else {
                Vec::new()
            }),
        },
        Job::TargetGroups => Outcome::TargetGroups(Ok(target_groups())),
        Job::Namespaces => Outcome::Namespaces(Ok(namespaces())),
        Job::Families { .. } => Outcome::Families(Ok(vec!["api".into(), "web".into()])),
        Job::ActiveRevisions { family } if family == "web" => {
            Outcome::ActiveRevisions(Ok(vec![rev("web", 3, "ACTIVE"), rev("web", 2, "ACTIVE")]))
        }
        Job::ActiveRevisions { family } if family == "api" => {
            Outcome::ActiveRevisions(Ok(vec![rev("api", 1, "ACTIVE")]))
        }
        Job::ActiveRevisions { .. } => Outcome::ActiveRevisions(Ok(Vec::new())),
        Job::DescribeTaskDefs { arns } => Outcome::Described(
            arns.iter()
                .map(|a| {
                    let td = if a.contains("/api:") {
                        Ok(api())
                    } else {
                        let n = a
                            .rsplit(':')
                            .next()
                            .and_then(|n| n.parse().ok())
                            .unwrap_or(3);
                        // web:1 was retired, as in the demo.
                        Ok(web(n, if n == 1 { "INACTIVE" } else { "ACTIVE" }))
                    };
                    (a.clone(), td)
                })
                .collect(),
        ),
        Job::Services { cluster } => {
            let name = cluster.rsplit('/').next().unwrap_or(cluster);
            Outcome::Services(Ok(if name == "prod-fargate" {
                vec![
                    crate::model::service::Service::named("prod-fargate", "web"),
                    crate::model::service::Service::named("prod-fargate", "worker"),
                ]
            } else {
                Vec::new()
            }))
        }
        _ => return None,
    })
}

/// A task RunTask answered with, PROVISIONING.
pub fn task(id: &str) -> crate::model::task::Task {
    crate::model::task::Task {
        arn: format!("arn:aws:ecs:us-east-1:123456789012:task/prod-fargate/{id}"),
        cluster_arn: clusters()[0].arn.clone(),
        task_definition: rev("web", 3, "ACTIVE").arn,
        last_status: "PROVISIONING".into(),
        desired_status: "RUNNING".into(),
        health: None,
        launch_type: Some("FARGATE".into()),
        capacity_provider: None,
        availability_zone: None,
        group: Some("family:web".into()),
        started_by: None,
        cpu: None,
        memory: None,
        platform_version: None,
        container_instance_arn: None,
        enable_execute_command: false,
        stop_code: None,
        stopped_reason: None,
        timestamps: Default::default(),
        containers: Vec::new(),
        attachments: Vec::new(),
        json: crate::model::CompactJson::default(),
    }
}
