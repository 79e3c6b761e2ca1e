//! ECS domain rules as plain functions with tables, shared by the wizards and tested exhaustively.
//! The emulator accepts invalid input; tecs must not send it.

pub mod cluster;
pub mod console_url;
pub mod containers;
pub mod exec;
pub mod filter_pattern;
pub mod findings;
pub mod images;
pub mod json_diff;
pub mod log_sources;
pub mod memory;
pub mod names;
pub mod namespace;
pub mod network;
pub mod platform;
pub mod regions;
pub mod registerable;
pub mod request;
pub mod roles;
pub mod service;
pub mod service_request;
pub mod stop_reasons;
pub mod task_size;
