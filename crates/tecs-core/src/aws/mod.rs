//! The AWS layer: SDK clients, pagination, batching, error classification and mapping to tecs's own
//! domain types. Nothing here knows about the UI.

pub mod call_log;
pub mod cluster_admin;
pub mod clusters;
pub mod container_instances;
pub mod emulator;
pub mod errors;
pub mod exec;
pub mod findings;
pub mod iam;
pub mod identity;
pub mod log_tail;
pub mod logs;
pub mod namespace_admin;
pub mod namespaces;
pub mod network;
pub mod overview;
pub mod profiles;
pub mod progressive;
pub mod raw_json;
pub mod raw_request;
pub mod read_back;
pub mod resources;
pub mod retry;
pub mod service_admin;
pub mod services;
pub mod task_definitions;
pub mod tasks;
pub mod write_once;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use emulator::MotoAccountInterceptor;

/// Where and as whom tecs talks to AWS, from the command line and environment.
#[derive(Debug, Clone, Default)]
pub struct AwsSettings {
    /// Named profile; `None` uses the standard chain's default (including `AWS_PROFILE`).
    pub profile: Option<String>,
    /// Region; `None` uses the standard chain (`AWS_REGION`, profile's region, IMDS).
    pub region: Option<String>,
    /// Endpoint override (`--endpoint-url` / `AWS_ENDPOINT_URL`), e.g. the local emulator.
    pub endpoint_url: Option<String>,
    /// Emulator account to isolate state in (adds `x-moto-account-id`); only with an endpoint override.
    pub emulator_account_id: Option<String>,
    /// Turn SDK retries off (tests against the emulator, where an unimplemented call is an HTML 500).
    pub disable_retries: bool,
}

/// Why the AWS configuration could not be used at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// No region from flags, environment or profile.
    NoRegion { profile: Option<String> },
    /// `--profile` names a profile that is in neither shared file, and no region was given: the
    /// missing profile is the cause, not the region.
    MissingProfile(errors::MissingProfileError),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::NoRegion { profile } => {
                write!(
                    f,
                    "no AWS region configured. Pass --region REGION, set AWS_REGION"
                )?;
                match profile {
                    Some(p) => write!(f, ", or add `region = ...` to profile {p} in ~/.aws/config"),
                    None => write!(
                        f,
                        ", or add `region = ...` to your profile in ~/.aws/config"
                    ),
                }
            }
            ConfigError::MissingProfile(missing) => write!(
                f,
                "{missing}. Check the name (aws configure list-profiles shows them), or create it \
                 with aws configure --profile {}",
                missing.profile
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Loads the shared SDK configuration through aws-config's standard chain, with tecs's timeouts
/// and retry policy.
///
/// Timeouts (every call; see issue 9 — a silent link must become an error, not a spinner):
/// - connect 3 s: a TCP+TLS handshake with a regional AWS endpoint takes tens of milliseconds;
///   3 s tolerates a slow VPN or a lost SYN (retransmitted after 1 s) and still tells a dead link
///   fast. A connect timeout means nothing was sent.
/// - per attempt 20 s: ECS/EC2/IAM list and describe calls answer in well under a second, the
///   heaviest in a few; 20 s is ample for a loaded API and leaves room for a retry within the
///   operation budget.
/// - per operation 60 s: all attempts and backoff together; after a minute the operator is better
///   served by an error (the views retry on their own schedule, `r` retries now).
/// - loading credentials 15 s: SSO, STS, instance metadata and `credential_process` answer in
///   well under that; it must stay below the attempt timeout (which also covers loading the
///   credentials), so that a stuck credentials provider is reported as such, with nothing sent,
///   rather than as a request that got no answer (the SDK's own default, derived from the
///   timeouts above, would be 60 s).
///
/// A long-lived stream (a log tail with StartLiveTail) must override the attempt and operation
/// timeouts on its own call (`.customize().config_override(...)`).
///
/// Retries: standard mode (throttling, 5xx, timeouts and connection errors, token-bucket
/// limited), 4 attempts, with at least 1 s between two attempts of a call ([`retry::Pacing`],
/// added to every client by [`Clients::new`]). A refused connection to an endpoint on this machine
/// (an emulator that is not running) is not retried, so it is reported at once.
///
/// A named profile that exists in neither shared file gets a credentials provider that always
/// fails saying so (see [`errors::MissingProfile`]): the default chain would otherwise fall
/// through to instance metadata and blame that.
pub async fn load_sdk_config(settings: &AwsSettings) -> Result<SdkConfig, ConfigError> {
    use std::time::Duration;
    const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
    const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);
    const OPERATION_TIMEOUT: Duration = Duration::from_secs(60);
    const CREDENTIALS_TIMEOUT: Duration = Duration::from_secs(15);
    const ATTEMPTS: u32 = 4;

    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    let mut missing_profile = None;
    if let Some(profile) = &settings.profile {
        loader = loader.profile_name(profile);
        if let Some(missing) = errors::missing_profile(profile).await {
            missing_profile = Some(missing.clone());
            loader = loader.credentials_provider(
                aws_credential_types::provider::SharedCredentialsProvider::new(
                    errors::MissingProfile(missing),
                ),
            );
        }
    }
    if let Some(region) = &settings.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader = loader.timeout_config(
        aws_config::timeout::TimeoutConfig::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .operation_attempt_timeout(ATTEMPT_TIMEOUT)
            .operation_timeout(OPERATION_TIMEOUT)
            .build(),
    );
    loader = loader.identity_cache(
        aws_config::identity::IdentityCache::lazy()
            .load_timeout(CREDENTIALS_TIMEOUT)
            .build(),
    );
    loader = loader.retry_config(if settings.disable_retries {
        RetryConfig::disabled()
    } else {
        RetryConfig::standard().with_max_attempts(ATTEMPTS)
    });
    let config = loader.load().await;
    if config.region().is_none() {
        if let Some(missing) = missing_profile {
            return Err(ConfigError::MissingProfile(missing));
        }
        return Err(ConfigError::NoRegion {
            profile: settings
                .profile
                .clone()
                .or_else(|| std::env::var("AWS_PROFILE").ok()),
        });
    }
    Ok(config)
}

/// The service clients tecs uses, built once and cheap to clone into tasks.
#[derive(Debug, Clone)]
pub struct Clients {
    pub ecs: aws_sdk_ecs::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub discovery: aws_sdk_servicediscovery::Client,
    pub sts: aws_sdk_sts::Client,
    pub ec2: aws_sdk_ec2::Client,
    pub iam: aws_sdk_iam::Client,
    pub autoscaling: aws_sdk_autoscaling::Client,
    pub ssm: aws_sdk_ssm::Client,
    /// Application Auto Scaling: a service's scalable target and policies.
    pub aas: aws_sdk_applicationautoscaling::Client,
    /// Elastic Load Balancing v2: target groups for the create-service wizard.
    pub elbv2: aws_sdk_elasticloadbalancingv2::Client,
    /// ECR: the images of the resource tree.
    pub ecr: aws_sdk_ecr::Client,
    /// The region the clients talk to, for messages ("no clusters in eu-west-1").
    pub region: String,
    /// The configuration they were built from (clients for other regions: the overview).
    pub sdk_config: SdkConfig,
    /// The emulator account the clients isolate their state in, if any.
    pub emulator_account: Option<String>,
}

/// Whether an endpoint URL names this machine (localhost, 127.0.0.0/8, ::1).
pub fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

macro_rules! client_with {
    ($krate:ident, $config:expr, $account:expr) => {{
        let loopback = $config.endpoint_url().is_some_and(is_loopback);
        let mut builder = $krate::config::Builder::from($config)
            .interceptor(call_log::CallLog)
            .retry_classifier(retry::Pacing::new(loopback));
        if let Some(account) = $account {
            builder = builder.interceptor(MotoAccountInterceptor::new(account.clone()));
        }
        $krate::Client::from_conf(builder.build())
    }};
}

impl Clients {
    /// Builds every client from one shared configuration; `emulator_account` isolates emulator state.
    pub fn new(config: &SdkConfig, emulator_account: Option<&String>) -> Self {
        Self {
            ecs: client_with!(aws_sdk_ecs, config, emulator_account),
            logs: client_with!(aws_sdk_cloudwatchlogs, config, emulator_account),
            discovery: client_with!(aws_sdk_servicediscovery, config, emulator_account),
            sts: client_with!(aws_sdk_sts, config, emulator_account),
            ec2: client_with!(aws_sdk_ec2, config, emulator_account),
            iam: client_with!(aws_sdk_iam, config, emulator_account),
            autoscaling: client_with!(aws_sdk_autoscaling, config, emulator_account),
            ssm: client_with!(aws_sdk_ssm, config, emulator_account),
            aas: client_with!(aws_sdk_applicationautoscaling, config, emulator_account),
            elbv2: client_with!(aws_sdk_elasticloadbalancingv2, config, emulator_account),
            ecr: client_with!(aws_sdk_ecr, config, emulator_account),
            region: config.region().map(|r| r.to_string()).unwrap_or_default(),
            sdk_config: config.clone(),
            emulator_account: emulator_account.cloned(),
        }
    }

    /// An ECS client like [`Clients::ecs`] (same credentials, timeouts, retries), for `region`.
    pub fn ecs_in(&self, region: &str) -> aws_sdk_ecs::Client {
        let config = self
            .sdk_config
            .to_builder()
            .region(Region::new(region.to_string()))
            .build();
        client_with!(aws_sdk_ecs, &config, self.emulator_account.as_ref())
    }

    /// Loads configuration and builds the clients in one step.
    pub async fn from_settings(settings: &AwsSettings) -> Result<Self, ConfigError> {
        let config = load_sdk_config(settings).await?;
        let account = settings
            .emulator_account_id
            .as_ref()
            .filter(|_| settings.endpoint_url.is_some());
        Ok(Self::new(&config, account))
    }
}
