//! What the soak test found, and whether that passes.

use std::{fmt, time::Duration};

use switchboard_bench::{
    child::{Memory, ServerProcess},
    stats::{Ms, Stats},
};

use crate::tally::{Tally, Verdict};

/// Readings taken from outside the bridge while the load runs.
#[derive(Debug)]
pub struct Samples {
    /// Its memory before the first connection.
    pub idle: Memory,
    /// The largest resident size sampled.
    pub max_rss: u64,
    /// The fewest and most connections established to it (after the first
    /// sample, when every client is connected).
    pub established: Option<(usize, usize)>,
    /// Samples that failed, with the first reason.
    pub failures: (u32, Option<String>),
}

impl Samples {
    pub fn new(idle: Memory) -> Self {
        Self {
            idle,
            max_rss: idle.rss,
            established: None,
            failures: (0, None),
        }
    }

    pub fn take(&mut self, bridge: &ServerProcess) {
        let reading = bridge
            .memory()
            .and_then(|memory| Ok((memory, bridge.established_connections()?)));
        match reading {
            Ok((memory, open)) => {
                self.max_rss = self.max_rss.max(memory.rss);
                let (low, high) = self.established.unwrap_or((open, open));
                self.established = Some((low.min(open), high.max(open)));
            }
            Err(error) => {
                self.failures.0 += 1;
                self.failures.1.get_or_insert_with(|| format!("{error:#}"));
            }
        }
    }
}

/// Everything the soak test prints.
#[derive(Debug)]
pub struct Report {
    pub connections: usize,
    pub duration: Duration,
    pub payload_bytes: usize,
    pub rate_limit: bool,
    pub fd_limit: u64,
    /// Connections the clients had to open again: 0 when every client kept its
    /// one connection for the whole run.
    pub reconnects: u64,
    /// Message numbers handed out, one per request.
    pub issued: u64,
    pub stats: Stats,
    pub tally: Tally,
    pub verdict: Verdict,
    pub samples: Samples,
    /// The bridge's memory after the load.
    pub end: Memory,
}

impl Report {
    /// No error but the intended 429s, and no confirmed message lost.
    pub fn passed(&self) -> bool {
        self.stats.other_errors() == 0 && self.verdict.lost.is_empty()
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stats = &self.stats;
        let secs = stats.elapsed.as_secs_f64().max(f64::EPSILON);
        writeln!(f, "\nsoak results")?;
        writeln!(
            f,
            "  conditions       {} keep-alive HTTP/1.1 connections for {} s, {}-byte payloads, \
             bridge rate limit {}, RLIMIT_NOFILE {}",
            self.connections,
            self.duration.as_secs(),
            self.payload_bytes,
            if self.rate_limit {
                "on (100/s, burst 200 per client IP)"
            } else {
                "off"
            },
            self.fd_limit,
        )?;
        let (low, high) = self.samples.established.unwrap_or_default();
        writeln!(
            f,
            "  connections      {} opened, {} reopened; established at the bridge (kernel, sampled \
             every second): min {low}, max {high}",
            self.connections, self.reconnects,
        )?;
        writeln!(f, "  requests         {}", stats.requests())?;
        writeln!(f, "  2xx              {}", stats.ok)?;
        writeln!(f, "  429              {}", stats.status(429))?;
        writeln!(f, "  other errors     {}", stats.other_errors())?;
        if stats.other_errors() > 0 {
            writeln!(f, "    statuses       {:?}", stats.refused)?;
            writeln!(
                f,
                "    no answer      {} {:?}",
                stats.errors, stats.error_samples
            )?;
        }
        let lost = &self.verdict.lost;
        writeln!(f, "  lost             {}", lost.len())?;
        if !lost.is_empty() {
            writeln!(f, "    first lost     {:?}", &lost[..lost.len().min(10)])?;
        }
        writeln!(f, "  duplicates       {}", self.verdict.duplicates)?;
        writeln!(
            f,
            "  delivered w/o 2xx {} (stored, but the caller got no 2xx)",
            self.verdict.unconfirmed_delivered
        )?;
        writeln!(
            f,
            "  queue            {} deliveries, {} from elsewhere; {} message numbers issued",
            self.tally.deliveries, self.tally.foreign, self.issued
        )?;
        writeln!(
            f,
            "  throughput       {:.0} confirmed/s, {:.0} requests/s over {:.1} s",
            stats.ok as f64 / secs,
            stats.requests() as f64 / secs,
            secs
        )?;
        writeln!(
            f,
            "  latency (2xx)    p50 {}  p90 {}  p99 {}  max {}",
            Ms(stats.quantile_ms(0.5)),
            Ms(stats.quantile_ms(0.9)),
            Ms(stats.quantile_ms(0.99)),
            Ms(stats.max_ms()),
        )?;
        writeln!(
            f,
            "  bridge RSS       peak (VmHWM) {}; idle before the load {}; largest sample {}; \
             after the load {}",
            mb(self.end.peak),
            mb(self.samples.idle.rss),
            mb(self.samples.max_rss),
            mb(self.end.rss),
        )?;
        if let (count @ 1.., Some(first)) = &self.samples.failures {
            writeln!(f, "  ({count} samples failed: {first})")?;
        }
        let verdict = if self.passed() { "PASS" } else { "FAIL" };
        writeln!(
            f,
            "  result           {verdict}: other errors must be 0 and lost must be 0"
        )
    }
}
