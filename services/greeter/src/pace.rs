//! Spacing a server stream's replies in time while keeping the client's
//! deadline. tonic enforces `grpc-timeout` only until the response starts,
//! which for a stream is at once, so a stream that takes its time must watch
//! the deadline itself: `SayHelloStream` and Echo's `ServerStream` both do it
//! here.

use std::time::Duration;

use tokio::time::{Instant, sleep_until};
use tonic::metadata::MetadataMap;

/// When a stream's next reply is due, and when its client stops waiting.
#[derive(Debug)]
pub struct Pace {
    interval: Duration,
    /// When the next reply is due: the first at once, then every `interval`.
    next_at: Instant,
    /// The client's deadline, if it sent one.
    deadline: Option<Instant>,
}

/// The client's deadline came before the next reply's turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlinePassed;

impl Pace {
    /// Replies `interval` apart from now, the first at once, until `timeout`
    /// from now if there is one.
    pub fn new(interval: Duration, timeout: Option<Duration>) -> Self {
        let now = Instant::now();
        Self {
            interval,
            next_at: now,
            deadline: timeout.map(|timeout| now + timeout),
        }
    }

    /// Waits for the next reply's turn, or fails as soon as the deadline
    /// passes: a reply due exactly at the deadline is already too late.
    pub async fn next_turn(&mut self) -> Result<(), DeadlinePassed> {
        let wake = self
            .deadline
            .map_or(self.next_at, |deadline| deadline.min(self.next_at));
        sleep_until(wake).await;
        if self
            .deadline
            .is_some_and(|deadline| Instant::now() >= deadline)
        {
            return Err(DeadlinePassed);
        }
        self.next_at += self.interval;
        Ok(())
    }
}

/// The deadline a request's `grpc-timeout` sets, if it has a valid one.
pub fn timeout(metadata: &MetadataMap) -> Option<Duration> {
    metadata
        .get("grpc-timeout")
        .and_then(|value| value.to_str().ok())
        .and_then(parse_grpc_timeout)
}

/// The client's deadline from a `grpc-timeout` value: at most 8 digits and a
/// unit, as in the gRPC over HTTP/2 spec (`500m`, `2S`, `300000u`).
pub fn parse_grpc_timeout(value: &str) -> Option<Duration> {
    let split = value.len().checked_sub(1)?;
    let (digits, unit) = value.split_at_checked(split)?;
    if digits.is_empty() || digits.len() > 8 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let amount: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(amount * 3600),
        "M" => Duration::from_secs(amount * 60),
        "S" => Duration::from_secs(amount),
        "m" => Duration::from_millis(amount),
        "u" => Duration::from_micros(amount),
        "n" => Duration::from_nanos(amount),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const INTERVAL: Duration = Duration::from_millis(100);

    #[tokio::test(start_paused = true)]
    async fn turns_come_at_once_then_every_interval() {
        let start = Instant::now();
        let mut pace = Pace::new(INTERVAL, None);
        for turn in 0..3 {
            pace.next_turn().await.unwrap();
            assert_eq!(start.elapsed(), INTERVAL * turn);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_deadline_ends_the_wait_when_it_passes() {
        let start = Instant::now();
        let mut pace = Pace::new(INTERVAL, Some(Duration::from_millis(150)));
        assert_eq!(pace.next_turn().await, Ok(()));
        assert_eq!(pace.next_turn().await, Ok(()));
        assert_eq!(pace.next_turn().await, Err(DeadlinePassed));
        assert_eq!(start.elapsed(), Duration::from_millis(150));
    }

    #[tokio::test(start_paused = true)]
    async fn a_turn_due_at_the_deadline_is_too_late() {
        let mut pace = Pace::new(INTERVAL, Some(INTERVAL));
        assert_eq!(pace.next_turn().await, Ok(()));
        assert_eq!(pace.next_turn().await, Err(DeadlinePassed));
    }

    #[test]
    fn grpc_timeouts_parse_per_the_spec() {
        assert_eq!(parse_grpc_timeout("500m"), Some(Duration::from_millis(500)));
        assert_eq!(
            parse_grpc_timeout("300000u"),
            Some(Duration::from_millis(300))
        );
        assert_eq!(parse_grpc_timeout("2S"), Some(Duration::from_secs(2)));
        assert_eq!(parse_grpc_timeout("1H"), Some(Duration::from_secs(3600)));
        for bad in ["", "m", "5", "5x", "123456789m", "-5m", "+5m", "5 m"] {
            assert_eq!(parse_grpc_timeout(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_timeout_is_read_from_the_metadata() {
        let mut metadata = MetadataMap::new();
        assert_eq!(timeout(&metadata), None);
        metadata.insert("grpc-timeout", "250m".parse().unwrap());
        assert_eq!(timeout(&metadata), Some(Duration::from_millis(250)));
    }
}
