//! `switchboard-run FILE`: runs the collections of a collections file in
//! order and says PASS or FAIL for each request (see `--help`).

use std::process::ExitCode;

use clap::Parser;
use switchboard_collection::run::{Config, run};

fn main() -> ExitCode {
    let config = Config::parse();
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(run(config)),
        Err(error) => {
            eprintln!("switchboard-run: cannot start: {error}");
            ExitCode::from(2)
        }
    }
}
