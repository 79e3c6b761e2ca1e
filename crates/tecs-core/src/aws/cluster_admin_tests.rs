//! Create runs (order, exact bodies, Cloud Map polling, partial failures, preflight refusals),
//! the UpdateClusterSettings fallback, the delete precheck with paging, and Auto Scaling group
//! paging, with aws-smithy-mocks. The emulator cannot show these: it finishes operations at
//! once, lacks UpdateClusterSettings and CreateActivation, and never pages.

use std::sync::{Arc, Mutex};

use aws_sdk_ecs::Client as EcsClient;
use aws_sdk_ecs::operation::create_capacity_provider::CreateCapacityProviderOutput;
use aws_sdk_ecs::operation::create_cluster::CreateClusterOutput;
use aws_sdk_ecs::operation::delete_cluster::DeleteClusterOutput;
use aws_sdk_ecs::operation::describe_capacity_providers::DescribeCapacityProvidersOutput;
use aws_sdk_ecs::operation::describe_clusters::DescribeClustersOutput;
use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
use aws_sdk_ecs::operation::list_container_instances::ListContainerInstancesOutput;
use aws_sdk_ecs::operation::list_services::ListServicesOutput;
use aws_sdk_ecs::operation::list_tasks::ListTasksOutput;
use aws_sdk_ecs::operation::put_cluster_capacity_providers::PutClusterCapacityProvidersOutput;
use aws_sdk_ecs::operation::update_cluster::UpdateClusterOutput;
use aws_sdk_ecs::operation::update_cluster_settings::UpdateClusterSettingsOutput;
use aws_sdk_ecs::types::{
    CapacityProvider, Cluster as SdkCluster, ClusterServiceConnectDefaults, Service,
};
use aws_sdk_servicediscovery::Client as SdClient;
use aws_sdk_servicediscovery::operation::list_namespaces::ListNamespacesOutput;
use aws_sdk_servicediscovery::types::{NamespaceSummary, NamespaceType};
use aws_sdk_ssm::operation::create_activation::CreateActivationOutput;
use aws_smithy_mocks::{Rule, mock};
use aws_smithy_runtime_api::http::{Response, StatusCode};
use aws_smithy_types::body::SdkBody;
use serde_json::json;

use super::*;
use crate::aws::namespace_admin::tests::{
    Capture, FAST, NS_ARN, NS_ID, create_http_ok, get_new_namespace, mocked, operation,
    pending_then_success,
};

const REGION: &str = "us-east-1";
const ASG: &str =
    "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1:autoScalingGroupName/web-asg";

fn cluster_arn(name: &str) -> String {
    format!("arn:aws:ecs:{REGION}:123456789012:cluster/{name}")
}

fn sdk_cluster(name: &str, status: &str) -> SdkCluster {
    SdkCluster::builder()
        .cluster_name(name)
        .cluster_arn(cluster_arn(name))
        .status(status)
        .build()
}

/// Rules per service; anything not listed must not be called.
#[derive(Default)]
struct Mocks<'a> {
    ecs: Vec<&'a Rule>,
    sd: Vec<&'a Rule>,
    ssm: Vec<&'a Rule>,
    iam: Vec<&'a Rule>,
}

fn clients(m: Mocks<'_>) -> (Clients, Capture) {
    let capture = Capture::default();
    let none: [&Rule; 0] = [];
    let clients = Clients {
        ecs: mocked!(aws_sdk_ecs, m.ecs, capture),
        logs: mocked!(aws_sdk_cloudwatchlogs, none, capture),
        discovery: mocked!(aws_sdk_servicediscovery, m.sd, capture),
        sts: mocked!(aws_sdk_sts, none, capture),
        ec2: mocked!(aws_sdk_ec2, none, capture),
        iam: mocked!(aws_sdk_iam, m.iam, capture),
        autoscaling: mocked!(aws_sdk_autoscaling, none, capture),
        ssm: mocked!(aws_sdk_ssm, m.ssm, capture),
        aas: mocked!(aws_sdk_applicationautoscaling, none, capture),
        elbv2: mocked!(aws_sdk_elasticloadbalancingv2, none, capture),
        ecr: mocked!(aws_sdk_ecr, none, capture),
        region: REGION.to_string(),
        sdk_config: aws_config::SdkConfig::builder().build(),
        emulator_account: None,
    };
    (clients, capture)
}

/// No live cluster of that name.
fn no_cluster() -> Rule {
    mock!(EcsClient::describe_clusters).then_output(|| DescribeClustersOutput::builder().build())
}

fn no_namespaces() -> Rule {
    mock!(SdClient::list_namespaces).then_output(|| ListNamespacesOutput::builder().build())
}

/// CreateCluster answering with the cluster the body asked for (as far as the tests look).
fn create_cluster_ok(name: &'static str, namespace: Option<&'static str>) -> Rule {
    mock!(EcsClient::create_cluster).then_output(move || {
        let mut c = SdkCluster::builder()
            .cluster_name(name)
            .cluster_arn(cluster_arn(name))
            .status("ACTIVE");
        if let Some(ns) = namespace {
            c = c.service_connect_defaults(
                ClusterServiceConnectDefaults::builder()
                    .namespace(ns)
                    .build(),
            );
        }
        CreateClusterOutput::builder().cluster(c.build()).build()
    })
}

type Seen = Arc<Mutex<Vec<String>>>;

fn recorder() -> (Seen, impl FnMut(&StepProgress) + Send) {
    let seen: Seen = Arc::new(Mutex::new(Vec::new()));
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

fn seen(s: &Seen) -> Vec<String> {
    s.lock().expect("lock").clone()
}

fn fargate_with_new_namespace() -> CreateClusterSpec {
    CreateClusterSpec {
        name: "demo".into(),
        infrastructure: Infrastructure::Fargate { spot: true },
        monitoring: ContainerInsights::Enabled,
        namespace: DefaultNamespace::NewHttp {
            name: "shop.local".into(),
            description: Some("shop services".into()),
        },
        tags: vec![("team".into(), "web".into())],
    }
}

#[tokio::test]
async fn fargate_with_a_new_namespace_waits_for_it_then_creates_the_cluster_with_its_arn() {
    let describe = no_cluster();
    let namespaces = no_namespaces();
    let create_ns = create_http_ok();
    let ops = pending_then_success(2);
    let get_ns = get_new_namespace();
    let create = create_cluster_ok("demo", Some(NS_ARN));
    let (clients, capture) = clients(Mocks {
        ecs: vec![&describe, &create],
        sd: vec![&namespaces, &create_ns, &ops, &get_ns],
        ..Mocks::default()
    });
    let spec = fargate_with_new_namespace();
    let (steps, mut sink) = recorder();

    let made = create_cluster(&clients, &spec, &FAST, &mut sink)
        .await
        .expect("created");

    assert_eq!(
        seen(&steps),
        [
            "1/2 running",
            "1/2 waiting PENDING",
            "1/2 waiting PENDING",
            "1/2 waiting SUCCESS",
            "1/2 done",
            "2/2 running",
            "2/2 done",
        ]
    );
    assert_eq!(ops.num_calls(), 3);
    assert_eq!(made.cluster.name, "demo");
    assert_eq!(made.cluster.default_namespace.as_deref(), Some(NS_ARN));
    assert_eq!(made.namespace.as_ref().map(|n| n.id.as_str()), Some(NS_ID));
    assert_eq!(made.activation, None);
    assert_eq!(made.steps.len(), 2);
    assert!(matches!(&made.steps[0].state, StepState::Done { detail } if detail.contains(NS_ID)));

    // The namespace is created before the cluster, and the cluster body is the plan's except for
    // the namespace's ARN in place of its name.
    let ops_sent: Vec<String> = capture
        .operations()
        .into_iter()
        .filter(|o| o.starts_with("Create"))
        .collect();
    assert_eq!(ops_sent, ["CreateHttpNamespace", "CreateCluster"]);
    let plan = spec.plan();
    let mut expected = plan[1].request.clone();
    expected["serviceConnectDefaults"] = json!({"namespace": NS_ARN});
    assert_eq!(capture.bodies("CreateCluster"), [expected]);
    assert_eq!(
        capture.bodies("CreateCluster")[0]["settings"],
        json!([{"name": "containerInsights", "value": "enabled"}])
    );
}

#[tokio::test]
async fn a_failed_namespace_operation_stops_the_run_before_the_cluster() {
    use aws_sdk_servicediscovery::operation::get_operation::GetOperationOutput;
    use aws_sdk_servicediscovery::types::{Operation as SdOperation, OperationStatus};
    let describe = no_cluster();
    let namespaces = no_namespaces();
    let create_ns = create_http_ok();
    let ops = mock!(SdClient::get_operation)
        .sequence()
        .output(|| operation(OperationStatus::Pending))
        .output(|| {
            GetOperationOutput::builder()
                .operation(
                    SdOperation::builder()
                        .id("op-1")
                        .status(OperationStatus::Fail)
                        .error_message("limit of namespaces reached")
                        .build(),
                )
                .build()
        })
        .build();
    let create = create_cluster_ok("demo", None);
    let (clients, _) = clients(Mocks {
        ecs: vec![&describe, &create],
        sd: vec![&namespaces, &create_ns, &ops],
        ..Mocks::default()
    });
    let (steps, mut sink) = recorder();
    let err = create_cluster(&clients, &fargate_with_new_namespace(), &FAST, &mut sink)
        .await
        .expect_err("fails");
    assert!(
        err.message.contains("limit of namespaces reached"),
        "{}",
        err.message
    );
    assert_eq!(err.hint, None, "nothing was made");
    assert_eq!(create.num_calls(), 0);
    assert_eq!(
        seen(&steps),
        [
            "1/2 running",
            "1/2 waiting PENDING",
            "1/2 waiting FAIL",
            "1/2 failed"
        ]
    );
}

#[tokio::test]
async fn a_cluster_failure_after_the_namespace_says_what_was_made() {
    let describe = no_cluster();
    let namespaces = no_namespaces();
    let create_ns = create_http_ok();
    let ops = pending_then_success(0);
    let get_ns = get_new_namespace();
    let create = mock!(EcsClient::create_cluster).then_http_response(|| {
        Response::new(
            StatusCode::try_from(400).expect("status"),
            SdkBody::from(r#"{"__type":"InvalidParameterException","message":"bad setting"}"#),
        )
    });
    let (clients, _) = clients(Mocks {
        ecs: vec![&describe, &create],
        sd: vec![&namespaces, &create_ns, &ops, &get_ns],
        ..Mocks::default()
    });
    let (_, mut sink) = recorder();
    let err = create_cluster(&clients, &fargate_with_new_namespace(), &FAST, &mut sink)
        .await
        .expect_err("fails");
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    let hint = err.hint.unwrap_or_default();
    assert_eq!(
        hint,
        "already created by this run: namespace shop.local (ns-new). Before retrying, choose \
         shop.local as the existing namespace"
    );
}

#[tokio::test]
async fn preflight_refuses_a_live_cluster_or_a_taken_namespace_before_any_change() {
    let live = mock!(EcsClient::describe_clusters).then_output(|| {
        DescribeClustersOutput::builder()
            .clusters(sdk_cluster("demo", "ACTIVE"))
            .build()
    });
    let (c, capture) = clients(Mocks {
        ecs: vec![&live],
        ..Mocks::default()
    });
    let (_, mut sink) = recorder();
    let err = create_cluster(&c, &fargate_with_new_namespace(), &FAST, &mut sink)
        .await
        .expect_err("refused");
    assert_eq!(
        err.message,
        "a cluster named demo already exists in this region (ACTIVE)"
    );
    assert_eq!(capture.operations(), ["DescribeClusters"]);

    // An INACTIVE (deleted) cluster of that name may be created again; the namespace is taken.
    let inactive = mock!(EcsClient::describe_clusters).then_output(|| {
        DescribeClustersOutput::builder()
            .clusters(sdk_cluster("demo", "INACTIVE"))
            .build()
    });
    let taken = mock!(SdClient::list_namespaces).then_output(|| {
        ListNamespacesOutput::builder()
            .namespaces(
                NamespaceSummary::builder()
                    .id("ns-old")
                    .name("shop.local")
                    .r#type(NamespaceType::Http)
                    .build(),
            )
            .build()
    });
    let (c, capture) = clients(Mocks {
        ecs: vec![&inactive],
        sd: vec![&taken],
        ..Mocks::default()
    });
    let err = create_cluster(&c, &fargate_with_new_namespace(), &FAST, &mut sink)
        .await
        .expect_err("refused");
    assert_eq!(
        err.message,
        "a namespace named shop.local already exists (ns-old)"
    );
    assert!(err.hint.unwrap_or_default().contains("existing namespace"));
    assert_eq!(capture.operations(), ["DescribeClusters", "ListNamespaces"]);
}

#[tokio::test]
async fn an_invalid_spec_makes_no_call() {
    let (c, capture) = clients(Mocks::default());
    let (_, mut sink) = recorder();
    let spec = CreateClusterSpec {
        name: "no spaces allowed".into(),
        ..CreateClusterSpec::default()
    };
    let err = create_cluster(&c, &spec, &FAST, &mut sink)
        .await
        .expect_err("refused");
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    assert!(capture.all().is_empty());
}

fn ec2_spec() -> CreateClusterSpec {
    CreateClusterSpec {
        name: "web".into(),
        infrastructure: Infrastructure::Ec2 {
            asg_arn: ASG.into(),
            capacity_provider_name: "web-cp".into(),
            managed_scaling: true,
        },
        ..CreateClusterSpec::default()
    }
}

#[tokio::test]
async fn ec2_creates_the_capacity_provider_then_the_cluster_using_it() {
    let describe = no_cluster();
    let providers = mock!(EcsClient::describe_capacity_providers)
        .match_requests(|r| r.capacity_providers() == ["web-cp".to_string()])
        .then_output(|| DescribeCapacityProvidersOutput::builder().build());
    let create_cp = mock!(EcsClient::create_capacity_provider).then_output(|| {
        CreateCapacityProviderOutput::builder()
            .capacity_provider(
                CapacityProvider::builder()
                    .name("web-cp")
                    .capacity_provider_arn(
                        "arn:aws:ecs:us-east-1:123456789012:capacity-provider/web-cp",
                    )
                    .build(),
            )
            .build()
    });
    let create = create_cluster_ok("web", None);
    let (c, capture) = clients(Mocks {
        ecs: vec![&describe, &providers, &create_cp, &create],
        ..Mocks::default()
    });
    let spec = ec2_spec();
    let (steps, mut sink) = recorder();
    let made = create_cluster(&c, &spec, &FAST, &mut sink)
        .await
        .expect("created");
    assert_eq!(
        made.capacity_provider_arn.as_deref(),
        Some("arn:aws:ecs:us-east-1:123456789012:capacity-provider/web-cp")
    );
    assert_eq!(
        seen(&steps),
        ["1/2 running", "1/2 done", "2/2 running", "2/2 done"]
    );
    let plan = spec.plan();
    assert_eq!(
        capture.bodies("CreateCapacityProvider"),
        [plan[0].request.clone()]
    );
    assert_eq!(capture.bodies("CreateCluster"), [plan[1].request.clone()]);
}

#[tokio::test]
async fn ec2_refuses_a_taken_capacity_provider_name() {
    let describe = no_cluster();
    let providers = mock!(EcsClient::describe_capacity_providers).then_output(|| {
        DescribeCapacityProvidersOutput::builder()
            .capacity_providers(
                CapacityProvider::builder()
                    .name("web-cp")
                    .status(aws_sdk_ecs::types::CapacityProviderStatus::Active)
                    .build(),
            )
            .build()
    });
    let (c, capture) = clients(Mocks {
        ecs: vec![&describe, &providers],
        ..Mocks::default()
    });
    let (_, mut sink) = recorder();
    let err = create_cluster(&c, &ec2_spec(), &FAST, &mut sink)
        .await
        .expect_err("refused");
    assert_eq!(
        err.message,
        "a capacity provider named web-cp already exists"
    );
    assert!(!capture.operations().iter().any(|o| o.starts_with("Create")));
}

fn external_spec() -> CreateClusterSpec {
    CreateClusterSpec {
        name: "edge".into(),
        infrastructure: Infrastructure::external_default(),
        ..CreateClusterSpec::default()
    }
}

fn role_exists() -> Rule {
    mock!(aws_sdk_iam::Client::get_role)
        .match_requests(|r| r.role_name() == Some("ecsAnywhereRole"))
        .then_output(|| aws_sdk_iam::operation::get_role::GetRoleOutput::builder().build())
}

#[tokio::test]
async fn external_creates_the_cluster_then_an_activation_with_the_registration_command() {
    let describe = no_cluster();
    let role = role_exists();
    let create = create_cluster_ok("edge", None);
    let activation = mock!(aws_sdk_ssm::Client::create_activation).then_output(|| {
        CreateActivationOutput::builder()
            .activation_id("e488f2f6-e686-4afb-8a04-ef6dfEXAMPLE")
            .activation_code("dFlEXAMPLEcode")
            .build()
    });
    let (c, capture) = clients(Mocks {
        ecs: vec![&describe, &create],
        iam: vec![&role],
        ssm: vec![&activation],
        ..Mocks::default()
    });
    let spec = external_spec();
    let (steps, mut sink) = recorder();
    let made = create_cluster(&c, &spec, &FAST, &mut sink)
        .await
        .expect("created");
    let activation = made
        .activation
        .expect("an activation was asked for")
        .expect("and made");
    assert_eq!(activation.id, "e488f2f6-e686-4afb-8a04-ef6dfEXAMPLE");
    assert_eq!(activation.code, "dFlEXAMPLEcode");
    assert_eq!(activation.region, REGION);
    assert_eq!(activation.cluster, "edge");
    assert_eq!(
        activation.registration_command,
        registration_command(
            "e488f2f6-e686-4afb-8a04-ef6dfEXAMPLE",
            "dFlEXAMPLEcode",
            REGION,
            "edge"
        )
    );
    assert!(activation
        .registration_command
        .ends_with("--region us-east-1 --cluster edge --activation-id e488f2f6-e686-4afb-8a04-ef6dfEXAMPLE --activation-code dFlEXAMPLEcode"));
    assert_eq!(
        seen(&steps),
        ["1/2 running", "1/2 done", "2/2 running", "2/2 done"]
    );
    assert_eq!(
        capture.bodies("CreateActivation"),
        [spec.plan()[1].request.clone()]
    );
}

#[tokio::test]
async fn a_failed_activation_still_returns_the_cluster() {
    let describe = no_cluster();
    let role = role_exists();
    let create = create_cluster_ok("edge", None);
    let activation = mock!(aws_sdk_ssm::Client::create_activation).then_http_response(|| {
        Response::new(
            StatusCode::try_from(500).expect("status"),
            SdkBody::from("<!doctype html><title>500 Internal Server Error</title>"),
        )
    });
    let (c, _) = clients(Mocks {
        ecs: vec![&describe, &create],
        iam: vec![&role],
        ssm: vec![&activation],
        ..Mocks::default()
    });
    let (steps, mut sink) = recorder();
    let made = create_cluster(&c, &external_spec(), &FAST, &mut sink)
        .await
        .expect("the cluster is made");
    assert_eq!(made.cluster.name, "edge");
    let err = made
        .activation
        .expect("asked for")
        .expect_err("the activation failed");
    assert!(err.message.contains("CreateActivation"), "{}", err.message);
    assert_eq!(
        seen(&steps),
        ["1/2 running", "1/2 done", "2/2 running", "2/2 failed"]
    );
    assert!(matches!(made.steps[1].state, StepState::Failed { .. }));
}

#[tokio::test]
async fn external_refuses_a_missing_role_with_the_commands_to_make_it() {
    let describe = no_cluster();
    let role = mock!(aws_sdk_iam::Client::get_role).then_http_response(|| {
        Response::new(
            StatusCode::try_from(404).expect("status"),
            SdkBody::from(
                "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>\
                 <Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name \
                 ecsAnywhereRole cannot be found.</Message></Error><RequestId>1</RequestId>\
                 </ErrorResponse>",
            ),
        )
    });
    let create = create_cluster_ok("edge", None);
    let (c, _) = clients(Mocks {
        ecs: vec![&describe, &create],
        iam: vec![&role],
        ..Mocks::default()
    });
    let (_, mut sink) = recorder();
    let err = create_cluster(&c, &external_spec(), &FAST, &mut sink)
        .await
        .expect_err("refused");
    assert_eq!(err.message, "the IAM role ecsAnywhereRole does not exist");
    let hint = err.hint.unwrap_or_default();
    assert!(
        hint.contains("aws iam create-role --role-name ecsAnywhereRole"),
        "{hint}"
    );
    assert!(hint.contains("AmazonSSMManagedInstanceCore"), "{hint}");
    assert_eq!(create.num_calls(), 0);
}

#[tokio::test]
async fn a_role_we_may_not_read_does_not_block() {
    let describe = no_cluster();
    let role = mock!(aws_sdk_iam::Client::get_role).then_http_response(|| {
        Response::new(
            StatusCode::try_from(403).expect("status"),
            SdkBody::from(
                "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
                 <Message>not authorized to perform: iam:GetRole</Message></Error></ErrorResponse>",
            ),
        )
    });
    let create = create_cluster_ok("edge", None);
    let activation = mock!(aws_sdk_ssm::Client::create_activation).then_output(|| {
        CreateActivationOutput::builder()
            .activation_id("id")
            .activation_code("code")
            .build()
    });
    let (c, _) = clients(Mocks {
        ecs: vec![&describe, &create],
        iam: vec![&role],
        ssm: vec![&activation],
        ..Mocks::default()
    });
    let (_, mut sink) = recorder();
    let made = create_cluster(&c, &external_spec(), &FAST, &mut sink)
        .await
        .expect("created anyway");
    assert!(matches!(made.activation, Some(Ok(_))));
}

const HTML_500: &str = "<!doctype html><html><title>500 Internal Server Error</title></html>";

fn html_500() -> Response<SdkBody> {
    Response::new(
        StatusCode::try_from(500).expect("status"),
        SdkBody::from(HTML_500),
    )
}

fn cluster_with_insights(value: &'static str) -> SdkCluster {
    SdkCluster::builder()
        .cluster_name("demo")
        .cluster_arn(cluster_arn("demo"))
        .status("ACTIVE")
        .settings(
            aws_sdk_ecs::types::ClusterSetting::builder()
                .name(aws_sdk_ecs::types::ClusterSettingName::ContainerInsights)
                .value(value)
                .build(),
        )
        .build()
}

fn ecs_only(rules: Vec<&Rule>) -> (EcsClient, Capture) {
    let capture = Capture::default();
    let client = mocked!(aws_sdk_ecs, rules, capture);
    (client, capture)
}

#[tokio::test]
async fn insights_go_through_update_cluster_settings_when_it_works() {
    let settings = mock!(EcsClient::update_cluster_settings).then_output(|| {
        UpdateClusterSettingsOutput::builder()
            .cluster(cluster_with_insights("enhanced"))
            .build()
    });
    let (ecs, capture) = ecs_only(vec![&settings]);
    let done = update_insights(&ecs, "demo", ContainerInsights::Enhanced)
        .await
        .expect("updated");
    assert_eq!(done.via, Operation::UpdateClusterSettings);
    assert_eq!(done.note, None);
    assert_eq!(done.cluster.container_insights.as_deref(), Some("enhanced"));
    assert_eq!(
        capture.bodies("UpdateClusterSettings"),
        [insights_update("demo", ContainerInsights::Enhanced).request]
    );
}

#[tokio::test]
async fn insights_fall_back_to_update_cluster_where_update_cluster_settings_is_missing() {
    let settings = mock!(EcsClient::update_cluster_settings).then_http_response(html_500);
    let update = mock!(EcsClient::update_cluster).then_output(|| {
        UpdateClusterOutput::builder()
            .cluster(cluster_with_insights("enabled"))
            .build()
    });
    let (ecs, capture) = ecs_only(vec![&settings, &update]);
    let done = update_insights(&ecs, "demo", ContainerInsights::Enabled)
        .await
        .expect("updated through the fallback");
    assert_eq!(done.via, Operation::UpdateCluster);
    assert!(
        done.note
            .as_deref()
            .unwrap_or_default()
            .starts_with("UpdateClusterSettings failed"),
        "{:?}",
        done.note
    );
    assert_eq!(done.cluster.container_insights.as_deref(), Some("enabled"));
    assert_eq!(
        capture.operations(),
        ["UpdateClusterSettings", "UpdateCluster"]
    );
    assert_eq!(
        capture.bodies("UpdateCluster"),
        [insights_update_via_update_cluster("demo", ContainerInsights::Enabled).request]
    );
}

#[tokio::test]
async fn a_refused_setting_is_not_retried_through_update_cluster() {
    let settings = mock!(EcsClient::update_cluster_settings).then_http_response(|| {
        Response::new(
            StatusCode::try_from(400).expect("status"),
            SdkBody::from(
                r#"{"__type":"InvalidParameterException","message":"enhanced is not available"}"#,
            ),
        )
    });
    let update =
        mock!(EcsClient::update_cluster).then_output(|| UpdateClusterOutput::builder().build());
    let (ecs, _) = ecs_only(vec![&settings, &update]);
    let err = update_insights(&ecs, "demo", ContainerInsights::Enhanced)
        .await
        .expect_err("refused");
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    assert_eq!(update.num_calls(), 0);
}

#[test]
fn fallback_only_for_unavailable_calls() {
    let e = |kind| AwsError {
        kind,
        code: None,
        message: String::new(),
        hint: None,
        read_back: None,
    };
    assert!(falls_back_to_update_cluster(&e(ErrorKind::ServerError)));
    assert!(falls_back_to_update_cluster(&e(ErrorKind::Other)));
    assert!(falls_back_to_update_cluster(&e(ErrorKind::AccessDenied {
        action: None
    })));
    for kind in [
        ErrorKind::InvalidRequest,
        ErrorKind::NotFound,
        ErrorKind::Throttled,
        ErrorKind::Network,
        ErrorKind::NoCredentials,
        ErrorKind::CredentialsExpired,
        ErrorKind::SsoExpired,
    ] {
        assert!(!falls_back_to_update_cluster(&e(kind.clone())), "{kind:?}");
    }
}

#[tokio::test]
async fn default_namespace_and_capacity_providers_send_the_dialogs_bodies() {
    let update = mock!(EcsClient::update_cluster).then_output(|| {
        UpdateClusterOutput::builder()
            .cluster(sdk_cluster("demo", "ACTIVE"))
            .build()
    });
    let put = mock!(EcsClient::put_cluster_capacity_providers).then_output(|| {
        PutClusterCapacityProvidersOutput::builder()
            .cluster(sdk_cluster("demo", "ACTIVE"))
            .build()
    });
    let (ecs, capture) = ecs_only(vec![&update, &put]);
    set_default_namespace(&ecs, "demo", Some(NS_ARN))
        .await
        .expect("set");
    set_default_namespace(&ecs, "demo", None)
        .await
        .expect("cleared");
    let providers = vec!["FARGATE".to_string(), "FARGATE_SPOT".to_string()];
    let strategy = vec![
        StrategyItem {
            provider: "FARGATE".into(),
            weight: 1,
            base: 1,
        },
        StrategyItem {
            provider: "FARGATE_SPOT".into(),
            weight: 4,
            base: 0,
        },
    ];
    let done = put_capacity_providers(&ecs, "demo", &providers, &strategy)
        .await
        .expect("put");
    assert_eq!(done.via, Operation::PutClusterCapacityProviders);
    assert_eq!(
        capture.bodies("UpdateCluster"),
        [
            default_namespace_update("demo", Some(NS_ARN)).request,
            default_namespace_update("demo", None).request
        ]
    );
    assert_eq!(
        capture.bodies("PutClusterCapacityProviders"),
        [capacity_providers_update("demo", &providers, &strategy).request]
    );

    // A strategy naming a provider the cluster will not have is refused without a call.
    let bad = vec![StrategyItem {
        provider: "cp".into(),
        weight: 1,
        base: 0,
    }];
    let err = put_capacity_providers(&ecs, "demo", &providers, &bad)
        .await
        .expect_err("refused");
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    assert_eq!(put.num_calls(), 1);
}

fn service(name: &str, status: &str) -> Service {
    Service::builder()
        .service_name(name)
        .service_arn(format!(
            "arn:aws:ecs:us-east-1:123456789012:service/demo/{name}"
        ))
        .status(status)
        .build()
}

/// A cluster with 12 services over two pages (one INACTIVE, one DRAINING), 3 tasks over two
/// pages, and `instances` container instances.
fn busy_cluster(instances: usize) -> Vec<Rule> {
    let names: Vec<String> = (0..12).map(|i| format!("svc{i:02}")).collect();
    let arns: Vec<String> = names
        .iter()
        .map(|n| format!("arn:aws:ecs:us-east-1:123456789012:service/demo/{n}"))
        .collect();
    let (first, second) = (arns[..10].to_vec(), arns[10..].to_vec());
    vec![
        mock!(EcsClient::list_services)
            .match_requests(|r| r.next_token().is_none())
            .then_output(move || {
                ListServicesOutput::builder()
                    .set_service_arns(Some(first.clone()))
                    .next_token("s1")
                    .build()
            }),
        mock!(EcsClient::list_services)
            .match_requests(|r| r.next_token() == Some("s1"))
            .then_output(move || {
                ListServicesOutput::builder()
                    .set_service_arns(Some(second.clone()))
                    .build()
            }),
        mock!(EcsClient::describe_services)
            .match_requests(|r| r.services().len() <= 10)
            .then_compute_output(|r| {
                let services = r
                    .services()
                    .iter()
                    .map(|arn| {
                        let name = arn.rsplit('/').next().unwrap_or_default();
                        let status = match name {
                            "svc03" => "INACTIVE",
                            "svc11" => "DRAINING",
                            _ => "ACTIVE",
                        };
                        service(name, status)
                    })
                    .collect();
                DescribeServicesOutput::builder()
                    .set_services(Some(services))
                    .build()
            }),
        mock!(EcsClient::list_tasks)
            .match_requests(|r| {
                r.next_token().is_none() && r.desired_status() == Some(&DesiredStatus::Running)
            })
            .then_output(|| {
                ListTasksOutput::builder()
                    .task_arns("t1")
                    .task_arns("t2")
                    .next_token("k1")
                    .build()
            }),
        mock!(EcsClient::list_tasks)
            .match_requests(|r| r.next_token() == Some("k1"))
            .then_output(|| ListTasksOutput::builder().task_arns("t3").build()),
        mock!(EcsClient::list_container_instances).then_output(move || {
            ListContainerInstancesOutput::builder()
                .set_container_instance_arns(Some(
                    (0..instances).map(|i| format!("ci{i}")).collect(),
                ))
                .build()
        }),
    ]
}

#[tokio::test]
async fn the_precheck_pages_everything_and_counts_only_live_services() {
    let rules = busy_cluster(2);
    let (ecs, capture) = ecs_only(rules.iter().collect());
    let p = delete_cluster_precheck(&ecs, "demo")
        .await
        .expect("prechecked");
    assert_eq!(p.active_services.len(), 11, "svc03 is INACTIVE");
    assert!(!p.active_services.contains(&"svc03".to_string()));
    assert!(
        p.active_services.contains(&"svc11".to_string()),
        "DRAINING blocks"
    );
    assert_eq!(p.running_tasks, 3);
    assert_eq!(p.container_instances, 2);
    assert_eq!(p.blockers.len(), 3);
    assert!(!p.allows_delete());
    let describes = capture
        .operations()
        .iter()
        .filter(|o| *o == "DescribeServices")
        .count();
    assert_eq!(describes, 2, "10 + 2 services");
}

#[tokio::test]
async fn delete_refuses_while_anything_blocks_and_sends_nothing() {
    let mut rules = busy_cluster(0);
    let delete =
        mock!(EcsClient::delete_cluster).then_output(|| DeleteClusterOutput::builder().build());
    rules.push(delete.clone());
    let (ecs, _) = ecs_only(rules.iter().collect());
    let err = delete_cluster(&ecs, "demo").await.expect_err("refused");
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    assert!(
        err.message
            .starts_with("cluster demo cannot be deleted: 11 active services: svc00, svc01"),
        "{}",
        err.message
    );
    assert!(err.message.contains("3 tasks running"), "{}", err.message);
    assert!(err.changed_nothing(), "refused before sending: {err:?}");
    assert_eq!(delete.num_calls(), 0);
}

#[tokio::test]
async fn an_empty_cluster_is_deleted() {
    let services = mock!(EcsClient::list_services).then_output(|| {
        ListServicesOutput::builder()
            .service_arns("arn:aws:ecs:us-east-1:123456789012:service/demo/old")
            .build()
    });
    let describe = mock!(EcsClient::describe_services).then_output(|| {
        DescribeServicesOutput::builder()
            .services(service("old", "INACTIVE"))
            .build()
    });
    let tasks = mock!(EcsClient::list_tasks).then_output(|| ListTasksOutput::builder().build());
    let instances = mock!(EcsClient::list_container_instances)
        .then_output(|| ListContainerInstancesOutput::builder().build());
    let delete = mock!(EcsClient::delete_cluster)
        .match_requests(|r| r.cluster() == Some("demo"))
        .then_output(|| {
            DeleteClusterOutput::builder()
                .cluster(sdk_cluster("demo", "INACTIVE"))
                .build()
        });
    let (ecs, capture) = ecs_only(vec![&services, &describe, &tasks, &instances, &delete]);
    let gone = delete_cluster(&ecs, "demo").await.expect("deleted");
    assert_eq!(gone.status, "INACTIVE");
    assert_eq!(
        capture.bodies("DeleteCluster"),
        [delete_cluster_request("demo").request]
    );
}

#[tokio::test]
async fn auto_scaling_groups_are_paged_and_sorted() {
    use aws_sdk_autoscaling::operation::describe_auto_scaling_groups::DescribeAutoScalingGroupsOutput;
    use aws_sdk_autoscaling::types::{AutoScalingGroup, Instance};
    let group = |name: &str, instances: usize| {
        let mut g = AutoScalingGroup::builder()
            .auto_scaling_group_name(name)
            .auto_scaling_group_arn(format!(
                "arn:aws:autoscaling:us-east-1:1:autoScalingGroup:x:autoScalingGroupName/{name}"
            ))
            .min_size(0)
            .max_size(4)
            .desired_capacity(i32::try_from(instances).unwrap_or_default());
        for i in 0..instances {
            g = g.instances(Instance::builder().instance_id(format!("i-{i}")).build());
        }
        g.build()
    };
    let page = |groups: Vec<AutoScalingGroup>, next: Option<&'static str>| {
        move || {
            DescribeAutoScalingGroupsOutput::builder()
                .set_auto_scaling_groups(Some(groups.clone()))
                .set_next_token(next.map(str::to_string))
                .build()
        }
    };
    let first = mock!(aws_sdk_autoscaling::Client::describe_auto_scaling_groups)
        .match_requests(|r| r.next_token().is_none() && r.max_records() == Some(100))
        .then_output(page(vec![group("zeta", 1), group("alpha", 0)], Some("a1")));
    let second = mock!(aws_sdk_autoscaling::Client::describe_auto_scaling_groups)
        .match_requests(|r| r.next_token() == Some("a1"))
        .then_output(page(vec![group("mid", 2)], Some("a2")));
    let third = mock!(aws_sdk_autoscaling::Client::describe_auto_scaling_groups)
        .match_requests(|r| r.next_token() == Some("a2"))
        .then_output(page(Vec::new(), None));
    let capture = Capture::default();
    let asg = mocked!(aws_sdk_autoscaling, [&first, &second, &third], capture);
    let groups = list_auto_scaling_groups(&asg).await.expect("lists");
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["alpha", "mid", "zeta"]);
    assert_eq!(
        (first.num_calls(), second.num_calls(), third.num_calls()),
        (1, 1, 1)
    );
    assert_eq!(groups[1].instances, 2);
    assert_eq!(
        groups[1].label(),
        "mid (2 instances, min 0 / desired 2 / max 4)"
    );
    assert_eq!(
        groups[2].label(),
        "zeta (1 instance, min 0 / desired 1 / max 4)"
    );
    assert!(groups[0].arn.ends_with("autoScalingGroupName/alpha"));
}

#[test]
fn the_futures_can_be_spawned() {
    fn send<T: Send>(_: &T) {}
    let (c, _) = clients(Mocks::default());
    let spec = CreateClusterSpec::default();
    let mut steps = |_: &StepProgress| {};
    send(&create_cluster(&c, &spec, &FAST, &mut steps));
    send(&update_insights(&c.ecs, "demo", ContainerInsights::Enabled));
    send(&set_default_namespace(&c.ecs, "demo", None));
    send(&put_capacity_providers(&c.ecs, "demo", &[], &[]));
    send(&delete_cluster_precheck(&c.ecs, "demo"));
    send(&delete_cluster(&c.ecs, "demo"));
    send(&list_auto_scaling_groups(&c.autoscaling));
    let mut polls = |_: &crate::aws::namespace_admin::OperationProgress| {};
    let ns = crate::aws::namespace_admin::NewNamespace {
        name: "n".into(),
        kind: crate::aws::namespace_admin::NewNamespaceKind::Http,
        description: None,
        tags: Vec::new(),
    };
    send(&crate::aws::namespace_admin::create_namespace(
        &c.discovery,
        &ns,
        &FAST,
        &mut polls,
    ));
    send(&crate::aws::namespace_admin::delete_namespace(
        &c.discovery,
        "ns-1",
        &FAST,
        &mut polls,
    ));
    send(&crate::aws::namespace_admin::list_vpcs(&c.ec2));
}
