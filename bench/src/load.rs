//! A closed-loop load driver: each client makes one call at a time, as fast as
//! the answers come back, so the concurrency is exactly the number of clients.
//! (An open-loop generator at a fixed rate would measure queueing instead.)

use std::{future::Future, time::Duration};

use tokio::time::Instant;

use crate::stats::{Outcome, Stats};

/// One simulated caller with its own connection.
pub trait Client: Send + 'static {
    /// Makes one call and says how it ended; latency is measured around it.
    fn call(&mut self) -> impl Future<Output = Outcome> + Send;
}

/// When a measurement counts.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Calls made before this has passed warm up connections, caches and the
    /// broker, and are not counted.
    pub warmup: Duration,
    /// Calls started after the warm-up and before this has passed are counted,
    /// even when their answer comes later.
    pub measure: Duration,
}

impl Window {
    /// Counts everything from the first call on: for the soak test, where every
    /// message must be accounted for.
    pub fn everything(measure: Duration) -> Self {
        Self {
            warmup: Duration::ZERO,
            measure,
        }
    }

    pub fn total(&self) -> Duration {
        self.warmup + self.measure
    }
}

/// Runs every client concurrently for `window` and merges what they saw. The
/// clients come back too, with whatever state they kept (the soak test's
/// confirmed message numbers, for example).
pub async fn drive<C: Client>(clients: Vec<C>, window: Window) -> (Stats, Vec<C>) {
    let start = Instant::now();
    let counted_from = start + window.warmup;
    let end = counted_from + window.measure;
    let tasks: Vec<_> = clients
        .into_iter()
        .map(|mut client| {
            tokio::spawn(async move {
                let mut stats = Stats::default();
                let mut last_answer = counted_from;
                loop {
                    let begin = Instant::now();
                    if begin >= end {
                        break;
                    }
                    let outcome = client.call().await;
                    let done = Instant::now();
                    if begin >= counted_from {
                        stats.record(outcome, done - begin);
                        last_answer = done;
                    }
                }
                (stats, last_answer, client)
            })
        })
        .collect();

    let mut total = Stats::default();
    let mut last_answer = counted_from;
    let mut clients = Vec::with_capacity(tasks.len());
    for task in futures::future::join_all(tasks).await {
        let (stats, last, client) = task.expect("a load client panicked");
        total.merge(&stats);
        last_answer = last_answer.max(last);
        clients.push(client);
    }
    // The window is over when the last counted call is answered: dividing by
    // the nominal window would flatter a server that answers late.
    total.elapsed = last_answer.saturating_duration_since(counted_from);
    (total, clients)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers after a fixed pause.
    struct Sleeper(Duration);

    impl Client for Sleeper {
        async fn call(&mut self) -> Outcome {
            tokio::time::sleep(self.0).await;
            Outcome::Ok
        }
    }

    #[tokio::test(start_paused = true)]
    async fn closed_loop_throughput_is_concurrency_over_latency() {
        let clients = (0..4).map(|_| Sleeper(Duration::from_millis(10))).collect();
        let window = Window {
            warmup: Duration::from_millis(100),
            measure: Duration::from_secs(1),
        };
        let (stats, clients) = drive(clients, window).await;
        assert_eq!(clients.len(), 4);
        // 4 clients × 100 calls a second, none from the warm-up.
        assert_eq!(stats.ok, 400);
        assert!((stats.throughput() - 400.0).abs() < 1.0);
        assert!((stats.quantile_ms(0.5) - 10.0).abs() < 0.1);
    }
}
