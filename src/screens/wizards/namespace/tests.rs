//! The create-namespace wizard driven by keys, as the operator would.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::*;
use crate::domain::request::Operation;
use crate::form::Focus;

/// Parsed once: the tests press many keys.
fn km() -> &'static Keymap {
    static KEYMAP: std::sync::OnceLock<Keymap> = std::sync::OnceLock::new();
    KEYMAP.get_or_init(Keymap::default_keymap)
}

fn press(w: &mut NamespaceWizard, code: KeyCode) -> WizardOutcome<NewNamespace> {
    w.handle_key(KeyEvent::new(code, KeyModifiers::NONE), km())
}

fn ctrl(w: &mut NamespaceWizard, c: char) -> WizardOutcome<NewNamespace> {
    w.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL), km())
}

fn type_text(w: &mut NamespaceWizard, text: &str) {
    for c in text.chars() {
        press(w, KeyCode::Char(c));
    }
}

fn focus(w: &mut NamespaceWizard, id: &str) {
    w.form.focus = Focus::default();
    for _ in 0..20 {
        if w.form.focused().map(|f| f.id) == Some(id) {
            return;
        }
        press(w, KeyCode::Down);
    }
    panic!("no visible field {id}");
}

fn set_text(w: &mut NamespaceWizard, id: &str, text: &str) {
    focus(w, id);
    ctrl(w, 'u');
    type_text(w, text);
}

fn private_dns(w: &mut NamespaceWizard) {
    focus(w, ids::KIND);
    press(w, KeyCode::Right);
    assert_eq!(value(&w.form, ids::KIND), kind_choice::DNS_PRIVATE);
}

fn messages(w: &NamespaceWizard) -> Vec<String> {
    w.problems().iter().map(|p| p.message.clone()).collect()
}

fn error(w: &NamespaceWizard, id: &str) -> Option<String> {
    field(&w.form, id).and_then(|f| f.error.clone())
}

fn existing() -> Vec<Namespace> {
    vec![
        Namespace::named("shop", NamespaceKind::Http),
        Namespace::named("corp.internal", NamespaceKind::DnsPrivate),
    ]
}

fn vpcs() -> Vec<VpcSummary> {
    vec![
        VpcSummary {
            id: "vpc-0a1b2c".into(),
            cidr: Some("10.0.0.0/16".into()),
            is_default: false,
            name: Some("shop".into()),
        },
        VpcSummary {
            id: "vpc-default".into(),
            cidr: Some("172.31.0.0/16".into()),
            is_default: true,
            name: None,
        },
    ]
}

#[test]
fn a_new_form_is_http_and_needs_a_name() {
    let mut w = NamespaceWizard::new(existing());
    assert!(!w.is_changed());
    assert_eq!(w.namespace().kind, NewNamespaceKind::Http);
    assert_eq!(messages(&w), ["namespace name is required"]);
    assert!(!w.wants_vpcs());
    assert!(field(&w.form, ids::VPC).is_some_and(|f| f.hidden));
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::Cancel);
    for f in w.form.sections.iter().flat_map(|s| &s.fields) {
        assert!(!f.help.is_empty(), "{} has no help", f.id);
    }
}

#[test]
fn an_existing_name_and_bad_characters_are_refused_as_typed() {
    let mut w = NamespaceWizard::new(existing());
    type_text(&mut w, "shop");
    assert_eq!(
        error(&w, ids::NAME).as_deref(),
        Some("a namespace named shop already exists in this region")
    );
    type_text(&mut w, "/x");
    assert_eq!(
        error(&w, ids::NAME).as_deref(),
        Some("Service Connect refuses '/' in namespace names")
    );
    set_text(&mut w, ids::NAME, "shop-staging");
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
}

#[test]
fn private_dns_asks_for_the_vpcs_and_needs_one() {
    let mut w = NamespaceWizard::new(existing());
    set_text(&mut w, ids::NAME, "shop");
    private_dns(&mut w);
    assert!(w.wants_vpcs());
    assert_eq!(
        messages(&w),
        [
            "an HTTP namespace named shop already exists in this region",
            "choose the VPC for the private DNS namespace"
        ]
    );
    assert_eq!(
        error(&w, ids::VPC).as_deref(),
        Some("choose the VPC for the private DNS namespace")
    );
    set_text(&mut w, ids::NAME, "corp.internal");
    assert!(
        field(&w.form, ids::NAME)
            .and_then(|f| f.warning.clone())
            .is_some_and(|m| m.contains("another VPC")),
        "same private DNS name elsewhere is allowed, with a word"
    );
    set_text(&mut w, ids::NAME, "shop.internal");
    w.set_vpcs(Ok(vpcs()));
    assert!(!w.wants_vpcs());
    focus(&mut w, ids::VPC);
    press(&mut w, KeyCode::Right);
    assert_eq!(value(&w.form, ids::VPC), "vpc-0a1b2c (shop, 10.0.0.0/16)");
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
    assert_eq!(
        w.namespace().kind,
        NewNamespaceKind::DnsPrivate {
            vpc_id: "vpc-0a1b2c".into()
        }
    );
    let request = w.namespace().request();
    assert_eq!(request.operation, Operation::CreatePrivateDnsNamespace);
    assert_eq!(
        request.request,
        json!({"Name": "shop.internal", "Vpc": "vpc-0a1b2c"})
    );
    set_text(&mut w, ids::VPC, "vpc-elsewhere");
    assert!(
        field(&w.form, ids::VPC)
            .and_then(|f| f.warning.clone())
            .is_some()
    );
}

#[test]
fn vpcs_failing_to_load_still_take_an_id() {
    let mut w = NamespaceWizard::new(Vec::new());
    set_text(&mut w, ids::NAME, "corp.internal");
    private_dns(&mut w);
    w.set_vpcs(Err("UnauthorizedOperation".into()));
    let Some(FieldKind::Combo(c)) = field(&w.form, ids::VPC).map(|f| &f.kind) else {
        panic!("combo")
    };
    assert!(
        c.status
            .as_deref()
            .is_some_and(|s| s.contains("UnauthorizedOperation"))
    );
    set_text(&mut w, ids::VPC, "vpc-123");
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
}

#[test]
fn description_and_tags_are_checked_and_sent() {
    let mut w = NamespaceWizard::new(Vec::new());
    set_text(&mut w, ids::NAME, "shop");
    set_text(&mut w, ids::DESCRIPTION, "for the shop");
    set_text(&mut w, ids::TAGS, "team=shop aws:x=1");
    assert_eq!(
        messages(&w),
        ["tag aws:x: keys starting with aws: are reserved"]
    );
    assert_eq!(w.problems()[0].field, Some(ids::TAGS));
    set_text(&mut w, ids::TAGS, "team=shop");
    set_text(&mut w, ids::DESCRIPTION, &"d".repeat(1025));
    assert_eq!(
        error(&w, ids::DESCRIPTION).as_deref(),
        Some("the description is longer than 1024 characters")
    );
    set_text(&mut w, ids::DESCRIPTION, "for the shop");
    assert_eq!(
        w.namespace().request().request,
        json!({"Name": "shop", "Description": "for the shop",
               "Tags": [{"Key": "team", "Value": "shop"}]})
    );
}

#[test]
fn review_shows_the_request_and_blocks_submit_with_problems() {
    let mut w = NamespaceWizard::new(existing());
    set_text(&mut w, ids::NAME, "shop");
    ctrl(&mut w, 's');
    assert!(w.review_lines().contains(&ReviewLine::Problem(
        "Name: a namespace named shop already exists in this region".into()
    )));
    assert_eq!(press(&mut w, KeyCode::Enter), WizardOutcome::None);
    assert_eq!(w.flow.notice(), Some("fix the 1 problem first"));
    press(&mut w, KeyCode::Esc);
    set_text(&mut w, ids::NAME, "shop-staging");
    ctrl(&mut w, 's');
    let lines = w.review_lines();
    assert_eq!(
        lines[0],
        ReviewLine::Ok("No problems: the namespace can be created.".into())
    );
    assert!(lines.contains(&ReviewLine::Code(
        "aws servicediscovery create-http-namespace --name shop-staging".into()
    )));
    assert!(lines.contains(&ReviewLine::Code("  \"Name\": \"shop-staging\"".into())));
    assert_eq!(
        ctrl(&mut w, 'y'),
        WizardOutcome::Copy(
            "aws servicediscovery create-http-namespace --name shop-staging".into()
        )
    );
    let expected = w.namespace().clone();
    assert_eq!(
        press(&mut w, KeyCode::Enter),
        WizardOutcome::Submit(expected)
    );
    assert_eq!(press(&mut w, KeyCode::Enter), WizardOutcome::None);
    w.set_progress(vec!["operation op-1: PENDING (2s)".into()]);
    assert_eq!(w.review_lines()[0], ReviewLine::Heading("Progress".into()));
    w.set_submit_error("CreateHttpNamespace failed: NamespaceAlreadyExists".into());
    assert_eq!(value(&w.form, ids::NAME), "shop-staging", "kept as typed");
    assert!(matches!(
        press(&mut w, KeyCode::Enter),
        WizardOutcome::Submit(_)
    ));
    w.set_result(vec!["Namespace shop-staging created (ns-abc).".into()]);
    assert_eq!(
        ctrl(&mut w, 'y'),
        WizardOutcome::Copy("Namespace shop-staging created (ns-abc).".into())
    );
    assert_eq!(press(&mut w, KeyCode::Enter), WizardOutcome::Cancel);
}

#[test]
fn esc_asks_before_discarding_changes() {
    let mut w = NamespaceWizard::new(Vec::new());
    type_text(&mut w, "x");
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::AskDiscard);
    w.cancel_discard();
    ctrl(&mut w, 'u');
    assert!(!w.is_changed());
    private_dns(&mut w);
    assert!(w.is_changed());
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::AskDiscard);
}
