//! What each benchmark hands back: rows comparing Switchboard with its baseline,
//! the conditions, and the latency distributions for the chart.

use switchboard_bench::{
    cpu::CpuUse,
    stats::{Ms, Stats},
};

use crate::context::{Id, Measured};

/// Whether a row meets its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Fail,
    /// A figure shown for context, with no target of its own.
    Info,
    /// Not measured in this run.
    Skipped,
}

impl Verdict {
    pub fn judge(pass: bool) -> Self {
        if pass { Self::Pass } else { Self::Fail }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pass => "✅ pass",
            Self::Fail => "❌ fail",
            Self::Info => "info",
            Self::Skipped => "not measured",
        }
    }
}

/// One line of a benchmark's table.
#[derive(Debug, Clone)]
pub struct Row {
    pub measure: String,
    pub baseline: String,
    pub switchboard: String,
    pub ratio: String,
    pub target: String,
    pub verdict: Verdict,
}

/// Which panel of the chart a distribution belongs to, so that curves on one
/// panel share a sensible scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// Publishing with many calls in flight (`throughput`, `management`).
    Throughput,
    /// One call at a time (`latency`).
    SingleCaller,
    /// The services' request/response paths (`grpc-web`, `users`).
    Services,
    /// Click to rendered in the browser (`browser`).
    Browser,
    /// Publish to delivery through the live tail, under a burst (`live-tail`).
    LiveTail,
    /// Request/response across a link with a network's delay (`grpc-relay`).
    Link,
}

impl Panel {
    pub const ALL: [Panel; 6] = [
        Panel::Throughput,
        Panel::SingleCaller,
        Panel::Services,
        Panel::Link,
        Panel::Browser,
        Panel::LiveTail,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Throughput => "Publishing, many in flight (1 KB, persistent, confirmed)",
            Self::SingleCaller => "Publishing, one caller (1 KB, persistent, confirmed)",
            Self::Services => "Request/response, concurrency 16",
            Self::Browser => "Click to rendered in headless Chromium, one call at a time",
            Self::LiveTail => "Live tail, publish to delivery during a burst (64 B)",
            Self::Link => "Request/response across a 2 ms round-trip link",
        }
    }
}

/// A measured latency distribution.
#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    pub panel: Panel,
    pub stats: Stats,
    /// The CPU the watched processes used while it was measured, if known.
    pub cpu: Option<CpuUse>,
}

/// One benchmark's results.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: Id,
    pub title: String,
    pub rows: Vec<Row>,
    pub conditions: Vec<String>,
    pub notes: Vec<String>,
    pub series: Vec<Series>,
}

impl Section {
    pub fn new(id: Id, title: impl Into<String>) -> Self {
        Self {
            id,
            title: title.into(),
            rows: Vec::new(),
            conditions: Vec::new(),
            notes: Vec::new(),
            series: Vec::new(),
        }
    }

    /// A benchmark that has no implementation yet, or could not run here.
    pub fn skipped(id: Id, title: &str, target: &str, why: impl Into<String>) -> Self {
        let mut section = Self::new(id, title);
        section.rows.push(Row {
            measure: title.to_owned(),
            baseline: "—".into(),
            switchboard: "—".into(),
            ratio: "—".into(),
            target: target.into(),
            verdict: Verdict::Skipped,
        });
        section.notes.push(why.into());
        section
    }

    pub fn series(&mut self, label: &str, panel: Panel, measured: &Measured) {
        self.series.push(Series {
            label: label.to_owned(),
            panel,
            stats: measured.stats.clone(),
            cpu: Some(measured.cpu.clone()),
        });
    }
}

/// `1,234 msg/s`.
pub fn rate(stats: &Stats, unit: &str) -> String {
    format!("{} {unit}/s", thousands(stats.throughput().round() as u64))
}

/// `p50 0.812 ms / p99 2.104 ms`.
pub fn p50_p99(stats: &Stats) -> String {
    format!(
        "p50 {} / p99 {}",
        Ms(stats.quantile_ms(0.5)),
        Ms(stats.quantile_ms(0.99))
    )
}

/// A count with thousands separators.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `0.93×`.
pub fn ratio(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.2}×")
    } else {
        "—".into()
    }
}

/// Switchboard's throughput over the baseline's.
pub fn throughput_ratio(switchboard: &Stats, baseline: &Stats) -> f64 {
    switchboard.throughput() / baseline.throughput()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
