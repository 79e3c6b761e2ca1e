//! Task definition families with several revisions each, covering the launch types, platforms and
//! network modes a console has to display (Fargate x86 and ARM, Windows on EC2, bridge with host ports).

use aws_sdk_ecs::operation::register_task_definition::builders::RegisterTaskDefinitionFluentBuilder;
use aws_sdk_ecs::types::{
    ApplicationProtocol, Compatibility, ContainerCondition, ContainerDefinition,
    ContainerDependency, CpuArchitecture, HealthCheck, KeyValuePair, LogConfiguration, LogDriver,
    NetworkMode, OsFamily, PortMapping, RuntimePlatform, TransportProtocol,
};
use color_eyre::Result;
use color_eyre::eyre::{WrapErr, eyre};

use super::clusters::tag;
use super::iam::DemoRoles;

pub(crate) const WEB: &str = "web";
pub(crate) const WORKER: &str = "worker";
pub(crate) const WIN_IIS: &str = "win-iis";
pub(crate) const LEGACY_API: &str = "legacy-api";
/// Every revision deregistered: a family that only shows up under "inactive".
pub(crate) const CRON_REPORT: &str = "cron-report";

/// The awslogs stream prefix of every demo container; streams are `ecs/<container>/<task-id>`.
pub(crate) const STREAM_PREFIX: &str = "ecs";

/// A family and the status of each of its revisions after seeding.
#[derive(Debug, Clone)]
pub(crate) struct SeededFamily {
    pub family: String,
    /// `(revision, active)` in registration order.
    pub revisions: Vec<(i32, bool)>,
    /// Container names (the same in every revision), in definition order, for log stream names.
    pub containers: Vec<String>,
}

/// What every definition needs to know about the account.
pub(crate) struct Context<'a> {
    pub roles: &'a DemoRoles,
    pub region: &'a str,
}

impl Context<'_> {
    /// An image in the account's own ECR registry.
    fn ecr_image(&self, repository: &str, tag: &str) -> String {
        format!(
            "{}.dkr.ecr.{}.amazonaws.com/{repository}:{tag}",
            self.roles.account_id, self.region
        )
    }

    /// The console's default awslogs configuration: group `/ecs/<family>`, prefix `ecs`.
    fn awslogs(&self, family: &str) -> Result<LogConfiguration> {
        Ok(LogConfiguration::builder()
            .log_driver(LogDriver::Awslogs)
            .options("awslogs-group", log_group(family))
            .options("awslogs-region", self.region)
            .options("awslogs-stream-prefix", STREAM_PREFIX)
            .options("awslogs-create-group", "true")
            .build()?)
    }
}

/// The log group of a demo family.
pub(crate) fn log_group(family: &str) -> String {
    format!("/ecs/{family}")
}

/// Registers every family's revisions in order, then deregisters the retired ones.
pub(crate) async fn register_all(
    ecs: &aws_sdk_ecs::Client,
    ctx: &Context<'_>,
) -> Result<Vec<SeededFamily>> {
    let mut families = Vec::new();

    // web: three releases; the first one is retired.
    for (rev, nginx, app) in [
        (1, "1.25", "2.3.0"),
        (2, "1.26", "2.4.1"),
        (3, "1.27", "2.5.0"),
    ] {
        register(web(ecs, ctx, rev, nginx, app)?, WEB, rev).await?;
    }
    deregister(ecs, WEB, 1).await?;
    families.push(family(
        WEB,
        &[(1, false), (2, true), (3, true)],
        &["app", "nginx"],
    ));

    for (rev, version, memory) in [(1, "1.7.2", 1536), (2, "1.8.0", 1792)] {
        register(worker(ecs, ctx, version, memory)?, WORKER, rev).await?;
    }
    families.push(family(WORKER, &[(1, true), (2, true)], &["worker"]));

    for (rev, site_version) in [(1, "2024.11"), (2, "2025.02")] {
        register(win_iis(ecs, ctx, site_version)?, WIN_IIS, rev).await?;
    }
    families.push(family(WIN_IIS, &[(1, true), (2, true)], &["iis"]));

    for (rev, version, heap) in [(1, "3.1.4", "-Xmx384m"), (2, "3.2.0", "-Xmx448m")] {
        register(legacy_api(ecs, ctx, version, heap)?, LEGACY_API, rev).await?;
    }
    families.push(family(LEGACY_API, &[(1, true), (2, true)], &["api"]));

    for (rev, schedule) in [(1, "daily"), (2, "hourly")] {
        register(cron_report(ecs, ctx, schedule)?, CRON_REPORT, rev).await?;
    }
    deregister(ecs, CRON_REPORT, 1).await?;
    deregister(ecs, CRON_REPORT, 2).await?;
    families.push(family(CRON_REPORT, &[(1, false), (2, false)], &["report"]));

    Ok(families)
}

fn family(name: &str, revisions: &[(i32, bool)], containers: &[&str]) -> SeededFamily {
    SeededFamily {
        family: name.to_string(),
        revisions: revisions.to_vec(),
        containers: containers.iter().map(|c| c.to_string()).collect(),
    }
}

/// Sends a registration and checks it got the expected revision: the demo's services name
/// revisions explicitly, so a surprise here would make them point at the wrong definition.
async fn register(
    request: RegisterTaskDefinitionFluentBuilder,
    family: &str,
    expected_revision: i32,
) -> Result<()> {
    let out = request
        .send()
        .await
        .wrap_err_with(|| format!("registering task definition {family}:{expected_revision}"))?;
    let revision = out
        .task_definition()
        .map(|td| td.revision())
        .ok_or_else(|| eyre!("no task definition returned for {family}"))?;
    if revision != expected_revision {
        return Err(eyre!(
            "registered {family}:{revision}, expected revision {expected_revision}; \
             seed the demo into a fresh account"
        ));
    }
    Ok(())
}

async fn deregister(ecs: &aws_sdk_ecs::Client, family: &str, revision: i32) -> Result<()> {
    ecs.deregister_task_definition()
        .task_definition(format!("{family}:{revision}"))
        .send()
        .await
        .wrap_err_with(|| format!("deregistering {family}:{revision}"))?;
    Ok(())
}

fn env(pairs: &[(&str, &str)]) -> Vec<KeyValuePair> {
    pairs
        .iter()
        .map(|(k, v)| KeyValuePair::builder().name(*k).value(*v).build())
        .collect()
}

fn port(container_port: i32, host_port: Option<i32>, name: &str) -> PortMapping {
    PortMapping::builder()
        .container_port(container_port)
        .set_host_port(host_port)
        .protocol(TransportProtocol::Tcp)
        .name(name)
        .app_protocol(ApplicationProtocol::Http)
        .build()
}

fn linux(arch: CpuArchitecture) -> RuntimePlatform {
    RuntimePlatform::builder()
        .operating_system_family(OsFamily::Linux)
        .cpu_architecture(arch)
        .build()
}

/// Fargate, awsvpc, x86: an nginx reverse proxy in front of the application container.
/// Both containers set memory limits: the emulator refuses to run Fargate tasks otherwise.
fn web(
    ecs: &aws_sdk_ecs::Client,
    ctx: &Context<'_>,
    revision: i32,
    nginx_version: &str,
    app_version: &str,
) -> Result<RegisterTaskDefinitionFluentBuilder> {
    let mut app_env = vec![
        ("APP_ENV", "production"),
        ("LOG_FORMAT", "json"),
        ("PORT", "8080"),
        (
            "DATABASE_HOST",
            "shop-db.cluster-c1x2y3z4.us-east-1.rds.amazonaws.com",
        ),
    ];
    if revision >= 3 {
        app_env.push(("FEATURE_NEW_CHECKOUT", "true"));
    }
    let app = ContainerDefinition::builder()
        .name("app")
        .image(ctx.ecr_image("shop/web", app_version))
        .essential(true)
        .cpu(384)
        .memory(768)
        .port_mappings(port(8080, None, "app-8080-tcp"))
        .set_environment(Some(env(&app_env)))
        .health_check(
            HealthCheck::builder()
                .command("CMD-SHELL")
                .command("curl -fsS http://localhost:8080/healthz || exit 1")
                .interval(15)
                .timeout(5)
                .retries(3)
                .start_period(20)
                .build()?,
        )
        .log_configuration(ctx.awslogs(WEB)?)
        .build();
    let nginx = ContainerDefinition::builder()
        .name("nginx")
        .image(format!("public.ecr.aws/nginx/nginx:{nginx_version}-alpine"))
        .essential(true)
        .cpu(128)
        .memory_reservation(128)
        .port_mappings(port(80, None, "nginx-80-tcp"))
        .set_environment(Some(env(&[("UPSTREAM", "127.0.0.1:8080")])))
        .depends_on(
            ContainerDependency::builder()
                .container_name("app")
                .condition(ContainerCondition::Healthy)
                .build()?,
        )
        .log_configuration(ctx.awslogs(WEB)?)
        .build();
    Ok(ecs
        .register_task_definition()
        .family(WEB)
        .requires_compatibilities(Compatibility::Fargate)
        .network_mode(NetworkMode::Awsvpc)
        .runtime_platform(linux(CpuArchitecture::X8664))
        .cpu("512")
        .memory("1024")
        .execution_role_arn(&ctx.roles.execution_role_arn)
        .task_role_arn(&ctx.roles.task_role_arn)
        .container_definitions(app)
        .container_definitions(nginx)
        .tags(tag("app", "shop"))
        .tags(tag("component", "web")))
}

/// Fargate on Graviton (ARM64): a queue consumer with no ports.
fn worker(
    ecs: &aws_sdk_ecs::Client,
    ctx: &Context<'_>,
    version: &str,
    memory_reservation: i32,
) -> Result<RegisterTaskDefinitionFluentBuilder> {
    let worker = ContainerDefinition::builder()
        .name("worker")
        .image(ctx.ecr_image("shop/worker", version))
        .essential(true)
        .memory_reservation(memory_reservation)
        .command("python")
        .command("-m")
        .command("shop.worker")
        .command("--queues")
        .command("emails,invoices,thumbnails")
        .set_environment(Some(env(&[
            ("APP_ENV", "production"),
            ("WORKER_CONCURRENCY", "8"),
            (
                "QUEUE_URL",
                "https://sqs.us-east-1.amazonaws.com/000000000000/shop-jobs",
            ),
        ])))
        .stop_timeout(120)
        .log_configuration(ctx.awslogs(WORKER)?)
        .build();
    Ok(ecs
        .register_task_definition()
        .family(WORKER)
        .requires_compatibilities(Compatibility::Fargate)
        .network_mode(NetworkMode::Awsvpc)
        .runtime_platform(linux(CpuArchitecture::Arm64))
        .cpu("1024")
        .memory("2048")
        .execution_role_arn(&ctx.roles.execution_role_arn)
        .task_role_arn(&ctx.roles.task_role_arn)
        .container_definitions(worker)
        .tags(tag("app", "shop"))
        .tags(tag("component", "worker")))
}

/// EC2, Windows Server 2022 Core. The network mode is left out on purpose: on Windows that is
/// Docker's `default` (NAT) network, which the API has no enum value for.
fn win_iis(
    ecs: &aws_sdk_ecs::Client,
    ctx: &Context<'_>,
    site_version: &str,
) -> Result<RegisterTaskDefinitionFluentBuilder> {
    let iis = ContainerDefinition::builder()
        .name("iis")
        .image("mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022")
        .essential(true)
        .cpu(1024)
        .memory(2048)
        .entry_point("powershell")
        .entry_point("-Command")
        .command("C:\\ServiceMonitor.exe w3svc")
        .port_mappings(port(80, Some(80), "iis-80-tcp"))
        .set_environment(Some(env(&[("SITE_VERSION", site_version)])))
        .log_configuration(ctx.awslogs(WIN_IIS)?)
        .build();
    Ok(ecs
        .register_task_definition()
        .family(WIN_IIS)
        .requires_compatibilities(Compatibility::Ec2)
        .runtime_platform(
            RuntimePlatform::builder()
                .operating_system_family(OsFamily::WindowsServer2022Core)
                .cpu_architecture(CpuArchitecture::X8664)
                .build(),
        )
        .cpu("1024")
        .memory("2048")
        .execution_role_arn(&ctx.roles.execution_role_arn)
        .container_definitions(iis)
        .tags(tag("app", "intranet")))
}

/// EC2, bridge mode with a fixed host port: one task per instance, as on real EC2 capacity.
fn legacy_api(
    ecs: &aws_sdk_ecs::Client,
    ctx: &Context<'_>,
    version: &str,
    heap: &str,
) -> Result<RegisterTaskDefinitionFluentBuilder> {
    let java_opts = format!("{heap} -XX:+UseG1GC");
    let api = ContainerDefinition::builder()
        .name("api")
        .image(ctx.ecr_image("legacy/api", version))
        .essential(true)
        .cpu(256)
        .memory(512)
        .port_mappings(port(8080, Some(8080), "api-8080-tcp"))
        .set_environment(Some(env(&[
            ("SPRING_PROFILES_ACTIVE", "prod"),
            ("JAVA_OPTS", &java_opts),
            ("SERVER_PORT", "8080"),
            // The legacy service's old habit, for `:findings` and `T` to flag: a password in
            // plaintext environment rather than in `secrets`.
            ("DB_PASSWORD", "changeme-legacy-2019"),
        ])))
        .log_configuration(ctx.awslogs(LEGACY_API)?)
        .build();
    Ok(ecs
        .register_task_definition()
        .family(LEGACY_API)
        .requires_compatibilities(Compatibility::Ec2)
        .network_mode(NetworkMode::Bridge)
        .runtime_platform(linux(CpuArchitecture::X8664))
        .memory("512")
        .execution_role_arn(&ctx.roles.execution_role_arn)
        .task_role_arn(&ctx.roles.task_role_arn)
        .container_definitions(api)
        .tags(tag("app", "legacy")))
}

/// A retired scheduled job (Fargate, the smallest task size).
fn cron_report(
    ecs: &aws_sdk_ecs::Client,
    ctx: &Context<'_>,
    schedule: &str,
) -> Result<RegisterTaskDefinitionFluentBuilder> {
    let report = ContainerDefinition::builder()
        .name("report")
        .image(ctx.ecr_image("shop/reports", "0.9.1"))
        .essential(true)
        .memory(512)
        .command("generate-report")
        .command(format!("--schedule={schedule}"))
        .log_configuration(ctx.awslogs(CRON_REPORT)?)
        .build();
    Ok(ecs
        .register_task_definition()
        .family(CRON_REPORT)
        .requires_compatibilities(Compatibility::Fargate)
        .network_mode(NetworkMode::Awsvpc)
        .runtime_platform(linux(CpuArchitecture::X8664))
        .cpu("256")
        .memory("512")
        .execution_role_arn(&ctx.roles.execution_role_arn)
        .container_definitions(report))
}
