//! The bridge: `POST /api/publish` in, a confirmed publish to RabbitMQ out.
//!
//! Run it with `cargo run -p bridge-server`; `--help` lists the settings.

use bridge_server::{Config, run};
use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    switchboard_service::init_tracing("bridge_server");
    run(config, switchboard_service::shutdown_signal()).await
}
