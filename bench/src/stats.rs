//! What one measurement found: answers by kind, and an HDR histogram of the
//! latency of the successful ones.

use std::{collections::BTreeMap, fmt, time::Duration};

use hdrhistogram::Histogram;

/// How one call ended.
#[derive(Debug)]
pub enum Outcome {
    /// A success: an HTTP 2xx, a gRPC OK or a broker ack.
    Ok,
    /// An HTTP answer that is not 2xx.
    Status(u16),
    /// No usable answer: a connection error, a timeout, a gRPC error, a nack.
    Error(String),
}

/// How many error messages a measurement keeps, to show what went wrong.
const ERROR_SAMPLES: usize = 5;

/// The tally of one measurement (or of several merged).
#[derive(Debug, Clone)]
pub struct Stats {
    pub ok: u64,
    /// HTTP answers that were not 2xx, by status.
    pub refused: BTreeMap<u16, u64>,
    /// Calls without a usable answer.
    pub errors: u64,
    /// The first few error messages.
    pub error_samples: Vec<String>,
    /// Latency of the successful calls, in microseconds.
    pub latency: Histogram<u64>,
    /// The measured time: from the end of the warm-up to the last answer.
    pub elapsed: Duration,
}

impl Default for Stats {
    fn default() -> Self {
        Self {
            ok: 0,
            refused: BTreeMap::new(),
            errors: 0,
            error_samples: Vec::new(),
            // 1 µs to an hour, to three significant digits.
            latency: Histogram::new_with_bounds(1, 3_600_000_000, 3)
                .expect("static bounds and precision are valid"),
            elapsed: Duration::ZERO,
        }
    }
}

impl Stats {
    pub fn record(&mut self, outcome: Outcome, latency: Duration) {
        match outcome {
            Outcome::Ok => {
                self.ok += 1;
                let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
                self.latency.saturating_record(micros.max(1));
            }
            Outcome::Status(status) => *self.refused.entry(status).or_default() += 1,
            Outcome::Error(message) => {
                self.errors += 1;
                if self.error_samples.len() < ERROR_SAMPLES {
                    self.error_samples.push(message);
                }
            }
        }
    }

    /// Adds `other` to this tally; the measured times add up too.
    pub fn merge(&mut self, other: &Stats) {
        self.ok += other.ok;
        for (status, count) in &other.refused {
            *self.refused.entry(*status).or_default() += count;
        }
        self.errors += other.errors;
        let room = ERROR_SAMPLES.saturating_sub(self.error_samples.len());
        self.error_samples
            .extend(other.error_samples.iter().take(room).cloned());
        self.latency
            .add(&other.latency)
            .expect("histograms with the same bounds always merge");
        self.elapsed += other.elapsed;
    }

    /// Every call counted, whatever its outcome.
    pub fn requests(&self) -> u64 {
        self.ok + self.refused.values().sum::<u64>() + self.errors
    }

    /// Answers with this HTTP status.
    pub fn status(&self, status: u16) -> u64 {
        self.refused.get(&status).copied().unwrap_or_default()
    }

    /// Failures other than the rate limiter's intended 429s.
    pub fn other_errors(&self) -> u64 {
        self.errors + self.refused.values().sum::<u64>() - self.status(429)
    }

    /// Successful calls per second.
    pub fn throughput(&self) -> f64 {
        if self.elapsed.is_zero() {
            return 0.0;
        }
        self.ok as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency at `quantile` (0.5 is the median), in milliseconds.
    pub fn quantile_ms(&self, quantile: f64) -> f64 {
        self.latency.value_at_quantile(quantile) as f64 / 1_000.0
    }

    /// The slowest successful call, in milliseconds.
    pub fn max_ms(&self) -> f64 {
        self.latency.max() as f64 / 1_000.0
    }
}

/// One line: count, rate, percentiles and failures.
impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:>8} ok {:>9.0}/s  p50 {} p90 {} p99 {} max {}",
            self.ok,
            self.throughput(),
            Ms(self.quantile_ms(0.5)),
            Ms(self.quantile_ms(0.9)),
            Ms(self.quantile_ms(0.99)),
            Ms(self.max_ms()),
        )?;
        if !self.refused.is_empty() {
            write!(f, "  refused {:?}", self.refused)?;
        }
        if self.errors > 0 {
            write!(
                f,
                "  errors {} (e.g. {:?})",
                self.errors, self.error_samples
            )?;
        }
        Ok(())
    }
}

/// Milliseconds, with enough digits to show a tenth of a millisecond's
/// difference at every scale.
#[derive(Debug, Clone, Copy)]
pub struct Ms(pub f64);

impl fmt::Display for Ms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            ms if ms < 10.0 => write!(f, "{ms:.3} ms"),
            ms if ms < 100.0 => write!(f, "{ms:.2} ms"),
            ms => write!(f, "{ms:.0} ms"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_tallies_add_up() {
        let mut a = Stats::default();
        a.record(Outcome::Ok, Duration::from_millis(1));
        a.record(Outcome::Status(429), Duration::from_millis(1));
        a.elapsed = Duration::from_secs(1);
        let mut b = Stats::default();
        b.record(Outcome::Ok, Duration::from_millis(3));
        b.record(Outcome::Status(503), Duration::from_millis(1));
        b.record(Outcome::Error("reset".into()), Duration::from_millis(1));
        b.elapsed = Duration::from_secs(1);

        a.merge(&b);
        assert_eq!(a.requests(), 5);
        assert_eq!(a.status(429), 1);
        assert_eq!(a.other_errors(), 2, "503 and the reset, not the 429");
        assert!((a.throughput() - 1.0).abs() < f64::EPSILON);
        assert!((a.max_ms() - 3.0).abs() < 0.01);
    }
}
