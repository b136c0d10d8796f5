//! `POST /api/publish`: what the page asks the bridge to publish, and the
//! bridge's answer once the broker has confirmed it.

use std::{collections::BTreeMap, fmt};

use serde::{
    Deserialize, Deserializer, Serialize, Serializer,
    de::{MapAccess, Visitor, value::MapAccessDeserializer},
};

use crate::HeaderValue;

/// `POST /api/publish` on the bridge.
///
/// It deserialises only from an object. The derived code would also take the
/// fields positionally from an array (`[null, "", "hi"]`), a second, undocumented
/// form of the API in which unknown-field checks cannot work; `remote = "Self"`
/// turns the derives into inherent functions that the trait impls below wrap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(description = "`POST /api/publish` on the bridge: a message to publish.")
)]
#[serde(remote = "Self", deny_unknown_fields)]
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

impl Serialize for PublishRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The derived (inherent) function: this impl only exists because
        // `remote = "Self"` moved it out of the trait.
        PublishRequest::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for PublishRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ObjectOnly)
    }
}

/// Hands a JSON object to the derived deserialiser and refuses everything else.
struct ObjectOnly;

impl<'de> Visitor<'de> for ObjectOnly {
    type Value = PublishRequest;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PublishRequest, A::Error> {
        PublishRequest::deserialize(MapAccessDeserializer::new(map))
    }
}

fn yes() -> bool {
    true
}

/// How the `payload` string of a [`PublishRequest`] is encoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum PayloadEncoding {
    /// The payload is the body, as UTF-8 text.
    #[default]
    Text,
    /// The payload is standard base64 of the body's bytes.
    Base64,
}

/// The bridge's answer once RabbitMQ has confirmed a publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishResponse {
    /// Always `true`: the bridge answers 2xx only after the broker's confirm.
    pub confirmed: bool,
    /// Whether a queue received the message, as far as RabbitMQ says:
    /// `Some(true)` for a mandatory publish that was confirmed and not returned
    /// (a returned one is refused as unroutable instead), `None` when the
    /// publish was not mandatory, because RabbitMQ then drops an unroutable
    /// message without a word.
    #[serde(default)]
    pub routed: Option<bool>,
    /// The AMQP `message_id` the message carries.
    pub message_id: String,
    pub exchange: String,
    pub routing_key: String,
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
    fn publish_response_says_routed_or_null() {
        let response = PublishResponse {
            confirmed: true,
            routed: Some(true),
            message_id: "m".to_owned(),
            exchange: "logs".to_owned(),
            routing_key: String::new(),
        };
        let json = serde_json::to_value(&response).unwrap();
        assert_eq!(json["routed"], true);
        let unknown = PublishResponse {
            routed: None,
            ..response
        };
        let json = serde_json::to_string(&unknown).unwrap();
        assert!(json.contains(r#""routed":null"#), "{json}");
        // An answer from a bridge that does not say, as pages saved in history have.
        let older: PublishResponse = serde_json::from_str(
            r#"{"confirmed":true,"message_id":"m","exchange":"logs","routing_key":""}"#,
        )
        .unwrap();
        assert_eq!(older, unknown);
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
    fn publish_request_is_an_object_not_an_array() {
        // The derive alone would read this as exchange None, routing key "",
        // payload "hi".
        let error = serde_json::from_str::<PublishRequest>(r#"[null,"","hi"]"#).unwrap_err();
        assert!(error.is_data(), "{error}");
        assert!(
            error.to_string().contains("expected a JSON object"),
            "{error}"
        );
    }

    #[test]
    fn publish_request_round_trips() {
        let mut request = PublishRequest::text("hello");
        request.exchange = Some("audit".into());
        request.headers.insert("n".into(), HeaderValue::Int(1));
        request.persistent = false;
        let json = serde_json::to_string(&request).unwrap();
        assert_eq!(
            serde_json::from_str::<PublishRequest>(&json).unwrap(),
            request
        );
    }
}
