//! The JSON wire contract of Switchboard: the types that the page (wasm) and
//! the native services both serialise, so that neither side can drift.
//!
//! Only serde lives here; the crate compiles for the browser and for servers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The exchange the bridge declares and publishes to unless configured otherwise.
pub const DEFAULT_EXCHANGE: &str = "logs";

/// The body of every error answer from the bridge and the users service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable, machine-readable code such as `not_found` or `broker_unavailable`.
    pub error: String,
    /// A sentence for people.
    pub message: String,
}

/// A user as the users REST service returns it from `GET /users/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: u64,
    pub name: String,
    pub email: String,
}

/// `POST /api/publish` on the bridge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// The exchange to publish to; the bridge's own (`logs` unless configured
    /// otherwise) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange: Option<String>,
    /// The routing key; a fanout exchange ignores it.
    #[serde(default)]
    pub routing_key: String,
    /// The message body, as text (or base64, see `payload_encoding`).
    pub payload: String,
    /// How `payload` is encoded.
    #[serde(default)]
    pub payload_encoding: PayloadEncoding,
    /// The AMQP `content_type` property, for example `application/json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// AMQP headers: strings, integers, floats and booleans.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, HeaderValue>,
    /// The AMQP `message_id`; the bridge makes one when it is absent. It doubles
    /// as an idempotency key for consumers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The AMQP `correlation_id`; the bridge uses the message id when it is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
    /// Persistent delivery (`delivery_mode` 2), so durable queues keep it on disk.
    #[serde(default = "yes")]
    pub persistent: bool,
    /// Ask the broker to return the message when no queue receives it, which the
    /// bridge then reports as `unroutable` instead of success.
    #[serde(default = "yes")]
    pub mandatory: bool,
}

impl PublishRequest {
    /// A text message to the bridge's exchange with an empty routing key.
    pub fn text(payload: impl Into<String>) -> Self {
        Self {
            exchange: None,
            routing_key: String::new(),
            payload: payload.into(),
            payload_encoding: PayloadEncoding::Text,
            content_type: None,
            headers: BTreeMap::new(),
            message_id: None,
            correlation_id: None,
            persistent: true,
            mandatory: true,
        }
    }
}

fn yes() -> bool {
    true
}

/// How the `payload` string of a [`PublishRequest`] is encoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PayloadEncoding {
    /// The payload is the body, as UTF-8 text.
    #[default]
    Text,
    /// The payload is standard base64 of the body's bytes.
    Base64,
}

/// An AMQP header value that JSON can carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HeaderValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

/// The bridge's answer once RabbitMQ has confirmed a publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishResponse {
    /// Always `true`: the bridge answers 2xx only after the broker's confirm.
    pub confirmed: bool,
    /// The AMQP `message_id` the message carries.
    pub message_id: String,
    pub exchange: String,
    pub routing_key: String,
}

/// The bridge's `GET /readyz` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    /// Whether the bridge holds a live connection to the broker.
    pub broker_connected: bool,
    /// Why not, when it does not: which broker could not be reached, and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_request_fills_defaults() {
        let request: PublishRequest = serde_json::from_str(r#"{"payload":"hi"}"#).unwrap();
        assert_eq!(request, PublishRequest::text("hi"));
    }

    #[test]
    fn publish_request_rejects_unknown_fields() {
        let error = serde_json::from_str::<PublishRequest>(r#"{"payload":"hi","exchnage":"x"}"#)
            .unwrap_err();
        assert!(
            error.to_string().contains("unknown field `exchnage`"),
            "{error}"
        );
    }

    #[test]
    fn header_values_keep_their_json_type() {
        let request: PublishRequest =
            serde_json::from_str(r#"{"payload":"","headers":{"a":true,"b":7,"c":1.5,"d":"x"}}"#)
                .unwrap();
        assert_eq!(request.headers["a"], HeaderValue::Bool(true));
        assert_eq!(request.headers["b"], HeaderValue::Int(7));
        assert_eq!(request.headers["c"], HeaderValue::Float(1.5));
        assert_eq!(request.headers["d"], HeaderValue::Text("x".into()));
    }
}
