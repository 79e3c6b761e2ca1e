//! The create-cluster wizard driven by keys, as the operator would.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::*;
use crate::domain::request::Operation;
use crate::form::Focus;

const ASG_ARN: &str = "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:1a2b:autoScalingGroupName/shop-asg";

/// Parsed once: the tests press many keys.
fn km() -> &'static Keymap {
    static KEYMAP: std::sync::OnceLock<Keymap> = std::sync::OnceLock::new();
    KEYMAP.get_or_init(Keymap::default_keymap)
}

fn press(w: &mut ClusterWizard, code: KeyCode) -> WizardOutcome<CreateClusterSpec> {
    w.handle_key(KeyEvent::new(code, KeyModifiers::NONE), km())
}

fn ctrl(w: &mut ClusterWizard, c: char) -> WizardOutcome<CreateClusterSpec> {
    w.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL), km())
}

fn type_text(w: &mut ClusterWizard, text: &str) {
    for c in text.chars() {
        press(w, KeyCode::Char(c));
    }
}

/// Focuses field `id` with the arrow keys, from the top.
fn focus(w: &mut ClusterWizard, id: &str) {
    w.form.focus = Focus::default();
    for _ in 0..40 {
        if w.form.focused().map(|f| f.id) == Some(id) {
            return;
        }
        press(w, KeyCode::Down);
    }
    panic!("no visible field {id}");
}

fn set_text(w: &mut ClusterWizard, id: &str, text: &str) {
    focus(w, id);
    ctrl(w, 'u');
    type_text(w, text);
}

/// Cycles choice `id` until it holds `value`.
fn choose(w: &mut ClusterWizard, id: &str, value: &str) {
    focus(w, id);
    for _ in 0..5 {
        if w.form.focused().map(|f| f.value()) == Some(value) {
            return;
        }
        press(w, KeyCode::Right);
    }
    panic!("{id} cannot be {value}");
}

fn messages(w: &ClusterWizard) -> Vec<String> {
    w.problems().iter().map(|p| p.message.clone()).collect()
}

fn error(w: &ClusterWizard, id: &str) -> Option<String> {
    field(&w.form, id).and_then(|f| f.error.clone())
}

fn groups() -> Vec<AutoScalingGroupSummary> {
    vec![
        AutoScalingGroupSummary {
            name: "shop-asg".into(),
            arn: ASG_ARN.into(),
            min: 1,
            max: 4,
            desired: 2,
            instances: 2,
        },
        AutoScalingGroupSummary {
            name: "batch-asg".into(),
            arn: "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:3c4d:autoScalingGroupName/batch-asg".into(),
            min: 0,
            max: 10,
            desired: 0,
            instances: 0,
        },
    ]
}

fn wizard() -> ClusterWizard {
    ClusterWizard::new(
        vec!["default".into(), "shop-prod".into()],
        vec!["shop".into(), "corp.internal".into()],
    )
}

/// A valid Fargate form named shop-staging.
fn named() -> ClusterWizard {
    let mut w = wizard();
    set_text(&mut w, ids::NAME, "shop-staging");
    w
}

fn review_has(w: &ClusterWizard, line: ReviewLine) -> bool {
    w.review_lines().contains(&line)
}

#[test]
fn a_new_form_is_the_consoles_default_and_needs_a_name() {
    let mut w = wizard();
    assert!(!w.is_changed());
    assert_eq!(
        *w.spec(),
        CreateClusterSpec {
            name: String::new(),
            infrastructure: Infrastructure::Fargate { spot: true },
            monitoring: ContainerInsights::Disabled,
            namespace: DefaultNamespace::None,
            tags: Vec::new(),
        }
    );
    assert_eq!(messages(&w), ["cluster name is required"]);
    assert!(
        !w.form.sections[0].fields[0].touched,
        "the error waits until the field is edited or reviewed"
    );
    assert!(!w.wants_auto_scaling_groups());
    let note = w.form.sections[1].note.clone().unwrap_or_default();
    assert_eq!(
        note,
        "Capacity providers FARGATE, FARGATE_SPOT · default strategy FARGATE (weight 1)"
    );
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::Cancel);
    // Every field has a one-line help.
    for f in w.form.sections.iter().flat_map(|s| &s.fields) {
        assert!(!f.help.is_empty(), "{} has no help", f.id);
    }
}

#[test]
fn the_name_is_checked_as_typed_and_an_existing_name_is_refused() {
    let mut w = wizard();
    type_text(&mut w, "shop prod");
    assert_eq!(
        error(&w, ids::NAME).as_deref(),
        Some("cluster name may contain only letters, digits, hyphens and underscores (not ' ')")
    );
    set_text(&mut w, ids::NAME, "shop-prod");
    assert_eq!(
        error(&w, ids::NAME).as_deref(),
        Some("a cluster named shop-prod already exists in this region")
    );
    assert_eq!(
        messages(&w),
        ["a cluster named shop-prod already exists in this region"]
    );
    type_text(&mut w, "2");
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
    assert_eq!(w.spec().name, "shop-prod2");
    assert_eq!(error(&w, ids::NAME), None);
}

#[test]
fn ec2_asks_for_the_groups_and_needs_one() {
    let mut w = named();
    choose(&mut w, ids::INFRASTRUCTURE, infrastructure::EC2);
    assert!(w.wants_auto_scaling_groups());
    assert_eq!(
        messages(&w),
        ["choose an Auto Scaling group for the EC2 capacity"]
    );
    assert_eq!(
        value(&w.form, ids::CAPACITY_PROVIDER),
        "shop-staging-ec2",
        "the provider name follows the cluster name"
    );
    assert!(field(&w.form, ids::FARGATE_SPOT).is_some_and(|f| f.hidden));
    w.set_auto_scaling_groups(Ok(groups()));
    assert!(!w.wants_auto_scaling_groups());
    focus(&mut w, ids::AUTO_SCALING_GROUP);
    press(&mut w, KeyCode::Right);
    assert_eq!(value(&w.form, ids::AUTO_SCALING_GROUP), "shop-asg");
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
    assert_eq!(
        field(&w.form, ids::AUTO_SCALING_GROUP).and_then(|f| f.preview.clone()),
        Some("2 instances · min 1 / desired 2 / max 4".into())
    );
    focus(&mut w, ids::MANAGED_SCALING);
    press(&mut w, KeyCode::Char(' '));
    assert_eq!(
        w.spec().infrastructure,
        Infrastructure::Ec2 {
            asg_arn: ASG_ARN.into(),
            capacity_provider_name: "shop-staging-ec2".into(),
            managed_scaling: false,
        }
    );
    let plan = w.spec().plan();
    assert_eq!(
        plan.iter().map(|p| p.operation).collect::<Vec<_>>(),
        [Operation::CreateCapacityProvider, Operation::CreateCluster]
    );
    assert_eq!(
        plan[0].request["autoScalingGroupProvider"]["managedScaling"],
        json!({"status": "DISABLED"})
    );

    // A reserved provider name is refused; an unknown group is sent as typed, with a warning.
    set_text(&mut w, ids::CAPACITY_PROVIDER, "FARGATE-mine");
    assert_eq!(
        error(&w, ids::CAPACITY_PROVIDER).as_deref(),
        Some("capacity provider name may not start with \"fargate\" (reserved by AWS)")
    );
    set_text(&mut w, ids::NAME, "other");
    assert_eq!(
        value(&w.form, ids::CAPACITY_PROVIDER),
        "FARGATE-mine",
        "an edited provider name stays"
    );
    set_text(&mut w, ids::AUTO_SCALING_GROUP, "legacy-asg");
    assert!(
        field(&w.form, ids::AUTO_SCALING_GROUP)
            .and_then(|f| f.warning.clone())
            .is_some_and(|m| m.contains("sent as typed"))
    );
}

#[test]
fn ec2_groups_failing_to_load_still_take_a_typed_name() {
    let mut w = named();
    choose(&mut w, ids::INFRASTRUCTURE, infrastructure::EC2);
    w.set_auto_scaling_groups(Err(
        "AccessDenied: autoscaling:DescribeAutoScalingGroups".into()
    ));
    let Some(FieldKind::Combo(c)) = field(&w.form, ids::AUTO_SCALING_GROUP).map(|f| &f.kind) else {
        panic!("combo")
    };
    assert!(
        c.status
            .as_deref()
            .is_some_and(|s| s.contains("AccessDenied"))
    );
    assert_eq!(c.noun, "Auto Scaling group");
    set_text(&mut w, ids::AUTO_SCALING_GROUP, "shop-asg");
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
    assert!(matches!(
        &w.spec().infrastructure,
        Infrastructure::Ec2 { asg_arn, .. } if asg_arn == "shop-asg"
    ));
    assert!(!w.wants_auto_scaling_groups());
}

#[test]
fn a_name_prefixed_like_aws_gets_an_allowed_provider_name() {
    assert_eq!(default_capacity_provider("web"), "web-ec2");
    assert_eq!(default_capacity_provider("ECS-demo"), "cp-ECS-demo");
    assert_eq!(default_capacity_provider("fargate1"), "cp-fargate1");
    assert_eq!(default_capacity_provider(""), "");
}

#[test]
fn external_instances_take_a_role_and_a_limit_and_warn_about_the_code() {
    let mut w = named();
    choose(&mut w, ids::INFRASTRUCTURE, infrastructure::EXTERNAL);
    assert!(!w.wants_auto_scaling_groups());
    assert_eq!(w.spec().infrastructure, Infrastructure::external_default());
    assert!(
        w.form.sections[1]
            .note
            .as_deref()
            .is_some_and(|n| n.contains("shown once"))
    );
    set_text(&mut w, ids::REGISTRATION_LIMIT, "many");
    assert_eq!(
        error(&w, ids::REGISTRATION_LIMIT).as_deref(),
        Some("the number of instances must be 1 to 1000")
    );
    set_text(&mut w, ids::REGISTRATION_LIMIT, "5");
    set_text(&mut w, ids::ANYWHERE_ROLE, "bad role");
    assert_eq!(
        error(&w, ids::ANYWHERE_ROLE).as_deref(),
        Some("IAM role name may not contain ' '")
    );
    set_text(&mut w, ids::ANYWHERE_ROLE, "anywhere");
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
    assert_eq!(
        w.spec().plan().last().map(|p| p.operation),
        Some(Operation::CreateActivation)
    );
    ctrl(&mut w, 's');
    assert!(w.review_lines().iter().any(
        |l| matches!(l, ReviewLine::Info(t) if t.contains("activation code, which is shown only once"))
    ));
}

#[test]
fn container_insights_says_what_it_costs() {
    let mut w = named();
    assert!(
        w.form.sections[2]
            .note
            .as_deref()
            .is_some_and(|n| n.contains("no extra cost"))
    );
    choose(&mut w, ids::INSIGHTS, "enhanced");
    assert_eq!(w.spec().monitoring, ContainerInsights::Enhanced);
    assert_eq!(
        w.form.sections[2].note.as_deref(),
        Some(
            "Costs extra: adds per-container metrics and curated dashboards; costs more than enabled."
        )
    );
    assert_eq!(
        w.spec().create_cluster_request().request["settings"],
        json!([{"name": "containerInsights", "value": "enhanced"}])
    );
}

#[test]
fn the_default_namespace_is_none_existing_or_new() {
    let mut w = named();
    choose(&mut w, ids::NAMESPACE, namespace_choice::EXISTING);
    assert_eq!(messages(&w), ["choose the existing namespace"]);
    focus(&mut w, ids::EXISTING_NAMESPACE);
    press(&mut w, KeyCode::Right);
    assert_eq!(
        w.spec().namespace,
        DefaultNamespace::Existing("shop".into())
    );
    assert!(w.problems().is_empty());
    set_text(&mut w, ids::EXISTING_NAMESPACE, "elsewhere");
    assert!(
        field(&w.form, ids::EXISTING_NAMESPACE)
            .and_then(|f| f.warning.clone())
            .is_some()
    );

    choose(&mut w, ids::NAMESPACE, namespace_choice::NEW);
    assert!(field(&w.form, ids::EXISTING_NAMESPACE).is_some_and(|f| f.hidden));
    assert_eq!(messages(&w), ["namespace name is required"]);
    set_text(&mut w, ids::NEW_NAMESPACE, "shop staging");
    assert!(
        error(&w, ids::NEW_NAMESPACE).is_some_and(|e| e.contains("printable ASCII")),
        "{:?}",
        error(&w, ids::NEW_NAMESPACE)
    );
    set_text(&mut w, ids::NEW_NAMESPACE, "shop-staging");
    set_text(
        &mut w,
        ids::NAMESPACE_DESCRIPTION,
        "Service Connect for staging",
    );
    assert_eq!(
        w.spec().namespace,
        DefaultNamespace::NewHttp {
            name: "shop-staging".into(),
            description: Some("Service Connect for staging".into()),
        }
    );
    let plan = w.spec().plan();
    assert_eq!(plan[0].operation, Operation::CreateHttpNamespace);
    assert_eq!(
        plan[1].request["serviceConnectDefaults"],
        json!({"namespace": "shop-staging"})
    );
}

#[test]
fn existing_namespace_is_not_offered_without_namespaces() {
    let mut w = ClusterWizard::new(Vec::new(), Vec::new());
    focus(&mut w, ids::NAMESPACE);
    press(&mut w, KeyCode::Right);
    assert_eq!(
        value(&w.form, ids::NAMESPACE),
        namespace_choice::NEW,
        "existing is skipped"
    );
}

#[test]
fn tags_are_parsed_and_checked_by_the_domain_rules() {
    let mut w = named();
    set_text(&mut w, ids::TAGS, "team=shop 'cost center=42'");
    assert_eq!(
        w.spec().tags,
        [
            ("team".to_string(), "shop".to_string()),
            ("cost center".to_string(), "42".to_string())
        ]
    );
    assert_eq!(
        field(&w.form, ids::TAGS).and_then(|f| f.preview.clone()),
        Some("2 tags".into())
    );
    set_text(&mut w, ids::TAGS, "aws:owner=me");
    assert_eq!(
        messages(&w),
        ["tag aws:owner: keys starting with aws: are reserved"]
    );
    set_text(&mut w, ids::TAGS, "team");
    assert_eq!(messages(&w), ["\"team\" is not KEY=value"]);
    assert!(w.spec().tags.is_empty());
    assert_eq!(w.problems()[0].field, Some(ids::TAGS));
}

#[test]
fn every_problem_of_the_spec_is_listed_and_placed_on_its_field() {
    let mut w = ClusterWizard::new(vec!["taken".into()], vec!["shop".into()]);
    set_text(&mut w, ids::NAME, "taken");
    choose(&mut w, ids::INFRASTRUCTURE, infrastructure::EC2);
    set_text(&mut w, ids::CAPACITY_PROVIDER, "ecs-x");
    choose(&mut w, ids::NAMESPACE, namespace_choice::NEW);
    set_text(&mut w, ids::NAMESPACE_DESCRIPTION, &"d".repeat(1025));
    set_text(&mut w, ids::TAGS, "a=1 b=;");
    let expected = w.spec().validate(&["taken".to_string()]);
    assert_eq!(messages(&w), expected);
    assert_eq!(expected.len(), 6, "{expected:?}");
    for p in w.problems() {
        let id = p
            .field
            .unwrap_or_else(|| panic!("{} has no field", p.message));
        let f = field(&w.form, id).expect("field");
        assert!(
            f.error.as_deref().is_some_and(|e| e.contains(&p.message)),
            "{id}: {:?}",
            f.error
        );
    }
    ctrl(&mut w, 's');
    assert!(review_has(
        &w,
        ReviewLine::Problem(
            "Cluster › Cluster name: a cluster named taken already exists in this region".into()
        )
    ));
    assert!(review_has(
        &w,
        ReviewLine::Problem(
            "Infrastructure › Auto Scaling group: choose an Auto Scaling group for the EC2 capacity"
                .into()
        )
    ));
    assert!(review_has(
        &w,
        ReviewLine::Heading("6 problems — create is blocked until they are fixed".into())
    ));
    assert_eq!(press(&mut w, KeyCode::Enter), WizardOutcome::None);
    assert_eq!(w.flow.notice(), Some("fix the 6 problems first"));
    assert!(!w.hints(km()).iter().any(|(_, d)| d == "create"));
}

#[test]
fn review_shows_each_request_then_submits_once_and_keeps_the_form_on_error() {
    let mut w = named();
    choose(&mut w, ids::NAMESPACE, namespace_choice::NEW);
    set_text(&mut w, ids::NEW_NAMESPACE, "shop");
    ctrl(&mut w, 's');
    assert_eq!(w.flow.stage(), Stage::Review);
    let plan = w.spec().plan();
    assert_eq!(plan.len(), 2);
    assert!(review_has(
        &w,
        ReviewLine::Ok("No problems: the cluster can be created.".into())
    ));
    for (i, p) in plan.iter().enumerate() {
        assert!(review_has(
            &w,
            ReviewLine::Heading(format!("{} of 2 · {}", i + 1, p.title))
        ));
        assert!(review_has(&w, ReviewLine::Code(p.cli.clone())));
        for line in p.request_pretty().lines() {
            assert!(review_has(&w, ReviewLine::Code(line.to_string())), "{line}");
        }
    }
    assert!(review_has(
        &w,
        ReviewLine::Code(
            "aws ecs create-cluster --cluster-name shop-staging --settings name=containerInsights,value=disabled --capacity-providers FARGATE FARGATE_SPOT --default-capacity-provider-strategy capacityProvider=FARGATE,weight=1,base=0 --service-connect-defaults namespace=shop".into()
        )
    ));
    assert_eq!(
        ctrl(&mut w, 'y'),
        WizardOutcome::Copy(format!("{}\n{}", plan[0].cli, plan[1].cli))
    );
    let hints: Vec<String> = w.hints(km()).into_iter().map(|(_, d)| d).collect();
    assert!(hints.contains(&"create".to_string()), "{hints:?}");
    assert!(hints.contains(&"copy CLI".to_string()), "{hints:?}");

    let spec = w.spec().clone();
    assert_eq!(
        press(&mut w, KeyCode::Enter),
        WizardOutcome::Submit(spec.clone())
    );
    assert_eq!(
        press(&mut w, KeyCode::Enter),
        WizardOutcome::None,
        "one submit at a time"
    );
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::None);
    assert_eq!(w.flow.stage(), Stage::Review, "esc waits for the result");
    w.set_progress(vec![
        "1/2 ✓ Create HTTP namespace shop (AWS Cloud Map)".into(),
        "2/2 … Create cluster shop-staging".into(),
    ]);
    assert_eq!(
        w.review_lines()[1],
        ReviewLine::Info("1/2 ✓ Create HTTP namespace shop (AWS Cloud Map)".into())
    );
    w.set_submit_error("CreateCluster failed: AccessDeniedException".into());
    assert_eq!(
        w.flow.submit_error(),
        Some("CreateCluster failed: AccessDeniedException")
    );
    assert_eq!(*w.spec(), spec, "the form stays as typed");
    press(&mut w, KeyCode::Esc);
    assert_eq!(w.flow.stage(), Stage::Edit);
    assert_eq!(value(&w.form, ids::NAME), "shop-staging");
    ctrl(&mut w, 's');
    assert!(matches!(
        press(&mut w, KeyCode::Enter),
        WizardOutcome::Submit(_)
    ));
    assert!(w.flow.submit_error().is_none());
}

#[test]
fn the_result_offers_the_registration_command_for_copying() {
    let mut w = named();
    choose(&mut w, ids::INFRASTRUCTURE, infrastructure::EXTERNAL);
    ctrl(&mut w, 's');
    assert!(matches!(
        press(&mut w, KeyCode::Enter),
        WizardOutcome::Submit(_)
    ));
    w.set_progress(vec!["1/2 ✓ Create cluster shop-staging".into()]);
    let command =
        "curl --proto \"https\" -o /tmp/i.sh https://x && bash /tmp/i.sh --activation-code abc";
    w.set_result(vec![
        "Cluster shop-staging created.".into(),
        "Run on each server:".into(),
        command.into(),
    ]);
    assert_eq!(w.flow.stage(), Stage::Done);
    assert_eq!(ctrl(&mut w, 'y'), WizardOutcome::Copy(command.into()));
    let hints: Vec<String> = w.hints(km()).into_iter().map(|(_, d)| d).collect();
    assert!(hints.contains(&"copy line".to_string()), "{hints:?}");
    assert!(hints.contains(&"close".to_string()), "{hints:?}");
    assert!(
        w.done_lines()
            .iter()
            .any(|l| matches!(l, ReviewLine::Info(t) if t.contains("shown only once")))
    );
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::Cancel);
}

#[test]
fn esc_asks_before_discarding_changes() {
    let mut w = wizard();
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::Cancel);
    type_text(&mut w, "x");
    assert!(w.is_changed());
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::AskDiscard);
    w.cancel_discard();
    ctrl(&mut w, 'u');
    assert!(!w.is_changed(), "typed and deleted is unchanged");
    choose(&mut w, ids::INFRASTRUCTURE, infrastructure::EC2);
    assert!(w.is_changed());
    w.set_auto_scaling_groups(Ok(groups()));
    choose(&mut w, ids::INFRASTRUCTURE, infrastructure::FARGATE);
    assert!(!w.is_changed(), "back to the defaults");
    ctrl(&mut w, 's');
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::None);
    assert_eq!(w.flow.stage(), Stage::Edit, "esc leaves the review first");
}

#[test]
fn hints_follow_the_focused_field() {
    let mut w = named();
    let descs =
        |w: &ClusterWizard| -> Vec<String> { w.hints(km()).into_iter().map(|(_, d)| d).collect() };
    let on_text = descs(&w);
    assert!(on_text.contains(&"review".to_string()));
    assert!(
        !on_text
            .iter()
            .any(|d| d == "change" || d.contains("container"))
    );
    focus(&mut w, ids::INFRASTRUCTURE);
    assert!(descs(&w).iter().any(|d| d == "change"));
    choose(&mut w, ids::INFRASTRUCTURE, infrastructure::EC2);
    focus(&mut w, ids::AUTO_SCALING_GROUP);
    // Nothing to pick from yet: no "next choice" (issue #10.7).
    assert!(!descs(&w).iter().any(|d| d == "next choice"));
    w.set_auto_scaling_groups(Ok(groups()));
    assert!(descs(&w).iter().any(|d| d == "next choice"));
    // Space picks as → does.
    press(&mut w, KeyCode::Char(' '));
    assert_eq!(value(&w.form, ids::AUTO_SCALING_GROUP), "shop-asg");
}
