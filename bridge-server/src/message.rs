//! Turns a [`PublishRequest`] into the exact AMQP message to send, refusing
//! anything AMQP cannot carry before it gets near the broker.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::{Engine, engine::general_purpose::STANDARD};
use lapin::{
    BasicProperties,
    types::{AMQPValue, FieldTable, LongString, ShortString},
};
use switchboard_wire::{HeaderValue, PayloadEncoding, PublishRequest};

/// AMQP short strings (exchange, routing key, property values) hold at most 255 bytes.
const SHORT_STRING_MAX: usize = 255;
/// RabbitMQ limits exchange names to 127 bytes... of these characters.
const EXCHANGE_NAME_MAX: usize = 127;
/// The `app_id` property every message from the bridge carries.
pub const APP_ID: &str = "switchboard-bridge";

/// A message ready to publish.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub exchange: String,
    pub routing_key: String,
    pub body: Vec<u8>,
    pub message_id: String,
    pub mandatory: bool,
    pub properties: BasicProperties,
}

/// Why a well-formed request cannot become an AMQP message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidMessage {
    #[error(
        "exchange name {} ({} bytes) may only hold letters, digits, '-', '_', '.' and ':', \
         up to 127 bytes",
        excerpt(.0),
        .0.len()
    )]
    ExchangeName(String),
    #[error("{field} is {len} bytes long; AMQP allows at most 255")]
    TooLong { field: String, len: usize },
    #[error("{0} is empty; leave it out and the bridge makes one")]
    EmptyId(&'static str),
    #[error("payload is not valid base64: {0}")]
    Base64(String),
    #[error(
        "header name {} is {} bytes long; AMQP header names hold at most 255",
        excerpt(.0),
        .0.len()
    )]
    HeaderName(String),
    #[error("header {} is a non-finite number, which AMQP cannot carry", excerpt(.0))]
    HeaderValue(String),
}

impl InvalidMessage {
    /// The machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::ExchangeName(_) => "invalid_exchange",
            Self::TooLong { .. } => "too_long",
            Self::EmptyId(_) => "empty_id",
            Self::Base64(_) => "invalid_base64",
            Self::HeaderName(_) | Self::HeaderValue(_) => "invalid_header",
        }
    }
}

impl Outgoing {
    /// Validates `request` and builds the message, to `default_exchange` when
    /// the request names none, and with a fresh message id when it has none.
    pub fn from_request(
        request: PublishRequest,
        default_exchange: &str,
    ) -> Result<Self, InvalidMessage> {
        let exchange = request
            .exchange
            .unwrap_or_else(|| default_exchange.to_owned());
        check_exchange(&exchange)?;
        short("routing_key", &request.routing_key)?;
        let body = match request.payload_encoding {
            PayloadEncoding::Text => request.payload.into_bytes(),
            PayloadEncoding::Base64 => STANDARD
                .decode(request.payload.as_bytes())
                .map_err(|error| InvalidMessage::Base64(error.to_string()))?,
        };
        let message_id = request
            .message_id
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        id("message_id", &message_id)?;
        let correlation_id = request.correlation_id.unwrap_or_else(|| message_id.clone());
        id("correlation_id", &correlation_id)?;

        let mut properties = BasicProperties::default()
            .with_message_id(message_id.as_str().into())
            .with_correlation_id(correlation_id.into())
            .with_app_id(APP_ID.into())
            .with_timestamp(unix_seconds())
            .with_delivery_mode(if request.persistent { 2 } else { 1 });
        if let Some(content_type) = request.content_type {
            short("content_type", &content_type)?;
            properties = properties.with_content_type(content_type.into());
        }
        if !request.headers.is_empty() {
            properties = properties.with_headers(headers(request.headers)?);
        }
        Ok(Self {
            exchange,
            routing_key: request.routing_key,
            body,
            message_id,
            mandatory: request.mandatory,
            properties,
        })
    }
}

/// An exchange name RabbitMQ accepts (publishing and the live tail share it).
pub(crate) fn check_exchange(name: &str) -> Result<(), InvalidMessage> {
    let legal = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
    if name.len() > EXCHANGE_NAME_MAX || !name.chars().all(legal) {
        return Err(InvalidMessage::ExchangeName(name.to_owned()));
    }
    Ok(())
}

/// A value that fits an AMQP short string.
pub(crate) fn short(field: &str, value: &str) -> Result<(), InvalidMessage> {
    if value.len() > SHORT_STRING_MAX {
        return Err(InvalidMessage::TooLong {
            field: field.to_owned(),
            len: value.len(),
        });
    }
    Ok(())
}

/// Consumers deduplicate and correlate by these ids, so an empty one (easily
/// sent by a blank form field) would make unrelated messages look the same.
fn id(field: &'static str, value: &str) -> Result<(), InvalidMessage> {
    if value.is_empty() {
        return Err(InvalidMessage::EmptyId(field));
    }
    short(field, value)
}

fn headers(
    headers: impl IntoIterator<Item = (String, HeaderValue)>,
) -> Result<FieldTable, InvalidMessage> {
    let mut table = FieldTable::default();
    for (name, value) in headers {
        // Field-table keys are short strings too, but a header is refused as
        // a header, by name, not as one more over-long field.
        if name.len() > SHORT_STRING_MAX {
            return Err(InvalidMessage::HeaderName(name));
        }
        let value = match value {
            HeaderValue::Bool(value) => AMQPValue::Boolean(value),
            HeaderValue::Int(value) => AMQPValue::LongLongInt(value),
            HeaderValue::Float(value) if value.is_finite() => AMQPValue::Double(value),
            HeaderValue::Float(_) => return Err(InvalidMessage::HeaderValue(name)),
            HeaderValue::Text(value) => AMQPValue::LongString(LongString::from(value)),
        };
        table.insert(ShortString::from(name), value);
    }
    Ok(table)
}

/// `value` quoted, cut short if long: error answers and logs name what was
/// refused, but must not echo a body-sized string back.
fn excerpt(value: &str) -> String {
    const SHOWN: usize = 40;
    match value.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{:?}…", &value[..end]),
        None => format!("{value:?}"),
    }
}

fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(json: &str) -> PublishRequest {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn defaults_give_a_persistent_message_with_ids() {
        let message = Outgoing::from_request(PublishRequest::text("hi"), "logs").unwrap();
        assert_eq!(message.exchange, "logs");
        assert_eq!(message.body, b"hi");
        assert!(message.mandatory);
        let properties = &message.properties;
        assert_eq!(properties.delivery_mode(), &Some(2));
        assert_eq!(properties.app_id().as_ref().unwrap().as_str(), APP_ID);
        let id = properties.message_id().as_ref().unwrap().as_str();
        assert_eq!(id, message.message_id);
        assert_eq!(properties.correlation_id().as_ref().unwrap().as_str(), id);
        assert!(properties.timestamp().unwrap() > 1_700_000_000);
    }

    #[test]
    fn client_ids_are_kept() {
        let message = Outgoing::from_request(
            request(
                r#"{"payload":"x","message_id":"m-1","correlation_id":"c-1","persistent":false}"#,
            ),
            "logs",
        )
        .unwrap();
        assert_eq!(message.message_id, "m-1");
        let properties = &message.properties;
        assert_eq!(
            properties.correlation_id().as_ref().unwrap().as_str(),
            "c-1"
        );
        assert_eq!(properties.delivery_mode(), &Some(1));
    }

    #[test]
    fn base64_payload_is_decoded() {
        let message = Outgoing::from_request(
            request(r#"{"payload":"AAEC/w==","payload_encoding":"base64"}"#),
            "logs",
        )
        .unwrap();
        assert_eq!(message.body, [0, 1, 2, 255]);
    }

    #[test]
    fn bad_values_are_refused_with_their_code() {
        let long = "k".repeat(256);
        for (json, code) in [
            (
                r#"{"payload":"x","exchange":"a b"}"#.to_owned(),
                "invalid_exchange",
            ),
            (
                r#"{"payload":"x","exchange":"é"}"#.to_owned(),
                "invalid_exchange",
            ),
            (
                format!(r#"{{"payload":"x","routing_key":"{long}"}}"#),
                "too_long",
            ),
            (
                format!(r#"{{"payload":"x","message_id":"{long}"}}"#),
                "too_long",
            ),
            (
                r#"{"payload":"***","payload_encoding":"base64"}"#.to_owned(),
                "invalid_base64",
            ),
            (
                format!(r#"{{"payload":"x","headers":{{"{long}":1}}}}"#),
                "invalid_header",
            ),
            (r#"{"payload":"x","message_id":""}"#.to_owned(), "empty_id"),
            (
                r#"{"payload":"x","correlation_id":""}"#.to_owned(),
                "empty_id",
            ),
        ] {
            let error = Outgoing::from_request(request(&json), "logs").unwrap_err();
            assert_eq!(error.code(), code, "{json}");
        }
    }

    #[test]
    fn refusals_quote_long_names_only_in_part() {
        let name = "é".repeat(5_000);
        let error = Outgoing::from_request(
            request(&format!(r#"{{"payload":"x","exchange":"{name}"}}"#)),
            "logs",
        )
        .unwrap_err();
        let message = error.to_string();
        assert!(message.len() < 300, "{message}");
        assert!(
            message.starts_with(&format!(
                "exchange name \"{}\"… (10000 bytes)",
                "é".repeat(40)
            )),
            "{message}"
        );
    }

    #[test]
    fn headers_become_typed_amqp_values() {
        let message = Outgoing::from_request(
            request(r#"{"payload":"","headers":{"n":7,"s":"x","b":false,"f":0.5}}"#),
            "logs",
        )
        .unwrap();
        let headers = message.properties.headers().as_ref().unwrap();
        let inner = headers.inner();
        assert_eq!(inner.get("n"), Some(&AMQPValue::LongLongInt(7)));
        assert_eq!(inner.get("b"), Some(&AMQPValue::Boolean(false)));
        assert_eq!(inner.get("f"), Some(&AMQPValue::Double(0.5)));
        assert_eq!(
            inner.get("s"),
            Some(&AMQPValue::LongString(LongString::from("x")))
        );
    }
}
