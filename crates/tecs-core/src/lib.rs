//! tecs-core: the AWS layer (SDK calls, pagination, batching, error classification), the ECS domain
//! rules and tecs's own model types. It knows nothing of the terminal UI: the crate boundary makes an
//! upward import (from `aws/` into screens or state) a compile error.
#![forbid(unsafe_code)]

pub mod aws;
pub mod demo;
pub mod domain;
pub mod model;
