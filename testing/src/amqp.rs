//! The declare, bind and consume steps of a queue that watches an exchange:
//! what a test or a benchmark binds to see what the bridge really published.

use lapin::{
    Channel, Connection, ConnectionProperties, Consumer, ExchangeKind,
    options::{BasicConsumeOptions, ExchangeDeclareOptions, QueueBindOptions, QueueDeclareOptions},
    types::{AMQPValue, FieldTable},
};

/// Opens a connection named `name`, as it shows in RabbitMQ's connection list.
pub async fn connect(url: &str, name: &str) -> lapin::Result<Connection> {
    let properties = ConnectionProperties::default().with_connection_name(name.into());
    Connection::connect(url, properties).await
}

/// Declares an exchange of `kind` with `options` (durable, auto-delete…).
pub async fn declare_exchange(
    channel: &Channel,
    name: &str,
    kind: ExchangeKind,
    options: ExchangeDeclareOptions,
) -> lapin::Result<()> {
    channel
        .exchange_declare(name.into(), kind, options, FieldTable::default())
        .await
}

/// A queue to declare and bind.
#[derive(Debug, Clone)]
pub struct QueueSpec {
    name: String,
    options: QueueDeclareOptions,
    arguments: FieldTable,
}

impl QueueSpec {
    /// A server-named, exclusive, auto-delete queue: it goes with its
    /// connection, even when the test fails.
    pub fn temporary() -> Self {
        Self {
            name: String::new(),
            options: QueueDeclareOptions {
                exclusive: true,
                auto_delete: true,
                ..QueueDeclareOptions::default()
            },
            arguments: FieldTable::default(),
        }
    }

    /// A durable queue named `name`, which outlives its connection (and a
    /// broker restart); whoever declares it deletes it.
    pub fn durable(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            options: QueueDeclareOptions {
                durable: true,
                ..QueueDeclareOptions::default()
            },
            arguments: FieldTable::default(),
        }
    }

    /// Adds a queue argument, such as `x-max-length` or `x-expires`.
    pub fn argument(mut self, key: &str, value: AMQPValue) -> Self {
        self.arguments.insert(key.into(), value);
        self
    }

    /// Declares the queue and binds it to `exchange` with `binding_key`;
    /// answers the queue's name (the broker's, for a temporary queue).
    pub async fn bind(
        &self,
        channel: &Channel,
        exchange: &str,
        binding_key: &str,
    ) -> lapin::Result<String> {
        let queue = channel
            .queue_declare(
                self.name.as_str().into(),
                self.options,
                self.arguments.clone(),
            )
            .await?;
        channel
            .queue_bind(
                queue.name().clone(),
                exchange.into(),
                binding_key.into(),
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await?;
        Ok(queue.name().to_string())
    }
}

/// Who acknowledges deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ack {
    /// The broker forgets each delivery once sent: a witness that only counts.
    Auto,
    /// The consumer acknowledges, so that the channel's prefetch bounds what
    /// is in flight.
    Manual,
}

/// Starts consuming `queue`.
pub async fn consume(channel: &Channel, queue: &str, ack: Ack) -> lapin::Result<Consumer> {
    let options = BasicConsumeOptions {
        no_ack: ack == Ack::Auto,
        ..BasicConsumeOptions::default()
    };
    channel
        .basic_consume(queue.into(), "".into(), options, FieldTable::default())
        .await
}

/// How many messages wait in `queue`, which must exist.
pub async fn message_count(channel: &Channel, queue: &str) -> lapin::Result<u32> {
    let passive = QueueDeclareOptions {
        passive: true,
        ..QueueDeclareOptions::default()
    };
    let queue = channel
        .queue_declare(queue.into(), passive, FieldTable::default())
        .await?;
    Ok(queue.message_count())
}
