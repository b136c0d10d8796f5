//! One publish and what the broker's answer to it means.

use lapin::{
    Channel, Confirmation, Error as AmqpError, ErrorKind,
    options::BasicPublishOptions,
    protocol::{AMQPErrorKind, AMQPSoftError},
};

use super::{Confirmed, PublishError};
use crate::message::Outgoing;

pub(super) async fn send(channel: &Channel, message: &Outgoing) -> Result<Confirmation, AmqpError> {
    let options = BasicPublishOptions {
        mandatory: message.mandatory,
        ..BasicPublishOptions::default()
    };
    channel
        .basic_publish(
            message.exchange.as_str().into(),
            message.routing_key.as_str().into(),
            options,
            &message.body,
            message.properties.clone(),
        )
        .await?
        .await
}

pub(super) fn confirmed(
    confirmation: Confirmation,
    message: &Outgoing,
) -> Result<Confirmed, PublishError> {
    let message_id = message.message_id.clone();
    match confirmation {
        Confirmation::Ack(None) => Ok(Confirmed { message_id }),
        Confirmation::Ack(Some(returned)) => Err(PublishError::Unroutable {
            message_id,
            exchange: message.exchange.clone(),
            routing_key: message.routing_key.clone(),
            reply: format!("{} {}", returned.reply_code, returned.reply_text),
        }),
        Confirmation::Nack(_) | Confirmation::NotRequested => {
            Err(PublishError::Nacked { message_id })
        }
    }
}

/// A broker error that sending again cannot fix.
pub(super) fn refusal(error: &AmqpError, message: &Outgoing) -> Option<PublishError> {
    let ErrorKind::ProtocolError(amqp) = error.kind() else {
        return None;
    };
    // When the broker closes a channel, every publish in flight on it sees the
    // same error; only the one that caused it is refused, the others are sent
    // again on the next channel.
    let text = amqp.get_message().as_str();
    if !text.contains(&format!("'{}'", message.exchange)) {
        return None;
    }
    match amqp.kind() {
        AMQPErrorKind::Soft(AMQPSoftError::NOTFOUND) => Some(PublishError::ExchangeNotFound {
            exchange: message.exchange.clone(),
        }),
        AMQPErrorKind::Soft(_) => Some(PublishError::Refused {
            reason: text.to_owned(),
        }),
        AMQPErrorKind::Hard(_) => None,
    }
}
