//! The `live-tail` benchmark's pieces: a burst of numbered messages published straight to a fanout
//! exchange, and the two readers that race to receive all of it: a raw lapin
//! consumer (the baseline) and the bridge's live tail read as Server-Sent
//! Events, the way a browser tab would get it.
//!
//! Every body starts with the message's number and the microsecond it was
//! published at (`"<n> <µs> "`, padded to [`PAYLOAD_BYTES`]), so that a reader
//! can tell which messages arrived, which arrived twice, and how late.

use std::{net::SocketAddr, time::Duration};

use anyhow::{Context, bail};
use eventsource_stream::Eventsource;
use futures::{FutureExt, StreamExt};
use lapin::{
    Acker, BasicProperties, Channel, Connection, Consumer,
    options::{BasicAckOptions, BasicPublishOptions, BasicQosOptions},
};
use switchboard_bench::stats::{Outcome, Stats};
use switchboard_testing::amqp::{Ack, QueueSpec, consume as start_consuming};
use switchboard_wire::live::{
    DELIVERY_EVENT, DROPPED_EVENT, Delivery, Dropped, READY_EVENT, Ready,
};
use tokio::{task::JoinHandle, time::Instant};

/// The size of every message body: small, so that per-message costs show.
pub const PAYLOAD_BYTES: usize = 64;
/// A reader that receives nothing for this long has lost the rest.
const IDLE: Duration = Duration::from_secs(5);

/// `count` messages to publish to `exchange` at `rate` a second, once a reader
/// is listening.
#[derive(Debug, Clone)]
pub struct Burst {
    /// A channel of the publisher's own connection.
    pub channel: Channel,
    pub exchange: String,
    pub count: u64,
    /// Messages a second.
    pub rate: f64,
}

/// What a reader found besides its tally: how many messages never arrived,
/// arrived twice, or were reported dropped by the bridge; and how long the
/// publisher took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Integrity {
    pub lost: u64,
    pub duplicates: u64,
    pub dropped: u64,
    pub published_in: Duration,
}

impl Burst {
    /// Starts publishing in a task of its own and returns the tally to fill;
    /// the task answers how long publishing took.
    fn start(&self) -> (Tally, JoinHandle<anyhow::Result<Duration>>) {
        let tally = Tally::new(self.count);
        let publishing = tokio::spawn(publish(self.clone(), tally.started));
        (tally, publishing)
    }
}

/// Publishes the burst, transient and unconfirmed, each message at its time
/// on an even schedule from `epoch` (tokio's timer wakes the publisher every
/// millisecond or so, and it sends whatever is due). A message the broker
/// did not take would show as lost to both readers alike.
async fn publish(burst: Burst, epoch: Instant) -> anyhow::Result<Duration> {
    let padding = switchboard_bench::payload(PAYLOAD_BYTES);
    for n in 0..burst.count {
        let due = epoch + Duration::from_secs_f64(n as f64 / burst.rate);
        if due > Instant::now() {
            tokio::time::sleep_until(due).await;
        }
        let mut body = format!("{n} {} ", epoch.elapsed().as_micros());
        body.push_str(&padding[body.len().min(PAYLOAD_BYTES)..]);
        burst
            .channel
            .basic_publish(
                burst.exchange.as_str().into(),
                "".into(),
                BasicPublishOptions::default(),
                body.as_bytes(),
                BasicProperties::default(),
            )
            .await?;
    }
    Ok(epoch.elapsed())
}

/// Which messages of a burst arrived, and how long after they were published.
#[derive(Debug)]
struct Tally {
    seen: Vec<bool>,
    duplicates: u64,
    stats: Stats,
    /// When publishing started: the clock of the bodies' timestamps.
    started: Instant,
    last: Instant,
}

impl Tally {
    fn new(count: u64) -> Self {
        let now = Instant::now();
        Self {
            seen: vec![false; count as usize],
            duplicates: 0,
            stats: Stats::default(),
            started: now,
            last: now,
        }
    }

    /// Counts one body; anything that is not a message of this burst is an
    /// error.
    fn record(&mut self, body: &[u8]) {
        self.last = Instant::now();
        let mut fields = body.split(|byte| *byte == b' ').map(std::str::from_utf8);
        let mut number = || fields.next()?.ok()?.parse::<u64>().ok();
        let (Some(n), Some(published_us)) = (number(), number()) else {
            let text = String::from_utf8_lossy(body).into_owned();
            self.stats.record(Outcome::Error(text), Duration::ZERO);
            return;
        };
        match self.seen.get_mut(n as usize) {
            Some(seen) if *seen => self.duplicates += 1,
            Some(seen) => {
                *seen = true;
                let latency =
                    (self.last - self.started).saturating_sub(Duration::from_micros(published_us));
                self.stats.record(Outcome::Ok, latency);
            }
            None => self.stats.record(
                Outcome::Error(format!("message {n} out of range")),
                Duration::ZERO,
            ),
        }
    }

    /// Whether every message is accounted for: received, or reported dropped
    /// (which will never arrive).
    fn complete(&self, dropped: u64) -> bool {
        self.stats.ok + dropped >= self.seen.len() as u64
    }

    /// The tally, timed from the first publish to the last delivery.
    async fn finish(
        mut self,
        publishing: JoinHandle<anyhow::Result<Duration>>,
        dropped: u64,
    ) -> anyhow::Result<(Stats, Integrity)> {
        let published_in = publishing.await??;
        self.stats.elapsed = self.last - self.started;
        let integrity = Integrity {
            lost: self.seen.len() as u64 - self.stats.ok,
            duplicates: self.duplicates,
            dropped,
            published_in,
        };
        Ok((self.stats, integrity))
    }
}

/// The baseline: a lapin consumer on its own channel of `connection`, on the
/// same kind of queue the bridge declares (exclusive, auto-delete,
/// server-named, bound to the exchange) with the same prefetch, acknowledging
/// as the bridge does: one `multiple` ack per half prefetch window, or as soon
/// as nothing more waits.
pub async fn lapin_reader(
    connection: &Connection,
    prefetch: u16,
    burst: &Burst,
) -> anyhow::Result<(Stats, Integrity)> {
    let channel = connection.create_channel().await?;
    let mut consumer = consume(&channel, &burst.exchange, prefetch).await?;
    let ack_every = (prefetch / 2).max(1);
    let (mut unacked, mut newest) = (0, None::<Acker>);
    let multiple = BasicAckOptions { multiple: true };
    let (mut tally, publishing) = burst.start();
    while !tally.complete(0) {
        let next = match consumer.next().now_or_never() {
            Some(next) => next,
            None => {
                if let Some(acker) = newest.take() {
                    acker.ack(multiple).await?;
                    unacked = 0;
                }
                let Ok(next) = tokio::time::timeout(IDLE, consumer.next()).await else {
                    break;
                };
                next
            }
        };
        let delivery = next.context("the consumer ended")??;
        tally.record(&delivery.data);
        newest = Some(delivery.acker);
        unacked += 1;
        if unacked >= ack_every
            && let Some(acker) = newest.take()
        {
            acker.ack(multiple).await?;
            unacked = 0;
        }
    }
    channel.close(200, "done".into()).await?;
    tally.finish(publishing, 0).await
}

async fn consume(channel: &Channel, exchange: &str, prefetch: u16) -> anyhow::Result<Consumer> {
    channel
        .basic_qos(prefetch, BasicQosOptions::default())
        .await?;
    let queue = QueueSpec::temporary().bind(channel, exchange, "").await?;
    Ok(start_consuming(channel, &queue, Ack::Manual).await?)
}

/// The bridge's live tail: `GET /api/subscribe` read as Server-Sent Events as
/// fast as they come, every delivery decoded from its JSON. The burst starts
/// once the `ready` event says the bridge's queue is bound. Answers the tally
/// and the subscription's `ready` event (its prefetch and buffer).
pub async fn bridge_reader(
    client: &reqwest::Client,
    bridge: SocketAddr,
    burst: &Burst,
) -> anyhow::Result<(Stats, Integrity, Ready)> {
    let url = format!("http://{bridge}/api/subscribe?exchange={}", burst.exchange);
    let response = client.get(url).send().await?.error_for_status()?;
    let mut events = response.bytes_stream().eventsource();
    let ready = match events.next().await {
        Some(Ok(event)) if event.event == READY_EVENT => {
            serde_json::from_str::<Ready>(&event.data)?
        }
        other => bail!("the stream did not open with `ready`: {other:?}"),
    };
    let (mut tally, publishing) = burst.start();
    let mut dropped = 0;
    while !tally.complete(dropped) {
        let Ok(next) = tokio::time::timeout(IDLE, events.next()).await else {
            break;
        };
        let event = next.context("the stream ended")??;
        match event.event.as_str() {
            DROPPED_EVENT => dropped = serde_json::from_str::<Dropped>(&event.data)?.dropped,
            DELIVERY_EVENT => {
                let delivery: Delivery = serde_json::from_str(&event.data)?;
                tally.record(delivery.body.as_bytes());
            }
            other => bail!("unexpected `{other}` event: {}", event.data),
        }
    }
    // Dropping the stream ends the subscription and deletes its queue.
    drop(events);
    let (stats, integrity) = tally.finish(publishing, dropped).await?;
    Ok((stats, integrity, ready))
}
