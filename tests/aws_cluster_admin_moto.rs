//! Creating, changing and deleting clusters against the emulator: each infrastructure choice
//! moto supports, settings updates (through the UpdateCluster fallback: moto lacks
//! UpdateClusterSettings), and the delete precheck (moto itself deletes clusters that still have
//! services). moto also lacks SSM CreateActivation: the External test shows the cluster is made
//! and the activation's failure is reported; the mock tests cover a successful activation.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::sync::{Arc, Mutex};

use aws_sdk_ecs::types::ClusterField;
use common::moto;
use tecs::aws::Clients;
use tecs::aws::cluster_admin::{
    ContainerInsights, CreateClusterSpec, DefaultNamespace, Infrastructure, StepProgress,
    StepState, create_cluster, delete_cluster, delete_cluster_precheck, list_auto_scaling_groups,
    put_capacity_providers, set_default_namespace, update_insights,
};
use tecs::aws::clusters::describe_cluster;
use tecs::aws::namespace_admin::PollSchedule;
use tecs::aws::namespaces::load_namespaces;
use tecs::domain::request::Operation;
use tecs::model::StrategyItem;

fn recorder() -> (Arc<Mutex<Vec<String>>>, impl FnMut(&StepProgress) + Send) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    (seen, move |p: &StepProgress| {
        let state = match &p.state {
            StepState::Running => "running".to_string(),
            StepState::Waiting { status, .. } => format!("waiting {status}"),
            StepState::Done { .. } => "done".to_string(),
            StepState::Failed { .. } => "failed".to_string(),
        };
        sink.lock()
            .expect("lock")
            .push(format!("{}/{} {state}", p.index, p.total));
    })
}

async fn create(
    clients: &Clients,
    spec: &CreateClusterSpec,
) -> tecs::aws::cluster_admin::CreatedCluster {
    let (_, mut sink) = recorder();
    create_cluster(clients, spec, &PollSchedule::CLOUD_MAP, &mut sink)
        .await
        .expect("create_cluster")
}

#[tokio::test]
async fn fargate_with_insights_and_a_new_http_namespace() {
    let (_account, clients) = moto::fresh_clients();
    let spec = CreateClusterSpec {
        name: "shop".into(),
        infrastructure: Infrastructure::Fargate { spot: true },
        monitoring: ContainerInsights::Enabled,
        namespace: DefaultNamespace::NewHttp {
            name: "shop.local".into(),
            description: Some("shop services".into()),
        },
        tags: vec![("team".into(), "web".into())],
    };
    let (seen, mut sink) = recorder();
    let made = create_cluster(&clients, &spec, &PollSchedule::CLOUD_MAP, &mut sink)
        .await
        .expect("create_cluster");
    assert_eq!(
        *seen.lock().expect("lock"),
        [
            "1/2 running",
            "1/2 waiting SUCCESS",
            "1/2 done",
            "2/2 running",
            "2/2 done"
        ]
    );
    let ns = made.namespace.expect("the new namespace");
    assert_eq!(ns.name, "shop.local");

    // What AWS state now says, read back through the SDK.
    let namespaces = load_namespaces(&clients.discovery)
        .await
        .expect("namespaces");
    assert_eq!(namespaces.len(), 1);
    assert_eq!(namespaces[0].arn, ns.arn);
    assert_eq!(namespaces[0].description.as_deref(), Some("shop services"));
    let cluster = describe_cluster(&clients.ecs, "shop")
        .await
        .expect("described");
    assert_eq!(cluster.status, "ACTIVE");
    assert_eq!(cluster.container_insights.as_deref(), Some("enabled"));
    assert_eq!(cluster.capacity_providers, ["FARGATE", "FARGATE_SPOT"]);
    assert_eq!(
        cluster.default_strategy,
        [StrategyItem {
            provider: "FARGATE".into(),
            weight: 1,
            base: 0
        }]
    );
    assert_eq!(cluster.default_namespace.as_deref(), Some(ns.arn.as_str()));
    assert_eq!(cluster.tags, [("team".to_string(), "web".to_string())]);
    assert_eq!(made.cluster.arn, cluster.arn);

    // The name is now taken: refused before any call changes anything (moto would replace it).
    let err = create_cluster(&clients, &spec, &PollSchedule::CLOUD_MAP, &mut sink)
        .await
        .expect_err("refused");
    assert_eq!(
        err.message,
        "a cluster named shop already exists in this region (ACTIVE)"
    );
    // And a new cluster asking for the same new namespace is pointed at the existing one.
    let again = CreateClusterSpec {
        name: "shop-2".into(),
        ..spec.clone()
    };
    let err = create_cluster(&clients, &again, &PollSchedule::CLOUD_MAP, &mut sink)
        .await
        .expect_err("refused");
    assert!(
        err.message
            .starts_with("a namespace named shop.local already exists")
    );
    assert_eq!(
        load_namespaces(&clients.discovery)
            .await
            .expect("namespaces")
            .len(),
        1
    );
}

#[tokio::test]
async fn ec2_with_an_existing_auto_scaling_group() {
    let (_account, clients) = moto::fresh_clients();
    let template = clients
        .ec2
        .create_launch_template()
        .launch_template_name("ecs-nodes")
        .launch_template_data(
            aws_sdk_ec2::types::RequestLaunchTemplateData::builder()
                .image_id("ami-12c6146b")
                .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
                .build(),
        )
        .send()
        .await
        .expect("CreateLaunchTemplate");
    let template_id = template
        .launch_template()
        .and_then(|t| t.launch_template_id())
        .expect("template id")
        .to_string();
    for name in ["web-asg", "batch-asg"] {
        clients
            .autoscaling
            .create_auto_scaling_group()
            .auto_scaling_group_name(name)
            .launch_template(
                aws_sdk_autoscaling::types::LaunchTemplateSpecification::builder()
                    .launch_template_id(&template_id)
                    .build(),
            )
            .min_size(0)
            .max_size(2)
            .desired_capacity(0)
            .availability_zones("us-east-1a")
            .send()
            .await
            .expect("CreateAutoScalingGroup");
    }
    let groups = list_auto_scaling_groups(&clients.autoscaling)
        .await
        .expect("DescribeAutoScalingGroups");
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["batch-asg", "web-asg"]);
    let web = &groups[1];
    assert!(
        web.arn.contains("autoScalingGroupName/web-asg"),
        "{}",
        web.arn
    );
    assert_eq!((web.min, web.max, web.desired, web.instances), (0, 2, 0, 0));

    let spec = CreateClusterSpec {
        name: "web".into(),
        infrastructure: Infrastructure::Ec2 {
            asg_arn: web.arn.clone(),
            capacity_provider_name: "web-cp".into(),
            managed_scaling: true,
        },
        ..CreateClusterSpec::default()
    };
    let made = create(&clients, &spec).await;
    assert!(
        made.capacity_provider_arn
            .as_deref()
            .is_some_and(|a| a.ends_with("capacity-provider/web-cp"))
    );
    let cluster = describe_cluster(&clients.ecs, "web")
        .await
        .expect("described");
    assert_eq!(cluster.capacity_providers, ["web-cp"]);
    assert_eq!(cluster.default_strategy[0].provider, "web-cp");
    assert_eq!(cluster.container_insights.as_deref(), Some("disabled"));

    let providers = clients
        .ecs
        .describe_capacity_providers()
        .capacity_providers("web-cp")
        .send()
        .await
        .expect("DescribeCapacityProviders");
    let provider = providers.capacity_providers().first().expect("web-cp");
    let asg = provider
        .auto_scaling_group_provider()
        .expect("ASG provider");
    assert_eq!(asg.auto_scaling_group_arn(), web.arn);
    assert_eq!(
        asg.managed_scaling()
            .and_then(|m| m.status())
            .map(|s| s.as_str()),
        Some("ENABLED")
    );

    // The provider name is taken now: a second cluster with it is refused before any change.
    let again = CreateClusterSpec {
        name: "web-2".into(),
        ..spec
    };
    let (_, mut sink) = recorder();
    let err = create_cluster(&clients, &again, &PollSchedule::CLOUD_MAP, &mut sink)
        .await
        .expect_err("refused");
    assert_eq!(
        err.message,
        "a capacity provider named web-cp already exists"
    );
}

#[tokio::test]
async fn external_makes_the_cluster_and_reports_the_emulators_missing_activation() {
    let (_account, clients) = moto::fresh_clients();
    let spec = CreateClusterSpec {
        name: "edge".into(),
        infrastructure: Infrastructure::external_default(),
        ..CreateClusterSpec::default()
    };
    // Without the role, nothing is created.
    let (_, mut sink) = recorder();
    let err = create_cluster(&clients, &spec, &PollSchedule::CLOUD_MAP, &mut sink)
        .await
        .expect_err("no role");
    assert_eq!(err.message, "the IAM role ecsAnywhereRole does not exist");
    assert!(
        clients
            .ecs
            .list_clusters()
            .send()
            .await
            .expect("ListClusters")
            .cluster_arns()
            .is_empty()
    );

    clients
        .iam
        .create_role()
        .role_name("ecsAnywhereRole")
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await
        .expect("CreateRole");
    let (seen, mut sink) = recorder();
    let made = create_cluster(&clients, &spec, &PollSchedule::CLOUD_MAP, &mut sink)
        .await
        .expect("the cluster is made");
    assert_eq!(
        *seen.lock().expect("lock"),
        ["1/2 running", "1/2 done", "2/2 running", "2/2 failed"]
    );
    let cluster = describe_cluster(&clients.ecs, "edge")
        .await
        .expect("described");
    assert_eq!(cluster.status, "ACTIVE");
    assert!(cluster.capacity_providers.is_empty());
    // moto 5.2.5 has no SSM CreateActivation (HTML 500). If this starts failing, moto learned
    // it: assert on the activation id and registration command instead.
    let activation = made.activation.expect("asked for");
    let err = activation.expect_err("moto lacks CreateActivation");
    assert!(err.message.contains("CreateActivation"), "{}", err.message);
}

#[tokio::test]
async fn settings_updates_read_back_through_the_sdk() {
    let (_account, clients) = moto::fresh_clients();
    create(
        &clients,
        &CreateClusterSpec {
            name: "demo".into(),
            ..CreateClusterSpec::default()
        },
    )
    .await;

    // moto answers UpdateClusterSettings with an HTML 500, so UpdateCluster carries the setting.
    let done = update_insights(&clients.ecs, "demo", ContainerInsights::Enhanced)
        .await
        .expect("update_insights");
    assert_eq!(done.via, Operation::UpdateCluster);
    assert!(done.note.is_some());
    let cluster = describe_cluster(&clients.ecs, "demo")
        .await
        .expect("described");
    assert_eq!(cluster.container_insights.as_deref(), Some("enhanced"));

    let op = clients
        .discovery
        .create_http_namespace()
        .name("demo.local")
        .send()
        .await
        .expect("CreateHttpNamespace");
    assert!(op.operation_id().is_some());
    let ns = load_namespaces(&clients.discovery)
        .await
        .expect("namespaces")
        .remove(0);
    set_default_namespace(&clients.ecs, "demo", Some(&ns.arn))
        .await
        .expect("set_default_namespace");
    let cluster = describe_cluster(&clients.ecs, "demo")
        .await
        .expect("described");
    assert_eq!(cluster.default_namespace.as_deref(), Some(ns.arn.as_str()));

    let providers = vec!["FARGATE".to_string(), "FARGATE_SPOT".to_string()];
    let strategy = vec![
        StrategyItem {
            provider: "FARGATE".into(),
            weight: 1,
            base: 2,
        },
        StrategyItem {
            provider: "FARGATE_SPOT".into(),
            weight: 3,
            base: 0,
        },
    ];
    let done = put_capacity_providers(&clients.ecs, "demo", &providers, &strategy)
        .await
        .expect("put_capacity_providers");
    assert_eq!(done.via, Operation::PutClusterCapacityProviders);
    let cluster = describe_cluster(&clients.ecs, "demo")
        .await
        .expect("described");
    assert_eq!(cluster.capacity_providers, providers);
    assert_eq!(cluster.default_strategy, strategy);

    // Clearing the default namespace: the API takes an empty name. AWS drops the defaults;
    // moto stores the empty string, so either is accepted here.
    set_default_namespace(&clients.ecs, "demo", None)
        .await
        .expect("cleared");
    let cluster = describe_cluster(&clients.ecs, "demo")
        .await
        .expect("described");
    assert!(
        matches!(cluster.default_namespace.as_deref(), None | Some("")),
        "{:?}",
        cluster.default_namespace
    );

    // Settings changes are also visible in the raw description.
    let raw = clients
        .ecs
        .describe_clusters()
        .clusters("demo")
        .include(ClusterField::Settings)
        .send()
        .await
        .expect("DescribeClusters");
    let settings = raw.clusters()[0].settings();
    assert_eq!(settings.len(), 1);
    assert_eq!(settings[0].value(), Some("enhanced"));
}

#[tokio::test]
async fn delete_is_refused_while_a_service_is_active_and_then_allowed() {
    let (_account, clients) = moto::fresh_clients();
    create(
        &clients,
        &CreateClusterSpec {
            name: "busy".into(),
            ..CreateClusterSpec::default()
        },
    )
    .await;
    clients
        .ecs
        .register_task_definition()
        .family("web")
        .container_definitions(
            aws_sdk_ecs::types::ContainerDefinition::builder()
                .name("web")
                .image("nginx")
                .memory(128)
                .build(),
        )
        .send()
        .await
        .expect("RegisterTaskDefinition");
    clients
        .ecs
        .create_service()
        .cluster("busy")
        .service_name("web")
        .task_definition("web")
        .desired_count(1)
        .send()
        .await
        .expect("CreateService");

    let precheck = delete_cluster_precheck(&clients.ecs, "busy")
        .await
        .expect("precheck");
    assert_eq!(precheck.active_services, ["web"]);
    assert!(!precheck.allows_delete());
    assert_eq!(
        precheck.blockers,
        ["1 active service: web (scale to 0 and delete it first)"]
    );
    let err = delete_cluster(&clients.ecs, "busy")
        .await
        .expect_err("refused");
    assert!(
        err.message.contains("1 active service: web"),
        "{}",
        err.message
    );
    let cluster = describe_cluster(&clients.ecs, "busy")
        .await
        .expect("still there");
    assert_eq!(cluster.status, "ACTIVE");

    // moto keeps the deleted service listed (INACTIVE); the precheck describes it and lets go.
    clients
        .ecs
        .delete_service()
        .cluster("busy")
        .service("web")
        .force(true)
        .send()
        .await
        .expect("DeleteService");
    let listed = clients
        .ecs
        .list_services()
        .cluster("busy")
        .send()
        .await
        .expect("ListServices");
    assert_eq!(listed.service_arns().len(), 1, "moto still lists it");
    let precheck = delete_cluster_precheck(&clients.ecs, "busy")
        .await
        .expect("precheck");
    assert!(precheck.allows_delete(), "{:?}", precheck.blockers);
    let gone = delete_cluster(&clients.ecs, "busy").await.expect("deleted");
    assert_eq!(gone.status, "INACTIVE");
}

#[tokio::test]
async fn an_empty_cluster_is_deleted() {
    let (_account, clients) = moto::fresh_clients();
    create(
        &clients,
        &CreateClusterSpec {
            name: "empty".into(),
            ..CreateClusterSpec::default()
        },
    )
    .await;
    let precheck = delete_cluster_precheck(&clients.ecs, "empty")
        .await
        .expect("precheck");
    assert_eq!(
        precheck.summary(),
        "0 active services, 0 running tasks, 0 container instances"
    );
    let gone = delete_cluster(&clients.ecs, "empty")
        .await
        .expect("deleted");
    assert_eq!(gone.status, "INACTIVE");
    let cluster = describe_cluster(&clients.ecs, "empty")
        .await
        .expect("described");
    assert_eq!(cluster.status, "INACTIVE");
}

#[tokio::test]
async fn registered_instances_and_running_tasks_block_delete() {
    let (_account, clients) = moto::fresh_clients();
    create(
        &clients,
        &CreateClusterSpec {
            name: "nodes".into(),
            ..CreateClusterSpec::default()
        },
    )
    .await;
    // moto checks that the instance exists, so run one from any image it ships with.
    let images = clients
        .ec2
        .describe_images()
        .send()
        .await
        .expect("DescribeImages");
    let image = images
        .images()
        .iter()
        .find_map(|i| i.image_id())
        .expect("moto ships images")
        .to_string();
    let run = clients
        .ec2
        .run_instances()
        .image_id(image)
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .expect("RunInstances");
    let instance_id = run
        .instances()
        .first()
        .and_then(|i| i.instance_id())
        .expect("instance id")
        .to_string();
    let document = format!(
        r#"{{"instanceId":"{instance_id}","region":"us-east-1","availabilityZone":"us-east-1a"}}"#
    );
    clients
        .ecs
        .register_container_instance()
        .cluster("nodes")
        .instance_identity_document(document)
        .send()
        .await
        .expect("RegisterContainerInstance");
    clients
        .ecs
        .register_task_definition()
        .family("job")
        .container_definitions(
            aws_sdk_ecs::types::ContainerDefinition::builder()
                .name("job")
                .image("busybox")
                .memory(64)
                .build(),
        )
        .send()
        .await
        .expect("RegisterTaskDefinition");
    clients
        .ecs
        .run_task()
        .cluster("nodes")
        .task_definition("job")
        .launch_type(aws_sdk_ecs::types::LaunchType::Ec2)
        .send()
        .await
        .expect("RunTask");

    let precheck = delete_cluster_precheck(&clients.ecs, "nodes")
        .await
        .expect("precheck");
    assert_eq!(
        (
            precheck.active_services.len(),
            precheck.running_tasks,
            precheck.container_instances
        ),
        (0, 1, 1)
    );
    assert_eq!(
        precheck.blockers,
        [
            "1 task running (stop it first)",
            "1 container instance registered (deregister it first)"
        ]
    );
    let err = delete_cluster(&clients.ecs, "nodes")
        .await
        .expect_err("refused");
    assert!(
        err.message
            .starts_with("cluster nodes cannot be deleted: 1 task running")
    );
    assert_eq!(
        describe_cluster(&clients.ecs, "nodes")
            .await
            .expect("described")
            .status,
        "ACTIVE"
    );
}
