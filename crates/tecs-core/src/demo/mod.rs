//! Demo and test data seeded into the local emulator through the real SDK.
//!
//! Everything here goes through the same [`Clients`](crate::aws::Clients) tecs uses, so a seeded
//! account looks to tecs exactly like a real one would. It is meant for the emulator (moto): it creates
//! IAM roles, EC2 instances and Cloud Map namespaces without asking, which nobody wants in a real account.

mod bulk;
mod clusters;
mod command;
mod container_instances;
mod iam;
mod loglines;
mod logs;
mod namespaces;
pub mod network;
mod seed;
mod services;
mod summary;
mod task_definitions;

pub use bulk::seed_clusters;
pub use command::{SeedOptions, run_seed_command};
pub use logs::feed_logs_once;
pub use seed::seed_demo;
pub use services::STOPPED_REASON;
pub use summary::{SeedSummary, SeededLogStream, SeededService, SeededTask};
