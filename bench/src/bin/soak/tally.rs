//! The independent witness: a lapin consumer on its own connection that counts
//! every numbered message reaching the durable queue, whatever the bridge or
//! the load generator believe.

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex},
    time::Duration,
};

use anyhow::{Context, bail};
use futures::StreamExt;
use lapin::Connection;
use switchboard_bench::{broker, broker::Scratch, publish::Numbering};
use switchboard_testing::amqp::{Ack, consume};
use tokio::{task::JoinHandle, time::Instant};

/// What reached the queue.
#[derive(Debug, Default)]
pub struct Tally {
    /// How many times each message number arrived.
    pub counts: HashMap<u64, u32>,
    /// Deliveries in all, duplicates included.
    pub deliveries: u64,
    /// Deliveries that are not from this run.
    pub foreign: u64,
}

/// The tally checked against what the bridge confirmed.
#[derive(Debug)]
pub struct Verdict {
    /// Confirmed (2xx) but never delivered: must be empty.
    pub lost: Vec<u64>,
    /// Extra copies of messages that arrived more than once (allowed).
    pub duplicates: u64,
    /// Delivered without a 2xx: a publish that timed out on the client or was
    /// refused after the broker had stored it. Allowed, and counted.
    pub unconfirmed_delivered: u64,
}

impl Tally {
    pub fn check(&self, confirmed: &[u64]) -> Verdict {
        let mut lost: Vec<u64> = confirmed
            .iter()
            .filter(|n| !self.counts.contains_key(n))
            .copied()
            .collect();
        lost.sort_unstable();
        let confirmed: HashSet<u64> = confirmed.iter().copied().collect();
        Verdict {
            lost,
            duplicates: self
                .counts
                .values()
                .map(|&count| u64::from(count) - 1)
                .sum(),
            unconfirmed_delivered: self
                .counts
                .keys()
                .filter(|n| !confirmed.contains(n))
                .count() as u64,
        }
    }
}

/// A consumer counting into a shared tally until it is finished.
#[derive(Debug)]
pub struct TallyConsumer {
    connection: Connection,
    tally: Arc<Mutex<Tally>>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl TallyConsumer {
    /// Starts consuming `queue`. Auto-ack: the witness only needs to see each
    /// delivery, and the broker then forgets it, so the queue stays short.
    pub async fn start(url: &str, queue: &str, numbering: Numbering) -> anyhow::Result<Self> {
        let connection = broker::connect(url, "soak consumer").await?;
        let channel = connection.create_channel().await?;
        let mut consumer = consume(&channel, queue, Ack::Auto).await?;
        let tally = Arc::new(Mutex::new(Tally::default()));
        let shared = tally.clone();
        let task = tokio::spawn(async move {
            while let Some(delivery) = consumer.next().await {
                let delivery = delivery.context("the consumer failed")?;
                let number = delivery
                    .properties
                    .message_id()
                    .as_ref()
                    .and_then(|id| numbering.number_of(id.as_str()));
                let mut tally = shared.lock().expect("the tally lock is never poisoned");
                tally.deliveries += 1;
                match number {
                    Some(n) => *tally.counts.entry(n).or_default() += 1,
                    None => tally.foreign += 1,
                }
            }
            bail!("the consumer was cancelled by the broker")
        });
        Ok(Self {
            connection,
            tally,
            task,
        })
    }

    fn deliveries(&self) -> u64 {
        self.tally.lock().expect("never poisoned").deliveries
    }

    /// Waits until the queue is empty and nothing has arrived for `quiet`, or
    /// until `limit`, then stops consuming and returns the tally.
    pub async fn finish(
        self,
        scratch: &Scratch,
        quiet: Duration,
        limit: Duration,
    ) -> anyhow::Result<Tally> {
        let give_up = Instant::now() + limit;
        let mut seen = self.deliveries();
        let mut last_change = Instant::now();
        loop {
            if self.task.is_finished() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            let now = self.deliveries();
            if now != seen {
                (seen, last_change) = (now, Instant::now());
            } else if last_change.elapsed() >= quiet && scratch.message_count().await? == 0 {
                break;
            }
            if Instant::now() >= give_up {
                eprintln!("soak: the queue did not drain within {limit:?}; counting what arrived");
                break;
            }
        }
        if self.task.is_finished() {
            // It only stops early on an error, which makes the tally worthless.
            self.task.await??;
            bail!("the consumer stopped early");
        }
        self.task.abort();
        let _ = self.connection.close(200, "tally done".into()).await;
        let tally = std::mem::take(&mut *self.tally.lock().expect("never poisoned"));
        Ok(tally)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_finds_lost_duplicated_and_unconfirmed_messages() {
        let tally = Tally {
            counts: HashMap::from([(0, 1), (1, 3), (3, 1)]),
            deliveries: 5,
            foreign: 0,
        };
        let verdict = tally.check(&[0, 1, 2]);
        assert_eq!(verdict.lost, vec![2]);
        assert_eq!(verdict.duplicates, 2);
        assert_eq!(verdict.unconfirmed_delivered, 1, "3 arrived without a 2xx");
    }
}
