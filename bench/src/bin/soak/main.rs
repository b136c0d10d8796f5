//! The bridge's soak test: a thousand concurrent keep-alive
//! connections publish uniquely numbered 1 KB messages for a minute, and an
//! independent consumer on a durable queue proves that every message that got
//! a 2xx was stored. It also records the bridge's peak memory.
//!
//! Run it with `scripts/soak.sh` (which builds the release bridge first);
//! `--help` lists the settings. It exits non-zero when a request failed for a
//! reason other than the rate limit's 429, or a confirmed message was lost.

mod report;
mod tally;

use std::{path::PathBuf, process::ExitCode, sync::Arc, time::Duration};

use clap::Parser;
use switchboard_bench::{
    broker::Scratch,
    child::{ServerProcess, log_path, sibling_binary},
    load::{Window, drive},
    publish::{BridgePublisher, Numbering},
};

use crate::{
    report::{Report, Samples},
    tally::TallyConsumer,
};

/// Soak-tests the bridge with many keep-alive connections and checks that no
/// confirmed message is lost.
#[derive(Debug, Clone, clap::Parser)]
#[command(version)]
struct Config {
    /// Concurrent keep-alive connections, each with one request in flight.
    #[arg(long, default_value_t = 1_000)]
    connections: usize,
    /// How long to publish, in seconds.
    #[arg(long, default_value_t = 60)]
    duration_secs: u64,
    /// The payload of each message, in bytes.
    #[arg(long, default_value_t = 1_024)]
    payload_bytes: usize,
    /// Turns the bridge's per-client rate limit off. It is on by default (100/s,
    /// burst 200), so most requests from this one address get the intended 429.
    #[arg(long)]
    no_rate_limit: bool,
    /// The broker the bridge publishes to and the consumer reads from.
    #[arg(long, default_value = "amqp://127.0.0.1:5672/%2f")]
    amqp_url: String,
    /// The bridge binary; by default the one built beside this program.
    #[arg(long)]
    bridge_bin: Option<PathBuf>,
    /// `RUST_LOG` for the bridge; its log goes to target/bench-logs/.
    #[arg(long, default_value = "warn")]
    bridge_log: String,
    /// The longest one request may take before it counts as an error.
    #[arg(long, default_value_t = 30)]
    request_timeout_secs: u64,
    /// After the load, how long nothing may arrive before the count is final.
    #[arg(long, default_value_t = 5)]
    quiet_secs: u64,
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let config = Config::parse();
    let fd_limit = switchboard_bench::raise_fd_limit()?;
    let report = soak(&config, fd_limit).await?;
    print!("{report}");
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

async fn soak(config: &Config, fd_limit: u64) -> anyhow::Result<Report> {
    let bridge_bin = match &config.bridge_bin {
        Some(path) => path.clone(),
        None => sibling_binary("bridge-server")?,
    };
    let scratch = Scratch::create(&config.amqp_url, "soak").await?;
    let numbering = Numbering::new("soak");
    let tally = TallyConsumer::start(&config.amqp_url, &scratch.queue, numbering.clone()).await?;

    let rate_limit = if config.no_rate_limit { "0" } else { "100" };
    let args: Vec<String> = [
        "--bind=127.0.0.1:0",
        &format!("--amqp-url={}", config.amqp_url),
        &format!("--exchange={}", scratch.exchange),
        &format!("--rate-limit-per-second={rate_limit}"),
    ]
    .map(String::from)
    .into();
    let log = log_path("bridge-soak");
    let env = [("RUST_LOG", config.bridge_log.as_str())];
    let bridge = ServerProcess::spawn(&bridge_bin, &args, &env, &log).await?;
    bridge
        .wait_ready("/readyz", Duration::from_secs(30))
        .await?;
    println!(
        "soak: bridge pid {} on {} (exchange {}, rate limit {}), {} connections for {} s",
        bridge.pid,
        bridge.addr,
        scratch.exchange,
        if config.no_rate_limit { "off" } else { "on" },
        config.connections,
        config.duration_secs,
    );
    let idle = bridge.memory()?;

    let payload: Arc<str> = switchboard_bench::payload(config.payload_bytes).into();
    let timeout = Duration::from_secs(config.request_timeout_secs);
    let clients = BridgePublisher::connect_many(
        config.connections,
        bridge.addr,
        &numbering,
        payload,
        timeout,
    )
    .await?;

    let window = Window::everything(Duration::from_secs(config.duration_secs));
    let load = tokio::spawn(drive(clients, window));
    // Sample from outside while the load runs: the kernel's count of open
    // connections, and the bridge's memory.
    let mut samples = Samples::new(idle);
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    while !load.is_finished() {
        tick.tick().await;
        samples.take(&bridge);
    }
    let (stats, clients) = load.await?;
    samples.take(&bridge);

    let reconnects = clients.iter().map(|client| client.conn.reconnects).sum();
    let confirmed: Vec<u64> = clients
        .iter()
        .flat_map(|client| client.confirmed.iter().copied())
        .collect();
    drop(clients);
    println!("soak: load done; waiting for the queue to drain");
    let quiet = Duration::from_secs(config.quiet_secs);
    let tally = tally
        .finish(&scratch, quiet, Duration::from_secs(120))
        .await?;
    let end = bridge.memory()?;
    bridge.stop(Duration::from_secs(10)).await?;
    scratch.delete().await?;

    Ok(Report {
        connections: config.connections,
        duration: window.measure,
        payload_bytes: config.payload_bytes,
        rate_limit: !config.no_rate_limit,
        fd_limit,
        reconnects,
        issued: numbering.issued(),
        verdict: tally.check(&confirmed),
        tally,
        stats,
        samples,
        end,
    })
}
