//! Why a task stopped, as data plus a small matcher.
//!
//! [`REASONS`] is the table of `shared/docs/ecs-stop-reasons.md`: 40 known causes, each with the
//! conditions that recognise it (a stop code, a regex over AWS's text, a container exit code), a
//! fix and whether the container's own log is the next place to look. The inputs come from
//! DescribeTasks (`stopCode`, `stoppedReason`, each container's `reason` and `exitCode`),
//! DescribeServices (`events[].message`, `deployments[].rolloutStateReason`) and RunTask/StartTask
//! (`failures[].reason`).
//!
//! Rules (from the reference): an entry matches when all the conditions of one of its condition
//! sets hold; entries are tried in table order and the first match wins; the fallback entries
//! (`sigterm-143`, `exit-other`, `start-other`, `unknown`) come last.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::task::{Container, Task};

const TASK_FAILED_TO_START: &str = "TaskFailedToStart";
const ESSENTIAL_CONTAINER_EXITED: &str = "EssentialContainerExited";
/// The stopped reason ECS gives with [`ESSENTIAL_CONTAINER_EXITED`].
const ESSENTIAL_REASON: &str = "Essential container in task exited";
const SERVICE_SCHEDULER_INITIATED: &str = "ServiceSchedulerInitiated";
const USER_INITIATED: &str = "UserInitiated";
const SPOT_INTERRUPTION: &str = "SpotInterruption";

/// One way to recognise a [`Reason`]: every part that is set must hold. A condition with nothing
/// set always holds (the `unknown` entry's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Condition {
    /// The task's `stopCode` must be exactly this (`TaskFailedToStart`, `EssentialContainerExited`, …).
    pub stop: Option<&'static str>,
    /// A regex (Rust `regex` syntax) that must match the task's `stoppedReason`, a container's
    /// `reason`, or the text given to [`explain_text`].
    pub re: Option<&'static str>,
    /// Some container's `exitCode` must be one of these; empty means no exit-code condition.
    pub exit: &'static [i32],
}

impl Condition {
    const fn re(pattern: &'static str) -> Self {
        Self {
            stop: None,
            re: Some(pattern),
            exit: &[],
        }
    }

    const fn stop(code: &'static str) -> Self {
        Self {
            stop: Some(code),
            re: None,
            exit: &[],
        }
    }

    const fn re_stop(pattern: &'static str, code: &'static str) -> Self {
        Self {
            stop: Some(code),
            re: Some(pattern),
            exit: &[],
        }
    }

    const fn stop_exit(code: &'static str, exit: &'static [i32]) -> Self {
        Self {
            stop: Some(code),
            re: None,
            exit,
        }
    }

    const fn exit(exit: &'static [i32]) -> Self {
        Self {
            stop: None,
            re: None,
            exit,
        }
    }

    const ANY: Self = Self {
        stop: None,
        re: None,
        exit: &[],
    };
}

/// Whether the container's own log is the next place to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logs {
    /// The application ran: its log shows why.
    Yes,
    /// Nothing ran, or the cause is outside the container.
    No,
    /// It depends (a runtime hiccup, or the cause behind a deployment's failed tasks).
    Maybe,
    /// Only when the matched container exited with one of these codes.
    OnlyForExit(&'static [i32]),
    /// Only when the evidence contains this text (ASCII case ignored).
    OnlyForText(&'static str),
}

/// Which kind of stop a reason is: gives the sentence its opening words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// The image could not be pulled.
    Pull,
    /// The task never reached RUNNING for another reason (secrets, logs, network, volumes).
    Start,
    /// A container ended.
    Crash,
    /// A health check (load balancer or container) failed.
    Health,
    /// The service, a person or the platform stopped the task on purpose.
    Stopped,
    /// The service could not place a task.
    Placement,
    /// A deployment could not proceed.
    Deployment,
    /// A start failure no specific entry explains: the sentence quotes the evidence.
    OtherStart,
    /// An exit no specific entry explains: the sentence quotes the evidence.
    OtherExit,
    /// Nothing matched: the sentence quotes the evidence.
    Unknown,
}

impl Category {
    /// The opening words of the operator's sentence.
    pub fn lead(self) -> &'static str {
        match self {
            Category::Pull => "The image could not be pulled",
            Category::Start | Category::OtherStart => "The task could not start",
            Category::Crash => "A container stopped",
            Category::Health => "The task failed its health checks",
            Category::Stopped => "The task was stopped",
            Category::Placement => "The service could not place a task",
            Category::Deployment => "The deployment could not proceed",
            Category::OtherExit => "A container exited",
            Category::Unknown => "The task stopped for a reason tecs does not recognise",
        }
    }

    /// The title of a catch-all entry says nothing: the sentence shows the evidence instead.
    pub fn quotes_evidence(self) -> bool {
        matches!(
            self,
            Category::OtherStart | Category::OtherExit | Category::Unknown
        )
    }
}

/// One known cause of a stopped task (or of a failed placement or deployment).
#[derive(Debug, PartialEq, Eq)]
pub struct Reason {
    /// Stable id, e.g. `pull-network`.
    pub id: &'static str,
    /// What happened, in plain words: "no network path from the task to the image registry".
    pub title: &'static str,
    /// The kind of stop, for the sentence's opening words.
    pub category: Category,
    /// Alternative condition sets: the entry matches when one of them holds entirely.
    pub conditions: &'static [Condition],
    /// What usually fixes it.
    pub fix: &'static str,
    /// Whether the container's own log is the next place to look.
    pub logs: Logs,
    /// Where this comes from: full https URLs (AWS documentation, AWS re:Post).
    pub sources: &'static [&'static str],
    /// A catch-all entry, tried after every specific one.
    pub fallback: bool,
}

macro_rules! aws_doc {
    ($page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/",
            $page
        )
    };
}

const CODES: &str = aws_doc!("stopped-task-error-codes.html");
const PULL: &str = aws_doc!("task_cannot_pull_image.html");
const RIE: &str = aws_doc!("resource-initialization-error.html");
const RNF: &str = aws_doc!("resource-not-found-error.html");
const TFS: &str = aws_doc!("failed-to-start-error.html");
const START: &str = aws_doc!("cannot-start-container.html");
const OOM: &str = aws_doc!("out-of-memory.html");
const RT: &str = aws_doc!("container-runtime-timeout-error.html");
const RTE: &str = aws_doc!("container-runtime-error.html");
const INSPECT: &str = aws_doc!("cannot-inspect-container.html");
const VOL: &str = aws_doc!("cannot-create-volume.html");
const SPOT: &str = aws_doc!("spot-interruption-errors.html");
const FCP: &str = aws_doc!("fargate-capacity-providers.html");
const EVENTS: &str = aws_doc!("service-event-messages.html");
const CB: &str = aws_doc!("deployment-circuit-breaker.html");
const THROTTLE: &str = aws_doc!("service-throttle-logic.html");
const LB: &str = aws_doc!("troubleshoot-service-load-balancers.html");
const MAINT: &str = aws_doc!("task-maintenance.html");
const HC: &str = aws_doc!("task_definition_parameters.html#container_definition_healthcheck");
const ENI: &str = aws_doc!("container-instance-eni.html");
const PV: &str = aws_doc!("platform_versions.html");
const API: &str = aws_doc!("api_failures_messages.html");
const EXEC_ROLE: &str = aws_doc!("task_execution_IAM_role.html");
const WHY: &str = "https://repost.aws/knowledge-center/ecs-task-stopped";

/// Every known stop reason, in matching order (the reference's order; fallbacks last).
pub static REASONS: &[Reason] = &[
    // Start failures (TaskFailedToStart).
    Reason {
        id: "pull-network",
        title: "no network path from the task to the image registry",
        category: Category::Pull,
        conditions: &[Condition::re(
            r"(?i)(?:CannotPullContainerError|can.t pull the image).*(?:i/o timeout|context canceled|context deadline exceeded|request canceled|connection issue|network configuration|dial tcp|no such host)",
        )],
        fix: "Public subnet → auto-assign public IP; private subnet → NAT route, or VPC endpoints ecr.api, ecr.dkr plus an S3 gateway endpoint (image layers); outbound 443 allowed and VPC DNS on.",
        logs: Logs::No,
        sources: &[PULL, RIE],
        fallback: false,
    },
    Reason {
        id: "secrets-network",
        title: "ECS could not reach ECR auth, Secrets Manager or SSM before start",
        category: Category::Start,
        conditions: &[Condition::re(
            r"(?i)ResourceInitializationError: unable to pull secrets or registry auth.*(?:i/o timeout|context deadline exceeded|context canceled|RequestCanceled|send request failed|connection issue|signal: killed|maximum number of attempts)",
        )],
        fix: "Same network path as for image pulls, plus secretsmanager/ssm/kms VPC endpoints when there is no NAT, admitting 443 from the task (Fargate 1.4+ sends this through the task's own interface).",
        logs: Logs::No,
        sources: &[RIE],
        fallback: false,
    },
    Reason {
        id: "pull-not-found",
        title: "the image name or tag does not exist",
        category: Category::Pull,
        conditions: &[Condition::re(
            r"(?i)CannotPullContainerError.*(?:: not found|manifest unknown|manifest for .+ not found|repository .+ not found|tag .+ not found)",
        )],
        fix: "Push the image (did CI run?); check the URI's account, Region, repository and tag; pin real tags, not an overwritten latest.",
        logs: Logs::No,
        sources: &[PULL],
        fallback: false,
    },
    Reason {
        id: "pull-denied",
        title: "the registry refused the pull",
        category: Category::Pull,
        conditions: &[Condition::re(
            r"(?i)(?:CannotPullContainerError|can.t pull the image).*(?:pull access denied|403 Forbidden|no basic auth credentials|not authorized|AccessDenied|insufficient_scope|permissions to pull images|unauthorized)",
        )],
        fix: "The execution role (EC2: instance role) needs ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer; cross-account → repository policy; private Docker Hub/GHCR → repositoryCredentials. On Docker Hub: maybe a misspelt name.",
        logs: Logs::No,
        sources: &[PULL, EXEC_ROLE],
        fallback: false,
    },
    Reason {
        id: "secret-denied",
        title: "the secret exists but the execution role may not read it",
        category: Category::Start,
        conditions: &[Condition::re(
            r"(?i)ResourceInitializationError: unable to (?:pull|retrieve).*(?:AccessDenied|not authorized to perform)",
        )],
        fix: "Allow secretsmanager:GetSecretValue / ssm:GetParameters on that ARN for the execution role (not the task role); add kms:Decrypt for a customer-managed key.",
        logs: Logs::No,
        sources: &[RIE, EXEC_ROLE],
        fallback: false,
    },
    Reason {
        id: "secret-missing",
        title: "the secret, parameter or JSON key named in the task definition is not there",
        category: Category::Start,
        conditions: &[Condition::re(
            r"(?i)(?:unable to (?:pull secrets|retrieve secrets? from)|Fetching secret data|can.t retrieve the secret).*(?:ResourceNotFound|ParameterNotFound|InvalidParameters|did not contain json key|invalid ARN|ValidationException|marked for deletion|can.t find the specified secret|exists in the specified Region)",
        )],
        fix: "Check the valueFrom ARN (Region, account, suffix), that the secret is not deleted, and that a :json-key:: suffix names a key really in the JSON.",
        logs: Logs::No,
        sources: &[RNF, RIE],
        fallback: false,
    },
    Reason {
        id: "log-driver",
        title: "the awslogs driver could not set up its CloudWatch group/stream",
        category: Category::Start,
        conditions: &[Condition::re(
            r"(?i)failed to validate logger args|failed to initialize logging driver|failed to create Cloudwatch log|specified log group does not exist|Amazon CloudWatch log group",
        )],
        fix: "Create the awslogs-group (or awslogs-create-group=true plus logs:CreateLogGroup); the execution role needs logs:CreateLogStream, logs:PutLogEvents; no NAT → a logs VPC endpoint.",
        logs: Logs::No,
        sources: &[RIE],
        fallback: false,
    },
    Reason {
        id: "wrong-arch",
        title: "the image was built for another CPU architecture",
        category: Category::Start,
        conditions: &[Condition::re(
            r"(?i)does not contain descriptor matching platform|no matching manifest for|exec format error",
        )],
        fix: "Build for the task's platform (--platform linux/amd64, typical from Apple Silicon) or set runtimePlatform.cpuArchitecture; a wrong single-arch image pulls, then logs exec format error.",
        logs: Logs::OnlyForText("exec format error"),
        sources: &[PULL],
        fallback: false,
    },
    Reason {
        id: "bad-command",
        title: "the entry point or command is not in the image",
        category: Category::Start,
        conditions: &[
            Condition::re(
                r"(?i)CannotStartContainerError.*(?:executable file not found|no such file or directory|permission denied)",
            ),
            Condition::stop_exit(ESSENTIAL_CONTAINER_EXITED, &[127, 126]),
        ],
        fix: "Check entryPoint/command against the image (run it locally); one argument per array element; make scripts executable; a volume mounted over the app directory hides the binary.",
        logs: Logs::OnlyForExit(&[127, 126]),
        sources: &[START, WHY],
        fallback: false,
    },
    Reason {
        id: "efs-mount",
        title: "the EFS volume could not be mounted",
        category: Category::Start,
        conditions: &[Condition::re(
            r#"(?i)failed to invoke EFS utils|EFS utils command|mount\.nfs|Failed to resolve "fs-"#,
        )],
        fix: "A mount target in each AZ the task uses; its security group admits TCP 2049 from the task; VPC DNS hostnames on; with IAM auth/access points the task role needs elasticfilesystem:ClientMount.",
        logs: Logs::No,
        sources: &[RIE],
        fallback: false,
    },
    Reason {
        id: "role-unassumable",
        title: "ECS may not assume the task or execution role",
        category: Category::Start,
        conditions: &[Condition::re(
            r"(?i)unable to assume the role|IAM (?:permissions policies|trust relationship) ha(?:s|ve) been misconfigured",
        )],
        fix: "The role must exist and trust ecs-tasks.amazonaws.com; the deployer needs iam:PassRole; new roles take a minute to propagate.",
        logs: Logs::No,
        sources: &[EVENTS],
        fallback: false,
    },
    Reason {
        id: "subnet-full",
        title: "no free IP address left in the subnet",
        category: Category::Start,
        conditions: &[Condition::re(
            r"(?i)InsufficientFreeAddressesInSubnet|insufficient free addresses|Unexpected EC2 error while attempting to Create Network Interface",
        )],
        fix: "More or larger subnets for the service; release unused interfaces (describe-subnets shows free IPs).",
        logs: Logs::No,
        sources: &[TFS],
        fallback: false,
    },
    Reason {
        id: "eni-timeout",
        title: "the network interface was not attached in time",
        category: Category::Start,
        conditions: &[Condition::re(
            r"(?i)Timeout waiting for network interface provisioning|unused device index|ENI attachment points",
        )],
        fix: "Usually transient: retry; on EC2 each instance has an interface limit: larger instances or awsvpcTrunking.",
        logs: Logs::No,
        sources: &[TFS, ENI],
        fallback: false,
    },
    Reason {
        id: "rate-limited",
        title: "Docker Hub throttled anonymous pulls",
        category: Category::Pull,
        conditions: &[Condition::re(
            r"(?i)toomanyrequests|too many requests|pull rate limit",
        )],
        fix: "Copy the image to ECR or use an ECR pull-through cache; or authenticate pulls (repositoryCredentials).",
        logs: Logs::No,
        sources: &[PULL],
        fallback: false,
    },
    Reason {
        id: "disk-full",
        title: "the EC2 host ran out of disk while pulling",
        category: Category::Pull,
        conditions: &[Condition::re(r"(?i)no space left on device")],
        fix: "Free space (old images, unbounded json-file logs: set max-size); a bigger data volume.",
        logs: Logs::No,
        sources: &[PULL],
        fallback: false,
    },
    Reason {
        id: "runtime-stuck",
        title: "the container runtime timed out or failed internally",
        category: Category::Start,
        conditions: &[Condition::re(
            r"(?i)DockerTimeoutError|ContainerRuntimeTimeoutError|ContainerRuntimeError|CannotInspectContainerError|CannotStopContainerError|Could not transition to",
        )],
        fix: "Retry; on EC2 suspect a saturated disk (EBS burst, huge images) or a stuck Docker daemon: replace the instance; on Fargate check the logs endpoint is reachable.",
        logs: Logs::Maybe,
        sources: &[RT, RTE, INSPECT],
        fallback: false,
    },
    Reason {
        id: "volume-create",
        title: "a volume in the task definition could not be created",
        category: Category::Start,
        conditions: &[Condition::re(r"(?i)CannotCreateVolumeError")],
        fix: "Managed EBS volumes need the infrastructure role's EBS permissions and free volume quota; check volume driver names and options.",
        logs: Logs::No,
        sources: &[VOL],
        fallback: false,
    },
    Reason {
        id: "internal-error",
        title: "an AWS-side failure, often interface timing or an unsupported AZ",
        category: Category::Start,
        conditions: &[Condition::re(
            r"(?i)(?:^|: )InternalError\b|Reason: Internal error",
        )],
        fix: "Retry; if it repeats, check every subnet is in an AZ where Fargate runs.",
        logs: Logs::No,
        sources: &[TFS, EVENTS],
        fallback: false,
    },
    Reason {
        id: "platform-version",
        title: "the Fargate platform version does not fit the task definition",
        category: Category::Start,
        conditions: &[Condition::re(
            r"(?i)PlatformTaskDefinitionIncompatibilityException|requested capabilities are not supported|PlatformUnknownException|specified platform does not exist|platform version must be null",
        )],
        fix: "LATEST or a full version like 1.4.0 (not 1.4); EFS and newer features need 1.4.0+; no platformVersion for the EC2 launch type.",
        logs: Logs::No,
        sources: &[PV],
        fallback: false,
    },
    // Crashes (EssentialContainerExited).
    Reason {
        id: "oom",
        title: "the container went over its memory limit and was killed",
        category: Category::Crash,
        // Usually with exit code 137, but the container reason alone decides.
        conditions: &[Condition::re(
            r"(?i)OutOfMemoryError|killed due to memory usage|OOMKilled",
        )],
        fix: "Raise the container/task memory; find the leak (memory graph); keep runtime heaps (JVM -Xmx) below the limit.",
        logs: Logs::Yes,
        sources: &[OOM],
        fallback: false,
    },
    Reason {
        id: "app-error",
        title: "the application exited with an error",
        category: Category::Crash,
        conditions: &[Condition {
            stop: Some(ESSENTIAL_CONTAINER_EXITED),
            re: Some(r"Essential container in task exited"),
            exit: &[1, 2, 255],
        }],
        fix: "Read the log: often a missing env var or secret, an unreachable database or bad config; run the image locally with the same env.",
        logs: Logs::Yes,
        sources: &[WHY],
        fallback: false,
    },
    Reason {
        id: "killed-137",
        title: "SIGKILL without an OOM reason",
        category: Category::Crash,
        conditions: &[Condition::stop_exit(ESSENTIAL_CONTAINER_EXITED, &[137])],
        fix: "The process ignored SIGTERM and was killed after stopTimeout (handle SIGTERM, raise stopTimeout), or host memory pressure on EC2.",
        logs: Logs::Yes,
        sources: &[WHY],
        fallback: false,
    },
    Reason {
        id: "segfault-139",
        title: "the process crashed with a segmentation fault",
        category: Category::Crash,
        conditions: &[Condition::stop_exit(ESSENTIAL_CONTAINER_EXITED, &[139])],
        fix: "Native crash: mismatched native libraries or base image, wrong-architecture build, memory corruption; reproduce locally.",
        logs: Logs::Yes,
        sources: &[WHY],
        fallback: false,
    },
    Reason {
        id: "exited-0",
        title: "the main process finished, but a service needs it to keep running",
        category: Category::Crash,
        conditions: &[Condition::stop_exit(ESSENTIAL_CONTAINER_EXITED, &[0])],
        fix: "Run the server in the foreground (no daemon mode); one-off jobs belong in RunTask, not a service.",
        logs: Logs::Yes,
        sources: &[WHY],
        fallback: false,
    },
    // Health checks.
    Reason {
        id: "lb-unhealthy",
        title: "the load balancer marked the task unhealthy, so the service replaced it",
        category: Category::Health,
        conditions: &[Condition::re_stop(
            r"(?i)failed ELB health checks|is unhealthy in \((?:target-group|elb)|is not healthy in target-group",
            SERVICE_SCHEDULER_INITIATED,
        )],
        fix: "The target group's path, port and success codes must match the app; the task's security group admits the load balancer; healthCheckGracePeriodSeconds above start-up time.",
        logs: Logs::Yes,
        sources: &[LB, EVENTS],
        fallback: false,
    },
    Reason {
        id: "container-unhealthy",
        title: "the container's own healthCheck command kept failing",
        category: Category::Health,
        conditions: &[Condition::re(r"(?i)failed container health checks")],
        fix: "The probe's tool must be in the image (curl/wget often missing); use CMD-SHELL; raise startPeriod/retries; probe the app's real port.",
        logs: Logs::Yes,
        sources: &[HC, WHY],
        fallback: false,
    },
    // Stopped on purpose or by the platform.
    Reason {
        id: "replaced",
        title: "the service stopped it in a deployment or scale-in (normal)",
        category: Category::Stopped,
        conditions: &[Condition::re_stop(
            r"Scaling activity initiated by",
            SERVICE_SCHEDULER_INITIATED,
        )],
        fix: "Nothing unless unexpected (then check autoscaling and who deployed); exit 143 or 137 is normal here.",
        logs: Logs::No,
        sources: &[WHY],
        fallback: false,
    },
    Reason {
        id: "infra-retired",
        title: "AWS retired the host (Fargate maintenance) or the EC2 instance went away",
        category: Category::Stopped,
        conditions: &[Condition::re(
            r"(?i)performing maintenance on the underlying infrastructure|Host EC2 \(instance [^)]*\) (?:terminated|stopped)",
        )],
        fix: "Nothing for a service with headroom (desiredCount ≥ 2, maximumPercent 200); relaunch standalone tasks; on EC2 drain before terminating.",
        logs: Logs::No,
        sources: &[MAINT],
        fallback: false,
    },
    Reason {
        id: "spot",
        title: "Spot capacity was reclaimed (2-minute warning, then SIGTERM)",
        category: Category::Stopped,
        conditions: &[
            Condition::re(r"(?i)Spot Task was interrupted"),
            Condition::stop(SPOT_INTERRUPTION),
        ],
        fix: "Expected; finish within stopTimeout (≤ 120 s); mix FARGATE with FARGATE_SPOT across AZs; on EC2 set ECS_ENABLE_SPOT_INSTANCE_DRAINING=true.",
        logs: Logs::No,
        sources: &[SPOT, FCP],
        fallback: false,
    },
    Reason {
        id: "user-stop",
        title: "someone stopped the task",
        category: Category::Stopped,
        // With UserInitiated the text is the caller's own, so the stop code alone is enough. The
        // console's own wording is specific enough on its own: it also explains a stop whose code
        // is missing (the emulator sets none).
        conditions: &[
            Condition::re_stop(
                r"(?i)Task stopped by user|deregistration forced by user",
                USER_INITIATED,
            ),
            Condition::stop(USER_INITIATED),
            Condition::re(r"(?i)^Task stopped by user"),
        ],
        fix: "Nothing; CloudTrail's StopTask event shows who.",
        logs: Logs::No,
        sources: &[WHY],
        fallback: false,
    },
    // Service events.
    Reason {
        id: "deploy-failed",
        title: "the deployment gave up (circuit breaker) or keeps failing to start tasks",
        category: Category::Deployment,
        conditions: &[Condition::re(
            r"(?i)deployment failed: tasks failed to start|deployment circuit breaker|rolling back to deployment|unable to consistently start tasks",
        )],
        fix: "Match a stopped task of the new deployment against this list, fix, redeploy; without a circuit breaker ECS retries with growing delays.",
        logs: Logs::Maybe,
        sources: &[CB, THROTTLE, EVENTS],
        fallback: false,
    },
    Reason {
        id: "agent-disconnected",
        title: "the chosen EC2 instance's ECS agent is offline",
        category: Category::Placement,
        conditions: &[Condition::re(
            r#"(?i)encountered error "AGENT"|TaskFailedToStart: AGENT|Timed out waiting for Amazon ECS Agent"#,
        )],
        fix: "Restart the agent (sudo systemctl restart ecs) and read its log on the host; check the instance role and the route to the ECS endpoints; replace the instance.",
        logs: Logs::No,
        sources: &[EVENTS, TFS],
        fallback: false,
    },
    Reason {
        id: "no-capacity-ec2",
        title: "no container instance has the CPU, memory, ports or attributes needed",
        category: Category::Placement,
        conditions: &[Condition::re(
            r"(?i)unable to place a task because no container instance met all of its requirements|No Container Instances were found|RESOURCE:(?:CPU|MEMORY|PORTS|ENI)|already using a port required|could not launch \d+ tasks for deployment|MemberOf placement constraint",
        )],
        fix: "Add instances or a capacity provider with managed scaling; lower the task cpu/memory; dynamic host ports or awsvpc; check placement constraints and subnets.",
        logs: Logs::No,
        sources: &[EVENTS, API],
        fallback: false,
    },
    Reason {
        id: "no-capacity-fargate",
        title: "no capacity of that kind in that AZ right now",
        category: Category::Placement,
        conditions: &[Condition::re(r"(?i)Capacity is unavailable at this time")],
        fix: "Retry later; subnets in more AZs; another task size or a second capacity provider.",
        logs: Logs::No,
        sources: &[EVENTS],
        fallback: false,
    },
    Reason {
        id: "quota",
        title: "an account quota or API throttling blocked new tasks",
        category: Category::Placement,
        conditions: &[Condition::re(
            r"(?i)reached the limit on the number of|configuration is above your limit|provisioning capacity limit was exceeded|operations are being throttled",
        )],
        fix: "Ask for a Service Quotas increase (Fargate vCPUs, tasks); stagger big scale-outs; throttling clears by itself.",
        logs: Logs::No,
        sources: &[EVENTS],
        fallback: false,
    },
    Reason {
        id: "deploy-config",
        title: "deployment percentages (or task protection) leave no room to move",
        category: Category::Deployment,
        conditions: &[Condition::re(
            r"(?i)because of the service deployment configuration|protected tasks are more than the desired count",
        )],
        fix: "minimumHealthyPercent/maximumPercent must let at least one task start or stop (e.g. 100/200); unprotect tasks that may go.",
        logs: Logs::No,
        sources: &[EVENTS],
        fallback: false,
    },
    // Fallbacks (evaluated last).
    Reason {
        id: "sigterm-143",
        title: "the container stopped because it was asked to (SIGTERM)",
        category: Category::Crash,
        conditions: &[Condition::exit(&[143])],
        fix: "The real cause is whatever asked: read the stopped reason and the service events.",
        // The reference says "rarely".
        logs: Logs::No,
        sources: &[WHY],
        fallback: true,
    },
    Reason {
        id: "exit-other",
        title: "any other exit code, or none",
        category: Category::OtherExit,
        conditions: &[Condition::stop(ESSENTIAL_CONTAINER_EXITED)],
        fix: "Read the log; codes above 128 are 128 + a signal number (130 SIGINT, 134 abort).",
        logs: Logs::Yes,
        sources: &[WHY],
        fallback: true,
    },
    Reason {
        id: "start-other",
        title: "a start failure not matched above",
        category: Category::OtherStart,
        conditions: &[
            Condition::re(
                r"(?i)CannotPullContainerError|CannotStartContainerError|ResourceInitializationError|Task failed to start",
            ),
            Condition::stop(TASK_FAILED_TO_START),
        ],
        fix: "Read every container reason; check the execution role, the network path and the task definition; a VPC without DNS resolution causes ResourceInitializationError.",
        logs: Logs::No,
        sources: &[CODES, START],
        fallback: true,
    },
    Reason {
        id: "unknown",
        title: "a stop reason tecs does not recognise",
        category: Category::Unknown,
        conditions: &[Condition::ANY],
        fix: "Read the stop code, the stopped reason and every container reason as ECS gave them, and look them up in the stopped-task error codes.",
        logs: Logs::Maybe,
        sources: &[CODES],
        fallback: true,
    },
];

/// The compiled regex of each condition, indexed like [`REASONS`] and its conditions. A pattern
/// that does not compile is `None` and never matches (a test compiles every pattern).
static COMPILED: LazyLock<Vec<Vec<Option<Regex>>>> = LazyLock::new(|| {
    REASONS
        .iter()
        .map(|r| {
            r.conditions
                .iter()
                .map(|c| c.re.and_then(|p| Regex::new(p).ok()))
                .collect()
        })
        .collect()
});

/// The reason with this id.
pub fn reason(id: &str) -> Option<&'static Reason> {
    REASONS.iter().find(|r| r.id == id)
}

/// One cause of a stopped task, with what showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub reason: &'static Reason,
    /// The container whose `reason` or `exitCode` matched; `None` when the task's own
    /// `stoppedReason` or stop code did.
    pub container: Option<String>,
    /// The text that matched, verbatim, or `exit code 137`, or `stop code …`.
    pub evidence: String,
    /// The exit code of `container`, when it has one.
    pub exit_code: Option<i32>,
}

impl Explanation {
    /// Whether the container's own log is the next place to look: `Some(true)` yes,
    /// `Some(false)` no, `None` maybe.
    pub fn read_logs(&self) -> Option<bool> {
        match self.reason.logs {
            Logs::Yes => Some(true),
            Logs::No => Some(false),
            Logs::Maybe => None,
            Logs::OnlyForExit(codes) => Some(self.exit_code.is_some_and(|c| codes.contains(&c))),
            Logs::OnlyForText(text) => Some(
                self.evidence
                    .to_ascii_lowercase()
                    .contains(&text.to_ascii_lowercase()),
            ),
        }
    }
}

/// A piece of text to match: the task's `stoppedReason` (`container: None`) or a container's
/// `reason`.
#[derive(Clone, Copy)]
struct Piece<'a> {
    container: Option<&'a str>,
    text: &'a str,
}

/// What is known of a stopped task, containers most essential-looking first.
struct Facts<'a> {
    stop: Option<&'a str>,
    stopped_reason: Option<&'a str>,
    texts: Vec<Piece<'a>>,
    /// `(container, exit code)` of the containers that have one.
    exits: Vec<(&'a str, i32)>,
}

/// Explains a task: what stopped it, most important first. The first explanation is the first
/// entry of [`REASONS`] whose conditions the task meets (`unknown` when nothing else does); the
/// others are further known causes found in other containers' reasons or the stopped reason.
/// A task that is not STOPPED and has no stop code gets none.
pub fn explain_task(task: &Task) -> Vec<Explanation> {
    if task.last_status != "STOPPED" && task.stop_code.is_none() {
        return Vec::new();
    }
    let containers = ranked(&task.containers);
    let stopped_reason = nonempty(task.stopped_reason.as_deref());
    let mut texts: Vec<Piece> = containers
        .iter()
        .filter_map(|c| {
            nonempty(c.reason.as_deref()).map(|text| Piece {
                container: Some(c.name.as_str()),
                text,
            })
        })
        .collect();
    if let Some(text) = stopped_reason {
        texts.push(Piece {
            container: None,
            text,
        });
    }
    let exits: Vec<(&str, i32)> = containers
        .iter()
        .filter_map(|c| c.exit_code.map(|code| (c.name.as_str(), code)))
        .collect();
    // ECS gives this stopped reason with the EssentialContainerExited stop code: without a stop
    // code (the emulator sends none) the reason says the same, and the exit code entries apply.
    let stop = nonempty(task.stop_code.as_deref()).or_else(|| {
        (stopped_reason == Some(ESSENTIAL_REASON)).then_some(ESSENTIAL_CONTAINER_EXITED)
    });
    let facts = Facts {
        stop,
        stopped_reason,
        texts: texts.clone(),
        exits,
    };
    let mut found: Vec<Explanation> = Vec::new();
    let mut used: Vec<String> = Vec::new();
    if let Some((explanation, text)) = first_match(&facts, false) {
        used.extend(text);
        found.push(explanation);
    }
    // Other texts that point at a known cause of their own (another container's pull failure,
    // an OOM next to a failed health check).
    for piece in texts {
        if used.iter().any(|u| u == piece.text) {
            continue;
        }
        let one = Facts {
            stop: facts.stop,
            stopped_reason: None,
            texts: vec![piece],
            exits: match piece.container {
                Some(name) => facts
                    .exits
                    .iter()
                    .filter(|(n, _)| *n == name)
                    .copied()
                    .collect(),
                None => facts.exits.clone(),
            },
        };
        if let Some((explanation, text)) = first_match(&one, true)
            && !found.iter().any(|f| f.reason.id == explanation.reason.id)
        {
            used.extend(text);
            found.push(explanation);
        }
    }
    // `exited-0` says a service needed the process to keep running; a standalone task (a
    // RunTask job) that exits 0 simply finished.
    let standalone = !task
        .group
        .as_deref()
        .is_some_and(|g| g.starts_with("service:"));
    if standalone && let Some(first) = found.first_mut().filter(|f| f.reason.id == "exited-0") {
        first.reason = &RAN_TO_COMPLETION;
    }
    found
}

/// Exit code 0 of a standalone task: not in the reference's table (which speaks of services),
/// so not in [`REASONS`]; used in place of `exited-0` when the task belongs to no service.
pub static RAN_TO_COMPLETION: Reason = Reason {
    id: "ran-to-completion",
    title: "the main process finished successfully: a one-off task that ran to completion",
    category: Category::Crash,
    conditions: &[Condition::stop_exit(ESSENTIAL_CONTAINER_EXITED, &[0])],
    fix: "Nothing to fix if the task was meant to end (a RunTask job); a task that must keep running belongs in a service with a long-running process.",
    logs: Logs::Maybe,
    sources: &[WHY],
    fallback: false,
};

/// The reason a service event message, a `rolloutStateReason` or a RunTask failure reason
/// names. Only the regexes count (stop codes are ignored); conditions that need an exit code,
/// and entries without a regex, never match here.
pub fn explain_text(text: &str) -> Option<&'static Reason> {
    REASONS.iter().enumerate().find_map(|(i, reason)| {
        reason
            .conditions
            .iter()
            .enumerate()
            .any(|(j, c)| {
                c.re.is_some()
                    && c.exit.is_empty()
                    && compiled(i, j).is_some_and(|re| re.is_match(text))
            })
            .then_some(reason)
    })
}

/// One plain sentence for the operator, e.g. "The image could not be pulled: no network path
/// from the task to the image registry (container web)".
pub fn sentence(e: &Explanation) -> String {
    let category = e.reason.category;
    let evidence = one_line(&e.evidence);
    let what = if category.quotes_evidence() {
        evidence.clone()
    } else {
        e.reason.title.to_string()
    };
    let mut about: Vec<String> = Vec::new();
    if let Some(name) = &e.container {
        about.push(format!("container {name}"));
    }
    if let Some(code) = e.exit_code {
        let shown = format!("exit code {code}");
        if !(category.quotes_evidence() && evidence == shown) {
            about.push(shown);
        }
    }
    let mut out = format!("{}: {what}", category.lead());
    if !about.is_empty() {
        out.push_str(&format!(" ({})", about.join(", ")));
    }
    out
}

/// The first entry the facts meet, with the text it matched (if any). `text_only` keeps to
/// conditions whose regex matched and that need no exit code, and skips the fallbacks.
fn first_match(facts: &Facts, text_only: bool) -> Option<(Explanation, Option<String>)> {
    REASONS.iter().enumerate().find_map(|(i, reason)| {
        if text_only && reason.fallback {
            return None;
        }
        reason.conditions.iter().enumerate().find_map(|(j, c)| {
            if text_only && (c.re.is_none() || !c.exit.is_empty()) {
                return None;
            }
            meets(facts, c, compiled(i, j)).map(|(container, evidence, text)| {
                let exit_code = container.and_then(|name| {
                    facts
                        .exits
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, code)| *code)
                });
                (
                    Explanation {
                        reason,
                        container: container.map(str::to_string),
                        evidence,
                        exit_code,
                    },
                    text.map(str::to_string),
                )
            })
        })
    })
}

/// Whether the facts meet a condition: the container it points at, the evidence, and the text
/// the regex matched.
fn meets<'a>(
    facts: &Facts<'a>,
    c: &Condition,
    re: Option<&Regex>,
) -> Option<(Option<&'a str>, String, Option<&'a str>)> {
    if let Some(code) = c.stop
        && facts.stop != Some(code)
    {
        return None;
    }
    let text = match c.re {
        None => None,
        Some(_) => {
            let re = re?;
            Some(*facts.texts.iter().find(|p| re.is_match(p.text))?)
        }
    };
    let exit = if c.exit.is_empty() {
        None
    } else {
        Some(*facts.exits.iter().find(|(_, code)| c.exit.contains(code))?)
    };
    let matched_text = text.map(|p| p.text);
    if let Some((name, code)) = exit {
        return Some((Some(name), format!("exit code {code}"), matched_text));
    }
    if let Some(p) = text {
        return Some((p.container, p.text.to_string(), matched_text));
    }
    // Only a stop code, or nothing at all: show the best evidence there is.
    if c.stop == Some(ESSENTIAL_CONTAINER_EXITED)
        && let Some((name, code)) = facts.exits.first()
    {
        return Some((Some(name), format!("exit code {code}"), None));
    }
    if let Some(reason) = facts.stopped_reason {
        return Some((None, reason.to_string(), Some(reason)));
    }
    if c.stop.is_none()
        && let Some(p) = facts.texts.first()
    {
        return Some((p.container, p.text.to_string(), Some(p.text)));
    }
    if let Some(code) = facts.stop {
        return Some((None, format!("stop code {code}"), None));
    }
    if let Some((name, code)) = facts.exits.first() {
        return Some((Some(name), format!("exit code {code}"), None));
    }
    Some((None, "no stop code or reason given".to_string(), None))
}

fn compiled(reason: usize, condition: usize) -> Option<&'static Regex> {
    COMPILED.get(reason)?.get(condition)?.as_ref()
}

/// Containers most essential-looking first: a reason and a non-zero exit code before one of
/// them, before neither; otherwise in the API's order.
fn ranked(containers: &[Container]) -> Vec<&Container> {
    let mut out: Vec<&Container> = containers.iter().collect();
    out.sort_by_key(|c| {
        let reason = nonempty(c.reason.as_deref()).is_some();
        let failed = c.exit_code.is_some_and(|code| code != 0);
        std::cmp::Reverse(u8::from(reason) + u8::from(failed))
    });
    out
}

fn nonempty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Whitespace runs (newlines included) as single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::task::TaskTimestamps;

    fn container(name: &str, reason: Option<&str>, exit: Option<i32>) -> Container {
        Container {
            name: name.to_string(),
            image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-repo:1".to_string(),
            image_digest: None,
            last_status: "STOPPED".to_string(),
            exit_code: exit,
            reason: reason.map(str::to_string),
            health: None,
            ports: Vec::new(),
            cpu: None,
            memory: None,
            private_ip: None,
            runtime_id: None,
            exec_agent: None,
        }
    }

    fn task(stop: Option<&str>, reason: Option<&str>, containers: Vec<Container>) -> Task {
        Task {
            arn: "arn:aws:ecs:us-east-1:123456789012:task/my-cluster/0123456789abcdef".to_string(),
            cluster_arn: "arn:aws:ecs:us-east-1:123456789012:cluster/my-cluster".to_string(),
            task_definition: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3".to_string(),
            last_status: "STOPPED".to_string(),
            desired_status: "STOPPED".to_string(),
            health: None,
            launch_type: Some("FARGATE".to_string()),
            capacity_provider: None,
            availability_zone: None,
            group: Some("service:my-service".to_string()),
            started_by: None,
            cpu: None,
            memory: None,
            platform_version: None,
            container_instance_arn: None,
            enable_execute_command: false,
            stop_code: stop.map(str::to_string),
            stopped_reason: reason.map(str::to_string),
            timestamps: TaskTimestamps::default(),
            containers,
            attachments: Vec::new(),
            json: crate::model::CompactJson::default(),
        }
    }

    fn ids(task: &Task) -> Vec<&'static str> {
        explain_task(task).iter().map(|e| e.reason.id).collect()
    }

    fn first(task: &Task) -> Explanation {
        explain_task(task)
            .into_iter()
            .next()
            .expect("a stopped task is explained")
    }

    const ESSENTIAL: &str = "Essential container in task exited";

    /// Every `ex` of the reference: (id, text, stop code the reference gives).
    const EXAMPLES: &[(&str, &str, Option<&str>)] = &[
        (
            "pull-network",
            r#"CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref docker.io/my-org/my-image:1.2.3: failed to do request: Head "https://registry-1.docker.io/v2/…": dial tcp 203.0.113.10:443: i/o timeout"#,
            None,
        ),
        (
            "pull-network",
            "CannotPullContainerError: API error (500): Get https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/: net/http: request canceled while waiting for connection",
            None,
        ),
        (
            "secrets-network",
            "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadline exceeded",
            None,
        ),
        (
            "secrets-network",
            "ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. … dial tcp 203.0.113.10:443: i/o timeout",
            None,
        ),
        (
            "pull-not-found",
            "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 123456789012.dkr.ecr.ap-south-1.amazonaws.com/my-repo:v2-abc123: …/my-repo:v2-abc123: not found",
            None,
        ),
        (
            "pull-denied",
            "CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/my-repo:latest: pulling from host … failed with status code [manifests latest]: 403 Forbidden",
            None,
        ),
        (
            "pull-denied",
            "CannotPullContainerError: Error response from daemon: pull access denied for 123456789012.dkr.ecr.us-east-1.amazonaws.com/my-repo, repository does not exist or may require 'docker login'",
            None,
        ),
        (
            "secret-denied",
            "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: … api error AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/0123abcd is not authorized to perform: secretsmanager:GetSecretValue …",
            None,
        ),
        (
            "secret-missing",
            "ResourceInitializationError: unable to retrieve secret from asm: retrieved secret from Secrets Manager did not contain json key connectionString",
            None,
        ),
        (
            "secret-missing",
            "Fetching secret data from AWS Secrets Manager in region us-east-1: secret arn:aws:secretsmanager:…:secret:my-secret-AbCdEf: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
            None,
        ),
        (
            "log-driver",
            "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1",
            None,
        ),
        (
            "log-driver",
            "ResourceInitializationError: failed to validate logger args: The task cannot find the Amazon CloudWatch log group defined in the task definition. There is a connection issue between the task and Amazon CloudWatch. … : signal: killed",
            None,
        ),
        (
            "wrong-arch",
            "CannotPullContainerError: image Manifest does not contain descriptor matching platform 'linux/amd64'",
            None,
        ),
        (
            "bad-command",
            r#"CannotStartContainerError: Error response from daemon: OCI runtime create failed: container_linux.go:380: starting container process caused: exec: "python": executable file not found in $PATH: unknown"#,
            None,
        ),
        (
            "bad-command",
            r#"CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: … exec: "-url": executable file not found in $PATH"#,
            None,
        ),
        (
            "efs-mount",
            "ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: mount.nfs4: Connection reset by peer : unsuccessful EFS utils command execution; code: 32",
            None,
        ),
        (
            "efs-mount",
            r#"ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: Failed to resolve "fs-0123456789abcdef0.efs.ap-northeast-1.amazonaws.com" - …"#,
            None,
        ),
        (
            "role-unassumable",
            "service my-service failed to launch a task with (error ECS was unable to assume the role 'arn:aws:iam::123456789012:role/MyTaskRole' that was provided for this task. Please verify that the role being passed has the proper trust relationship …)",
            None,
        ),
        (
            "subnet-full",
            "Unexpected EC2 error while attempting to Create Network Interface with public IP assignment enabled in subnet 'subnet-0123456789abcdef0'",
            None,
        ),
        (
            "eni-timeout",
            "Timeout waiting for network interface provisioning to complete.",
            None,
        ),
        (
            "rate-limited",
            "ERROR: toomanyrequests: Too Many Requests.",
            None,
        ),
        (
            "disk-full",
            "CannotPullContainerError: write /var/lib/docker/tmp/GetImageBlob111111111: no space left on device",
            None,
        ),
        (
            "runtime-stuck",
            "DockerTimeoutError: Could not transition to created; timed out after waiting 4m0s",
            None,
        ),
        (
            "internal-error",
            "(service my-service) was unable to place a task. Reason: Internal error.",
            None,
        ),
        (
            "platform-version",
            "PlatformTaskDefinitionIncompatibilityException: One or more of the requested capabilities are not supported.",
            None,
        ),
        (
            "oom",
            "OutOfMemoryError: Container killed due to memory usage",
            None,
        ),
        (
            "lb-unhealthy",
            "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-tg/0123456789abcdef)",
            Some(SERVICE_SCHEDULER_INITIATED),
        ),
        (
            "lb-unhealthy",
            "(service my-service) (port 8000) is unhealthy in (target-group arn:aws:elasticloadbalancing:…:targetgroup/my-tg/0123456789abcdef) due to (reason Health checks failed).",
            Some(SERVICE_SCHEDULER_INITIATED),
        ),
        (
            "container-unhealthy",
            "Task failed container health checks",
            None,
        ),
        (
            "replaced",
            "Scaling activity initiated by (deployment ecs-svc/1234567890123456789)",
            Some(SERVICE_SCHEDULER_INITIATED),
        ),
        (
            "infra-retired",
            "ECS is performing maintenance on the underlying infrastructure hosting the task",
            None,
        ),
        (
            "infra-retired",
            "Host EC2 (instance i-0123456789abcdef0) terminated.",
            Some("TerminationNotice"),
        ),
        (
            "spot",
            "Your Spot Task was interrupted.",
            Some("TerminationNotice"),
        ),
        ("user-stop", "Task stopped by user", Some(USER_INITIATED)),
        (
            "deploy-failed",
            "(service my-service) (deployment ecs-svc/1234567890123456789) deployment failed: tasks failed to start.",
            None,
        ),
        (
            "deploy-failed",
            "ECS deployment circuit breaker: tasks failed to start.",
            None,
        ),
        (
            "agent-disconnected",
            r#"service my-service was unable to place a task because no container instance met all of its requirements. The closest matching container-instance … encountered error "AGENT"."#,
            None,
        ),
        (
            "no-capacity-ec2",
            "service my-service was unable to place a task because no container instance met all of its requirements. The closest matching container-instance … has insufficient CPU units available.",
            None,
        ),
        (
            "no-capacity-fargate",
            "(service my-service) was unable to place a task. Reason: Capacity is unavailable at this time. …",
            None,
        ),
        (
            "quota",
            "(service my-service) was unable to place a task. Reason: You've reached the limit on the number of tasks you can run concurrently",
            None,
        ),
        (
            "deploy-config",
            "(service my-service) was unable to stop or start tasks during a deployment because of the service deployment configuration. …",
            None,
        ),
        (
            "start-other",
            "CannotStartContainerError: failed to get container status: <reason>",
            None,
        ),
    ];

    #[test]
    fn every_pattern_compiles() {
        for r in REASONS {
            for c in r.conditions {
                if let Some(p) = c.re {
                    assert!(Regex::new(p).is_ok(), "{}: bad regex {p}", r.id);
                }
            }
        }
        assert_eq!(COMPILED.len(), REASONS.len());
    }

    #[test]
    fn the_table_is_the_references() {
        assert_eq!(REASONS.len(), 40);
        let mut seen: Vec<&str> = Vec::new();
        for r in REASONS {
            assert!(!seen.contains(&r.id), "duplicate id {}", r.id);
            seen.push(r.id);
            assert!(!r.title.trim().is_empty(), "{} has no title", r.id);
            assert!(!r.fix.trim().is_empty(), "{} has no fix", r.id);
            assert!(!r.conditions.is_empty(), "{} has no condition", r.id);
            assert!(!r.sources.is_empty(), "{} has no source", r.id);
            for s in r.sources {
                assert!(s.starts_with("https://"), "{}: {s}", r.id);
                assert!(!s.contains(' '), "{}: {s}", r.id);
            }
        }
        // Fallbacks come last, in the reference's order.
        let fallbacks: Vec<&str> = REASONS
            .iter()
            .skip_while(|r| !r.fallback)
            .map(|r| r.id)
            .collect();
        assert_eq!(
            fallbacks,
            ["sigterm-143", "exit-other", "start-other", "unknown"]
        );
        assert_eq!(REASONS.iter().filter(|r| r.fallback).count(), 4);
        assert_eq!(REASONS[0].id, "pull-network");
        assert_eq!(REASONS[19].id, "oom");
        assert_eq!(REASONS[30].id, "deploy-failed");
        assert_eq!(reason("quota").map(|r| r.id), Some("quota"));
        assert!(reason("nope").is_none());
    }

    #[test]
    fn every_example_is_explained_by_its_entry() {
        for &(id, text, stop) in EXAMPLES {
            assert!(reason(id).is_some(), "no entry {id}");
            // As a service event, rollout reason or failure reason.
            assert_eq!(explain_text(text).map(|r| r.id), Some(id), "text: {text}");
            // As the task's stopped reason.
            let t = task(stop, Some(text), vec![container("web", None, None)]);
            let e = first(&t);
            assert_eq!(e.reason.id, id, "stoppedReason: {text}");
            assert_eq!(e.evidence, text);
            assert_eq!(e.container, None);
            // As a container's reason, under the stop code the reference gives, or a start
            // failure's.
            let code = stop.or(Some(TASK_FAILED_TO_START));
            let t = task(
                code,
                Some("Task failed to start"),
                vec![
                    container("sidecar", None, None),
                    container("web", Some(text), None),
                ],
            );
            let e = first(&t);
            assert_eq!(e.reason.id, id, "container reason: {text}");
            assert_eq!(e.container.as_deref(), Some("web"));
        }
        // Every entry with an example in the reference is covered.
        let mut covered: Vec<&str> = EXAMPLES.iter().map(|e| e.0).collect();
        covered.dedup();
        assert_eq!(covered.len(), 32);
    }

    #[test]
    fn volume_create_has_no_example_but_matches_its_error_name() {
        let text = "CannotCreateVolumeError: volume driver failed";
        assert_eq!(explain_text(text).map(|r| r.id), Some("volume-create"));
        let t = task(Some(TASK_FAILED_TO_START), Some(text), Vec::new());
        assert_eq!(ids(&t), ["volume-create"]);
    }

    #[test]
    fn exit_codes_pick_their_entries() {
        let cases: &[(i32, &str)] = &[
            (1, "app-error"),
            (2, "app-error"),
            (255, "app-error"),
            (137, "killed-137"),
            (139, "segfault-139"),
            (0, "exited-0"),
            (127, "bad-command"),
            (126, "bad-command"),
            (143, "sigterm-143"),
            (3, "exit-other"),
            (134, "exit-other"),
        ];
        for &(code, id) in cases {
            let t = task(
                Some(ESSENTIAL_CONTAINER_EXITED),
                Some(ESSENTIAL),
                vec![container("web", None, Some(code))],
            );
            let e = first(&t);
            assert_eq!(e.reason.id, id, "exit {code}");
            assert_eq!(e.container.as_deref(), Some("web"));
            assert_eq!(e.exit_code, Some(code));
            if id != "exit-other" {
                assert_eq!(e.evidence, format!("exit code {code}"));
            }
        }
    }

    #[test]
    fn sigterm_143_holds_under_any_stop_code() {
        let t = task(
            Some("InfrastructureHealth"),
            None,
            vec![container("web", None, Some(143))],
        );
        assert_eq!(ids(&t), ["sigterm-143"]);
    }

    #[test]
    fn exit_other_without_any_exit_code() {
        let t = task(
            Some(ESSENTIAL_CONTAINER_EXITED),
            Some(ESSENTIAL),
            vec![container("web", None, None)],
        );
        let e = first(&t);
        assert_eq!(e.reason.id, "exit-other");
        assert_eq!(e.evidence, ESSENTIAL);
    }

    #[test]
    fn oom_reason_beats_killed_137() {
        let t = task(
            Some(ESSENTIAL_CONTAINER_EXITED),
            Some(ESSENTIAL),
            vec![container(
                "web",
                Some("OutOfMemoryError: Container killed due to memory usage"),
                Some(137),
            )],
        );
        let all = explain_task(&t);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].reason.id, "oom");
        assert_eq!(all[0].container.as_deref(), Some("web"));
        assert_eq!(all[0].exit_code, Some(137));
        assert_eq!(all[0].read_logs(), Some(true));
    }

    #[test]
    fn exit_137_without_oom_is_killed() {
        let t = task(
            Some(ESSENTIAL_CONTAINER_EXITED),
            Some(ESSENTIAL),
            vec![container("web", None, Some(137))],
        );
        assert_eq!(ids(&t), ["killed-137"]);
    }

    #[test]
    fn app_error_and_exited_0() {
        let t = task(
            Some(ESSENTIAL_CONTAINER_EXITED),
            Some(ESSENTIAL),
            vec![container("web", None, Some(1))],
        );
        assert_eq!(ids(&t), ["app-error"]);
        let t = task(
            Some(ESSENTIAL_CONTAINER_EXITED),
            Some(ESSENTIAL),
            vec![container("web", None, Some(0))],
        );
        assert_eq!(ids(&t), ["exited-0"]);
    }

    #[test]
    fn the_failing_container_is_named() {
        let t = task(
            Some(ESSENTIAL_CONTAINER_EXITED),
            Some(ESSENTIAL),
            vec![
                container("log-router", None, Some(0)),
                container("web", None, Some(1)),
            ],
        );
        let e = first(&t);
        assert_eq!(e.reason.id, "app-error");
        assert_eq!(e.container.as_deref(), Some("web"));
        assert_eq!(
            sentence(&e),
            "A container stopped: the application exited with an error (container web, exit code 1)"
        );
    }

    #[test]
    fn replaced_and_user_stop() {
        let t = task(
            Some(SERVICE_SCHEDULER_INITIATED),
            Some("Scaling activity initiated by (deployment ecs-svc/1234567890123456789)"),
            vec![container("web", None, Some(143))],
        );
        assert_eq!(ids(&t), ["replaced"]);
        let t = task(
            Some(USER_INITIATED),
            Some("Task stopped by user"),
            vec![container("web", None, Some(143))],
        );
        assert_eq!(ids(&t), ["user-stop"]);
        // The caller's own text.
        let t = task(
            Some(USER_INITIATED),
            Some("rollback by pipeline 42"),
            Vec::new(),
        );
        let e = first(&t);
        assert_eq!(e.reason.id, "user-stop");
        assert_eq!(e.evidence, "rollback by pipeline 42");
    }

    #[test]
    fn replaced_needs_its_stop_code() {
        let t = task(
            Some(USER_INITIATED),
            Some("Scaling activity initiated by (deployment ecs-svc/1)"),
            Vec::new(),
        );
        assert_eq!(ids(&t), ["user-stop"]);
        let t = task(
            None,
            Some("Task failed ELB health checks in (target-group arn:…)"),
            Vec::new(),
        );
        assert_eq!(ids(&t), ["unknown"]);
    }

    #[test]
    fn spot_by_stop_code_alone() {
        let t = task(Some(SPOT_INTERRUPTION), None, Vec::new());
        let e = first(&t);
        assert_eq!(e.reason.id, "spot");
        assert_eq!(e.evidence, "stop code SpotInterruption");
    }

    #[test]
    fn unrecognised_start_failure_is_start_other() {
        let t = task(
            Some(TASK_FAILED_TO_START),
            Some("Something went sideways"),
            vec![container("web", None, None)],
        );
        let e = first(&t);
        assert_eq!(e.reason.id, "start-other");
        assert_eq!(
            sentence(&e),
            "The task could not start: Something went sideways"
        );
    }

    #[test]
    fn an_exited_essential_container_without_a_stop_code_is_still_an_exit() {
        // What the emulator (and the demo) gives: the reason in words, no stop code, no exit code.
        let t = task(
            None,
            Some("Essential container in task exited"),
            vec![container("job", None, None)],
        );
        let e = first(&t);
        assert_eq!(e.reason.id, "exit-other");
        assert!(
            !sentence(&e).contains("does not recognise"),
            "{}",
            sentence(&e)
        );
        // A standalone task that exited 0 ran to completion; a service's needed to keep running.
        let mut t = task(
            None,
            Some("Essential container in task exited"),
            vec![container("job", None, Some(0))],
        );
        t.group = Some("family:job".into());
        assert_eq!(first(&t).reason.id, "ran-to-completion");
        t.group = Some("service:web".into());
        assert_eq!(first(&t).reason.id, "exited-0");
        // With an exit code, that code's own entry.
        let t = task(
            None,
            Some("Essential container in task exited"),
            vec![container("job", None, Some(137))],
        );
        assert_eq!(first(&t).reason.id, "killed-137");
        // Only that reason, whole: a longer text that merely contains it is not this.
        let t = task(
            None,
            Some("Essential container in task exited, and more"),
            Vec::new(),
        );
        assert_eq!(first(&t).reason.id, "unknown");
    }

    #[test]
    fn unknown_text_is_unknown() {
        let t = task(None, Some("The moon is made of cheese"), Vec::new());
        let all = explain_task(&t);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].reason.id, "unknown");
        assert_eq!(all[0].evidence, "The moon is made of cheese");
        assert_eq!(
            sentence(&all[0]),
            "The task stopped for a reason tecs does not recognise: The moon is made of cheese"
        );
        assert_eq!(explain_text("The moon is made of cheese"), None);
        // A stopped task with nothing to go on is still explained.
        let t = task(None, None, Vec::new());
        let e = first(&t);
        assert_eq!(e.reason.id, "unknown");
        assert_eq!(e.evidence, "no stop code or reason given");
        let t = task(Some("InfrastructureHealth"), None, Vec::new());
        assert_eq!(first(&t).evidence, "stop code InfrastructureHealth");
    }

    #[test]
    fn running_task_has_no_explanation() {
        let mut t = task(None, None, vec![container("web", None, None)]);
        t.last_status = "RUNNING".to_string();
        t.desired_status = "RUNNING".to_string();
        assert!(explain_task(&t).is_empty());
        // Stopping: the stop code is already there.
        t.stop_code = Some(USER_INITIATED.to_string());
        assert_eq!(ids(&t), ["user-stop"]);
    }

    #[test]
    fn explain_text_on_service_messages() {
        assert_eq!(
            explain_text(
                "(service my-service) (deployment ecs-svc/1234567890123456789) deployment failed: tasks failed to start."
            )
            .map(|r| r.id),
            Some("deploy-failed")
        );
        assert_eq!(
            explain_text("RESOURCE:MEMORY").map(|r| r.id),
            Some("no-capacity-ec2")
        );
        // Entries that need a stop code or exit code alone never match text.
        assert_eq!(explain_text(ESSENTIAL), None);
        assert_eq!(
            explain_text("CannotPullContainerError").map(|r| r.id),
            Some("start-other")
        );
        assert_eq!(explain_text(""), None);
        assert_eq!(
            explain_text("(service my-service) has reached a steady state."),
            None
        );
    }

    #[test]
    fn more_causes_come_after_the_first() {
        // Two containers fail to pull for different reasons.
        let t = task(
            Some(TASK_FAILED_TO_START),
            Some("Task failed to start"),
            vec![
                container(
                    "web",
                    Some("CannotPullContainerError: failed to resolve ref my-repo:v2: not found"),
                    None,
                ),
                container(
                    "proxy",
                    Some("CannotPullContainerError: pull access denied for my-proxy"),
                    None,
                ),
            ],
        );
        let all = explain_task(&t);
        let got: Vec<(&str, Option<&str>)> = all
            .iter()
            .map(|e| (e.reason.id, e.container.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("pull-not-found", Some("web")),
                ("pull-denied", Some("proxy"))
            ]
        );
        // An OOM sidecar next to a failed load balancer health check.
        let t = task(
            Some(SERVICE_SCHEDULER_INITIATED),
            Some("Task failed ELB health checks in (target-group arn:…)"),
            vec![
                container("web", None, Some(143)),
                container(
                    "agent",
                    Some("OutOfMemoryError: Container killed due to memory usage"),
                    Some(137),
                ),
            ],
        );
        assert_eq!(ids(&t), ["oom", "lb-unhealthy"]);
    }

    #[test]
    fn same_text_twice_is_one_explanation() {
        let text = "CannotPullContainerError: failed to resolve ref my-repo:v2: not found";
        let t = task(
            Some(TASK_FAILED_TO_START),
            Some(text),
            vec![container("web", Some(text), None)],
        );
        let all = explain_task(&t);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].container.as_deref(), Some("web"));
    }

    #[test]
    fn sentences_are_plain() {
        let t = task(
            Some(TASK_FAILED_TO_START),
            Some(
                "CannotPullContainerError: pull image manifest has been retried 5 time(s): dial tcp 203.0.113.10:443: i/o timeout",
            ),
            vec![container(
                "web",
                Some(
                    "CannotPullContainerError: pull image manifest has been retried 5 time(s): dial tcp 203.0.113.10:443: i/o timeout",
                ),
                None,
            )],
        );
        let e = first(&t);
        assert_eq!(
            sentence(&e),
            "The image could not be pulled: no network path from the task to the image registry (container web)"
        );
        assert_eq!(e.read_logs(), Some(false));
        let t = task(
            Some(ESSENTIAL_CONTAINER_EXITED),
            Some(ESSENTIAL),
            vec![container("web", None, Some(3))],
        );
        assert_eq!(
            sentence(&first(&t)),
            "A container exited: exit code 3 (container web)"
        );
        let t = task(None, Some("line one\n  line two"), Vec::new());
        assert_eq!(
            sentence(&first(&t)),
            "The task stopped for a reason tecs does not recognise: line one line two"
        );
        for r in REASONS {
            let e = Explanation {
                reason: r,
                container: Some("web".to_string()),
                evidence: "x".to_string(),
                exit_code: None,
            };
            let s = sentence(&e);
            assert!(
                !s.contains('`') && !s.contains('*') && !s.contains("Some("),
                "{s}"
            );
        }
    }

    #[test]
    fn logs_follow_the_evidence() {
        let t = task(
            Some(ESSENTIAL_CONTAINER_EXITED),
            Some(ESSENTIAL),
            vec![container("web", None, Some(127))],
        );
        assert_eq!(first(&t).read_logs(), Some(true));
        let t = task(
            Some(TASK_FAILED_TO_START),
            Some("CannotStartContainerError: exec: \"x\": executable file not found in $PATH"),
            Vec::new(),
        );
        let e = first(&t);
        assert_eq!(e.reason.id, "bad-command");
        assert_eq!(e.read_logs(), Some(false));
        let t = task(
            Some(ESSENTIAL_CONTAINER_EXITED),
            Some("exec /app/server: exec format error"),
            vec![container("web", None, Some(255))],
        );
        let e = first(&t);
        assert_eq!(e.reason.id, "wrong-arch");
        assert_eq!(e.read_logs(), Some(true));
        let t = task(
            None,
            Some("DockerTimeoutError: Could not transition to created"),
            Vec::new(),
        );
        assert_eq!(first(&t).read_logs(), None);
    }
}
