//! tecs's own domain types: what the AWS layer returns and the UI draws. SDK types stop at `aws/`.

pub mod cluster;

pub use cluster::{Cluster, ServiceSummary, StrategyItem};
