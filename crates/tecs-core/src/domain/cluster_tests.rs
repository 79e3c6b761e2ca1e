//! The create-cluster spec's validation and plan, the settings requests and the delete precheck.

use serde_json::json;

use super::*;

fn spec(name: &str) -> CreateClusterSpec {
    CreateClusterSpec {
        name: name.to_string(),
        ..CreateClusterSpec::default()
    }
}

fn ec2(asg: &str, cp: &str, managed: bool) -> Infrastructure {
    Infrastructure::Ec2 {
        asg_arn: asg.to_string(),
        capacity_provider_name: cp.to_string(),
        managed_scaling: managed,
    }
}

const ASG: &str =
    "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1234:autoScalingGroupName/web-asg";

fn item(provider: &str, weight: i32, base: i32) -> StrategyItem {
    StrategyItem {
        provider: provider.to_string(),
        weight,
        base,
    }
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn defaults_are_the_consoles() {
    let s = CreateClusterSpec::default();
    assert_eq!(s.infrastructure, Infrastructure::Fargate { spot: true });
    assert_eq!(s.monitoring, ContainerInsights::Disabled);
    assert_eq!(s.namespace, DefaultNamespace::None);
    assert_eq!(
        Infrastructure::external_default(),
        Infrastructure::External {
            iam_role: "ecsAnywhereRole".into(),
            registration_limit: 1
        }
    );
    assert_eq!(Infrastructure::default().label(), "AWS Fargate");
    assert_eq!(ec2("", "", false).label(), "Amazon EC2 instances");
    assert_eq!(
        Infrastructure::external_default().label(),
        "External instances (ECS Anywhere)"
    );
}

#[test]
fn insights_values_round_trip() {
    for v in ContainerInsights::ALL {
        assert_eq!(ContainerInsights::from_api(v.as_api()), Some(v));
        assert!(!v.note().is_empty());
    }
    assert_eq!(
        ContainerInsights::ALL.map(ContainerInsights::as_api),
        ["disabled", "enabled", "enhanced"]
    );
    assert_eq!(ContainerInsights::from_api("on"), None);
}

#[test]
fn a_plain_fargate_spec_is_valid() {
    assert!(spec("demo").validate(&[]).is_empty());
    assert!(
        spec("demo")
            .validate(&names(&["other", "demo-2"]))
            .is_empty()
    );
}

#[test]
fn name_rules_come_first_and_existing_names_are_refused() {
    assert_eq!(spec("").validate(&[]), ["cluster name is required"]);
    assert!(spec("a b").validate(&[])[0].contains("letters, digits"));
    assert!(spec(&"x".repeat(256)).validate(&[])[0].contains("255"));
    assert_eq!(
        spec("demo").validate(&names(&["demo"])),
        ["a cluster named demo already exists in this region"]
    );
    // Case matters to ECS: Demo is another cluster.
    assert!(spec("Demo").validate(&names(&["demo"])).is_empty());
}

#[test]
fn ec2_needs_an_asg_and_a_good_capacity_provider_name() {
    let mut s = spec("demo");
    s.infrastructure = ec2(ASG, "web-cp", true);
    assert!(s.validate(&[]).is_empty());

    s.infrastructure = ec2(" ", "web-cp", true);
    assert_eq!(
        s.validate(&[]),
        ["choose an Auto Scaling group for the EC2 capacity"]
    );

    s.infrastructure = ec2(ASG, "", false);
    assert_eq!(s.validate(&[]), ["capacity provider name is required"]);
}

#[test]
fn capacity_provider_names_follow_the_rules() {
    for ok in ["web-cp", "A_1", "my-fargate", "cp-aws", &"c".repeat(255)] {
        assert_eq!(validate_capacity_provider_name(ok), Ok(()), "{ok}");
    }
    assert!(validate_capacity_provider_name(&"c".repeat(256)).is_err());
    for bad in ["a b", "a.b", "a/b", "é"] {
        assert!(
            validate_capacity_provider_name(bad)
                .unwrap_err()
                .contains("letters, digits"),
            "{bad}"
        );
    }
    for reserved in [
        "aws-cp",
        "AWSome",
        "ecs_cp",
        "Ecs",
        "fargate-x",
        "FARGATE_SPOT2",
    ] {
        assert!(
            validate_capacity_provider_name(reserved)
                .unwrap_err()
                .contains("reserved by AWS"),
            "{reserved}"
        );
    }
}

#[test]
fn external_needs_a_role_and_a_sane_instance_count() {
    let mut s = spec("edge");
    s.infrastructure = Infrastructure::external_default();
    assert!(s.validate(&[]).is_empty());
    s.infrastructure = Infrastructure::External {
        iam_role: String::new(),
        registration_limit: 0,
    };
    assert_eq!(
        s.validate(&[]),
        [
            "IAM role name is required",
            "the number of instances must be 1 to 1000"
        ]
    );
    s.infrastructure = Infrastructure::External {
        iam_role: "role/with/slash".into(),
        registration_limit: 1001,
    };
    assert_eq!(s.validate(&[]).len(), 2);
    assert_eq!(validate_role_name("my.role+x=y,z@a_b-c"), Ok(()));
    assert!(validate_role_name(&"r".repeat(65)).is_err());
    assert_eq!(validate_role_name(&"r".repeat(64)), Ok(()));
}

#[test]
fn namespace_choices_are_checked() {
    let mut s = spec("demo");
    s.namespace = DefaultNamespace::Existing(String::new());
    assert_eq!(s.validate(&[]), ["choose the existing namespace"]);
    s.namespace =
        DefaultNamespace::Existing("arn:aws:servicediscovery:us-east-1:1:namespace/ns-1".into());
    assert!(s.validate(&[]).is_empty());
    s.namespace = DefaultNamespace::NewHttp {
        name: "shop/local".into(),
        description: Some("d".repeat(1025)),
    };
    let errors = s.validate(&[]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("Service Connect"));
    assert!(errors[1].contains("description"));
}

#[test]
fn tags_are_checked_and_every_error_is_reported_together() {
    let mut s = spec("a b");
    s.infrastructure = ec2("", "aws-cp", false);
    s.tags = vec![("aws:x".into(), "1".into())];
    assert_eq!(
        s.validate(&names(&["a b"])),
        [
            "cluster name may contain only letters, digits, hyphens and underscores (not ' ')",
            "choose an Auto Scaling group for the EC2 capacity",
            "capacity provider name may not start with \"aws\" (reserved by AWS)",
            "tag aws:x: keys starting with aws: are reserved",
        ]
    );
}

#[test]
fn fargate_plan_is_one_create_cluster_with_both_providers_and_an_on_demand_default() {
    let mut s = spec("demo");
    s.monitoring = ContainerInsights::Enabled;
    s.tags = vec![("team".into(), "web".into())];
    let plan = s.plan();
    assert_eq!(plan.len(), 1);
    let create = &plan[0];
    assert_eq!(create.operation, Operation::CreateCluster);
    assert_eq!(create.title, "Create cluster demo");
    assert_eq!(
        create.request,
        json!({
            "clusterName": "demo",
            "settings": [{"name": "containerInsights", "value": "enabled"}],
            "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
            "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1, "base": 0}],
            "tags": [{"key": "team", "value": "web"}],
        })
    );
    assert_eq!(
        create.cli,
        "aws ecs create-cluster --cluster-name demo --settings name=containerInsights,value=enabled \
         --capacity-providers FARGATE FARGATE_SPOT \
         --default-capacity-provider-strategy capacityProvider=FARGATE,weight=1,base=0 \
         --tags key=team,value=web"
    );
    assert_eq!(create.note, None);
}

#[test]
fn fargate_without_spot_and_disabled_insights_says_so_explicitly() {
    let mut s = spec("demo");
    s.infrastructure = Infrastructure::Fargate { spot: false };
    let plan = s.plan();
    // Disabled is sent, not omitted: the account default could otherwise turn it on.
    assert_eq!(
        plan[0].request,
        json!({
            "clusterName": "demo",
            "settings": [{"name": "containerInsights", "value": "disabled"}],
            "capacityProviders": ["FARGATE"],
            "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1, "base": 0}],
        })
    );
}

#[test]
fn new_namespace_comes_first_and_the_cluster_names_it() {
    let mut s = spec("demo");
    s.monitoring = ContainerInsights::Enhanced;
    s.namespace = DefaultNamespace::NewHttp {
        name: "shop.local".into(),
        description: Some("shop services".into()),
    };
    let plan = s.plan();
    let ops: Vec<Operation> = plan.iter().map(|p| p.operation).collect();
    assert_eq!(
        ops,
        [Operation::CreateHttpNamespace, Operation::CreateCluster]
    );
    assert_eq!(
        plan[0].request,
        json!({"Name": "shop.local", "Description": "shop services"})
    );
    assert_eq!(
        plan[0].cli,
        "aws servicediscovery create-http-namespace --name shop.local --description 'shop services'"
    );
    assert_eq!(
        plan[1].request["serviceConnectDefaults"],
        json!({"namespace": "shop.local"})
    );
    assert_eq!(
        plan[1].request["settings"],
        json!([{"name": "containerInsights", "value": "enhanced"}])
    );
    assert!(
        plan[1]
            .cli
            .contains("--service-connect-defaults namespace=shop.local")
    );
    assert!(plan[1].note.as_deref().unwrap_or_default().contains("ARN"));
}

#[test]
fn existing_namespace_is_referenced_as_given() {
    let arn = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-abc";
    let mut s = spec("demo");
    s.namespace = DefaultNamespace::Existing(arn.into());
    let plan = s.plan();
    assert_eq!(plan.len(), 1);
    assert_eq!(
        plan[0].request["serviceConnectDefaults"],
        json!({"namespace": arn})
    );
    assert!(
        plan[0]
            .cli
            .contains(&format!("--service-connect-defaults namespace={arn}"))
    );
    assert_eq!(plan[0].note, None);
    // A name with characters shorthand cannot carry goes as JSON.
    s.namespace = DefaultNamespace::Existing("a,b".into());
    assert!(
        s.plan()[0]
            .cli
            .contains(r#"--service-connect-defaults '{"namespace":"a,b"}'"#)
    );
}

#[test]
fn ec2_plan_creates_the_capacity_provider_before_the_cluster() {
    let mut s = spec("web");
    s.infrastructure = ec2(ASG, "web-cp", true);
    s.namespace = DefaultNamespace::NewHttp {
        name: "web.local".into(),
        description: None,
    };
    let plan = s.plan();
    let ops: Vec<Operation> = plan.iter().map(|p| p.operation).collect();
    assert_eq!(
        ops,
        [
            Operation::CreateHttpNamespace,
            Operation::CreateCapacityProvider,
            Operation::CreateCluster
        ]
    );
    assert_eq!(plan[0].request, json!({"Name": "web.local"}));
    assert_eq!(
        plan[1].request,
        json!({
            "name": "web-cp",
            "autoScalingGroupProvider": {
                "autoScalingGroupArn": ASG,
                "managedScaling": {"status": "ENABLED", "targetCapacity": 100},
                "managedTerminationProtection": "DISABLED",
            },
        })
    );
    assert_eq!(
        plan[1].cli,
        format!(
            "aws ecs create-capacity-provider --name web-cp --auto-scaling-group-provider \
             '{{\"autoScalingGroupArn\":\"{ASG}\",\"managedScaling\":{{\"status\":\"ENABLED\",\"targetCapacity\":100}},\"managedTerminationProtection\":\"DISABLED\"}}'"
        )
    );
    assert_eq!(plan[2].request["capacityProviders"], json!(["web-cp"]));
    assert_eq!(
        plan[2].request["defaultCapacityProviderStrategy"],
        json!([{"capacityProvider": "web-cp", "weight": 1, "base": 0}])
    );
}

#[test]
fn ec2_without_managed_scaling_turns_it_off() {
    let req = create_capacity_provider_request("cp", ASG, false);
    assert_eq!(
        req.request["autoScalingGroupProvider"]["managedScaling"],
        json!({"status": "DISABLED"})
    );
}

#[test]
fn external_plan_creates_the_cluster_then_the_activation() {
    let mut s = spec("edge");
    s.infrastructure = Infrastructure::External {
        iam_role: "ecsAnywhereRole".into(),
        registration_limit: 5,
    };
    let plan = s.plan();
    let ops: Vec<Operation> = plan.iter().map(|p| p.operation).collect();
    assert_eq!(ops, [Operation::CreateCluster, Operation::CreateActivation]);
    assert_eq!(
        plan[0].request,
        json!({
            "clusterName": "edge",
            "settings": [{"name": "containerInsights", "value": "disabled"}],
        }),
        "external instances need no capacity providers"
    );
    assert_eq!(
        plan[1].request,
        json!({
            "Description": "ECS Anywhere instances for cluster edge",
            "IamRole": "ecsAnywhereRole",
            "RegistrationLimit": 5,
        })
    );
    assert_eq!(
        plan[1].cli,
        "aws ssm create-activation --description 'ECS Anywhere instances for cluster edge' \
         --iam-role ecsAnywhereRole --registration-limit 5"
    );
    assert!(
        plan[1]
            .note
            .as_deref()
            .unwrap_or_default()
            .contains("shown once")
    );
}

#[test]
fn every_plan_ends_with_or_around_create_cluster_and_every_step_has_a_cli_line() {
    let infra = [
        Infrastructure::Fargate { spot: true },
        Infrastructure::Fargate { spot: false },
        ec2(ASG, "cp", true),
        ec2(ASG, "cp", false),
        Infrastructure::external_default(),
    ];
    let namespaces = [
        DefaultNamespace::None,
        DefaultNamespace::Existing("ns".into()),
        DefaultNamespace::NewHttp {
            name: "n.local".into(),
            description: None,
        },
    ];
    for i in &infra {
        for n in &namespaces {
            for m in ContainerInsights::ALL {
                let s = CreateClusterSpec {
                    name: "c".into(),
                    infrastructure: i.clone(),
                    monitoring: m,
                    namespace: n.clone(),
                    tags: Vec::new(),
                };
                assert!(s.validate(&[]).is_empty(), "{s:?}");
                let plan = s.plan();
                let creates = plan
                    .iter()
                    .filter(|p| p.operation == Operation::CreateCluster)
                    .count();
                assert_eq!(creates, 1, "{s:?}");
                let expected = 1
                    + usize::from(matches!(n, DefaultNamespace::NewHttp { .. }))
                    + usize::from(matches!(i, Infrastructure::Ec2 { .. }))
                    + usize::from(matches!(i, Infrastructure::External { .. }));
                assert_eq!(plan.len(), expected, "{s:?}");
                for p in &plan {
                    assert!(
                        p.cli
                            .starts_with(&format!("aws {}", p.operation.cli_command())),
                        "{}",
                        p.cli
                    );
                    assert!(p.request.is_object());
                }
                let cluster = plan
                    .iter()
                    .find(|p| p.operation == Operation::CreateCluster)
                    .map(|p| &p.request);
                assert_eq!(
                    cluster.map(|c| c["settings"][0]["value"].clone()),
                    Some(json!(m.as_api()))
                );
            }
        }
    }
}

#[test]
fn registration_command_matches_the_consoles() {
    assert_eq!(
        registration_command("a1b2-c3", "AbCdEf123", "eu-west-1", "edge"),
        "curl --proto \"https\" -o \"/tmp/ecs-anywhere-install.sh\" \
         \"https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install-latest.sh\" \
         && bash /tmp/ecs-anywhere-install.sh --region eu-west-1 --cluster edge \
         --activation-id a1b2-c3 --activation-code AbCdEf123"
    );
    // Anything a shell would misread is quoted.
    assert!(registration_command("id", "a b$", "r", "c").ends_with("--activation-code 'a b$'"));
}

#[test]
fn insights_update_is_update_cluster_settings_with_a_fallback_through_update_cluster() {
    let req = insights_update("demo", ContainerInsights::Enhanced);
    assert_eq!(req.operation, Operation::UpdateClusterSettings);
    assert_eq!(
        req.request,
        json!({"cluster": "demo", "settings": [{"name": "containerInsights", "value": "enhanced"}]})
    );
    assert_eq!(
        req.cli,
        "aws ecs update-cluster-settings --cluster demo --settings name=containerInsights,value=enhanced"
    );
    assert_eq!(req.title, "Set Container Insights of demo to enhanced");
    let fallback = insights_update_via_update_cluster("demo", ContainerInsights::Disabled);
    assert_eq!(fallback.operation, Operation::UpdateCluster);
    assert_eq!(
        fallback.request,
        json!({"cluster": "demo", "settings": [{"name": "containerInsights", "value": "disabled"}]})
    );
    assert_eq!(
        fallback.cli,
        "aws ecs update-cluster --cluster demo --settings name=containerInsights,value=disabled"
    );
}

#[test]
fn default_namespace_update_sets_or_clears() {
    let arn = "arn:aws:servicediscovery:us-east-1:1:namespace/ns-1";
    let set = default_namespace_update("demo", Some(arn));
    assert_eq!(set.operation, Operation::UpdateCluster);
    assert_eq!(
        set.request,
        json!({"cluster": "demo", "serviceConnectDefaults": {"namespace": arn}})
    );
    assert_eq!(
        set.cli,
        format!("aws ecs update-cluster --cluster demo --service-connect-defaults namespace={arn}")
    );
    let clear = default_namespace_update("demo", None);
    assert_eq!(
        clear.request,
        json!({"cluster": "demo", "serviceConnectDefaults": {"namespace": ""}})
    );
    assert_eq!(
        clear.cli,
        r#"aws ecs update-cluster --cluster demo --service-connect-defaults '{"namespace":""}'"#
    );
    assert_eq!(clear.title, "Remove the default namespace of demo");
}

#[test]
fn capacity_providers_update_replaces_the_list_and_strategy() {
    let req = capacity_providers_update(
        "demo",
        &names(&["FARGATE", "FARGATE_SPOT"]),
        &[item("FARGATE", 1, 1), item("FARGATE_SPOT", 3, 0)],
    );
    assert_eq!(req.operation, Operation::PutClusterCapacityProviders);
    assert_eq!(
        req.request,
        json!({
            "cluster": "demo",
            "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
            "defaultCapacityProviderStrategy": [
                {"capacityProvider": "FARGATE", "weight": 1, "base": 1},
                {"capacityProvider": "FARGATE_SPOT", "weight": 3, "base": 0},
            ],
        })
    );
    assert_eq!(
        req.cli,
        "aws ecs put-cluster-capacity-providers --cluster demo --capacity-providers FARGATE FARGATE_SPOT \
         --default-capacity-provider-strategy capacityProvider=FARGATE,weight=1,base=1 \
         capacityProvider=FARGATE_SPOT,weight=3,base=0"
    );
    // Removing every provider is a valid request the CLI must still be able to express.
    let none = capacity_providers_update("demo", &[], &[]);
    assert_eq!(
        none.cli,
        "aws ecs put-cluster-capacity-providers --cluster demo --capacity-providers '[]' \
         --default-capacity-provider-strategy '[]'"
    );
}

#[test]
fn strategies_are_validated() {
    let fargate = names(&["FARGATE", "FARGATE_SPOT"]);
    assert!(validate_capacity_providers(&fargate, &[item("FARGATE", 1, 0)]).is_empty());
    assert!(validate_capacity_providers(&fargate, &[]).is_empty());
    assert!(validate_capacity_providers(&[], &[]).is_empty());
    assert!(
        validate_capacity_providers(
            &fargate,
            &[item("FARGATE", 1, 2), item("FARGATE_SPOT", 4, 0)]
        )
        .is_empty()
    );
    assert_eq!(
        validate_capacity_providers(&fargate, &[item("cp", 1, 0)]),
        ["the strategy uses cp, which is not one of the cluster's capacity providers"]
    );
    assert_eq!(
        validate_capacity_providers(&names(&["a", "a"]), &[]),
        ["capacity provider a is listed twice"]
    );
    assert_eq!(
        validate_capacity_providers(&names(&[""]), &[]),
        ["a capacity provider name is empty"]
    );
    assert_eq!(
        validate_capacity_providers(&fargate, &[item("FARGATE", 1, 0), item("FARGATE", 1, 0)]),
        ["FARGATE appears twice in the strategy"]
    );
    assert_eq!(
        validate_capacity_providers(&fargate, &[item("FARGATE", 1001, 0)]),
        ["FARGATE: weight must be 0 to 1000"]
    );
    assert_eq!(
        validate_capacity_providers(&fargate, &[item("FARGATE", 1, -1)]),
        ["FARGATE: base must be 0 to 100000"]
    );
    assert_eq!(
        validate_capacity_providers(&fargate, &[item("FARGATE", 0, 0)]),
        ["at least one strategy entry needs a weight above 0"]
    );
    assert_eq!(
        validate_capacity_providers(
            &fargate,
            &[item("FARGATE", 1, 1), item("FARGATE_SPOT", 1, 1)]
        ),
        ["only one strategy entry may have a base above 0"]
    );
    let mixed = names(&["FARGATE", "cp"]);
    assert_eq!(
        validate_capacity_providers(&mixed, &[item("FARGATE", 1, 0), item("cp", 1, 0)]),
        ["a strategy cannot mix FARGATE/FARGATE_SPOT with Auto Scaling group providers"]
    );
    // Both may be on the cluster as long as the default strategy uses one kind.
    assert!(validate_capacity_providers(&mixed, &[item("cp", 1, 0)]).is_empty());
    let many: Vec<String> = (0..21).map(|i| format!("cp{i}")).collect();
    let strategy: Vec<StrategyItem> = many.iter().map(|p| item(p, 1, 0)).collect();
    assert_eq!(
        validate_capacity_providers(&many, &strategy),
        ["a strategy holds at most 20 capacity providers"]
    );
}

#[test]
fn delete_request_is_exact() {
    let req = delete_cluster_request("demo");
    assert_eq!(req.request, json!({"cluster": "demo"}));
    assert_eq!(req.cli, "aws ecs delete-cluster --cluster demo");
}

#[test]
fn an_empty_cluster_may_be_deleted() {
    let p = DeletePrecheck::new("demo", Vec::new(), 0, 0);
    assert!(p.allows_delete());
    assert!(p.blockers.is_empty());
    assert_eq!(
        p.summary(),
        "0 active services, 0 running tasks, 0 container instances"
    );
}

#[test]
fn services_tasks_and_instances_each_block_with_their_fix() {
    let p = DeletePrecheck::new("demo", names(&["web"]), 1, 1);
    assert!(!p.allows_delete());
    assert_eq!(
        p.blockers,
        [
            "1 active service: web (scale to 0 and delete it first)",
            "1 task running (stop it first)",
            "1 container instance registered (deregister it first)",
        ]
    );
    assert_eq!(
        p.summary(),
        "1 active service, 1 running task, 1 container instance"
    );
    let p = DeletePrecheck::new("demo", names(&["api", "web"]), 3, 2);
    assert_eq!(
        p.blockers,
        [
            "2 active services: api, web (scale to 0 and delete them first)",
            "3 tasks running (stop them first)",
            "2 container instances registered (deregister them first)",
        ]
    );
    assert_eq!(
        DeletePrecheck::new("demo", Vec::new(), 2, 0).blockers.len(),
        1
    );
    assert_eq!(
        DeletePrecheck::new("demo", Vec::new(), 0, 4).blockers.len(),
        1
    );
}
