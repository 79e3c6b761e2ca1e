//! A headless fuzzer: random keys × random terminal sizes × scripted AWS answers, through the pure
//! `update` and `tecs::ui::render` (ratatui's `TestBackend`). The assertion is zero panics.
//!
//! Each run starts a session (a fresh `State`, as `tecs` would at start-up: the cluster list, a
//! `--cluster` page or the `tecs deregister` path; read-only or not) and then, step by step, feeds
//! it one action and draws the frame at the current size:
//!
//! - keys: letters, digits, Esc, Enter, Tab, BackTab, arrows, PgUp/PgDn, Home/End, Backspace,
//!   Delete, ctrl-letters, space, punctuation, and `:` or `/` followed by a word (real command names
//!   such as `services`, `tasks`, `taskdefs`, `namespaces`, `clusters`, `help`, cluster names,
//!   numbers, capacity-provider lines, wide and combining characters);
//! - resizes from 1x1 to 300x100;
//! - ticks, a clock that moves on, SIGTERM (`Action::Terminate`);
//! - answers: every `Effect::Run { ticket, job }` is answered with an `Outcome` of the variant that
//!   job answers with (empty, small and realistic, huge — 5,000 rows —, or failures of every
//!   `ErrorKind`), at once, a few steps later, much later, never, or twice; progress-reporting jobs
//!   (create cluster/namespace, delete namespace, log tails) answer several times. With
//!   `--read-only` a mutating job is answered `Outcome::Blocked`, as the runner does. An
//!   `Effect::EditText` is answered with `Outcome::Edited` (the text unchanged, changed, broken, or
//!   the editor failing), as the app loop does. Other effects (clipboard, cancel) are dropped.
//!
//! A step is one turn of the app loop: one action and a draw, or now and then a burst of actions
//! (keys typed or pasted quickly, answers arriving together) applied before one draw, as the app
//! loop drains what is queued before it draws. In a panic report, actions with the same step
//! number came in one burst.
//!
//! A session ends when tecs would quit (`q`, `:q`, ctrl-c, SIGTERM); the next one starts at once.
//!
//! Runs are reproducible: each seed drives a small xorshift generator written here. On a panic the
//! test prints the seed, the session, the step and the last actions before it, then fails.
//!
//! ```sh
//! cargo test --test fuzz                                            # the short run (default)
//! TECS_FUZZ_STEPS=1000000 cargo test --test fuzz -- --nocapture     # the long run
//! TECS_FUZZ_SEED=0x5eed0017 TECS_FUZZ_STEPS=2957 cargo test --test fuzz -- --nocapture  # replay
//! ```
//!
//! `TECS_FUZZ_STEPS` is the total number of steps, shared by the seeds; `TECS_FUZZ_SEED` runs only
//! that seed (decimal or `0x` hex); `TECS_FUZZ_SEEDS=N` (or `A-B`) runs the seeds `0x5eed0001` to
//! `0x5eed0000` plus N (or plus A to plus B) instead of the fixed list. A panic is reported with
//! its seed, step and the actions before it; the run goes on with a new session, so one run can
//! find several, grouped by the place in the code at the end.
//!
//! The long run takes about 2-3 ms a step in a debug build on 2 cores (under an hour for a
//! million). Keep it a debug build: `--release` is faster but turns off overflow checks, which is
//! what the first bug found here trips.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

use std::collections::{HashMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};
use tecs::action::Action;
use tecs::domain::cluster::DeletePrecheck;
use tecs::effect::{Change, Effect, Job, Outcome, SharedClients, Switched, Ticket};
use tecs::keymap::Keymap;
use tecs::model::cluster::RegionClusters;
use tecs::model::cluster::{
    Activation, AutoScalingGroupSummary, CreatedCluster, StepProgress, StepState,
};
use tecs::model::error::TimeoutPhase;
use tecs::model::iam::Role;
use tecs::model::logs::{LogEvent, LogSource, Resolution, TailMode, TailUpdate};
use tecs::model::namespace::{
    CloudMapService, EcsServiceRef, EcsServicesSource, Namespace, NamespaceKind, VpcSummary,
};
use tecs::model::network::{SecurityGroup, Subnet, TargetGroup};
use tecs::model::profile::{ProfileKind, ProfileSummary};
use tecs::model::resources::{LogGroupInfo, Lookup, LookupAnswer, PolicyInfo, Presence, RoleInfo};
use tecs::model::service::{
    Autoscaling, Deployment, DeploymentConfig, LoadBalancer, NetworkConfig, Service,
    ServiceConnect, ServiceEvent,
};
use tecs::model::task::{
    Attachment, Container, ContainerInstance, DesiredStatus, Task, TaskTimestamps,
};
use tecs::model::task_definition::{FamilySummary, ServiceUsage};
use tecs::model::{
    AwsError, Cluster, ContainerSummary, ErrorKind, Identity, ReadBack, RevisionRef, StrategyItem,
    TaskDefinition,
};
use tecs::state::{AppConfig, State};

/// Total steps of the default run, shared by [`SEEDS`]: about 20 s in a debug build on 2 cores
/// (drawing, mostly: every step draws a frame of up to 300x100).
const DEFAULT_STEPS: u64 = 9_000;

/// The fixed seeds of the default run.
const SEEDS: &[u64] = &[
    0x5eed_0001,
    0x5eed_0002,
    0x5eed_0003,
    0x5eed_0004,
    0xdead_beef,
    0x0123_4567_89ab_cdef,
];

/// Rows in a "huge" answer.
const HUGE: usize = 5_000;

/// Actions kept for the report when something panics.
const TRAIL: usize = 60;

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

/// xorshift64*: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // Zero is a fixed point of xorshift; mix the seed so nearby seeds diverge at once.
        let mut s = seed ^ 0x9e37_79b9_7f4a_7c15;
        if s == 0 {
            s = 1;
        }
        let mut rng = Rng(s);
        for _ in 0..4 {
            rng.next();
        }
        rng
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// 0..n (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn usize(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below((hi - lo + 1) as u64) as usize
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn maybe<T>(&mut self, percent: u64, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.chance(percent) {
            Some(f(self))
        } else {
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Words and names
// ---------------------------------------------------------------------------------------------

const CLUSTERS: &[&str] = &[
    "prod-fargate",
    "staging",
    "legacy-ec2",
    "sandbox",
    "a",
    "クラスター",
    "very-long-cluster-name-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-for-ever",
];

const FAMILIES: &[&str] = &[
    "web",
    "worker",
    "win-iis",
    "legacy-api",
    "cron-report",
    "x",
    "ünïcödé-family",
];

const SERVICES: &[&str] = &[
    "web",
    "worker",
    "api",
    "legacy-api",
    "win-iis",
    "s",
    "😀-svc",
];

const CONTAINERS: &[&str] = &[
    "app",
    "nginx",
    "worker",
    "iis",
    "api",
    "sidecar",
    "log-router",
];

/// Words typed after `:` and `/` and into forms.
const WORDS: &[&str] = &[
    "services",
    "tasks",
    "taskdefs",
    "namespaces",
    "clusters",
    "help",
    "instances",
    "q",
    "quit",
    "ser",
    "t",
    "s",
    "",
    " ",
    "services prod-fargate",
    "tasks staging",
    "instances legacy-ec2",
    "services nosuch",
    "profile",
    "profile prod-admin",
    "region",
    "region eu-west-2",
    "region Ireland",
    "overview",
    "tasks クラスター",
    "web",
    "prod",
    "0",
    "1",
    "3",
    "-1",
    "10",
    "200",
    "99999999999999999999",
    "2147483648",
    "2.5",
    "5m",
    "1h",
    "10s",
    "2025-11-25T15:50:15Z",
    "FARGATE:1:1 FARGATE_SPOT:3",
    "FARGATE",
    "FARGATE:x:y",
    ":::",
    "{\"a\": 1}",
    "ERROR",
    "\"quoted phrase\"",
    "日本語",
    "🚀🚀🚀",
    "e\u{301}\u{301}\u{301}",
    "\u{200b}\u{200d}",
    "a\tb",
    "Z̷̢͓a̶l̵g̷o̴",
];

/// What is typed after `:` most of the time: the real commands, with and without a cluster.
const COMMAND_LINES: &[&str] = &[
    "services",
    "tasks",
    "taskdefs",
    "taskdefs",
    "taskdefs",
    "namespaces",
    "namespaces",
    "clusters",
    "help",
    "instances",
    "services prod-fargate",
    "tasks staging",
    "instances legacy-ec2",
    "overview",
    "findings",
    "region",
    "region us-east-2",
    "profile",
    "t",
    "q",
];

/// Typed at the start of some sessions: straight to a view, as an operator would.
const OPENING_LINES: &[&str] = &[
    ":taskdefs\r",
    ":namespaces\r",
    ":services web\r",
    ":tasks prod-fargate\r",
];

/// After this many steps in one wizard, the operator gives up on it (Esc, Esc, discard).
const BORED: u32 = 150;

fn long_word(rng: &mut Rng) -> String {
    let n = rng.usize(100, 600);
    (0..n).map(|i| if i % 7 == 6 { '-' } else { 'w' }).collect()
}

fn word(rng: &mut Rng) -> String {
    match rng.below(20) {
        0 => long_word(rng),
        1 => {
            let n = rng.usize(1, 12);
            (0..n)
                .map(|_| char::from(b'a' + rng.below(26) as u8))
                .collect()
        }
        _ => rng.pick(WORDS).to_string(),
    }
}

/// A name as AWS could return it, now and then with something a renderer must cope with.
fn odd_name(rng: &mut Rng, base: &str) -> String {
    match rng.below(40) {
        0 => String::new(),
        1 => format!("{base}-{}", long_word(rng)),
        2 => format!("{base}\t{base}"),
        3 => format!("{base}\u{1b}[31m"),
        4 => format!("{base}-全角文字"),
        5 => format!("{base}\n{base}"),
        _ => base.to_string(),
    }
}

fn hex(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from_digit(rng.below(16) as u32, 16).unwrap_or('0'))
        .collect()
}

fn time(rng: &mut Rng) -> Option<SystemTime> {
    match rng.below(12) {
        0 => None,
        1 => Some(UNIX_EPOCH),
        2 => Some(UNIX_EPOCH + Duration::from_secs(253_402_300_799)), // 9999-12-31
        3 => Some(SystemTime::now() + Duration::from_secs(rng.below(100_000))), // the future
        _ => Some(
            SystemTime::now()
                .checked_sub(Duration::from_secs(rng.below(90 * 86_400)))
                .unwrap_or(UNIX_EPOCH),
        ),
    }
}

/// A count as the API (or the emulator, which goes negative) reports it.
fn count(rng: &mut Rng) -> i32 {
    match rng.below(30) {
        0 => -rng.range(1, 5) as i32,
        1 => rng.range(1_000, 100_000) as i32,
        2 => i32::MAX,
        _ => rng.range(0, 12) as i32,
    }
}

fn text(rng: &mut Rng) -> String {
    match rng.below(14) {
        0 => String::new(),
        1 => "x".repeat(rng.usize(200, 3_000)),
        2 => "line one\nline two\r\nline three".into(),
        3 => "tab\tseparated\tvalues".into(),
        4 => "\u{1b}[1;31mred\u{1b}[0m and bell \u{7}".into(),
        5 => "ワイド文字のメッセージ 😀 with emoji 👩‍👩‍👧".into(),
        6 => "{\"level\":\"info\",\"msg\":\"started\",\"port\":8080,\"nested\":{\"a\":[1,2,3]}}"
            .into(),
        7 => "{not json".into(),
        8 => "e\u{301}".repeat(50),
        _ => format!("ordinary message {}", rng.below(1_000_000)),
    }
}

// ---------------------------------------------------------------------------------------------
// Failures
// ---------------------------------------------------------------------------------------------

fn aws_error(rng: &mut Rng) -> AwsError {
    let (kind, code, message, hint): (ErrorKind, Option<&str>, String, Option<String>) =
        match rng.below(16) {
            0 | 1 => (
                ErrorKind::Throttled,
                Some("ThrottlingException"),
                "ListClusters failed: ThrottlingException: Rate exceeded".into(),
                Some("AWS is throttling this account; tecs backs off and retries".into()),
            ),
            2 | 3 => (
                ErrorKind::AccessDenied {
                    action: rng.maybe(70, |_| "ecs:DescribeServices".to_string()),
                },
                Some("AccessDeniedException"),
                "User: arn:aws:iam::123456789012:user/ops is not authorized to perform: ecs:DescribeServices".into(),
                Some("your role needs the IAM permission ecs:DescribeServices".into()),
            ),
            4 => (
                ErrorKind::Timeout {
                    phase: TimeoutPhase::Answer,
                },
                None,
                "no answer from ecs.us-east-1.amazonaws.com within 20s".into(),
                Some("check the network; tecs retries".into()),
            ),
            5 => (
                ErrorKind::Timeout {
                    phase: TimeoutPhase::Connect,
                },
                None,
                "could not connect within 3s".into(),
                None,
            ),
            6 => (
                ErrorKind::Timeout {
                    phase: TimeoutPhase::Credentials,
                },
                None,
                "the credentials provider did not answer".into(),
                None,
            ),
            7 => (
                ErrorKind::SsoExpired,
                None,
                "the SSO session has expired".into(),
                Some("run: aws sso login --profile prod".into()),
            ),
            8 => (ErrorKind::CredentialsExpired, Some("ExpiredTokenException"), "expired".into(), None),
            9 => (ErrorKind::NoCredentials, None, "no AWS credentials found".into(), None),
            10 => (ErrorKind::Misconfigured, None, "profile nope does not exist".into(), None),
            11 => (
                ErrorKind::Unreachable,
                None,
                "nothing is listening at 127.0.0.1:9".into(),
                Some("is the endpoint right?".into()),
            ),
            12 => (ErrorKind::Network, None, "connection reset".into(), None),
            13 => (ErrorKind::ServerError, Some("ServerException"), "500".into(), None),
            14 => (
                ErrorKind::NotFound,
                Some("ClusterNotFoundException"),
                "Cluster not found.".into(),
                None,
            ),
            _ => match rng.below(3) {
                0 => (ErrorKind::InvalidRequest, Some("InvalidParameterException"), text(rng), None),
                1 => (ErrorKind::BadResponse, None, "this is not json".into(), None),
                _ => (ErrorKind::Other, None, text(rng), rng.maybe(50, text)),
            },
        };
    AwsError {
        kind,
        code: code.map(str::to_string),
        message,
        hint,
        read_back: match rng.below(8) {
            0 => Some(ReadBack::NotDone),
            1 => Some(ReadBack::Failed(text(rng))),
            _ => None,
        },
    }
}

/// `Ok(f())` mostly, a failure now and then.
fn result<T>(rng: &mut Rng, f: impl FnOnce(&mut Rng) -> T) -> Result<T, AwsError> {
    if rng.chance(15) {
        Err(aws_error(rng))
    } else {
        Ok(f(rng))
    }
}

/// How many rows a list answer has: none, a few, a screenful or more, or a huge list.
fn rows(rng: &mut Rng) -> usize {
    match rng.below(50) {
        0 => HUGE,
        1..=8 => 0,
        9..=14 => rng.usize(20, 200),
        _ => rng.usize(1, 8),
    }
}

// ---------------------------------------------------------------------------------------------
// Model values
// ---------------------------------------------------------------------------------------------

fn strategy(rng: &mut Rng) -> Vec<StrategyItem> {
    (0..rng.usize(0, 3))
        .map(|i| StrategyItem {
            provider: ["FARGATE", "FARGATE_SPOT", "my-asg-cp"][i % 3].to_string(),
            weight: count(rng),
            base: count(rng),
        })
        .collect()
}

fn tags(rng: &mut Rng) -> Vec<(String, String)> {
    (0..rng.usize(0, 4))
        .map(|i| (format!("key{i}"), odd_name(rng, "value")))
        .collect()
}

fn cluster(rng: &mut Rng, name: &str) -> Cluster {
    let mut c = Cluster::named(&odd_name(rng, name));
    if rng.chance(10) {
        c.status = "INACTIVE".into();
    }
    if rng.chance(3) {
        c.status = "PROVISIONING".into();
    }
    c.active_services = count(rng);
    c.running_tasks = count(rng);
    c.pending_tasks = count(rng);
    c.container_instances = count(rng);
    if rng.chance(50) {
        c.capacity_providers = vec!["FARGATE".into(), "FARGATE_SPOT".into()];
        c.default_strategy = strategy(rng);
    }
    c.container_insights = match rng.below(5) {
        0 => None,
        1 => Some("enabled".into()),
        2 => Some("enhanced".into()),
        3 => Some("weird".into()),
        _ => Some("disabled".into()),
    };
    if rng.chance(30) {
        c.default_namespace = Some(if rng.chance(80) {
            "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-staging.local".into()
        } else {
            String::new()
        });
    }
    c.settings = vec![("containerInsights".into(), c.insights_label().to_string())];
    c.tags = tags(rng);
    c.json = json!({"clusterName": c.name, "clusterArn": c.arn, "status": c.status});
    c
}

fn clusters(rng: &mut Rng) -> Vec<Cluster> {
    let n = rows(rng);
    (0..n)
        .map(|i| {
            let base = if i < CLUSTERS.len() && n < 20 {
                CLUSTERS[i].to_string()
            } else {
                format!("cluster-{i:05}")
            };
            cluster(rng, &base)
        })
        .collect()
}

/// A cluster's name, from a name or an ARN (jobs carry either).
fn short(cluster: &str) -> &str {
    cluster.rsplit('/').next().unwrap_or(cluster)
}

fn revision_arn(family: &str, revision: i32) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:{revision}")
}

fn deployment(rng: &mut Rng, status: &str, family: &str) -> Deployment {
    Deployment {
        id: format!("ecs-svc/{}", rng.below(1 << 40)),
        status: status.into(),
        task_definition: revision_arn(family, rng.range(1, 30) as i32),
        desired: count(rng),
        running: count(rng),
        pending: count(rng),
        failed: count(rng),
        rollout_state: rng.maybe(80, |r| {
            r.pick(&["COMPLETED", "IN_PROGRESS", "FAILED"]).to_string()
        }),
        rollout_state_reason: rng.maybe(50, text),
        created_at: time(rng),
        updated_at: time(rng),
        launch_type: rng.maybe(50, |_| "FARGATE".to_string()),
    }
}

fn service(rng: &mut Rng, cluster: &str, name: &str) -> Service {
    let mut s = Service::named(short(cluster), &odd_name(rng, name));
    let family = rng.pick(FAMILIES).to_string();
    s.status = rng
        .pick(&["ACTIVE", "ACTIVE", "ACTIVE", "DRAINING", "INACTIVE"])
        .to_string();
    s.desired = count(rng);
    s.running = count(rng);
    s.pending = count(rng);
    s.task_definition = match rng.below(6) {
        0 => String::new(),
        1 => format!("{family}:3"), // the emulator stores the literal string
        _ => revision_arn(&family, rng.range(1, 30) as i32),
    };
    s.launch_type = rng.pick(&["FARGATE", "EC2", "EXTERNAL", ""]).to_string();
    if s.launch_type.is_empty() {
        s.capacity_provider_strategy = strategy(rng);
    }
    s.platform_version = rng.maybe(50, |_| "LATEST".to_string());
    s.deployment_controller = rng
        .pick(&["ECS", "ECS", "CODE_DEPLOY", "EXTERNAL", ""])
        .to_string();
    s.deployment_config = DeploymentConfig {
        minimum_healthy_percent: rng.maybe(70, |r| r.range(0, 100) as i32),
        maximum_percent: rng.maybe(70, |r| r.range(100, 200) as i32),
        circuit_breaker: rng.chance(50),
        rollback: rng.chance(50),
    };
    s.deployments = (0..rng.usize(0, 3))
        .map(|i| deployment(rng, if i == 0 { "PRIMARY" } else { "ACTIVE" }, &family))
        .collect();
    s.events = (0..match rng.below(10) {
        0 => 100,
        1..=4 => 0,
        _ => rng.usize(1, 10),
    })
        .map(|i| ServiceEvent {
            id: format!("ev-{i}"),
            created_at: time(rng),
            message: text(rng),
        })
        .collect();
    s.load_balancers = (0..rng.usize(0, 2))
        .map(|_| LoadBalancer {
            target_group_arn: rng.maybe(80, |_| {
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/abc".into()
            }),
            load_balancer_name: rng.maybe(20, |_| "classic-lb".to_string()),
            container_name: rng.maybe(80, |r| r.pick(CONTAINERS).to_string()),
            container_port: rng.maybe(80, |r| r.range(0, 65_535) as i32),
        })
        .collect();
    s.network = rng.maybe(60, |r| NetworkConfig {
        subnets: (0..r.usize(0, 6))
            .map(|i| format!("subnet-{i:08}"))
            .collect(),
        security_groups: (0..r.usize(0, 3)).map(|i| format!("sg-{i:08}")).collect(),
        assign_public_ip: r.maybe(70, |r| r.pick(&["ENABLED", "DISABLED"]).to_string()),
    });
    s.service_connect = rng.maybe(20, |r| ServiceConnect {
        enabled: r.chance(80),
        namespace: r.maybe(80, |_| "staging.local".to_string()),
        services: (0..r.usize(0, 3))
            .map(|i| format!("port-{i} → web:{}", 8080 + i))
            .collect(),
    });
    s.placement = (0..rng.usize(0, 2))
        .map(|_| "spread attribute:ecs.availability-zone".to_string())
        .collect();
    s.enable_execute_command = rng.chance(30);
    s.health_check_grace_period = rng.maybe(30, |r| r.range(0, 600) as i32);
    s.role_arn = rng.maybe(20, |_| {
        "arn:aws:iam::123456789012:role/ecsServiceRole".to_string()
    });
    s.created_at = time(rng);
    s.created_by = rng.maybe(50, |_| "arn:aws:iam::123456789012:user/ops".to_string());
    s.tags = tags(rng);
    s.json = json!({"serviceName": s.name, "serviceArn": s.arn, "desiredCount": s.desired}).into();
    s
}

fn services(rng: &mut Rng, cluster: &str) -> Vec<Service> {
    let n = rows(rng);
    (0..n)
        .map(|i| {
            let name = if i < SERVICES.len() && n < 20 {
                SERVICES[i].to_string()
            } else {
                format!("svc-{i:05}")
            };
            service(rng, cluster, &name)
        })
        .collect()
}

fn task(rng: &mut Rng, cluster: &str, service: Option<&str>, status: DesiredStatus) -> Task {
    let cluster = short(cluster);
    let id = hex(rng, 32);
    let stopped = status == DesiredStatus::Stopped || rng.chance(10);
    let family = rng.pick(FAMILIES).to_string();
    let containers = (0..rng.usize(0, 3))
        .map(|i| Container {
            name: CONTAINERS[i % CONTAINERS.len()].to_string(),
            image: odd_name(rng, "nginx:1.27"),
            image_digest: rng.maybe(50, |r| format!("sha256:{}", hex(r, 64))),
            last_status: if stopped { "STOPPED" } else { "RUNNING" }.into(),
            exit_code: if stopped {
                rng.maybe(80, |r| *r.pick(&[0, 1, 137, 139, 255, -1, i32::MIN]))
            } else {
                None
            },
            reason: rng.maybe(30, text),
            health: rng.maybe(40, |r| {
                r.pick(&["HEALTHY", "UNHEALTHY", "UNKNOWN"]).to_string()
            }),
            ports: (0..rng.usize(0, 2))
                .map(|p| format!("{}/tcp", 8080 + p))
                .collect(),
            cpu: rng.maybe(50, |_| "256".to_string()),
            memory: rng.maybe(50, |_| "512".to_string()),
            private_ip: rng.maybe(50, |_| "10.0.1.23".to_string()),
            runtime_id: rng.maybe(50, |r| hex(r, 16)),
            exec_agent: rng.maybe(50, |r| {
                r.pick(&["RUNNING", "PENDING", "STOPPED"]).to_string()
            }),
        })
        .collect();
    Task {
        arn: format!("arn:aws:ecs:us-east-1:123456789012:task/{cluster}/{id}"),
        cluster_arn: format!("arn:aws:ecs:us-east-1:123456789012:cluster/{cluster}"),
        task_definition: revision_arn(&family, rng.range(1, 9) as i32),
        last_status: if stopped {
            "STOPPED".into()
        } else {
            rng.pick(&[
                "PROVISIONING",
                "PENDING",
                "ACTIVATING",
                "RUNNING",
                "DEACTIVATING",
            ])
            .to_string()
        },
        desired_status: if stopped { "STOPPED" } else { "RUNNING" }.into(),
        health: rng.maybe(50, |r| {
            r.pick(&["HEALTHY", "UNHEALTHY", "UNKNOWN"]).to_string()
        }),
        launch_type: rng.maybe(70, |r| r.pick(&["FARGATE", "EC2", "EXTERNAL"]).to_string()),
        capacity_provider: rng.maybe(30, |_| "FARGATE_SPOT".to_string()),
        availability_zone: rng.maybe(70, |_| "us-east-1a".to_string()),
        group: match service {
            Some(s) => Some(format!("service:{s}")),
            None => rng.maybe(50, |r| format!("service:{}", r.pick(SERVICES))),
        },
        started_by: rng.maybe(50, |r| odd_name(r, "ecs-svc/123")),
        cpu: rng.maybe(50, |_| "256".to_string()),
        memory: rng.maybe(50, |_| "512".to_string()),
        platform_version: rng.maybe(50, |_| "1.4.0".to_string()),
        container_instance_arn: rng.maybe(30, |r| {
            format!(
                "arn:aws:ecs:us-east-1:123456789012:container-instance/{cluster}/{}",
                hex(r, 32)
            )
        }),
        enable_execute_command: rng.chance(20),
        stop_code: if stopped {
            rng.maybe(80, |r| {
                r.pick(&[
                    "TaskFailedToStart",
                    "EssentialContainerExited",
                    "UserInitiated",
                    "ServiceSchedulerInitiated",
                    "SpotInterruption",
                    "TerminationNotice",
                    "SomethingNew",
                ])
                .to_string()
            })
        } else {
            None
        },
        stopped_reason: if stopped {
            rng.maybe(80, |r| match r.below(5) {
                0 => "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/library/nginx:nope".into(),
                1 => "ResourceInitializationError: unable to pull secrets or registry auth".into(),
                2 => "Essential container in task exited".into(),
                3 => "OutOfMemoryError: Container killed due to memory usage".into(),
                _ => text(r),
            })
        } else {
            None
        },
        timestamps: TaskTimestamps {
            created: time(rng),
            pull_started: time(rng),
            pull_stopped: time(rng),
            started: time(rng),
            stopping: time(rng),
            execution_stopped: time(rng),
            stopped: time(rng),
        },
        containers,
        attachments: (0..rng.usize(0, 2))
            .map(|i| Attachment {
                id: format!("att-{i}"),
                kind: "ElasticNetworkInterface".into(),
                status: "ATTACHED".into(),
                eni: rng.maybe(70, |r| format!("eni-{}", hex(r, 17))),
                private_ip: rng.maybe(70, |_| "10.0.1.24".to_string()),
                subnet: rng.maybe(70, |_| "subnet-0a1".to_string()),
            })
            .collect(),
        json: json!({"taskArn": id, "lastStatus": "RUNNING"}).into(),
    }
}

fn tasks(rng: &mut Rng, cluster: &str, service: Option<&str>, status: DesiredStatus) -> Vec<Task> {
    (0..rows(rng))
        .map(|_| task(rng, cluster, service, status))
        .collect()
}

fn container_instances(rng: &mut Rng, cluster: &str) -> Vec<ContainerInstance> {
    let cluster = short(cluster);
    (0..rows(rng))
        .map(|_| ContainerInstance {
            arn: format!(
                "arn:aws:ecs:us-east-1:123456789012:container-instance/{cluster}/{}",
                hex(rng, 32)
            ),
            ec2_instance_id: rng.maybe(80, |r| format!("i-{}", hex(r, 17))),
            status: rng
                .pick(&["ACTIVE", "DRAINING", "REGISTERING", "INACTIVE"])
                .to_string(),
            agent_connected: rng.chance(80),
            running_tasks: count(rng),
            pending_tasks: count(rng),
            remaining_cpu: rng.maybe(80, count),
            remaining_memory: rng.maybe(80, count),
            registered_cpu: rng.maybe(80, count),
            registered_memory: rng.maybe(80, count),
            agent_version: rng.maybe(80, |_| "1.89.2".to_string()),
            docker_version: rng.maybe(80, |_| "DockerVersion: 25.0.8".to_string()),
            capacity_provider: rng.maybe(30, |_| "my-asg-cp".to_string()),
        })
        .collect()
}

/// The registerable-looking JSON of a revision, in one of several shapes.
fn taskdef_json(rng: &mut Rng, arn: &str, family: &str, revision: i32, status: &str) -> Value {
    let log = json!({
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": format!("/ecs/{family}"),
            "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": "ecs"
        }
    });
    let containers: Vec<Value> = (0..match rng.below(10) {
        0 => 0,
        1 => 10,
        _ => rng.usize(1, 3),
    })
        .map(|i| {
            let mut c = json!({
                "name": CONTAINERS[i % CONTAINERS.len()],
                "image": format!("shop/{family}:{revision}"),
                "essential": i == 0,
                "memory": 128,
                "portMappings": [{"containerPort": 8080 + i, "protocol": "tcp", "name": format!("p{i}")}],
                "environment": [{"name": "APP_ENV", "value": "production"}],
                "command": ["python", "-m", "worker", "--queues", "a b"],
            });
            if rng.chance(60) {
                c["logConfiguration"] = log.clone();
            }
            if rng.chance(20) {
                c["healthCheck"] = json!({"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], "interval": 30});
            }
            if rng.chance(10) {
                c["secrets"] = json!([{"name": "DB", "valueFrom": "arn:aws:secretsmanager:us-east-1:1:secret:db"}]);
            }
            c
        })
        .collect();
    let mut td = json!({
        "taskDefinitionArn": arn,
        "family": family,
        "revision": revision,
        "status": status,
        "containerDefinitions": containers,
    });
    match rng.below(4) {
        0 => {
            td["requiresCompatibilities"] = json!(["FARGATE"]);
            td["networkMode"] = json!("awsvpc");
            td["cpu"] = json!(rng.pick(&["256", "512", "1024", "4096", "3"]));
            td["memory"] = json!(rng.pick(&["512", "1024", "2048", "30720", "7"]));
            td["executionRoleArn"] = json!("arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
        }
        1 => {
            td["requiresCompatibilities"] = json!(["EC2"]);
            td["networkMode"] = json!("bridge");
        }
        2 => {
            td["requiresCompatibilities"] = json!(["FARGATE"]);
            td["networkMode"] = json!("awsvpc");
            td["runtimePlatform"] = json!({"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"});
            td["cpu"] = json!("1024");
            td["memory"] = json!("2048");
        }
        _ => {}
    }
    td
}

fn taskdef(rng: &mut Rng, family: &str, revision: i32, status: &str) -> TaskDefinition {
    let arn = revision_arn(family, revision);
    let json = taskdef_json(rng, &arn, family, revision, status);
    let containers = json["containerDefinitions"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| ContainerSummary {
                    name: c["name"].as_str().unwrap_or_default().to_string(),
                    image: c["image"].as_str().unwrap_or_default().to_string(),
                    essential: c["essential"].as_bool().unwrap_or(true),
                    ports: vec!["8080/tcp".into()],
                    command: vec!["python".into(), "-m".into(), "worker".into()],
                    entry_point: Vec::new(),
                    environment: vec![("APP_ENV".into(), "production".into())],
                    log: Some(format!(
                        "awslogs group=/ecs/{family} region=us-east-1 prefix=ecs"
                    )),
                })
                .collect()
        })
        .unwrap_or_default();
    TaskDefinition {
        arn,
        family: family.to_string(),
        revision,
        status: status.to_string(),
        registered_at: rng.maybe(60, |_| "2025-11-25 15:50:15Z".to_string()),
        cpu: json["cpu"].as_str().map(str::to_string),
        memory: json["memory"].as_str().map(str::to_string),
        launch_types: json["requiresCompatibilities"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        network_mode: json["networkMode"].as_str().map(str::to_string),
        os: json["runtimePlatform"]["operatingSystemFamily"]
            .as_str()
            .map(str::to_string),
        arch: json["runtimePlatform"]["cpuArchitecture"]
            .as_str()
            .map(str::to_string),
        task_role: rng.maybe(30, |_| "arn:aws:iam::123456789012:role/app".to_string()),
        execution_role: json["executionRoleArn"].as_str().map(str::to_string),
        containers,
        tags: tags(rng),
        json,
    }
}

/// `family` and revision of an ARN or a `family:rev` string, as a job names a revision.
fn parse_revision(arn: &str) -> (String, i32) {
    if let Some(r) = RevisionRef::from_arn(arn, "ACTIVE") {
        return (r.family, r.revision);
    }
    match arn.rsplit_once(':') {
        Some((family, rev)) => (family.to_string(), rev.parse().unwrap_or(1)),
        None => (arn.to_string(), 1),
    }
}

fn revisions(rng: &mut Rng, family: &str, active_only: bool) -> Vec<RevisionRef> {
    let n = rows(rng);
    (0..n)
        .map(|i| {
            let revision = (n - i) as i32;
            let status = if active_only || rng.chance(60) {
                "ACTIVE"
            } else {
                "INACTIVE"
            };
            RevisionRef {
                arn: revision_arn(family, revision),
                family: family.to_string(),
                revision,
                status: status.to_string(),
            }
        })
        .collect()
}

fn families(rng: &mut Rng) -> Vec<String> {
    let n = rows(rng);
    (0..n)
        .map(|i| {
            if i < FAMILIES.len() && n < 20 {
                FAMILIES[i].to_string()
            } else {
                format!("family-{i:05}")
            }
        })
        .collect()
}

fn namespace(rng: &mut Rng, name: &str) -> Namespace {
    let kind = match rng.below(5) {
        0 => NamespaceKind::DnsPrivate,
        1 => NamespaceKind::DnsPublic,
        2 => NamespaceKind::Other("FUTURE".into()),
        _ => NamespaceKind::Http,
    };
    let mut ns = Namespace::named(&odd_name(rng, name), kind);
    ns.description = rng.maybe(50, text);
    ns.created = time(rng);
    ns.service_count = rng.maybe(50, count);
    ns.hosted_zone_id = rng.maybe(30, |_| "/hostedzone/Z123".to_string());
    ns.http_name = rng.maybe(50, |_| name.to_string());
    ns
}

fn namespaces(rng: &mut Rng) -> Vec<Namespace> {
    let n = rows(rng);
    (0..n)
        .map(|i| {
            let name = match i {
                0 if n < 20 => "staging.local".to_string(),
                1 if n < 20 => "internal.corp".to_string(),
                _ => format!("ns-{i:05}.local"),
            };
            namespace(rng, &name)
        })
        .collect()
}

fn log_sources(rng: &mut Rng, cluster: &str) -> Resolution {
    let n = match rng.below(10) {
        0 => 0,
        1 => 40,
        _ => rng.usize(1, 6),
    };
    Resolution {
        sources: (0..n)
            .map(|i| {
                let task_id = if rng.chance(5) {
                    "abc".to_string()
                } else {
                    hex(rng, 32)
                };
                let container = CONTAINERS[i % CONTAINERS.len()].to_string();
                LogSource {
                    group: format!("/ecs/{}", rng.pick(FAMILIES)),
                    region: rng.maybe(90, |_| "us-east-1".to_string()),
                    stream: format!("ecs/{container}/{task_id}"),
                    task_id,
                    container,
                }
            })
            .collect(),
        problems: (0..rng.usize(0, 2))
            .map(|_| {
                format!(
                    "container x of {cluster} logs with the splunk driver: not in CloudWatch Logs"
                )
            })
            .collect(),
    }
}

fn tail_update(rng: &mut Rng, sources: usize) -> TailUpdate {
    match rng.below(12) {
        0 => TailUpdate::Mode(TailMode::Live),
        1 => TailUpdate::Mode(TailMode::Polling {
            why: "Live Tail is not available at an emulator endpoint".into(),
        }),
        2 => TailUpdate::Sampled,
        3 => TailUpdate::Retrying(aws_error(rng)),
        4 => TailUpdate::Notice(text(rng)),
        5 => TailUpdate::Failed(aws_error(rng)),
        6 => TailUpdate::Done,
        _ if sources == 0 => TailUpdate::Notice("no streams".into()),
        _ => {
            let n = match rng.below(30) {
                0 => HUGE,
                1 => 0,
                _ => rng.usize(1, 40),
            };
            let base = 1_764_085_815_000i64 + rng.range(-86_400_000, 86_400_000);
            TailUpdate::Events(
                (0..n)
                    .map(|i| LogEvent {
                        timestamp: match rng.below(40) {
                            0 => 0,
                            1 => i64::MAX / 2,
                            2 => -1,
                            _ => base + i as i64 * rng.range(0, 2_000),
                        },
                        ingestion_time: rng.maybe(50, |r| base + r.range(0, 5_000)),
                        message: text(rng),
                        source: rng.usize(0, sources - 1),
                    })
                    .collect(),
            )
        }
    }
}

fn cloud_map_services(rng: &mut Rng) -> Vec<CloudMapService> {
    (0..rows(rng))
        .map(|i| CloudMapService {
            id: format!("srv-{i:020}"),
            arn: format!("arn:aws:servicediscovery:us-east-1:123456789012:service/srv-{i}"),
            name: odd_name(rng, "web"),
            kind: rng.maybe(70, |r| r.pick(&["HTTP", "DNS_HTTP", "DNS"]).to_string()),
            description: rng.maybe(50, text),
            instance_count: rng.maybe(50, count),
            created: time(rng),
        })
        .collect()
}

fn vpcs(rng: &mut Rng) -> Vec<VpcSummary> {
    (0..rng.usize(0, 4))
        .map(|i| VpcSummary {
            id: format!("vpc-{i:08}"),
            cidr: rng.maybe(90, |_| "172.31.0.0/16".to_string()),
            is_default: i == 0,
            name: rng.maybe(50, |r| odd_name(r, "main")),
        })
        .collect()
}

fn subnets(rng: &mut Rng, vpc: Option<&str>) -> Vec<Subnet> {
    let n = match rng.below(20) {
        0 => 300,
        1..=3 => 0,
        _ => rng.usize(1, 6),
    };
    (0..n)
        .map(|i| Subnet {
            id: format!("subnet-{i:08}"),
            vpc_id: vpc.unwrap_or("vpc-00000000").to_string(),
            availability_zone: format!("us-east-1{}", char::from(b'a' + (i % 6) as u8)),
            cidr: format!("172.31.{}.0/20", i * 16 % 256),
            name: rng.maybe(50, |r| odd_name(r, "app")),
            available_ips: rng.maybe(80, count),
            default_for_az: rng.chance(50),
            map_public_ip: rng.chance(50),
        })
        .collect()
}

fn security_groups(rng: &mut Rng, vpc: Option<&str>) -> Vec<SecurityGroup> {
    (0..match rng.below(10) {
        0 => 0,
        1 => 200,
        _ => rng.usize(1, 5),
    })
        .map(|i| SecurityGroup {
            id: format!("sg-{i:08}"),
            name: if i == 0 {
                "default".into()
            } else {
                odd_name(rng, "web")
            },
            vpc_id: vpc.unwrap_or("vpc-00000000").to_string(),
            description: text(rng),
        })
        .collect()
}

fn target_groups(rng: &mut Rng) -> Vec<TargetGroup> {
    (0..rng.usize(0, 5))
        .map(|i| TargetGroup {
            arn: format!(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-{i}/abc"
            ),
            name: odd_name(rng, "web-tg"),
            port: rng.maybe(80, |r| r.range(1, 65_535) as i32),
            protocol: rng.maybe(80, |r| r.pick(&["HTTP", "HTTPS", "TCP"]).to_string()),
            target_type: rng.maybe(80, |r| {
                r.pick(&["ip", "instance", "lambda", "alb"]).to_string()
            }),
            vpc_id: rng.maybe(80, |_| "vpc-00000000".to_string()),
            load_balancer_arns: (0..rng.usize(0, 2))
                .map(|j| format!("arn:lb/{j}"))
                .collect(),
        })
        .collect()
}

fn roles(rng: &mut Rng) -> Vec<Role> {
    let n = match rng.below(10) {
        0 => 0,
        1 => 500,
        _ => rng.usize(1, 6),
    };
    (0..n)
        .map(|i| {
            let name = match i {
                0 => "ecsTaskExecutionRole".to_string(),
                1 => "ecsAnywhereRole".to_string(),
                _ => format!("role-{i}"),
            };
            Role {
                arn: format!("arn:aws:iam::123456789012:role/{name}"),
                name,
            }
        })
        .collect()
}

fn auto_scaling_groups(rng: &mut Rng) -> Vec<AutoScalingGroupSummary> {
    (0..rng.usize(0, 4))
        .map(|i| AutoScalingGroupSummary {
            name: odd_name(rng, "web-asg"),
            arn: format!("arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x:autoScalingGroupName/asg-{i}"),
            min: count(rng),
            max: count(rng),
            desired: count(rng),
            instances: rng.usize(0, 10),
        })
        .collect()
}

fn created_cluster(rng: &mut Rng, name: &str) -> CreatedCluster {
    let total = rng.usize(1, 4);
    CreatedCluster {
        cluster: cluster(rng, name),
        namespace: rng.maybe(30, |r| namespace(r, "shop.local")),
        capacity_provider_arn: rng.maybe(20, |_| "arn:aws:ecs:us-east-1:1:capacity-provider/cp".to_string()),
        activation: rng.maybe(20, |r| {
            if r.chance(70) {
                Ok(Activation {
                    id: hex(r, 36),
                    code: hex(r, 20),
                    region: "us-east-1".into(),
                    cluster: name.to_string(),
                    registration_command: "curl --proto https -o /tmp/ecs-anywhere-install.sh https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install-latest.sh && bash /tmp/ecs-anywhere-install.sh".into(),
                })
            } else {
                Err(aws_error(r))
            }
        }),
        steps: (1..=total)
            .map(|index| StepProgress {
                index,
                total,
                title: format!("step {index}"),
                state: match rng.below(4) {
                    0 => StepState::Running,
                    1 => StepState::Waiting {
                        status: "PENDING".into(),
                        elapsed: Duration::from_millis(rng.below(100_000)),
                    },
                    2 => StepState::Failed { message: text(rng) },
                    _ => StepState::Done { detail: text(rng) },
                },
            })
            .collect(),
    }
}

fn per_item(rng: &mut Rng, arns: &[String]) -> Vec<(String, Result<(), AwsError>)> {
    arns.iter()
        .map(|a| {
            (
                a.clone(),
                if rng.chance(20) {
                    Err(aws_error(rng))
                } else {
                    Ok(())
                },
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------

/// Everything `job` answers with, in order (progress first, the final answer last).
fn answers(rng: &mut Rng, job: &Job, read_only: bool) -> Vec<Outcome> {
    if read_only && job.is_mutating() {
        return vec![Outcome::Blocked {
            what: job.describe(),
        }];
    }
    let progress = |rng: &mut Rng, most: usize| -> Vec<Outcome> {
        let n = rng.usize(0, most);
        (0..n)
            .map(|i| Outcome::Progress {
                step: if rng.chance(10) { 99 } else { i + 1 },
                line: text(rng),
            })
            .collect()
    };
    let one = match job {
        Job::Identity => Outcome::Identity(result(rng, |_| Identity {
            account: "123456789012".into(),
            arn: "arn:aws:iam::123456789012:user/ops".into(),
        })),
        Job::Clusters => Outcome::Clusters(result(rng, clusters)),
        Job::Cluster { cluster: name } => {
            Outcome::Cluster(result(rng, |r| Box::new(cluster(r, short(name)))))
        }
        Job::Services { cluster } => Outcome::Services(result(rng, |r| services(r, cluster))),
        Job::Service {
            cluster,
            service: name,
        } => Outcome::Service(result(rng, |r| Box::new(service(r, cluster, name)))),
        Job::Autoscaling { .. } => Outcome::Autoscaling(result(rng, |r| {
            r.maybe(50, |r| Autoscaling {
                min: r.maybe(80, count),
                max: r.maybe(80, count),
                policies: (0..r.usize(0, 3))
                    .map(|_| {
                        "cpu: TargetTrackingScaling ECSServiceAverageCPUUtilization 60".to_string()
                    })
                    .collect(),
            })
        })),
        Job::Tasks {
            cluster,
            service,
            status,
        } => Outcome::Tasks(result(rng, |r| {
            tasks(r, cluster, service.as_deref(), *status)
        })),
        Job::Task { cluster, task: id } => Outcome::Task(result(rng, |r| {
            let mut t = task(r, cluster, None, DesiredStatus::Running);
            if r.chance(70) {
                t.arn = if id.contains(':') {
                    id.clone()
                } else {
                    format!("arn:aws:ecs:us-east-1:123456789012:task/{cluster}/{id}")
                };
            }
            Box::new(t)
        })),
        Job::ContainerInstances { cluster } => {
            Outcome::ContainerInstances(result(rng, |r| container_instances(r, cluster)))
        }
        Job::ActiveRevisions { family } => {
            Outcome::ActiveRevisions(result(rng, |r| revisions(r, family, true)))
        }
        Job::LogSources { cluster, .. } => {
            Outcome::LogSources(result(rng, |r| log_sources(r, cluster)))
        }
        Job::TailLogs { sources, .. } => {
            let mut out: Vec<Outcome> = (0..rng.usize(1, 6))
                .map(|_| Outcome::Tail(tail_update(rng, sources.len())))
                .collect();
            if rng.chance(20) {
                out.push(Outcome::TailEnded);
            }
            return out;
        }
        Job::Namespaces => Outcome::Namespaces(result(rng, namespaces)),
        Job::NamespaceServices { .. } => {
            Outcome::NamespaceServices(result(rng, cloud_map_services))
        }
        Job::NamespaceEcsServices { cluster_arns, .. } => {
            Outcome::NamespaceEcsServices(result(rng, |r| {
                let refs = (0..rows(r))
                    .map(|i| {
                        EcsServiceRef::from_arn(&format!(
                            "arn:aws:ecs:us-east-1:123456789012:service/{}/svc-{i}",
                            r.pick(CLUSTERS)
                        ))
                    })
                    .collect();
                let source = if r.chance(50) {
                    EcsServicesSource::ListServicesByNamespace
                } else {
                    EcsServicesSource::ClusterScan {
                        clusters: cluster_arns.len(),
                    }
                };
                (refs, source)
            }))
        }
        Job::Families { .. } => Outcome::Families(result(rng, families)),
        Job::Revisions { family } => {
            Outcome::Revisions(result(rng, |r| revisions(r, family, false)))
        }
        Job::DescribeTaskDefs { arns } => Outcome::Described(
            arns.iter()
                .map(|arn| {
                    let (family, revision) = parse_revision(arn);
                    let status = if rng.chance(70) { "ACTIVE" } else { "INACTIVE" };
                    let r = result(rng, |r| {
                        let mut td = taskdef(r, &family, revision, status);
                        if r.chance(80) {
                            td.arn = arn.clone();
                        }
                        td
                    });
                    (arn.clone(), r)
                })
                .collect(),
        ),
        Job::SummarizeFamilies { families } => Outcome::Summarized(
            families
                .iter()
                .map(|family| {
                    let r = result(rng, |r| {
                        let latest = r.maybe(80, |r| r.range(1, 40) as i32);
                        let td =
                            latest.and_then(|n| r.maybe(80, |r| taskdef(r, family, n, "ACTIVE")));
                        (
                            FamilySummary {
                                latest,
                                active: r.usize(0, 40),
                                launch_types: vec!["FARGATE".into()],
                            },
                            td,
                        )
                    });
                    (family.clone(), r)
                })
                .collect(),
        ),
        Job::FindServiceUsage { arns } => Outcome::ServiceUsage(result(rng, |r| -> ServiceUsage {
            r.maybe(80, |r| {
                let mut map = HashMap::new();
                for arn in arns {
                    if r.chance(50) {
                        map.insert(arn.clone(), vec![format!("{}/web", r.pick(CLUSTERS))]);
                    }
                }
                map
            })
        })),
        Job::Roles => Outcome::Roles(result(rng, roles)),
        Job::AutoScalingGroups => Outcome::AutoScalingGroups(result(rng, auto_scaling_groups)),
        Job::Vpcs => Outcome::Vpcs(result(rng, vpcs)),
        Job::Subnets { vpc } => {
            // Now and then the answer names another VPC (a late answer to an earlier pick).
            let vpc = if rng.chance(10) {
                Some("vpc-other".to_string())
            } else {
                vpc.clone()
            };
            Outcome::Subnets {
                result: result(rng, |r| subnets(r, vpc.as_deref())),
                vpc,
            }
        }
        Job::SecurityGroups { vpc } => {
            let vpc = if rng.chance(10) { None } else { vpc.clone() };
            Outcome::SecurityGroups {
                result: result(rng, |r| security_groups(r, vpc.as_deref())),
                vpc,
            }
        }
        Job::TargetGroups => Outcome::TargetGroups(result(rng, target_groups)),
        Job::DeletePrecheck { cluster } => Outcome::Precheck {
            cluster: cluster.clone(),
            result: result(rng, |r| {
                let services: Vec<String> = (0..match r.below(4) {
                    0 => 0,
                    1 => 300,
                    _ => r.usize(0, 3),
                })
                    .map(|i| format!("svc-{i}"))
                    .collect();
                DeletePrecheck::new(cluster, services, r.usize(0, 5), r.usize(0, 3))
            }),
        },
        Job::Sleep { .. } => Outcome::RefreshDue,
        Job::Exec { container, .. } => Outcome::ExecReady {
            container: container.clone(),
            result: result(rng, |_| tecs::effect::PluginCommand {
                program: "/bin/true".into(),
                args: Vec::new(),
                session_id: "s-1".into(),
            }),
        },
        Job::PortForward {
            container,
            remote,
            local,
            ..
        } => {
            let mut out = Vec::new();
            if rng.chance(70) {
                out.push(Outcome::Forwarding {
                    local: *local,
                    remote: *remote,
                    container: container.clone(),
                    session_id: "s-2".into(),
                });
            }
            if rng.chance(50) {
                out.push(Outcome::ForwardEnded(result(rng, text)));
            }
            return out;
        }
        Job::TreeLookup { node, lookup } => Outcome::TreeLookup {
            node: *node,
            result: result(rng, |r| match lookup {
                Lookup::Role { arn } => LookupAnswer::Role(match r.below(3) {
                    0 => Presence::Missing(text(r)),
                    1 => Presence::Denied("iam:GetRole".into()),
                    _ => Presence::Present(RoleInfo {
                        name: text(r),
                        arn: arn.clone(),
                        policies: vec![PolicyInfo {
                            name: text(r),
                            kind: "inline",
                            statements: vec![text(r)],
                            star_actions: if r.chance(50) {
                                vec!["*".into()]
                            } else {
                                Vec::new()
                            },
                            unreadable: r.maybe(20, text),
                        }],
                    }),
                }),
                Lookup::Image { .. } => LookupAnswer::Image(if r.chance(50) {
                    Presence::Missing(text(r))
                } else {
                    Presence::Denied("ecr:DescribeImages".into())
                }),
                Lookup::LogGroup { name } => LookupAnswer::LogGroup(if r.chance(50) {
                    Presence::Missing(text(r))
                } else {
                    Presence::Present(LogGroupInfo {
                        name: name.clone(),
                        retention_days: r.maybe(50, |_| 14),
                        stored_bytes: None,
                        last_event: None,
                    })
                }),
                Lookup::Network { subnets, .. } => LookupAnswer::Network(
                    subnets
                        .iter()
                        .map(|s| (s.clone(), Presence::Missing(text(r))))
                        .collect(),
                ),
                Lookup::TargetGroup { .. } => LookupAnswer::TargetGroup(Presence::Denied(
                    "elasticloadbalancing:DescribeTargetGroups".into(),
                )),
            }),
        },
        Job::Remember { .. } => Outcome::Remembered,
        Job::Findings => {
            let chunk = vec![tecs::domain::findings::RevisionFindings {
                arn: "arn:aws:ecs:us-east-1:1:task-definition/web:3".into(),
                label: "web:3".into(),
                findings: tecs::domain::findings::check(
                    &json!({"containerDefinitions": [{"name": "app", "image": "nginx"}]}),
                    &Default::default(),
                ),
                error: rng.maybe(20, text),
                unchecked: rng.maybe(20, text).into_iter().collect(),
            }];
            let mut out = Vec::new();
            if rng.chance(70) {
                out.push(Outcome::FindingsSoFar(chunk.clone()));
            }
            out.push(Outcome::Findings(result(rng, |_| chunk)));
            return out;
        }
        Job::Profiles => Outcome::Profiles(result(rng, |r| {
            (0..r.usize(0, 6))
                .map(|i| ProfileSummary {
                    name: if i == 0 {
                        "prod-admin".into()
                    } else {
                        format!("{}-{i}", text(r))
                    },
                    kind: r
                        .pick(&[
                            ProfileKind::Sso,
                            ProfileKind::Static,
                            ProfileKind::NoCredentials,
                        ])
                        .clone(),
                    region: r.maybe(50, |r| r.pick(&["eu-west-1", "us-east-1"]).to_string()),
                    detail: text(r),
                })
                .collect()
        })),
        Job::Switch { profile, region } => Outcome::Switched(if rng.chance(30) {
            Err(text(rng))
        } else {
            let region = region.clone().unwrap_or_else(|| "us-west-2".into());
            Ok(Switched {
                clients: fuzz_clients(&region),
                profile: profile.clone(),
                region,
                recent_regions: vec!["eu-west-1".into()],
                warning: rng.maybe(20, text),
            })
        }),
        Job::Overview { regions } => {
            let regions = regions.clone().unwrap_or_else(|| {
                vec!["eu-west-1".into(), "us-east-1".into(), "me-south-1".into()]
            });
            let mut out = vec![Outcome::OverviewRegions {
                regions: regions.clone(),
                note: rng.maybe(30, text),
            }];
            for region in regions {
                if rng.chance(80) {
                    out.push(Outcome::OverviewRegion(RegionClusters {
                        region,
                        result: result(rng, clusters),
                    }));
                }
            }
            out.push(Outcome::OverviewDone);
            return out;
        }
        Job::SaveFile { path, .. } => Outcome::Saved {
            path: path.clone(),
            result: if rng.chance(30) {
                Err("File exists (os error 17)".into())
            } else {
                Ok(())
            },
        },
        Job::DeregisterTaskDefs { arns } => Outcome::Deregistered(per_item(rng, arns)),
        Job::DeleteTaskDefs { arns } => Outcome::Deleted(per_item(rng, arns)),
        Job::RegisterTaskDefinition { family, .. } => Outcome::Registered {
            family: family.clone(),
            result: result(rng, |r| {
                let revision = r.range(2, 50) as i32;
                Box::new(taskdef(r, family, revision, "ACTIVE"))
            }),
        },
        Job::SubmitTaskDefinition { json, .. } => {
            let family = json["family"].as_str().unwrap_or("new").to_string();
            Outcome::Submitted(result(rng, |r| Box::new(taskdef(r, &family, 1, "ACTIVE"))))
        }
        Job::CreateCluster { spec } => {
            let mut out = progress(rng, 4);
            out.push(Outcome::ClusterCreated(result(rng, |r| {
                Box::new(created_cluster(r, &spec.name))
            })));
            return out;
        }
        Job::CreateNamespace { spec } => {
            let mut out = progress(rng, 3);
            out.push(Outcome::NamespaceCreated(result(rng, |r| {
                Box::new(namespace(r, &spec.name))
            })));
            return out;
        }
        Job::Change(change) => {
            let mut out = if matches!(change, Change::DeleteNamespace { .. }) {
                progress(rng, 3)
            } else {
                Vec::new()
            };
            out.push(Outcome::Changed {
                change: change.clone(),
                result: result(rng, |r| {
                    r.maybe(30, |_| "UpdateCluster was used".to_string())
                }),
            });
            return out;
        }
        Job::UpdateService(u) => Outcome::ServiceUpdated(result(rng, |r| {
            let mut s = service(r, &u.cluster, &u.service);
            if let Some(n) = u.desired_count {
                s.desired = n;
            }
            Box::new(s)
        })),
        Job::DeleteService { service, .. } => Outcome::ServiceDeleted {
            service: service.clone(),
            result: result(rng, |_| ()),
        },
        Job::StopTask {
            cluster, task: id, ..
        } => Outcome::TaskStopped(result(rng, |r| {
            let mut t = task(r, cluster, None, DesiredStatus::Running);
            t.arn = id.clone();
            Box::new(t)
        })),
        Job::CreateService(spec) => Outcome::ServiceCreated(result(rng, |r| {
            Box::new(service(r, &spec.cluster, &spec.name))
        })),
        Job::RunTask(spec) => Outcome::TasksStarted(result(rng, |r| {
            let started = (0..r.usize(0, spec.count.clamp(0, 10) as usize))
                .map(|_| task(r, &spec.cluster, None, DesiredStatus::Running))
                .collect();
            let failures = (0..r.usize(0, 2))
                .map(|_| {
                    "arn:aws:ecs:us-east-1:1:container-instance/x: RESOURCE:MEMORY".to_string()
                })
                .collect();
            (started, failures)
        })),
    };
    vec![one]
}

/// Clients that are never called (the fuzzed jobs answer without them).
fn fuzz_clients(region: &str) -> SharedClients {
    SharedClients::unconfigured(region)
}

/// What `$EDITOR` left: the text as it was, changed, broken, or the editor failed.
fn edited(rng: &mut Rng, text: &str) -> Result<String, String> {
    match rng.below(6) {
        0 => Ok(text.to_string()),
        1 => Ok(text.replacen("\"image\": \"", "\"image\": \"x", 1)),
        2 => Ok(text.replacen('{', "", 1)), // a syntax error
        3 => Ok(text.replacen("\"memory\": 128", "\"memory\": null", 1)),
        4 => Err("vi exited with exit status: 1; the edit was not used".into()),
        _ => Ok(format!("{text}\n// trailing junk")),
    }
}

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

/// One key press, or a short typed sequence (`:` or `/` and a word, then maybe Enter or Esc).
fn keys(rng: &mut Rng) -> Vec<KeyEvent> {
    let none = KeyModifiers::NONE;
    let one = match rng.below(100) {
        0..=29 => {
            // A letter, not `q` (it quits: rare, below).
            let mut c = char::from(b'a' + rng.below(26) as u8);
            if c == 'q' {
                c = 'j';
            }
            if rng.chance(25) {
                key(KeyCode::Char(c.to_ascii_uppercase()), KeyModifiers::SHIFT)
            } else {
                key(KeyCode::Char(c), none)
            }
        }
        30..=35 => key(KeyCode::Char(char::from(b'0' + rng.below(10) as u8)), none),
        36..=40 => key(KeyCode::Esc, none),
        41..=46 => key(KeyCode::Enter, none),
        47..=49 => key(KeyCode::Tab, none),
        50..=51 => key(KeyCode::BackTab, KeyModifiers::SHIFT),
        52..=60 => key(
            *rng.pick(&[KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right]),
            if rng.chance(10) {
                KeyModifiers::SHIFT
            } else {
                none
            },
        ),
        61..=63 => key(
            *rng.pick(&[
                KeyCode::PageUp,
                KeyCode::PageDown,
                KeyCode::Home,
                KeyCode::End,
                KeyCode::Backspace,
                KeyCode::Delete,
                KeyCode::Insert,
                KeyCode::F(1),
            ]),
            none,
        ),
        64..=69 => {
            // ctrl-letters; ctrl-c quits, so rarely.
            let mut c = char::from(b'a' + rng.below(26) as u8);
            if c == 'c' && rng.chance(90) {
                c = 's';
            }
            key(KeyCode::Char(c), KeyModifiers::CONTROL)
        }
        70..=73 => key(KeyCode::Char(' '), none),
        74..=79 => key(
            KeyCode::Char(
                *rng.pick(&['+', '-', '?', '.', ',', '*', '[', ']', '#', 'é', '日', '😀']),
            ),
            none,
        ),
        80 => key(
            KeyCode::Char(*rng.pick(&['a', 'x', '/'])),
            KeyModifiers::ALT,
        ),
        81 if rng.chance(20) => key(KeyCode::Char('q'), none),
        81..=90 => {
            let mut seq = vec![key(KeyCode::Char(':'), none)];
            let line = if rng.chance(70) {
                rng.pick(COMMAND_LINES).to_string()
            } else {
                word(rng)
            };
            seq.extend(line.chars().map(|c| key(KeyCode::Char(c), none)));
            match rng.below(10) {
                0 => seq.push(key(KeyCode::Esc, none)),
                1 => seq.push(key(KeyCode::Tab, none)),
                2 => {}
                3 => {
                    seq.push(key(KeyCode::Tab, none));
                    seq.push(key(KeyCode::Enter, none));
                }
                _ => seq.push(key(KeyCode::Enter, none)),
            }
            return seq;
        }
        91..=95 => {
            let mut seq = vec![key(KeyCode::Char('/'), none)];
            seq.extend(word(rng).chars().map(|c| key(KeyCode::Char(c), none)));
            match rng.below(4) {
                0 => seq.push(key(KeyCode::Esc, none)),
                1 => {}
                _ => seq.push(key(KeyCode::Enter, none)),
            }
            return seq;
        }
        _ => {
            // A word typed into whatever has the keyboard (a form field, an input line).
            return word(rng)
                .chars()
                .map(|c| key(KeyCode::Char(c), none))
                .collect();
        }
    };
    vec![one]
}

fn random_size(rng: &mut Rng) -> (u16, u16) {
    match rng.below(10) {
        0 => (rng.range(1, 5) as u16, rng.range(1, 5) as u16),
        1 => (300, 100),
        2 => (80, 24),
        3 => (rng.range(1, 300) as u16, 1),
        4 => (1, rng.range(1, 100) as u16),
        _ => (rng.range(1, 300) as u16, rng.range(1, 100) as u16),
    }
}

// ---------------------------------------------------------------------------------------------
// The driver
// ---------------------------------------------------------------------------------------------

/// An answer waiting to be delivered.
struct Pending {
    due: u64,
    ticket: Ticket,
    outcome: Outcome,
}

/// Where a run is, readable after a panic.
#[derive(Default)]
struct Progress {
    step: u64,
    session: u64,
    size: (u16, u16),
    screen: String,
    trail: VecDeque<String>,
    /// Steps spent on each kind of screen (printed with `--nocapture`: what the run reached).
    visits: HashMap<String, u64>,
    step_in_session: u64,
}

impl Progress {
    fn note(&mut self, what: String) {
        if self.trail.len() == TRAIL {
            self.trail.pop_front();
        }
        self.trail.push_back(format!("#{} {what}", self.step));
    }
}

fn describe_key(k: &KeyEvent) -> String {
    let mods = if k.modifiers.is_empty() {
        String::new()
    } else {
        format!("{:?}+", k.modifiers)
    };
    format!("key {mods}{:?}", k.code)
}

/// The first `limit` characters of `value`'s `Debug` text, without formatting a 5,000-row answer
/// in full.
fn debug_head(value: &dyn std::fmt::Debug, limit: usize) -> (String, bool) {
    struct Bounded(String, usize);
    impl std::fmt::Write for Bounded {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            for c in s.chars() {
                if self.0.chars().count() >= self.1 {
                    return Err(std::fmt::Error);
                }
                self.0.push(c);
            }
            Ok(())
        }
    }
    let mut out = Bounded(String::new(), limit);
    let cut = std::fmt::write(&mut out, format_args!("{value:?}")).is_err();
    (out.0, cut)
}

/// A short description of an outcome for the trail.
fn describe_outcome(o: &Outcome) -> String {
    match debug_head(o, 90) {
        (head, true) => format!("{head}…"),
        (head, false) => head,
    }
}

/// The kind of screen on top (`ClusterDetail`, `ServiceWizard`, …), for the visit counts.
fn route_kind(state: &State) -> String {
    let (head, _) = debug_head(&state.routes.top().route, 40);
    head.split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_string()
}

fn session_state(rng: &mut Rng, progress: &mut Progress) -> (State, Vec<Effect>) {
    let size = random_size(rng);
    let config = AppConfig {
        profile: rng.maybe(50, |r| r.pick(&["prod-admin", "", "sso-😀"]).to_string()),
        region: rng.pick(&["us-east-1", "eu-west-1", ""]).to_string(),
        endpoint_url: rng.maybe(20, |_| "http://127.0.0.1:5000".to_string()),
        read_only: rng.chance(30),
        refresh: match rng.below(4) {
            0 => None,
            1 => Some(Duration::from_secs(1)),
            _ => Some(Duration::from_secs(30)),
        },
        no_color: rng.chance(20),
        log_lines: *rng.pick(&[1, 50, 100_000]),
        theme: *rng.pick(&[
            tecs::widgets::theme::ThemeKind::Default,
            tecs::widgets::theme::ThemeKind::HighContrast,
            tecs::widgets::theme::ThemeKind::Basic,
        ]),
        notice: rng.maybe(10, |_| {
            "config.toml: line 2, column 9: invalid type".to_string()
        }),
        recent_regions: if rng.chance(50) {
            vec!["us-east-1".into(), "eu-west-1".into()]
        } else {
            Vec::new()
        },
        overview_regions: rng.maybe(20, |_| vec!["eu-west-1".into(), "ap-south-1".into()]),
    };
    let mut state = State::new(config, Keymap::default_keymap(), size);
    let effects = match rng.below(10) {
        0 => {
            let targets = (0..rng.usize(0, 4))
                .map(|_| match rng.below(4) {
                    0 => word(rng),
                    _ => format!("{}:{}", rng.pick(FAMILIES), rng.range(0, 5)),
                })
                .collect::<Vec<_>>();
            progress.note(format!("session: tecs deregister {targets:?}"));
            tecs::update::init_deregister(&mut state, targets)
        }
        1 | 2 => {
            let cluster = rng.pick(CLUSTERS).to_string();
            progress.note(format!("session: tecs --cluster {cluster}"));
            tecs::update::init(&mut state, Some(&cluster))
        }
        _ => {
            progress.note("session: tecs".to_string());
            tecs::update::init(&mut state, None)
        }
    };
    progress.size = size;
    progress.step_in_session = 0;
    (state, effects)
}

/// The next action: a key already typed, an answer that is due, or something new.
fn next_action(
    rng: &mut Rng,
    step: u64,
    step_in_session: u64,
    typed: &mut VecDeque<KeyEvent>,
    pending: &mut Vec<Pending>,
    in_wizard: &mut u32,
) -> Action {
    if typed.is_empty() {
        if step_in_session == 1 && rng.chance(40) {
            typed.extend(rng.pick(OPENING_LINES).chars().map(|c| match c {
                '\r' => key(KeyCode::Enter, KeyModifiers::NONE),
                c => key(KeyCode::Char(c), KeyModifiers::NONE),
            }));
        } else if *in_wizard > BORED {
            *in_wizard = 0;
            for code in [KeyCode::Esc, KeyCode::Esc, KeyCode::Char('y'), KeyCode::Esc] {
                typed.push_back(key(code, KeyModifiers::NONE));
            }
        }
    }
    if let Some(k) = typed.pop_front() {
        return Action::Key(k);
    }
    let due: Vec<usize> = pending
        .iter()
        .enumerate()
        .filter(|(_, p)| p.due <= step)
        .map(|(i, _)| i)
        .collect();
    if !due.is_empty() && rng.chance(60) {
        // In order of arrival mostly; out of order now and then.
        let i = if rng.chance(80) {
            due[0]
        } else {
            *rng.pick(&due)
        };
        let p = pending.remove(i);
        return Action::Done {
            ticket: p.ticket,
            outcome: p.outcome,
        };
    }
    match rng.below(100) {
        0..=3 => {
            let (w, h) = random_size(rng);
            Action::Resize(w, h)
        }
        4..=8 => Action::Tick,
        9 if rng.chance(5) => Action::Terminate,
        _ => {
            typed.extend(keys(rng));
            Action::Key(
                typed
                    .pop_front()
                    .unwrap_or(key(KeyCode::Enter, KeyModifiers::NONE)),
            )
        }
    }
}

/// Runs `steps` steps of `seed`; returns the panics tecs had (a panic in the harness itself
/// propagates).
fn fuzz(seed: u64, steps: u64, progress: &mut Progress) -> Vec<Crash> {
    quiet_panics();
    let mut crashes = Vec::new();
    let mut rng = Rng::new(seed);
    let start = Instant::now();
    let mut clock = Duration::ZERO;
    let (mut state, first) = session_state(&mut rng, progress);
    let mut terminal =
        Terminal::new(TestBackend::new(state.app.size.0, state.app.size.1)).expect("test terminal");
    let mut pending: Vec<Pending> = Vec::new();
    let mut typed: VecDeque<KeyEvent> = VecDeque::new();
    let mut effects = first;
    let mut in_wizard: u32 = 0;

    for step in 0..steps {
        progress.step = step;
        progress.step_in_session += 1;
        // Answer what the last action asked for.
        let read_only = state.app.config.read_only;
        for effect in effects.drain(..) {
            let (ticket, outcomes) = match effect {
                Effect::Run { ticket, job } => (ticket, answers(&mut rng, &job, read_only)),
                Effect::EditText {
                    ticket,
                    family,
                    base_arn,
                    text,
                } => {
                    let result = edited(&mut rng, &text);
                    (
                        ticket,
                        vec![Outcome::Edited {
                            family,
                            base_arn,
                            result,
                        }],
                    )
                }
                Effect::RunPlugin { ticket, .. } => (
                    ticket,
                    vec![Outcome::PluginEnded(if rng.chance(50) {
                        Ok("the session ended".into())
                    } else {
                        Err("exit status: 255".into())
                    })],
                ),
                Effect::CancelOwner(_)
                | Effect::CancelTicket(_)
                | Effect::Clipboard { .. }
                | Effect::UseClients { .. } => {
                    continue;
                }
            };
            let (delay, copies) = match rng.below(100) {
                0..=44 => (0, 1),
                45..=79 => (rng.below(10) + 1, 1),
                80..=89 => (rng.below(200) + 10, 1),
                90..=96 => continue, // never answered
                _ => (rng.below(5), 2),
            };
            for copy in 0..copies {
                for (i, outcome) in outcomes.iter().enumerate() {
                    pending.push(Pending {
                        due: step + delay + i as u64 + copy * rng.below(20),
                        ticket,
                        outcome: outcome.clone(),
                    });
                }
            }
        }
        // Bounded, so a long run does not pile up answers for screens long gone.
        if pending.len() > 2_000 {
            pending.drain(..1_000);
        }

        // One step is one turn of the app loop: usually one action, now and then a burst (keys
        // typed or pasted quickly, answers arriving together) applied before one draw.
        let burst = if rng.chance(10) { rng.usize(2, 5) } else { 1 };
        let mut actions = Vec::with_capacity(burst);
        for _ in 0..burst {
            let action = next_action(
                &mut rng,
                step,
                progress.step_in_session,
                &mut typed,
                &mut pending,
                &mut in_wizard,
            );
            progress.note(match &action {
                Action::Key(k) => describe_key(k),
                Action::Resize(w, h) => format!("resize {w}x{h}"),
                Action::Tick => "tick".into(),
                Action::Terminate => "terminate".into(),
                Action::Done { ticket, outcome } => {
                    format!("done #{} {}", ticket.id, describe_outcome(outcome))
                }
            });
            if let Action::Resize(w, h) = action {
                terminal.backend_mut().resize(w, h);
                progress.size = (w, h);
            }
            actions.push(action);
        }
        // The clock moves on as the app loop's does (now and then by a lot).
        clock += match rng.below(100) {
            0 => Duration::from_secs(3_600),
            1..=5 => Duration::from_secs(rng.below(60)),
            _ => Duration::from_millis(rng.below(400)),
        };

        // tecs's part of the step: update, then draw. A panic here is a finding: it is recorded
        // and the next session starts, so one run can find several.
        let stepped = catch_unwind(AssertUnwindSafe(|| {
            let mut effects = Vec::new();
            for action in actions {
                effects.extend(tecs::update::update(&mut state, action));
                if state.app.should_quit {
                    break; // the app loop stops at once
                }
            }
            state.app.now = start + clock;
            progress.screen = state.routes.top().route.screen().crumb();
            let kind = route_kind(&state);
            in_wizard = if kind.ends_with("Wizard") {
                in_wizard + 1
            } else {
                0
            };
            *progress.visits.entry(kind).or_default() += 1;
            terminal
                .draw(|frame| tecs::ui::render(frame, &state))
                .expect("draw");
            effects
        }));
        let crashed = match stepped {
            Ok(next) => {
                effects = next;
                false
            }
            Err(panic) => {
                crashes.push(Crash {
                    seed,
                    step,
                    session: progress.session,
                    size: progress.size,
                    screen: progress.screen.clone(),
                    message: panic_message(panic.as_ref()),
                    location: LAST_PANIC.with(|l| l.borrow_mut().take()),
                    trail: progress.trail.iter().cloned().collect(),
                });
                true
            }
        };

        if crashed || state.app.should_quit {
            progress.session += 1;
            let (next, first) = session_state(&mut rng, progress);
            state = next;
            terminal
                .backend_mut()
                .resize(state.app.size.0, state.app.size.1);
            pending.clear();
            typed.clear();
            effects = first;
        }
    }
    crashes
}

fn parse_seed(s: &str) -> Option<u64> {
    let s = s.trim();
    match s.strip_prefix("0x") {
        Some(h) => u64::from_str_radix(&h.replace('_', ""), 16).ok(),
        None => s.parse().ok(),
    }
}

/// A panic tecs had, and how to get there again.
struct Crash {
    seed: u64,
    step: u64,
    session: u64,
    size: (u16, u16),
    screen: String,
    message: String,
    location: Option<String>,
    trail: Vec<String>,
}

impl Crash {
    fn report(&self) -> String {
        format!(
            "seed {:#x} panicked at step {} (session {}, size {}x{}, screen {:?}) at {}: {}\n\
             replay: TECS_FUZZ_SEED={:#x} TECS_FUZZ_STEPS={} cargo test --test fuzz -- --nocapture\n\
             last actions:\n  {}",
            self.seed,
            self.step,
            self.session,
            self.size.0,
            self.size.1,
            self.screen,
            self.location.as_deref().unwrap_or("an unknown place"),
            self.message,
            self.seed,
            self.step + 1,
            self.trail.join("\n  ")
        )
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(a non-string panic)".into())
}

thread_local! {
    /// This thread fuzzes: its panics are caught and reported at the end, in one line each here.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Where this thread's last panic happened (from the panic hook).
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Installs (once) a panic hook that records where a panic happened and, on a fuzzing thread,
/// prints one line instead of a backtrace; other threads get the usual report.
fn quiet_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let location = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
            LAST_PANIC.with(|l| *l.borrow_mut() = location.clone());
            if QUIET.with(std::cell::Cell::get) {
                eprintln!(
                    "fuzz: tecs panicked at {} (reported at the end)",
                    location.as_deref().unwrap_or("?")
                );
            } else {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
}

/// Runs `seed`; returns tecs's panics. A panic of the harness itself is reported as one too.
fn run_seed(seed: u64, steps: u64, visits: &mut HashMap<String, u64>) -> Vec<Crash> {
    let mut progress = Progress::default();
    let outcome = catch_unwind(AssertUnwindSafe(|| fuzz(seed, steps, &mut progress)));
    QUIET.with(|q| q.set(false));
    for (kind, n) in &progress.visits {
        *visits.entry(kind.clone()).or_default() += n;
    }
    match outcome {
        Ok(crashes) => crashes,
        Err(panic) => vec![Crash {
            seed,
            step: progress.step,
            session: progress.session,
            size: progress.size,
            screen: progress.screen.clone(),
            message: format!("(in the fuzz harness) {}", panic_message(panic.as_ref())),
            location: LAST_PANIC.with(|l| l.borrow_mut().take()),
            trail: progress.trail.iter().cloned().collect(),
        }],
    }
}

#[test]
fn random_keys_sizes_and_answers_never_panic() {
    let total = std::env::var("TECS_FUZZ_STEPS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(DEFAULT_STEPS);
    let seeds: Vec<u64> = match std::env::var("TECS_FUZZ_SEED")
        .ok()
        .as_deref()
        .map(parse_seed)
    {
        Some(Some(seed)) => vec![seed],
        Some(None) => panic!("TECS_FUZZ_SEED must be a number (decimal or 0x hex)"),
        None => match std::env::var("TECS_FUZZ_SEEDS").ok() {
            // Seeds 0x5eed0000 + N (`N`: 1 to N; `A-B`: A to B) instead of the fixed list.
            Some(range) => {
                let bad = || panic!("TECS_FUZZ_SEEDS is a count N or a range A-B");
                let (first, last) = match range.trim().split_once('-') {
                    Some((a, b)) => (
                        a.trim().parse().unwrap_or_else(|_| bad()),
                        b.trim().parse().unwrap_or_else(|_| bad()),
                    ),
                    None => (1, range.trim().parse().unwrap_or_else(|_| bad())),
                };
                (first..=last).map(|i: u64| 0x5eed_0000 + i).collect()
            }
            None => SEEDS.to_vec(),
        },
    };
    let per_seed = (total / seeds.len() as u64).max(1);
    let mut crashes: Vec<Crash> = Vec::new();
    let mut visits: HashMap<String, u64> = HashMap::new();
    for &seed in &seeds {
        let started = Instant::now();
        let found = run_seed(seed, per_seed, &mut visits);
        println!(
            "seed {seed:#x}: {per_seed} steps, {} panic(s) ({:.1?})",
            found.len(),
            started.elapsed()
        );
        crashes.extend(found);
    }
    let mut visited: Vec<(&String, &u64)> = visits.iter().collect();
    visited.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    println!(
        "steps per screen: {}",
        visited
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    // One report per place in the code, with its shortest trail first.
    let mut by_place: Vec<(String, Vec<&Crash>)> = Vec::new();
    for crash in &crashes {
        let place = crash
            .location
            .clone()
            .unwrap_or_else(|| crash.message.clone());
        match by_place.iter_mut().find(|(p, _)| *p == place) {
            Some((_, list)) => list.push(crash),
            None => by_place.push((place, vec![crash])),
        }
    }
    let reports: Vec<String> = by_place
        .iter()
        .map(|(place, list)| {
            let first = list.iter().min_by_key(|c| c.step).expect("not empty");
            format!(
                "{place}: {} panic(s); the first of them:\n{}",
                list.len(),
                first.report()
            )
        })
        .collect();
    assert!(
        crashes.is_empty(),
        "tecs panicked {} time(s) in {} place(s) over {} seed(s):\n\n{}",
        crashes.len(),
        by_place.len(),
        seeds.len(),
        reports.join("\n\n")
    );
}

#[test]
fn the_generator_is_deterministic() {
    let a: Vec<u64> = {
        let mut r = Rng::new(42);
        (0..8).map(|_| r.next()).collect()
    };
    let b: Vec<u64> = {
        let mut r = Rng::new(42);
        (0..8).map(|_| r.next()).collect()
    };
    assert_eq!(a, b);
    let mut r = Rng::new(0);
    assert!(
        (0..100).map(|_| r.next()).any(|x| x != 0),
        "seed 0 works too"
    );
}

// ---------------------------------------------------------------------------------------------
// Regressions: crashes the fuzzer found, each as its shortest key sequence
// ---------------------------------------------------------------------------------------------

/// A session at `size` on the cluster list, loaded with one cluster whose JSON has many lines.
fn on_one_cluster(size: (u16, u16)) -> State {
    let config = AppConfig {
        region: "us-east-1".into(),
        ..AppConfig::default()
    };
    let mut state = State::new(config, Keymap::default_keymap(), size);
    for effect in tecs::update::init(&mut state, None) {
        if let Effect::Run {
            ticket,
            job: Job::Clusters,
        } = effect
        {
            let mut c = Cluster::named("prod");
            c.json = json!({
                "clusterName": "prod",
                "clusterArn": c.arn,
                "status": "ACTIVE",
                "settings": [{"name": "containerInsights", "value": "enabled"}],
                "tags": [{"key": "team", "value": "shop"}]
            });
            tecs::update::update(
                &mut state,
                Action::Done {
                    ticket,
                    outcome: Outcome::Clusters(Ok(vec![c])),
                },
            );
        }
    }
    state
}

fn press(state: &mut State, code: KeyCode) {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    tecs::update::update(state, Action::Key(KeyEvent::new(code, modifiers)));
}

fn draw(state: &State) {
    let (w, h) = state.app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal
        .draw(|frame| tecs::ui::render(frame, state))
        .expect("draw");
}

/// `d`, then `/zzz` Enter: a JSON page searched for something it does not hold.
fn searched_json_page(size: (u16, u16)) -> State {
    let mut s = on_one_cluster(size);
    draw(&s);
    for code in [
        KeyCode::Char('d'),
        KeyCode::Char('/'),
        KeyCode::Char('z'),
        KeyCode::Char('z'),
        KeyCode::Char('z'),
        KeyCode::Enter,
    ] {
        press(&mut s, code);
        draw(&s);
    }
    assert_eq!(s.routes.top().route.screen().crumb(), "prod json");
    s
}

/// Found by seed 0x5eed0017 at 150x1. `End` parks a text page's scroll at `usize::MAX` until the
/// next draw clamps it; `n` adds to it (src/screens/text_page/mod.rs, `search_next`).
#[test]
fn end_then_n_on_a_searched_json_page_in_a_terminal_too_small_to_draw_it() {
    let mut s = searched_json_page((80, 24));
    // Shrunk below 40x10: the page is not drawn, so nothing clamps its scroll. Keys are ignored
    // there now (only the "too small" notice shows), which also closes this path; grown back,
    // End then n before a draw must not overflow either.
    tecs::update::update(&mut s, Action::Resize(39, 9));
    draw(&s);
    press(&mut s, KeyCode::End);
    press(&mut s, KeyCode::Char('n'));
    draw(&s);
    assert_eq!(s.routes.top().route.screen().crumb(), "prod json");
    tecs::update::update(&mut s, Action::Resize(80, 24));
    press(&mut s, KeyCode::End);
    press(&mut s, KeyCode::Char('n'));
    draw(&s);
}

/// The same at 80x24, with `End` and `n` in one burst (typed or pasted together: the app loop
/// applies a burst of keys before it draws).
#[test]
fn end_and_n_in_one_burst_on_a_searched_json_page() {
    let mut s = searched_json_page((80, 24));
    press(&mut s, KeyCode::End);
    press(&mut s, KeyCode::Char('n'));
    draw(&s);
}

/// The control: with a draw between them (as when typed slowly at a usable size), nothing breaks.
#[test]
fn end_then_n_with_a_draw_between_is_fine() {
    let mut s = searched_json_page((80, 24));
    press(&mut s, KeyCode::End);
    draw(&s);
    press(&mut s, KeyCode::Char('n'));
    draw(&s);
}
