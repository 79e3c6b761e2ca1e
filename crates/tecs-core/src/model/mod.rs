//! tecs's own domain types: what the AWS layer returns and the UI draws. SDK types stop at `aws/`.

pub mod cluster;
pub mod compact_json;
pub mod error;
pub mod iam;
pub mod identity;
pub mod logs;
pub mod namespace;
pub mod network;
pub mod profile;
pub mod resources;
pub mod service;
pub mod task;
pub mod task_definition;

pub use cluster::{Cluster, ServiceSummary, StrategyItem};
pub use compact_json::CompactJson;
pub use error::{AwsError, Delivery, ErrorKind, ReadBack};
pub use identity::Identity;
pub use task_definition::{ContainerSummary, RevisionRef, TaskDefinition};
