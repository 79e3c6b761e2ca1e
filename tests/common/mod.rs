//! Shared harness for the integration tests: the moto emulator and a pseudo-terminal driver.
//! Each test binary uses only part of it.
#![allow(dead_code)]

pub mod fault_proxy;
pub mod moto;
pub mod pty;
