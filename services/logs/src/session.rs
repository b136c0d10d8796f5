//! One connection's subscription: declare the exchange, bind a queue of our
//! own to it, and log and acknowledge each message until the connection ends.

use std::future::Future;

use futures::StreamExt;
use lapin::{
    Channel, Connection, Consumer, Error as AmqpError, ErrorKind, ExchangeKind,
    message::Delivery,
    options::{
        BasicAckOptions, BasicConsumeOptions, BasicQosOptions, ExchangeDeclareOptions,
        QueueBindOptions, QueueDeclareOptions,
    },
    protocol::{AMQPErrorKind, AMQPSoftError},
    types::{AMQPValue, FieldTable},
};

use crate::{Event, Received};

/// Unacknowledged messages the broker may push at once: enough to keep it
/// busy, and a bound on what this service holds.
const PREFETCH: u16 = 64;

/// Why a subscription ended.
pub(crate) enum Ended {
    Shutdown,
    Lost {
        reason: String,
        /// Whether a queue had been bound, so that the caller can tell a lost
        /// connection from one that never got anywhere.
        was_bound: bool,
    },
}

pub(crate) async fn subscribe(
    connection: &Connection,
    exchange: &str,
    shutdown: &mut (impl Future<Output = ()> + Unpin),
    on_event: &mut impl FnMut(Event),
) -> Ended {
    let (channel, mut consumer) = match consume(connection, exchange).await {
        Ok(subscribed) => subscribed,
        Err(error) => {
            return Ended::Lost {
                reason: format!("cannot subscribe to exchange {exchange:?}: {error}"),
                was_bound: false,
            };
        }
    };
    let queue = consumer.queue().as_str().to_owned();
    tracing::info!(%queue, exchange, "subscribed");
    on_event(Event::Bound {
        queue,
        exchange: exchange.to_owned(),
    });
    loop {
        let next = tokio::select! {
            () = &mut *shutdown => {
                // The channel first, so the connection closes with nothing open on it.
                let _ = channel.close(200, "logs service shutting down".into()).await;
                return Ended::Shutdown;
            }
            next = consumer.next() => next,
        };
        let lost = |reason: String| Ended::Lost {
            reason,
            was_bound: true,
        };
        let delivery = match next {
            Some(Ok(delivery)) => delivery,
            Some(Err(error)) => return lost(error.to_string()),
            None => return lost("the broker cancelled the consumer".to_owned()),
        };
        let received = received(&delivery);
        tracing::info!(
            routing_key = ?received.routing_key,
            message_id = received.message_id.as_deref().unwrap_or("-"),
            traceparent = received.traceparent.as_deref().unwrap_or("-"),
            exchange = %received.exchange,
            bytes = received.bytes,
            redelivered = received.redelivered,
            "received"
        );
        on_event(Event::Received(received));
        if let Err(error) = delivery.acker.ack(BasicAckOptions::default()).await {
            return lost(format!("cannot acknowledge: {error}"));
        }
    }
}

/// Declares the exchange if it is missing, and a server-named queue bound to it
/// that lives as long as this connection; returns the channel consuming it.
async fn consume(
    connection: &Connection,
    exchange: &str,
) -> Result<(Channel, Consumer), AmqpError> {
    let channel = declare_exchange(connection, exchange).await?;
    channel
        .basic_qos(PREFETCH, BasicQosOptions::default())
        .await?;
    let exclusive = QueueDeclareOptions {
        exclusive: true,
        ..QueueDeclareOptions::default()
    };
    let queue = channel
        .queue_declare("".into(), exclusive, FieldTable::default())
        .await?;
    channel
        .queue_bind(
            queue.name().clone(),
            exchange.into(),
            "".into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await?;
    let consumer = channel
        .basic_consume(
            queue.name().clone(),
            "switchboard-logs".into(),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await?;
    Ok((channel, consumer))
}

/// Makes sure the exchange exists, with the bridge's arguments: a missing one
/// is declared a durable fanout, so that whichever of the two starts first, the
/// other agrees with it. One declared otherwise (not durable, say) is used as it
/// is, as the bridge uses it.
async fn declare_exchange(connection: &Connection, exchange: &str) -> Result<Channel, AmqpError> {
    let channel = connection.create_channel().await?;
    let durable = ExchangeDeclareOptions {
        durable: true,
        ..ExchangeDeclareOptions::default()
    };
    let declared = channel
        .exchange_declare(
            exchange.into(),
            ExchangeKind::Fanout,
            durable,
            FieldTable::default(),
        )
        .await;
    let Err(error) = declared else {
        return Ok(channel);
    };
    if !declared_otherwise(&error) {
        return Err(error);
    }
    // It exists with other arguments; the refusal closed `channel`.
    let channel = connection.create_channel().await?;
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
    Ok(channel)
}

/// Whether a declare failed because the exchange exists with other arguments.
fn declared_otherwise(error: &AmqpError) -> bool {
    match error.kind() {
        ErrorKind::ProtocolError(amqp) => matches!(
            amqp.kind(),
            AMQPErrorKind::Soft(AMQPSoftError::PRECONDITIONFAILED)
        ),
        _ => false,
    }
}

/// What the service reads from a delivery.
fn received(delivery: &Delivery) -> Received {
    let properties = &delivery.properties;
    let traceparent = properties
        .headers()
        .as_ref()
        .and_then(|headers| headers.inner().get("traceparent"))
        .and_then(text);
    Received {
        exchange: delivery.exchange.as_str().to_owned(),
        routing_key: delivery.routing_key.as_str().to_owned(),
        message_id: properties
            .message_id()
            .as_ref()
            .map(|id| id.as_str().to_owned()),
        traceparent,
        redelivered: delivery.redelivered,
        bytes: delivery.data.len(),
    }
}

/// A header's value when it is text, as every `traceparent` is.
fn text(value: &AMQPValue) -> Option<String> {
    match value {
        AMQPValue::ShortString(text) => Some(text.as_str().to_owned()),
        AMQPValue::LongString(text) => Some(String::from_utf8_lossy(text.as_bytes()).into_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use lapin::{
        BasicProperties,
        types::{LongString, ShortString},
    };

    use super::*;

    #[test]
    fn reads_the_routing_key_message_id_and_traceparent() {
        let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        let mut headers = FieldTable::default();
        headers.insert(
            "traceparent".into(),
            AMQPValue::LongString(LongString::from(traceparent)),
        );
        let mut delivery = Delivery::mock(
            7,
            "logs".into(),
            "order.created".into(),
            false,
            b"hi".to_vec(),
        );
        delivery.properties = BasicProperties::default()
            .with_message_id(ShortString::from("m-1"))
            .with_headers(headers);
        assert_eq!(
            received(&delivery),
            Received {
                exchange: "logs".to_owned(),
                routing_key: "order.created".to_owned(),
                message_id: Some("m-1".to_owned()),
                traceparent: Some(traceparent.to_owned()),
                redelivered: false,
                bytes: 2,
            }
        );
    }

    #[test]
    fn a_message_without_id_or_traceparent_is_still_read() {
        let delivery = Delivery::mock(1, "logs".into(), "".into(), true, Vec::new());
        let received = received(&delivery);
        assert_eq!(received.message_id, None);
        assert_eq!(received.traceparent, None);
        assert!(received.redelivered);
    }
}
