//! The bridge: `POST /api/publish` in, a confirmed publish to RabbitMQ out.
//!
//! Run it with `cargo run -p bridge-server`; `--help` lists the settings.

use bridge_server::{Config, run};
use clap::Parser;

fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    switchboard_service::init_tracing("bridge_server");
    let runtime = match config.worker_threads {
        1 => tokio::runtime::Builder::new_current_thread(),
        threads => {
            let mut builder = tokio::runtime::Builder::new_multi_thread();
            builder.worker_threads(threads.into());
            builder
        }
    }
    .enable_all()
    .build()?;
    runtime.block_on(run(config, switchboard_service::shutdown_signal()))
}
