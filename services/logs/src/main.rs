//! The logs service: subscribes to the `logs` fanout exchange and logs every
//! message that reaches it.
//!
//! Run it with `cargo run -p logs-service --bin logs`; `--help` lists the settings.

use clap::Parser;
use logs_service::{Config, Event, run};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    switchboard_service::init_tracing("logs_service");
    run(&config, switchboard_service::shutdown_signal(), |event| {
        // The line that scripts and tests wait for, as the servers print
        // `listening on …`: from here on, a publish to the exchange is routed.
        if let Event::Bound { queue, exchange } = event {
            println!("bound {queue} to {exchange}");
        }
    })
    .await;
    Ok(())
}
