//! tecs: a terminal console for Amazon ECS.
#![forbid(unsafe_code)]

pub mod action;
pub mod app;
pub mod aws;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod effects;
pub mod form;
pub mod keymap;
pub mod logging;
pub mod model;
pub mod run;
pub mod state;
pub mod terminal_io;
pub mod ui;
pub mod update;
pub mod wizard;
