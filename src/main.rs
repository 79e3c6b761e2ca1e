//! The `tecs` binary.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

fn main() -> color_eyre::Result<ExitCode> {
    // Before the terminal is touched, so a panic report prints after the terminal is restored.
    color_eyre::install()?;
    let cli = tecs::cli::Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let code = runtime.block_on(tecs::run::run(cli))?;
    Ok(ExitCode::from(code))
}
