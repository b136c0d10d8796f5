//! The live tail: for each subscriber, an exclusive, auto-delete, server-named
//! queue bound to an exchange and consumed on a channel of its own (on the
//! bridge's one connection), turned into a stream of [`LiveEvent`]s.
//!
//! Memory stays bounded whatever the reader does: at most `prefetch`
//! deliveries wait in the consumer and `buffer` for the reader; beyond that
//! they are dropped and counted, and the reader learns the count from a
//! [`LiveEvent::Dropped`] (the hand-off is in `subscribe/pump.rs`).
//!
//! When the reader goes away the stream is dropped; the pump notices, cancels
//! the consumer (the broker then deletes the auto-delete queue) and closes the
//! channel. When the connection dies the consumer ends, and so does the
//! stream, with a [`LiveEvent::Ended`] saying why.

mod pump;

use std::sync::Arc;

use futures::{Stream, StreamExt, stream};
use lapin::{
    Channel, Consumer, Error as AmqpError, ErrorKind, ExchangeKind,
    options::{
        BasicConsumeOptions, BasicQosOptions, ExchangeDeclareOptions, QueueBindOptions,
        QueueDeclareOptions,
    },
    protocol::{AMQPErrorKind, AMQPSoftError},
    types::{AMQPValue, FieldTable},
};
use switchboard_wire::live::{Delivery, Dropped, Ended, Ready};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::amqp::{Broker, Unavailable};

/// How long a queue may sit without a consumer before the broker deletes it.
/// A safety net only: a subscription that fails between declaring its queue
/// and consuming from it would otherwise leave the queue for as long as the
/// bridge's connection lives (exclusive queues die with their connection).
const ORPHAN_QUEUE_EXPIRES_MS: i64 = 60_000;

/// The bounds of every subscription.
#[derive(Debug, Clone, Copy)]
pub struct SubscribeLimits {
    /// Unacknowledged deliveries the broker may push at once (never 0, which
    /// AMQP reads as "no limit").
    pub prefetch: u16,
    /// Deliveries that may wait for a slow reader.
    pub buffer: usize,
    /// Subscriptions open at once.
    pub max_subscribers: usize,
}

/// Why a subscription could not start.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SubscribeError {
    #[error(transparent)]
    Unavailable(#[from] Unavailable),
    #[error("exchange {exchange:?} does not exist on the broker")]
    ExchangeNotFound { exchange: String },
    #[error("RabbitMQ refused the subscription: {reason}")]
    Refused { reason: String },
    #[error("{limit} live subscriptions are open, the most this bridge allows; retry later")]
    Full { limit: usize },
}

/// Opens subscriptions within [`SubscribeLimits`]; cheap to clone.
#[derive(Debug, Clone)]
pub struct Subscriptions {
    limits: SubscribeLimits,
    open: Arc<Semaphore>,
    /// Cancelled at shutdown: open streams would otherwise hold the HTTP
    /// server's graceful shutdown for its whole drain period.
    closing: CancellationToken,
}

/// What a subscription streams.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    Ready(Ready),
    Delivery(Box<Delivery>),
    Dropped(Dropped),
    Ended(Ended),
}

/// A running subscription; its pump stops when this (or its stream) is dropped.
#[derive(Debug)]
pub struct Subscription {
    ready: Ready,
    reader: pump::Reader,
}

impl Subscriptions {
    pub fn new(limits: SubscribeLimits) -> Self {
        Self {
            limits,
            open: Arc::new(Semaphore::new(limits.max_subscribers)),
            closing: CancellationToken::new(),
        }
    }

    /// Ends every subscription, each with an `ended` event, and refuses new
    /// ones. Call it when shutdown begins.
    pub fn close_all(&self) {
        self.closing.cancel();
        self.open.close();
    }

    /// Declares a queue bound to `exchange` with `binding_key` and starts
    /// consuming from it. Errors come before anything is streamed, so that the
    /// caller can answer them with a plain HTTP status.
    pub async fn open(
        &self,
        broker: &Broker,
        exchange: &str,
        binding_key: &str,
    ) -> Result<Subscription, SubscribeError> {
        let permit = self.open.clone().try_acquire_owned().map_err(|_| {
            if self.closing.is_cancelled() {
                SubscribeError::Unavailable(Unavailable {
                    reason: "the bridge is shutting down".to_owned(),
                })
            } else {
                SubscribeError::Full {
                    limit: self.limits.max_subscribers,
                }
            }
        })?;
        let channel = broker.open_channel().await?;
        let consumer = match consume(&channel, exchange, binding_key, self.limits.prefetch).await {
            Ok(consumer) => consumer,
            Err(error) => {
                let _ = channel.close(200, "subscription failed".into()).await;
                return Err(refusal(error, exchange));
            }
        };
        let ready = Ready {
            queue: consumer.queue().as_str().to_owned(),
            exchange: exchange.to_owned(),
            binding_key: binding_key.to_owned(),
            prefetch: self.limits.prefetch,
            buffer: self.limits.buffer,
        };
        tracing::info!(queue = %ready.queue, exchange, binding_key, "live subscription started");
        let closing = self.closing.clone();
        let reader = pump::start(
            channel,
            consumer,
            self.limits.prefetch,
            self.limits.buffer,
            permit,
            closing,
        );
        Ok(Subscription { ready, reader })
    }
}

/// Sets up the consumer: the exchange must exist before a queue is declared,
/// so that a refusal leaves nothing behind.
async fn consume(
    channel: &Channel,
    exchange: &str,
    binding_key: &str,
    prefetch: u16,
) -> Result<Consumer, AmqpError> {
    let passive = ExchangeDeclareOptions {
        passive: true,
        ..ExchangeDeclareOptions::default()
    };
    channel
        .exchange_declare(
            exchange.into(),
            ExchangeKind::Fanout,
            passive,
            FieldTable::default(),
        )
        .await?;
    channel
        .basic_qos(prefetch, BasicQosOptions::default())
        .await?;
    let mut arguments = FieldTable::default();
    arguments.insert(
        "x-expires".into(),
        AMQPValue::LongLongInt(ORPHAN_QUEUE_EXPIRES_MS),
    );
    let options = QueueDeclareOptions {
        exclusive: true,
        auto_delete: true,
        ..QueueDeclareOptions::default()
    };
    let queue = channel.queue_declare("".into(), options, arguments).await?;
    channel
        .queue_bind(
            queue.name().clone(),
            exchange.into(),
            binding_key.into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await?;
    channel
        .basic_consume(
            queue.name().clone(),
            "".into(),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await
}

fn refusal(error: AmqpError, exchange: &str) -> SubscribeError {
    let ErrorKind::ProtocolError(amqp) = error.kind() else {
        return SubscribeError::Unavailable(Unavailable {
            reason: error.to_string(),
        });
    };
    match amqp.kind() {
        AMQPErrorKind::Soft(AMQPSoftError::NOTFOUND) => SubscribeError::ExchangeNotFound {
            exchange: exchange.to_owned(),
        },
        _ => SubscribeError::Refused {
            reason: amqp.get_message().as_str().to_owned(),
        },
    }
}

impl Subscription {
    /// [`LiveEvent::Ready`], then the deliveries, each backlog followed by the
    /// running dropped count when it grew, then [`LiveEvent::Ended`] if the
    /// bridge ended the subscription. Dropping the stream ends the subscription.
    pub fn into_events(self) -> impl Stream<Item = LiveEvent> + Send + 'static {
        let Self { ready, reader } = self;
        stream::once(async { LiveEvent::Ready(ready) })
            .chain(stream::unfold(reader, pump::Reader::next))
    }
}
