//! tecs: a terminal console for Amazon ECS.
#![forbid(unsafe_code)]

// The layers that know nothing of the UI live in their own crate; re-exported so `tecs::aws` works.
pub use tecs_core::{aws, demo, domain, model};

pub mod action;
pub mod app;
pub mod cli;
pub mod config_file;
pub mod effect;
pub mod form;
pub mod keymap;
pub mod last_used;
pub mod logging;
pub mod logs_cli;
pub mod run;
pub mod screens;
pub mod state;
pub mod terminal_io;
pub mod ui;
pub mod update;
pub mod widgets;
