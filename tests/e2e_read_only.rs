//! The read-only proof: with `--read-only`, a scripted pseudo-terminal run against a seeded demo
//! account, through the fault proxy (`common::fault_proxy`, which counts every request by
//! operation), tries every mutating action tecs offers — each of the keys and wizards in
//! [`COVERED`] — and not one mutating request reaches the proxy.
//!
//! Two checks keep the list honest:
//! - [`every_mutating_job_is_covered_by_the_scripted_run`] builds one value of every [`Job`] (and
//!   every [`Change`]); the `match` in [`job_name`] has no `_` arm, so a new variant does not
//!   compile until it is named here, and the variant names are also read from `src/effect.rs`, so
//!   a variant without a sample fails the test. Every job with `is_mutating()` must be in
//!   [`COVERED`], and every entry of [`COVERED`] must be a mutating job.
//! - the end-to-end test records each step it ran and fails unless every step of [`COVERED`] ran
//!   and ended in tecs's read-only refusal.
//!
//! Zero mutating requests is counted two ways: at the proxy, for every mutating operation of
//! every API tecs uses ([`MUTATING_OPERATIONS`] under each service's target prefix, and the query
//! protocols' `Action`), and in tecs's own call log (`tecs::aws::calls`), where any operation
//! named Register*/Deregister*/Delete*/Create*/Update*/Put*/Run*/Stop*/Tag*/… fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use common::fault_proxy::FaultProxy;
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;
use tecs::domain::cluster::{ContainerInsights, CreateClusterSpec};
use tecs::domain::namespace::{NewNamespace, NewNamespaceKind};
use tecs::effect::{Change, Job};
use tecs::model::logs::{Since, TailOptions};
use tecs::model::namespace::{Namespace, NamespaceKind};
use tecs::model::service::NewService;
use tecs::model::task::{DesiredStatus, NewTask};
use tecs::model::task_definition::FamilyFilter;

const WAIT: Duration = Duration::from_secs(30);
/// How long one try waits for a message, and how many tries (see [`Script::until_shown`]).
const TRY_WAIT: Duration = Duration::from_secs(5);
const TRIES: usize = 6;

/// Every mutating job (by [`job_name`]) and each scripted step that tries it. A step name is
/// recorded by the end-to-end run when the step has been refused.
const COVERED: &[(&str, &str)] = &[
    (
        "CreateCluster",
        "clusters: c, the create-cluster wizard, Enter on its review",
    ),
    ("Change::Insights", "clusters: I on a cluster"),
    ("Change::DefaultNamespace", "clusters: N on a cluster"),
    ("Change::CapacityProviders", "clusters: P on a cluster"),
    ("Change::DeleteCluster", "clusters: X on a cluster"),
    ("Change::Insights", "cluster page: I"),
    ("Change::DefaultNamespace", "cluster page: N"),
    ("Change::CapacityProviders", "cluster page: P"),
    ("Change::DeleteCluster", "cluster page: X"),
    ("UpdateService", "cluster page: + (scale) on a service"),
    (
        "UpdateService",
        "cluster page: U (update revision) on a service",
    ),
    (
        "UpdateService",
        "cluster page: F (force deployment) on a service",
    ),
    ("UpdateService", "cluster page: E (ECS Exec) on a service"),
    (
        "CreateService",
        "cluster page: c, the create-service wizard, Enter on its review",
    ),
    ("UpdateService", "service page: +"),
    ("UpdateService", "service page: U"),
    ("UpdateService", "service page: F"),
    ("UpdateService", "service page: E"),
    ("DeleteService", "service page: X"),
    ("StopTask", "tasks of a service: ctrl-k on a task"),
    ("StopTask", "task page: ctrl-k"),
    ("Exec", "tasks of a service: x (ECS Exec) on a task"),
    ("Exec", "task page: s (ECS Exec)"),
    ("DeleteService", ":services: X on a service"),
    ("UpdateService", ":services: + on a service"),
    ("Change::DeleteNamespace", ":namespaces: X on a namespace"),
    (
        "CreateNamespace",
        ":namespaces: c, the namespace wizard, Enter on its review",
    ),
    (
        "SubmitTaskDefinition",
        ":taskdefs: c, the task definition wizard, Enter on its review",
    ),
    ("DeregisterTaskDefs", "revisions: D on a revision"),
    (
        "DeregisterTaskDefs",
        "revisions: K 1 (deregister all but the newest)",
    ),
    ("DeleteTaskDefs", "revisions: X on an INACTIVE revision"),
    (
        "RegisterTaskDefinition",
        "revisions: e, an edit saved by $EDITOR",
    ),
    (
        "RegisterTaskDefinition",
        "draft page: Enter (register the draft)",
    ),
    (
        "SubmitTaskDefinition",
        "revisions: c, the wizard from a revision, Enter on its review",
    ),
    (
        "CreateService",
        "revisions: C, the create-service wizard, Enter on its review",
    ),
    (
        "RunTask",
        "revisions: R, the run-task wizard, Enter on its review",
    ),
    ("DeregisterTaskDefs", "revision page: D"),
    ("DeleteTaskDefs", "revision page: X"),
    (
        "DeregisterTaskDefs",
        "tecs deregister FAMILY:REV --read-only",
    ),
];

/// The name [`COVERED`] uses for a job. No `_` arm: a new `Job` or `Change` variant does not
/// compile until it is named here (and given a sample in [`one_of_each`]).
fn job_name(job: &Job) -> &'static str {
    match job {
        Job::Identity => "Identity",
        Job::Clusters => "Clusters",
        Job::Cluster { .. } => "Cluster",
        Job::Services { .. } => "Services",
        Job::Service { .. } => "Service",
        Job::Autoscaling { .. } => "Autoscaling",
        Job::Tasks { .. } => "Tasks",
        Job::Task { .. } => "Task",
        Job::ContainerInstances { .. } => "ContainerInstances",
        Job::ActiveRevisions { .. } => "ActiveRevisions",
        Job::LogSources { .. } => "LogSources",
        Job::TailLogs { .. } => "TailLogs",
        Job::Namespaces => "Namespaces",
        Job::NamespaceServices { .. } => "NamespaceServices",
        Job::NamespaceEcsServices { .. } => "NamespaceEcsServices",
        Job::Families { .. } => "Families",
        Job::Revisions { .. } => "Revisions",
        Job::DescribeTaskDefs { .. } => "DescribeTaskDefs",
        Job::SummarizeFamilies { .. } => "SummarizeFamilies",
        Job::FindServiceUsage { .. } => "FindServiceUsage",
        Job::Roles => "Roles",
        Job::AutoScalingGroups => "AutoScalingGroups",
        Job::Vpcs => "Vpcs",
        Job::Subnets { .. } => "Subnets",
        Job::SecurityGroups { .. } => "SecurityGroups",
        Job::TargetGroups => "TargetGroups",
        Job::DeletePrecheck { .. } => "DeletePrecheck",
        Job::Sleep { .. } => "Sleep",
        Job::SaveFile { .. } => "SaveFile",
        Job::Profiles => "Profiles",
        Job::Switch { .. } => "Switch",
        Job::Overview { .. } => "Overview",
        Job::Exec { .. } => "Exec",
        Job::PortForward { .. } => "PortForward",
        Job::TreeLookup { .. } => "TreeLookup",
        Job::Findings => "Findings",
        Job::Remember { .. } => "Remember",
        Job::DeregisterTaskDefs { .. } => "DeregisterTaskDefs",
        Job::DeleteTaskDefs { .. } => "DeleteTaskDefs",
        Job::RegisterTaskDefinition { .. } => "RegisterTaskDefinition",
        Job::SubmitTaskDefinition { .. } => "SubmitTaskDefinition",
        Job::CreateCluster { .. } => "CreateCluster",
        Job::CreateNamespace { .. } => "CreateNamespace",
        Job::Change(change) => match change {
            Change::DeleteCluster { .. } => "Change::DeleteCluster",
            Change::Insights { .. } => "Change::Insights",
            Change::DefaultNamespace { .. } => "Change::DefaultNamespace",
            Change::DeleteNamespace { .. } => "Change::DeleteNamespace",
            Change::CapacityProviders { .. } => "Change::CapacityProviders",
        },
        Job::UpdateService(_) => "UpdateService",
        Job::DeleteService { .. } => "DeleteService",
        Job::StopTask { .. } => "StopTask",
        Job::CreateService(_) => "CreateService",
        Job::RunTask(_) => "RunTask",
    }
}

/// One value of every `Job` variant, and of every `Change` variant inside `Job::Change`.
fn one_of_each() -> Vec<Job> {
    let s = String::new;
    vec![
        Job::Identity,
        Job::Clusters,
        Job::Profiles,
        Job::Switch {
            profile: None,
            region: None,
        },
        Job::Overview { regions: None },
        Job::Exec {
            cluster: s(),
            task: s(),
            container: s(),
            target: s(),
        },
        Job::PortForward {
            target: s(),
            container: s(),
            remote: 80,
            local: 8080,
        },
        Job::TreeLookup {
            node: 0,
            lookup: tecs::aws::resources::Lookup::LogGroup { name: s() },
        },
        Job::Findings,
        Job::Remember {
            profile: None,
            region: s(),
        },
        Job::Cluster { cluster: s() },
        Job::Services { cluster: s() },
        Job::Service {
            cluster: s(),
            service: s(),
        },
        Job::Autoscaling {
            cluster: s(),
            service: s(),
        },
        Job::Tasks {
            cluster: s(),
            service: None,
            status: DesiredStatus::Running,
        },
        Job::Task {
            cluster: s(),
            task: s(),
        },
        Job::ContainerInstances { cluster: s() },
        Job::ActiveRevisions { family: s() },
        Job::LogSources {
            cluster: s(),
            service: None,
            task: None,
        },
        Job::TailLogs {
            sources: Vec::new(),
            options: TailOptions {
                since: Since::Lines(200),
                filter: None,
                follow: true,
            },
        },
        Job::Namespaces,
        Job::NamespaceServices { namespace_id: s() },
        Job::NamespaceEcsServices {
            namespace: Box::new(Namespace::named("n", NamespaceKind::Http)),
            cluster_arns: Vec::new(),
        },
        Job::Families {
            status: FamilyFilter::Active,
            prefix: None,
        },
        Job::Revisions { family: s() },
        Job::DescribeTaskDefs { arns: Vec::new() },
        Job::SummarizeFamilies {
            families: Vec::new(),
        },
        Job::FindServiceUsage { arns: Vec::new() },
        Job::Roles,
        Job::AutoScalingGroups,
        Job::Vpcs,
        Job::Subnets { vpc: None },
        Job::SecurityGroups { vpc: None },
        Job::TargetGroups,
        Job::DeletePrecheck { cluster: s() },
        Job::Sleep {
            after: Duration::ZERO,
        },
        Job::SaveFile {
            path: s(),
            contents: s(),
        },
        Job::DeregisterTaskDefs { arns: Vec::new() },
        Job::DeleteTaskDefs { arns: Vec::new() },
        Job::RegisterTaskDefinition {
            family: s(),
            json: serde_json::Value::Null,
        },
        Job::SubmitTaskDefinition {
            json: serde_json::Value::Null,
            log_groups: Vec::new(),
        },
        Job::CreateCluster {
            spec: Box::new(CreateClusterSpec::default()),
        },
        Job::CreateNamespace {
            spec: Box::new(NewNamespace {
                name: s(),
                kind: NewNamespaceKind::Http,
                description: None,
                tags: Vec::new(),
            }),
        },
        Job::Change(Change::DeleteCluster { cluster: s() }),
        Job::Change(Change::Insights {
            cluster: s(),
            value: ContainerInsights::Enabled,
        }),
        Job::Change(Change::DefaultNamespace {
            cluster: s(),
            namespace: None,
        }),
        Job::Change(Change::DeleteNamespace { id: s(), name: s() }),
        Job::Change(Change::CapacityProviders {
            cluster: s(),
            providers: Vec::new(),
            strategy: Vec::new(),
        }),
        Job::UpdateService(Box::default()),
        Job::DeleteService {
            cluster: s(),
            service: s(),
        },
        Job::StopTask {
            cluster: s(),
            task: s(),
            reason: s(),
        },
        Job::CreateService(Box::new(NewService {
            cluster: s(),
            name: s(),
            task_definition: s(),
            desired_count: 0,
            launch_type: None,
            capacity_provider_strategy: Vec::new(),
            network: None,
            load_balancer: None,
            service_connect: None,
            minimum_healthy_percent: 100,
            maximum_percent: 200,
            circuit_breaker: false,
            rollback: false,
            enable_execute_command: false,
            tags: Vec::new(),
        })),
        Job::RunTask(Box::new(NewTask {
            cluster: s(),
            task_definition: s(),
            count: 1,
            launch_type: None,
            capacity_provider_strategy: Vec::new(),
            network: None,
            command_override: None,
            started_by: None,
            enable_execute_command: false,
        })),
    ]
}

/// The variant names of `pub enum NAME` in `source`: the identifiers at the enum's first
/// indentation level (rustfmt keeps them at four spaces).
fn variants_in_source(source: &str, name: &str) -> BTreeSet<String> {
    let start = source
        .find(&format!("pub enum {name} {{"))
        .unwrap_or_else(|| panic!("pub enum {name} is not in src/effect.rs"));
    let mut out = BTreeSet::new();
    for line in source[start..].lines().skip(1) {
        if line.starts_with('}') {
            break;
        }
        let Some(rest) = line.strip_prefix("    ") else {
            continue;
        };
        if rest.starts_with(' ') || rest.starts_with("//") || rest.starts_with('#') {
            continue;
        }
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if ident.chars().next().is_some_and(char::is_uppercase) {
            out.insert(ident);
        }
    }
    out
}

#[test]
fn every_mutating_job_is_covered_by_the_scripted_run() {
    let samples = one_of_each();
    let names: Vec<&str> = samples.iter().map(job_name).collect();
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "a sample twice: {names:?}");

    // The samples are every variant there is: compared with the enums as written.
    let source = include_str!("../src/effect.rs");
    let mut declared: BTreeSet<String> = variants_in_source(source, "Job");
    assert!(declared.remove("Change"), "Job::Change is gone?");
    declared.extend(
        variants_in_source(source, "Change")
            .into_iter()
            .map(|c| format!("Change::{c}")),
    );
    let sampled: BTreeSet<String> = unique.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        sampled, declared,
        "one_of_each() must hold one value of every Job and Change variant in src/effect.rs"
    );

    let covered: BTreeSet<&str> = COVERED.iter().map(|(job, _)| *job).collect();
    let uncovered: Vec<&str> = samples
        .iter()
        .filter(|j| j.is_mutating())
        .map(job_name)
        .filter(|n| !covered.contains(n))
        .collect();
    assert!(
        uncovered.is_empty(),
        "mutating jobs the read-only run does not try (add a step to the e2e run and to COVERED): \
         {uncovered:?}"
    );
    let not_mutating: Vec<&str> = covered
        .iter()
        .filter(|n| {
            samples
                .iter()
                .find(|j| job_name(j) == **n)
                .is_none_or(|j| !j.is_mutating())
        })
        .copied()
        .collect();
    assert!(
        not_mutating.is_empty(),
        "COVERED names jobs that are not mutating (or do not exist): {not_mutating:?}"
    );
    let steps: BTreeSet<&str> = COVERED.iter().map(|(_, step)| *step).collect();
    assert_eq!(steps.len(), COVERED.len(), "a step name twice in COVERED");
}

// ---- the scripted run ----

/// Operations that change something, in every API tecs talks to (and some it does not, yet).
const MUTATING_OPERATIONS: &[&str] = &[
    // ECS
    "CreateCapacityProvider",
    "CreateCluster",
    "CreateService",
    "CreateTaskSet",
    "DeleteAccountSetting",
    "DeleteAttributes",
    "DeleteCapacityProvider",
    "DeleteCluster",
    "DeleteService",
    "DeleteTaskDefinitions",
    "DeleteTaskSet",
    "DeregisterContainerInstance",
    "DeregisterTaskDefinition",
    "ExecuteCommand",
    "PutAccountSetting",
    "PutAccountSettingDefault",
    "PutAttributes",
    "PutClusterCapacityProviders",
    "RegisterContainerInstance",
    "RegisterTaskDefinition",
    "RunTask",
    "StartTask",
    "StopTask",
    "StopServiceDeployment",
    "TagResource",
    "UntagResource",
    "UpdateCapacityProvider",
    "UpdateCluster",
    "UpdateClusterSettings",
    "UpdateContainerAgent",
    "UpdateContainerInstancesState",
    "UpdateService",
    "UpdateServicePrimaryTaskSet",
    "UpdateTaskProtection",
    "UpdateTaskSet",
    // Cloud Map
    "CreateHttpNamespace",
    "CreatePrivateDnsNamespace",
    "CreatePublicDnsNamespace",
    "DeleteNamespace",
    "DeleteServiceAttributes",
    "DeregisterInstance",
    "RegisterInstance",
    "UpdateHttpNamespace",
    "UpdatePrivateDnsNamespace",
    "UpdatePublicDnsNamespace",
    "UpdateServiceAttributes",
    // CloudWatch Logs
    "CreateLogGroup",
    "CreateLogStream",
    "DeleteLogGroup",
    "DeleteLogStream",
    "PutLogEvents",
    "PutRetentionPolicy",
    "TagLogGroup",
    // SSM, IAM, EC2, Auto Scaling, Application Auto Scaling, ELB
    "CreateActivation",
    "DeleteActivation",
    "CreateRole",
    "AttachRolePolicy",
    "PutRolePolicy",
    "CreateServiceLinkedRole",
    "CreateSecurityGroup",
    "AuthorizeSecurityGroupIngress",
    "CreateTags",
    "RunInstances",
    "CreateAutoScalingGroup",
    "UpdateAutoScalingGroup",
    "RegisterScalableTarget",
    "PutScalingPolicy",
    "DeregisterScalableTarget",
    "DeleteScalingPolicy",
    "CreateTargetGroup",
    "RegisterTargets",
];

/// `X-Amz-Target` prefixes of the JSON protocols (ECS, Cloud Map, Logs, SSM, Application Auto
/// Scaling); the query protocols (STS, EC2, IAM, Auto Scaling, ELB) name the bare `Action`.
const TARGET_PREFIXES: &[&str] = &[
    "AmazonEC2ContainerServiceV20141113.",
    "Route53AutoNaming_v20170314.",
    "Logs_20140328.",
    "AmazonSSM.",
    "AnyScaleFrontendService.",
    "",
];

/// How a mutating operation's name starts (for the call log, which names every call made).
const MUTATING_PREFIXES: &[&str] = &[
    "Register",
    "Deregister",
    "Delete",
    "Create",
    "Update",
    "Put",
    "Run",
    "Stop",
    "Tag",
    "Untag",
    "Submit",
    "Execute",
    "Attach",
    "Authorize",
];

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Runtime::new().expect("runtime").block_on(f)
}

fn log_path() -> PathBuf {
    let path = std::env::temp_dir().join(format!("tecs-e2e-read-only-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

/// An editor that changes web:3 (its nginx tag) without any terminal interaction.
const EDITOR: &str = "sed -i s/alpine/alpine-ro/";

/// The scripted session: keys in, and a record of every step that was refused.
struct Script {
    tui: TuiSession,
    done: Vec<&'static str>,
    status_resets: usize,
}

impl Script {
    fn wait(&self, text: &str) -> String {
        self.tui
            .wait_for(text, WAIT)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Sends `keys` until `expect` shows (at most [`TRIES`] times). A successful load clears an
    /// error from the status line (the service page reloads every 5 s while it follows a
    /// deployment), so a message can come and go between two looks at the screen; sending the
    /// keys again is harmless, as each of them is refused again.
    fn until_shown(&self, step: &str, keys: &str, expect: &str) {
        for _ in 0..TRIES {
            self.tui.send(keys);
            if self.tui.wait_for(expect, TRY_WAIT).is_ok() {
                return;
            }
        }
        panic!(
            "{step}: {keys:?} never showed {expect:?}; screen:\n{}",
            self.tui.screen_text()
        );
    }

    /// Replaces the status line with a known message, so the next refusal is seen afresh (the
    /// same refusal text can follow on another screen). Not in a wizard: `:` types there.
    fn reset_status(&mut self, step: &str) {
        self.status_resets += 1;
        let word = format!("zz{}", self.status_resets);
        self.until_shown(
            step,
            &format!(":{word}\r"),
            &format!("unknown command :{word}"),
        );
        // The refused line opens again with what was typed: close it, keeping the message.
        self.tui.key_esc();
        let open = format!(":{word}");
        self.tui
            .wait_until(
                |screen| {
                    let last = screen.trim_end().lines().last().unwrap_or_default();
                    !last.trim_start().starts_with(&open)
                },
                TRY_WAIT,
            )
            .unwrap_or_else(|e| panic!("{step}: the command line did not close:\n{e}"));
    }

    /// `keys` on a list or page must be refused with tecs's read-only message about `what`.
    fn refused(&mut self, step: &'static str, keys: &str, what: &str) {
        self.reset_status(step);
        self.until_shown(step, keys, &tecs::update::guard::read_only_message(what));
        self.done.push(step);
    }

    /// Ctrl-s (review) then Enter in the open wizard titled `title` must end in the read-only
    /// refusal; the review must say it is for review only. Then the wizard is closed.
    fn wizard_refused(&mut self, step: &'static str, title: &str) {
        self.tui.send("\x13"); // ctrl-s: review
        self.tui
            .wait_for("read-only: review only", WAIT)
            .unwrap_or_else(|e| panic!("{step}: the review: {e}"));
        self.tui.key_enter();
        self.tui
            .wait_for("is disabled (tecs was started with --read-only)", WAIT)
            .unwrap_or_else(|e| panic!("{step}: Enter on the review: {e}"));
        self.done.push(step);
        self.close_wizard(step, title);
    }

    /// Esc until the wizard titled `title` is gone: from its review the first Esc goes back to
    /// the form; a changed form asks before it is discarded (`y`), an untouched one just closes.
    fn close_wizard(&self, step: &str, title: &str) {
        for _ in 0..4 {
            self.tui.key_esc();
            let screen = self
                .tui
                .wait_until(
                    |s| s.contains("Discard everything typed") || !s.contains(title),
                    Duration::from_secs(2),
                )
                .unwrap_or_default();
            if screen.contains("Discard everything typed") {
                self.tui.send("y");
            }
            if self
                .tui
                .wait_until(|s| !s.contains(title), Duration::from_secs(2))
                .is_ok()
            {
                return;
            }
        }
        panic!(
            "{step}: the wizard {title:?} does not close:\n{}",
            self.tui.screen_text()
        );
    }

    /// Esc back once, waiting for `then` on the screen below.
    fn back(&self, then: &str) {
        self.tui.key_esc();
        self.wait(then);
    }
}

/// The operations of every call tecs logged (`tecs::aws::calls`).
fn logged_operations(log: &str) -> Vec<String> {
    log.lines()
        .filter(|l| l.contains("aws call"))
        .filter_map(|l| l.split("operation=").nth(1))
        .map(|rest| {
            rest.trim_start_matches('"')
                .split(['"', ' '])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn read_only_makes_no_mutating_request_whatever_is_tried() {
    let (account, clients) = fresh_clients();
    block_on(tecs::demo::seed_demo(&clients)).expect("demo seed");
    let proxy = FaultProxy::start(&moto_url());
    let log = log_path();
    let log_arg = log.to_string_lossy().to_string();
    let endpoint = proxy.url();
    let tui = TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &[
            "--endpoint-url",
            &endpoint,
            "--region",
            "us-east-1",
            "--log-file",
            &log_arg,
            "--read-only",
            "--refresh",
            "0",
        ],
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("TECS_EMULATOR_ACCOUNT_ID", &account),
            ("TECS_LOG", "info,tecs::aws::calls=debug"),
            ("EDITOR", EDITOR),
            ("VISUAL", EDITOR),
        ],
        160,
        50,
    );
    let mut s = Script {
        tui,
        done: Vec::new(),
        status_resets: 0,
    };

    // ---- the cluster list ----
    s.wait("clusters (4)");
    s.wait("prod-fargate");
    s.tui.send("c");
    s.wait("Create cluster");
    s.tui.send("ro-cluster");
    s.wizard_refused(
        "clusters: c, the create-cluster wizard, Enter on its review",
        "Create cluster",
    );
    s.wait("clusters (4)");
    s.tui.send("/prod-fargate\r");
    s.wait("clusters (1 of 4) /prod-fargate");
    s.refused(
        "clusters: I on a cluster",
        "I",
        "changing Container Insights",
    );
    s.refused(
        "clusters: N on a cluster",
        "N",
        "changing the default namespace",
    );
    s.refused(
        "clusters: P on a cluster",
        "P",
        "changing capacity providers",
    );
    s.refused("clusters: X on a cluster", "X", "delete");

    // ---- a cluster's page and its services ----
    s.tui.key_enter();
    s.wait("services (2)");
    s.refused("cluster page: I", "I", "changing Container Insights");
    s.refused("cluster page: N", "N", "changing the default namespace");
    s.refused("cluster page: P", "P", "changing capacity providers");
    s.refused("cluster page: X", "X", "delete");
    s.refused(
        "cluster page: + (scale) on a service",
        "+",
        "scaling a service",
    );
    s.refused(
        "cluster page: U (update revision) on a service",
        "U",
        "updating a service",
    );
    s.refused(
        "cluster page: F (force deployment) on a service",
        "F",
        "deploying a service",
    );
    s.refused(
        "cluster page: E (ECS Exec) on a service",
        "E",
        "changing ECS Exec",
    );
    s.tui.send("c");
    s.wait("Create service");
    s.tui.key_down();
    s.tui.send("ro-svc");
    s.tui.key_down();
    s.tui.send("web");
    s.wait("3 (latest)");
    s.wait("picked");
    s.wizard_refused(
        "cluster page: c, the create-service wizard, Enter on its review",
        "Create service",
    );
    s.wait("services (2)");

    // The service's page, its tasks, a task's page.
    s.tui.key_enter();
    s.wait("Deployments");
    s.refused("service page: +", "+", "scaling a service");
    s.refused("service page: U", "U", "updating a service");
    s.refused("service page: F", "F", "deploying a service");
    s.refused("service page: E", "E", "changing ECS Exec");
    s.refused("service page: X", "X", "delete");
    s.tui.send("t");
    s.wait("RUNNING tasks of service web (3)");
    s.refused(
        "tasks of a service: ctrl-k on a task",
        "\x0b",
        "stopping a task",
    );
    s.refused(
        "tasks of a service: x (ECS Exec) on a task",
        "x",
        "opening a shell in a container (ECS Exec)",
    );
    s.tui.key_enter();
    s.wait("Containers");
    s.refused("task page: ctrl-k", "\x0b", "stopping a task");
    s.refused(
        "task page: s (ECS Exec)",
        "s",
        "opening a shell in a container (ECS Exec)",
    );

    // :services
    s.tui.send(":services\r");
    s.wait("prod-fargate services");
    s.wait("services (2)");
    s.refused(":services: X on a service", "X", "delete");
    s.refused(":services: + on a service", "+", "scaling a service");

    // ---- namespaces ----
    s.tui.send(":namespaces\r");
    s.wait("namespaces (2)");
    s.refused(":namespaces: X on a namespace", "X", "delete");
    s.tui.send("c");
    s.wait("Create namespace");
    s.tui.send("ro.local");
    s.wizard_refused(
        ":namespaces: c, the namespace wizard, Enter on its review",
        "Create namespace",
    );
    s.wait("namespaces (2)");

    // ---- task definitions ----
    s.tui.send(":taskdefs\r");
    s.wait("task definition families ACTIVE");
    s.wait("web");
    s.tui.send("c");
    s.wait("Create task definition");
    s.tui.send("ro-family");
    // Sections: task definition, infrastructure, task size, roles, then the first container.
    s.tui.send("\t\t\t\t");
    s.wait("Container 1 of 1");
    s.tui.send("app");
    s.tui.key_down();
    s.tui.send("nginx:1.27");
    s.wizard_refused(
        ":taskdefs: c, the task definition wizard, Enter on its review",
        "Create task definition",
    );
    s.wait("task definition families ACTIVE");
    s.tui.send("/web\r");
    s.tui.key_enter();
    s.wait("web revisions (");
    // The lazy describes fill the rows (web:3 runs nginx 1.27); rows are newest first.
    s.wait("1.27-alpine");
    s.refused("revisions: D on a revision", "D", "deregister");
    // K is refused before it asks how many to keep (as D is).
    s.refused(
        "revisions: K 1 (deregister all but the newest)",
        "K",
        "deregister",
    );
    s.tui.send("G"); // web:1, INACTIVE
    s.refused("revisions: X on an INACTIVE revision", "X", "delete");
    s.tui.send("g"); // web:3
    // $EDITOR changes the revision; the edit is kept as a draft and registering is refused.
    s.refused("revisions: e, an edit saved by $EDITOR", "e", "register");
    s.wait("web draft");
    s.refused("draft page: Enter (register the draft)", "\r", "register");
    s.back("web revisions (");
    s.tui.send("c");
    s.wait("New revision from web:3");
    s.wizard_refused(
        "revisions: c, the wizard from a revision, Enter on its review",
        "New revision from web:3",
    );
    s.wait("web revisions (");
    s.tui.send("C");
    s.wait("Create service");
    s.tui.key_down();
    s.tui.send("ro-svc-2");
    s.wait("picked");
    s.wizard_refused(
        "revisions: C, the create-service wizard, Enter on its review",
        "Create service",
    );
    s.wait("web revisions (");
    s.tui.send("R");
    s.wait("Run task · web:");
    s.wait("picked");
    s.wizard_refused(
        "revisions: R, the run-task wizard, Enter on its review",
        "Run task · web:",
    );
    s.wait("web revisions (");
    s.tui.key_enter();
    s.wait("web:3");
    s.refused("revision page: D", "D", "deregister");
    s.refused("revision page: X", "X", "delete");

    s.tui.send("q");
    assert_eq!(s.tui.wait_for_exit(WAIT), Some(0));
    s.tui.assert_terminal_restored();

    // ---- tecs deregister, the shell path ----
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tecs"))
        .args([
            "--endpoint-url",
            &endpoint,
            "--region",
            "us-east-1",
            "--log-file",
            &log_arg,
            "--read-only",
            "deregister",
            "web:2",
        ])
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("TECS_EMULATOR_ACCOUNT_ID", &account)
        .env("TECS_LOG", "info,tecs::aws::calls=debug")
        .output()
        .expect("run tecs deregister");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--read-only: deregister is disabled"),
        "{stderr}"
    );
    s.done.push("tecs deregister FAMILY:REV --read-only");

    // ---- every step ran ----
    let ran: BTreeSet<&str> = s.done.iter().copied().collect();
    let missing: Vec<&str> = COVERED
        .iter()
        .map(|(_, step)| *step)
        .filter(|step| !ran.contains(step))
        .collect();
    assert!(missing.is_empty(), "steps of COVERED not run: {missing:?}");
    let unknown: Vec<&str> = ran
        .iter()
        .filter(|step| !COVERED.iter().any(|(_, s)| s == *step))
        .copied()
        .collect();
    assert!(
        unknown.is_empty(),
        "steps run but not in COVERED: {unknown:?}"
    );

    // ---- zero mutating requests, at the proxy ----
    // The proxy names operations as counted below (reads of each protocol reached it).
    for read in [
        "AmazonEC2ContainerServiceV20141113.ListClusters",
        "AmazonEC2ContainerServiceV20141113.DescribeServices",
        "Route53AutoNaming_v20170314.ListNamespaces",
        "AnyScaleFrontendService.DescribeScalableTargets",
        "GetCallerIdentity",
        "DescribeSubnets",
        "ListRoles",
    ] {
        assert!(
            proxy.requests(read) > 0,
            "no {read} reached the proxy: is tecs talking through it?"
        );
    }
    let mut reached = Vec::new();
    for op in MUTATING_OPERATIONS {
        for prefix in TARGET_PREFIXES {
            let name = format!("{prefix}{op}");
            let n = proxy.requests(&name);
            if n > 0 {
                reached.push(format!("{name}: {n}"));
            }
        }
    }
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        reached.is_empty(),
        "mutating requests reached the proxy in --read-only mode: {reached:?} (log {})",
        log.display()
    );

    // ---- and in tecs's own call log (every operation, whatever its name) ----
    let operations = logged_operations(&logged);
    assert!(
        operations.iter().any(|o| o == "ListClusters"),
        "the call log is empty? ({})",
        log.display()
    );
    let mutating: BTreeSet<&String> = operations
        .iter()
        .filter(|o| MUTATING_PREFIXES.iter().any(|p| o.starts_with(p)))
        .collect();
    assert!(
        mutating.is_empty(),
        "tecs made mutating calls in --read-only mode: {mutating:?} (log {})",
        log.display()
    );

    // ---- and nothing changed in the account ----
    block_on(async {
        let clusters = clients.ecs.list_clusters().send().await.expect("clusters");
        assert_eq!(clusters.cluster_arns().len(), 4);
        let web = clients
            .ecs
            .list_task_definitions()
            .family_prefix("web")
            .send()
            .await
            .expect("revisions");
        assert_eq!(
            web.task_definition_arns().len(),
            2,
            "web:2 and web:3 ACTIVE, as seeded"
        );
        let namespaces = clients
            .discovery
            .list_namespaces()
            .send()
            .await
            .expect("namespaces");
        assert_eq!(namespaces.namespaces().len(), 2);
    });
}
