//! The runner's settings, and what every benchmark shares: the measurement
//! window, the payload, and starting a bridge.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use switchboard_bench::{
    child::{ServerProcess, log_path, sibling_binary},
    cpu::{CpuMeter, CpuUse, Watched},
    load::Window,
    stats::Stats,
};

/// A benchmark, as `--only` names it; BENCHMARKS.md lists them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Id {
    /// The bridge's confirmed publish rate against a raw lapin publisher.
    Throughput,
    /// The bridge against RabbitMQ's management API publish.
    Management,
    /// One caller's publish latency against lapin's publish + confirm.
    Latency,
    /// The greeter over gRPC-web against the same server over native gRPC.
    GrpcWeb,
    /// A gRPC-web call relayed by the bridge against the same call made directly.
    GrpcRelay,
    /// The users service against a bare hyper handler.
    Users,
    /// The page's first-load transfer against its budget.
    PageSize,
    /// The page's own timings in headless Chromium.
    Browser,
    /// The schema worker's dynamic encode + decode against prost's compiled
    /// code, in headless Chromium.
    SchemaCodec,
    /// The gRPC console's first schema request to a rendered form, in
    /// headless Chromium.
    SchemaForm,
    /// The live tail's delivery rate against a raw lapin consumer.
    LiveTail,
    /// The bridge's resident memory, idle and with many connections.
    Memory,
}

impl Id {
    /// The name `--only` takes, which BENCHMARKS.md shows too.
    pub fn name(self) -> &'static str {
        match self {
            Self::Throughput => "throughput",
            Self::Management => "management",
            Self::Latency => "latency",
            Self::GrpcWeb => "grpc-web",
            Self::GrpcRelay => "grpc-relay",
            Self::Users => "users",
            Self::PageSize => "page-size",
            Self::Browser => "browser",
            Self::SchemaCodec => "schema-codec",
            Self::SchemaForm => "schema-form",
            Self::LiveTail => "live-tail",
            Self::Memory => "memory",
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::*;

    #[test]
    fn names_are_what_only_takes() {
        for id in Id::value_variants() {
            let value = id.to_possible_value().expect("no variant is skipped");
            assert_eq!(id.name(), value.get_name());
        }
    }
}

/// Runs Switchboard's benchmarks against baselines measured in the same run and
/// writes BENCHMARKS.md and its latency chart.
#[derive(Debug, Clone, clap::Parser)]
#[command(version)]
pub struct Config {
    /// Seconds of calls before each measurement that are not counted.
    #[arg(long, default_value_t = 2)]
    pub warmup_secs: u64,
    /// Seconds counted in each measurement.
    #[arg(long, default_value_t = 5)]
    pub measure_secs: u64,
    /// How many times the baseline and Switchboard take turns; each side's
    /// measurements add up, so slow spells of a noisy machine hit both.
    #[arg(long, default_value_t = 3)]
    pub rounds: u32,
    /// Only these benchmarks, comma-separated (default: all).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub only: Vec<Id>,
    /// The broker every publishing benchmark uses.
    #[arg(long, default_value = "amqp://127.0.0.1:5672/%2f")]
    pub amqp_url: String,
    /// RabbitMQ's management HTTP API (`management`); its plugin is enabled
    /// for the run.
    #[arg(long, default_value = "127.0.0.1:15672")]
    pub management_addr: SocketAddr,
    /// The management API's user.
    #[arg(long, default_value = "guest")]
    pub management_user: String,
    /// The management API's password.
    #[arg(long, default_value = "guest")]
    pub management_password: String,
    /// The bridge binary; by default the one built beside this program.
    #[arg(long)]
    pub bridge_bin: Option<PathBuf>,
    /// `RUST_LOG` for the bridge; its log goes to target/bench-logs/.
    #[arg(long, default_value = "warn")]
    pub bridge_log: String,
    /// The payload of every published message, in bytes.
    #[arg(long, default_value_t = 1_024)]
    pub payload_bytes: usize,
    /// Unconfirmed messages the raw lapin baseline keeps in flight
    /// (`throughput`).
    #[arg(long, default_value_t = 192)]
    pub in_flight: usize,
    /// Seconds of publishing at each rate `live-tail` tries.
    #[arg(long, default_value_t = 2.0)]
    pub live_step_secs: f64,
    /// Fresh page loads `browser` times, with a cold cache and with a warm one.
    #[arg(long, default_value_t = 10)]
    pub browser_loads: u32,
    /// Clicks `browser` times on each panel's send button.
    #[arg(long, default_value_t = 50)]
    pub browser_clicks: u32,
    /// Runs of `schema-codec` (a new worker each) and page loads of
    /// `schema-form` (cold and warm each).
    #[arg(long, default_value_t = 5)]
    pub schema_runs: u32,
    /// Calls `schema-codec` times each way in every run.
    #[arg(long, default_value_t = 100_000)]
    pub codec_iterations: u32,
    /// Keep-alive connections held open on the bridge for `memory`.
    #[arg(long, default_value_t = 1_000)]
    pub connections: usize,
    /// Where to write the report (default: BENCHMARKS.md at the repository root).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Where to write the latency chart (default: bench/latency.svg).
    #[arg(long)]
    pub chart: Option<PathBuf>,
    /// The page's release build, for `page-size` and `browser` (default: dist/
    /// at the repository root).
    #[arg(long)]
    pub dist: Option<PathBuf>,
}

impl Config {
    pub fn runs(&self, id: Id) -> bool {
        self.only.is_empty() || self.only.contains(&id)
    }
}

/// One side's tally over all rounds, and the CPU the watched processes used
/// meanwhile.
#[derive(Debug, Clone, Default)]
pub struct Measured {
    pub stats: Stats,
    pub cpu: CpuUse,
}

/// What every benchmark gets.
#[derive(Debug)]
pub struct Ctx {
    pub config: Config,
    pub window: Window,
    /// The repository's root.
    pub root: PathBuf,
    pub payload: Arc<str>,
    /// RabbitMQ's process, when it runs here, to show its CPU use.
    pub broker: Option<Watched>,
}

impl Ctx {
    pub fn new(config: Config) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("bench/ sits in the repository")
            .to_path_buf();
        Self {
            window: Window {
                warmup: Duration::from_secs(config.warmup_secs),
                measure: Duration::from_secs(config.measure_secs),
            },
            payload: switchboard_bench::payload(config.payload_bytes).into(),
            root,
            config,
            broker: Watched::broker(),
        }
    }

    /// How a measurement was timed, for the report.
    pub fn timing(&self) -> String {
        format!(
            "{} round(s) of {} s warm-up + {} s measured per side, baseline and Switchboard \
             alternating",
            self.config.rounds, self.config.warmup_secs, self.config.measure_secs
        )
    }

    /// The page's release build (`--dist`, or dist/ at the repository root).
    pub fn dist(&self) -> PathBuf {
        self.config
            .dist
            .clone()
            .unwrap_or_else(|| self.root.join("dist"))
    }

    /// The longest a benchmark request may take before it counts as an error.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(30)
    }

    /// Starts the release bridge on a free port, publishing to `exchange`,
    /// without its rate limit (one client address would hit it at once), and
    /// waits until it holds a broker channel.
    pub async fn start_bridge(&self, exchange: &str, label: &str) -> anyhow::Result<ServerProcess> {
        self.start_bridge_with(&[format!("--exchange={exchange}")], label)
            .await
    }

    /// Starts the release bridge as [`Ctx::start_bridge`] does, with `more`
    /// arguments.
    pub async fn start_bridge_with(
        &self,
        more: &[String],
        label: &str,
    ) -> anyhow::Result<ServerProcess> {
        let program = match &self.config.bridge_bin {
            Some(path) => path.clone(),
            None => sibling_binary("bridge-server")?,
        };
        let mut args = vec![
            "--bind=127.0.0.1:0".to_owned(),
            format!("--amqp-url={}", self.config.amqp_url),
            "--rate-limit-per-second=0".to_owned(),
        ];
        args.extend_from_slice(more);
        let env = [("RUST_LOG", self.config.bridge_log.as_str())];
        let log = log_path(&format!("bridge-{label}"));
        let bridge = ServerProcess::spawn(&program, &args, &env, &log).await?;
        bridge
            .wait_ready("/readyz", Duration::from_secs(30))
            .await?;
        Ok(bridge)
    }

    /// Measures each of `labels` in turn, `rounds` times over, with `measure(i)`
    /// for the i-th label, and merges each label's rounds. The CPU time of
    /// `watched` (and of this process) is read around every measurement.
    /// Printing as it goes shows progress and the spread between rounds.
    pub async fn alternate(
        &self,
        benchmark: &str,
        labels: &[&str],
        watched: &[Watched],
        mut measure: impl AsyncFnMut(usize) -> anyhow::Result<Stats>,
    ) -> anyhow::Result<Vec<Measured>> {
        let mut watched = watched.to_vec();
        watched.push(Watched::this_process());
        let mut merged = vec![Measured::default(); labels.len()];
        for round in 1..=self.config.rounds {
            for (i, label) in labels.iter().enumerate() {
                let meter = CpuMeter::start(&watched);
                let stats = measure(i).await?;
                let cpu = meter.stop();
                println!("{benchmark} round {round} {label:<28} {stats}");
                println!("{:>40} CPU cores busy: {cpu}", "");
                merged[i].stats.merge(&stats);
                merged[i].cpu.merge(&cpu);
            }
        }
        Ok(merged)
    }

    /// The bridge and, if found, the broker: the processes a publish crosses.
    pub fn publish_path(&self, bridge: &ServerProcess) -> Vec<Watched> {
        let mut watched = vec![Watched::new("bridge", bridge.pid)];
        watched.extend(self.broker.clone());
        watched
    }
}
