//! The greeter gRPC service, reachable as gRPC (HTTP/2) and gRPC-web (HTTP/1.1).
//!
//! Run it with `cargo run -p greeter-service --bin greeter`; `--help` lists the settings.

use clap::Parser;
use greeter_service::{Config, serve};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    switchboard_service::init_tracing("greeter_service");
    let (listener, addr) = switchboard_service::bind(config.bind).await?;
    tracing::info!(%addr, origins = ?config.cors.allowed_origins, "greeter service ready");
    serve(&config, listener, switchboard_service::shutdown_signal()).await?;
    Ok(())
}
