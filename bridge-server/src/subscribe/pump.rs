//! The bounded hand-off between a subscription's consumer and its reader.
//!
//! A pump task moves each delivery into a buffer of `buffer` events, or, when
//! the buffer is full because the reader is slow, drops it and counts it;
//! either way the delivery is acknowledged. The broker's prefetch window
//! bounds what waits in the consumer, the buffer what waits for the reader:
//! nothing else is held. The [`Reader`] turns the buffer back into events.
//!
//! Acknowledgements go in batches ([`Acks`]): one `basic.ack` with `multiple`
//! for up to half the prefetch window, sent early whenever the consumer has
//! nothing more waiting. Acknowledging each delivery on its own cost a hand-off
//! to lapin's I/O thread and a write per message, which capped the live tail
//! at a few thousand messages a second (the `live-tail` benchmark).

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{SystemTime, UNIX_EPOCH},
};

use futures::{FutureExt, StreamExt};
use lapin::{
    Acker, Channel, Consumer,
    options::{BasicAckOptions, BasicCancelOptions},
};
use switchboard_wire::live::{Delivery, Dropped, Ended};
use tokio::sync::{OwnedSemaphorePermit, mpsc, oneshot};
use tokio_util::sync::CancellationToken;

use super::LiveEvent;
use crate::delivery;

/// Starts pumping `consumer`, whose channel has a window of `prefetch`
/// unacknowledged deliveries, into a buffer of `buffer` deliveries and returns
/// the buffer's reading end. `permit` is held until the pump stops, which it
/// does when the reader goes, the consumer ends, or `closing` is cancelled.
pub(super) fn start(
    channel: Channel,
    consumer: Consumer,
    prefetch: u16,
    buffer: usize,
    permit: OwnedSemaphorePermit,
    closing: CancellationToken,
) -> Reader {
    let (sender, deliveries) = mpsc::channel(buffer);
    let (end, ended) = oneshot::channel();
    let dropped = Arc::new(AtomicU64::new(0));
    let pump = Pump {
        channel,
        consumer,
        acks: Acks::new(prefetch),
        sender,
        dropped: dropped.clone(),
        closing,
        _permit: permit,
    };
    tokio::spawn(pump.run(end));
    Reader {
        deliveries,
        dropped,
        reported: 0,
        ended: Some(ended),
    }
}

/// Moves deliveries from the consumer into the bounded buffer.
struct Pump {
    channel: Channel,
    consumer: Consumer,
    acks: Acks,
    sender: mpsc::Sender<Delivery>,
    dropped: Arc<AtomicU64>,
    closing: CancellationToken,
    /// Held for as long as the subscription runs.
    _permit: OwnedSemaphorePermit,
}

impl Pump {
    async fn run(mut self, end: oneshot::Sender<String>) {
        let queue = self.consumer.queue();
        let shutting_down = || Some("the bridge is shutting down".to_owned());
        let ended = loop {
            if self.closing.is_cancelled() {
                break shutting_down();
            }
            // Take what already waits without a wake-up; only when nothing
            // does, acknowledge what was taken (so that the broker sends more)
            // and wait.
            let next = match self.consumer.next().now_or_never() {
                Some(next) => next,
                None => {
                    if let Err(error) = self.acks.flush().await {
                        break Some(format!("cannot acknowledge deliveries: {error}"));
                    }
                    tokio::select! {
                        () = self.sender.closed() => break None,
                        () = self.closing.cancelled() => break shutting_down(),
                        next = self.consumer.next() => next,
                    }
                }
            };
            match next {
                Some(Ok(delivery)) => {
                    match self.sender.try_reserve() {
                        Ok(slot) => slot.send(delivery::to_live(&delivery, now_ms())),
                        Err(mpsc::error::TrySendError::Full(())) => {
                            self.dropped.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(mpsc::error::TrySendError::Closed(())) => break None,
                    }
                    // Acknowledged whether it is kept or dropped: the prefetch
                    // window bounds what the broker pushes, the buffer what waits.
                    if let Err(error) = self.acks.add(delivery.acker).await {
                        break Some(format!("cannot acknowledge deliveries: {error}"));
                    }
                }
                Some(Err(error)) => break Some(format!("lost the broker connection: {error}")),
                None => break Some("the broker cancelled the subscription".to_owned()),
            }
        };
        let dropped = self.dropped.load(Ordering::Relaxed);
        match ended {
            None => {
                tracing::info!(%queue, dropped, "live subscriber left; deleting its queue");
                let tag = self.consumer.tag();
                if let Err(error) = self
                    .channel
                    .basic_cancel(tag, BasicCancelOptions::default())
                    .await
                {
                    tracing::debug!(%queue, %error, "cannot cancel the consumer");
                }
            }
            Some(reason) => {
                tracing::warn!(%queue, %reason, dropped, "live subscription ended");
                let _ = end.send(reason);
            }
        }
        if self.channel.status().connected()
            && let Err(error) = self.channel.close(200, "subscription over".into()).await
        {
            tracing::debug!(%queue, %error, "cannot close the subscriber's channel");
        }
    }
}

/// Acknowledgements not sent yet. One `basic.ack` with `multiple` for the
/// newest delivery acknowledges every earlier one on the channel too.
struct Acks {
    newest: Option<Acker>,
    pending: u16,
    /// Send once this many are pending: half the prefetch window, so that the
    /// broker always has room to send more while the batch fills.
    every: u16,
}

impl Acks {
    fn new(prefetch: u16) -> Self {
        Self {
            newest: None,
            pending: 0,
            every: (prefetch / 2).max(1),
        }
    }

    /// Counts a delivery taken, and acknowledges the batch once it is full.
    async fn add(&mut self, acker: Acker) -> lapin::Result<()> {
        self.newest = Some(acker);
        self.pending += 1;
        if self.pending >= self.every {
            self.flush().await?;
        }
        Ok(())
    }

    /// Acknowledges every delivery taken so far.
    async fn flush(&mut self) -> lapin::Result<()> {
        if let Some(newest) = self.newest.take() {
            self.pending = 0;
            newest.ack(BasicAckOptions { multiple: true }).await?;
        }
        Ok(())
    }
}

/// The reading end of a subscription.
#[derive(Debug)]
pub(super) struct Reader {
    deliveries: mpsc::Receiver<Delivery>,
    dropped: Arc<AtomicU64>,
    /// The dropped count last sent.
    reported: u64,
    ended: Option<oneshot::Receiver<String>>,
}

impl Reader {
    pub(super) async fn next(mut self) -> Option<(LiveEvent, Self)> {
        // Drops happen only while the buffer is full, so checking before each
        // delivery tells the reader right after the backlog it did get.
        if let Some(dropped) = self.newly_dropped() {
            return Some((LiveEvent::Dropped(dropped), self));
        }
        if let Some(delivery) = self.deliveries.recv().await {
            return Some((LiveEvent::Delivery(Box::new(delivery)), self));
        }
        // The pump stopped: the last drops, then why, once; then the end.
        if let Some(dropped) = self.newly_dropped() {
            return Some((LiveEvent::Dropped(dropped), self));
        }
        let reason = self.ended.take()?.await.ok()?;
        Some((LiveEvent::Ended(Ended { reason }), self))
    }

    /// The dropped count, if it grew since it was last sent.
    fn newly_dropped(&mut self) -> Option<Dropped> {
        let dropped = self.dropped.load(Ordering::Relaxed);
        (dropped > self.reported).then(|| {
            self.reported = dropped;
            Dropped { dropped }
        })
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_millis() as u64)
}
