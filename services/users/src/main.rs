//! The users REST service: users in memory, seeded at start, and its OpenAPI document.
//!
//! Run it with `cargo run -p users-service --bin users`; `--help` lists the settings.

use axum::serve::ListenerExt;
use clap::Parser;
use users_service::{Config, app};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    switchboard_service::init_tracing("users_service");
    let (listener, addr) = switchboard_service::bind(config.bind).await?;
    tracing::info!(%addr, origins = ?config.cors.allowed_origins, "users service ready");
    // Answers are small and latency matters more than packet count: no Nagle.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app(&config))
        .with_graceful_shutdown(switchboard_service::shutdown_signal())
        .await?;
    Ok(())
}
