//! The AWS layer: SDK clients, pagination, batching, error classification and mapping to tecs's own
//! domain types. Nothing here knows about the UI.

pub mod call_log;
pub mod cluster_admin;
pub mod clusters;
pub mod emulator;
pub mod errors;
pub mod iam;
pub mod identity;
pub mod logs;
pub mod namespace_admin;
pub mod namespaces;
pub mod raw_json;
pub mod raw_request;
pub mod task_definitions;

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
        }
    }
}

impl std::error::Error for ConfigError {}

/// Loads the shared SDK configuration through aws-config's standard chain.
pub async fn load_sdk_config(settings: &AwsSettings) -> Result<SdkConfig, ConfigError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(profile) = &settings.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &settings.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    if settings.disable_retries {
        loader = loader.retry_config(RetryConfig::disabled());
    } else {
        // Standard mode: exponential backoff with jitter on throttling and 5xx, token-bucket limited.
        loader = loader.retry_config(RetryConfig::standard().with_max_attempts(4));
    }
    let config = loader.load().await;
    if config.region().is_none() {
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
    /// The region the clients talk to, for messages ("no clusters in eu-west-1").
    pub region: String,
}

macro_rules! client_with {
    ($krate:ident, $config:expr, $account:expr) => {{
        let mut builder = $krate::config::Builder::from($config).interceptor(call_log::CallLog);
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
            region: config.region().map(|r| r.to_string()).unwrap_or_default(),
        }
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
