//! The live tail: what the bridge's `GET /api/subscribe` streams as
//! Server-Sent Events, and what the page's Live panel reads.
//!
//! The stream opens with one [`READY_EVENT`] ([`Ready`]), then carries one
//! unnamed event (`message`, the SSE default) per delivery ([`Delivery`]),
//! a [`DROPPED_EVENT`] ([`Dropped`]) whenever the count of messages dropped
//! for a slow reader grew, and, if the bridge ends it, a final
//! [`ENDED_EVENT`] ([`Ended`]) before the stream closes. Every event's data
//! is one JSON object.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::PayloadEncoding;

/// The subscription endpoint, relative to the bridge's base URL.
pub const SUBSCRIBE_PATH: &str = "/api/subscribe";
/// The query parameter that may carry the bearer token on [`SUBSCRIBE_PATH`]
/// only: a browser's `EventSource` cannot send an `Authorization` header.
pub const ACCESS_TOKEN_PARAM: &str = "access_token";

/// The SSE event name of [`Ready`].
pub const READY_EVENT: &str = "ready";
/// The SSE event name of [`Delivery`]: the default, so `onmessage` sees it.
pub const DELIVERY_EVENT: &str = "message";
/// The SSE event name of [`Dropped`].
pub const DROPPED_EVENT: &str = "dropped";
/// The SSE event name of [`Ended`]. Not `error`: a browser's `EventSource`
/// fires its own `error` events, and a server event of that name would be
/// indistinguishable from them.
pub const ENDED_EVENT: &str = "ended";

/// The first event: the subscription exists and messages will follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ready {
    /// The server-named, exclusive, auto-delete queue bound for this
    /// subscriber; it is deleted when the stream ends.
    pub queue: String,
    pub exchange: String,
    pub binding_key: String,
    /// How many unacknowledged deliveries the broker may push at once.
    pub prefetch: u16,
    /// How many deliveries wait for a slow reader before the bridge drops
    /// the newest ones.
    pub buffer: usize,
}

/// One message as the subscriber's queue received it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// The body: text when it is valid UTF-8, otherwise standard base64.
    pub body: String,
    /// How [`Delivery::body`] is encoded.
    pub body_encoding: PayloadEncoding,
    /// The exchange the message was published to.
    pub exchange: String,
    pub routing_key: String,
    /// Whether the broker delivered it before (to this queue).
    pub redelivered: bool,
    /// The delivery tag on the subscriber's channel: it grows by one per
    /// message, so a gap means nothing; it orders what arrived.
    pub delivery_tag: u64,
    pub properties: Properties,
    /// When the bridge received it, in milliseconds since the Unix epoch.
    pub received_at_ms: u64,
}

/// The AMQP basic properties a console shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Properties {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The publisher's timestamp, in seconds since the Unix epoch (AMQP's unit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<u64>,
    /// 1 transient, 2 persistent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_mode: Option<u8>,
    /// The AMQP headers, a W3C `traceparent` among them when the publisher
    /// sent one.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, FieldValue>,
}

impl Properties {
    /// The `traceparent` header, when it is text.
    pub fn traceparent(&self) -> Option<&str> {
        match self.headers.get("traceparent") {
            Some(FieldValue::Text(value)) => Some(value),
            _ => None,
        }
    }
}

/// An AMQP field value as JSON. AMQP has more types than JSON: every integer
/// width becomes a number, decimals and floats a number, timestamps their
/// seconds, byte arrays text (base64 unless they are UTF-8), and nested tables
/// and arrays objects and arrays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Its lists and tables hold field values: the schema refers to itself.
#[cfg_attr(feature = "openapi", schema(no_recursion))]
#[serde(untagged)]
pub enum FieldValue {
    /// AMQP `void`.
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    List(Vec<FieldValue>),
    Table(BTreeMap<String, FieldValue>),
}

/// The running count of messages dropped because the reader was slow. It
/// only grows during one subscription; a new subscription starts from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dropped {
    pub dropped: u64,
}

/// Why the bridge ended the stream (the broker connection was lost, or the
/// broker cancelled the consumer). A browser's `EventSource` reconnects on its
/// own and gets a new subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ended {
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn delivery_round_trips_with_nested_headers() {
        let value = json!({
            "body": "aGk=",
            "body_encoding": "base64",
            "exchange": "logs",
            "routing_key": "a.b",
            "redelivered": true,
            "delivery_tag": 7,
            "properties": {
                "message_id": "m",
                "timestamp": 1_700_000_000u64,
                "delivery_mode": 2,
                "headers": {
                    "traceparent": "00-ab-cd-01",
                    "n": -3,
                    "r": 0.5,
                    "ok": true,
                    "none": null,
                    "list": [1, "x"],
                    "table": {"k": "v"},
                },
            },
            "received_at_ms": 1_700_000_000_123u64,
        });
        let delivery: Delivery = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(delivery.body_encoding, PayloadEncoding::Base64);
        let headers = &delivery.properties.headers;
        assert_eq!(headers["n"], FieldValue::Int(-3));
        assert_eq!(headers["r"], FieldValue::Float(0.5));
        assert_eq!(headers["none"], FieldValue::Null);
        assert_eq!(
            headers["list"],
            FieldValue::List(vec![FieldValue::Int(1), FieldValue::Text("x".into())])
        );
        assert_eq!(delivery.properties.traceparent(), Some("00-ab-cd-01"));
        assert_eq!(serde_json::to_value(&delivery).unwrap(), value);
    }

    #[test]
    fn absent_properties_are_left_out() {
        let json = serde_json::to_value(Properties::default()).unwrap();
        assert_eq!(json, json!({}));
    }
}
