//! The JSON wire contract of Switchboard: the types that the page (wasm) and
//! the native services both serialise, so that neither side can drift.
//!
//! Only serde lives here; the crate compiles for the browser and for servers.

pub mod diagnose;
pub mod grpc;
pub mod http;
pub mod live;
pub mod openapi;
pub mod schema;
pub mod users;

pub use users::User;

use std::{collections::BTreeMap, fmt};

use serde::{
    Deserialize, Deserializer, Serialize, Serializer,
    de::{self, MapAccess, SeqAccess, Visitor, value::MapAccessDeserializer},
};

/// The exchange the bridge declares and publishes to unless configured otherwise.
pub const DEFAULT_EXCHANGE: &str = "logs";

/// The body of every error answer from the bridge and the users service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// A stable, machine-readable code such as `not_found` or `broker_unavailable`.
    pub error: String,
    /// A sentence for people.
    pub message: String,
}

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

/// An AMQP header value that JSON can carry.
///
/// Deserialising is written by hand: the untagged derive answers every mistake
/// with "data did not match any variant", and it turns integers above
/// `i64::MAX` into floats, silently losing precision. Integers beyond `u64`
/// still arrive as floats, because that is how serde_json reads them (and how a
/// browser's `JSON.parse` does).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(
        description = "An AMQP header value: a string, a 64-bit signed integer, a finite \
        number or a boolean."
    )
)]
#[serde(untagged)]
pub enum HeaderValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl HeaderValue {
    /// A value typed in a form, as the most specific type it reads as: a
    /// boolean, an integer, a number with a fraction written as JSON writes
    /// it (`0.5`, `-1.25e3`; `.5` and `1e3` are text), or else text. serde_json
    /// reads the number because `str::parse::<f64>` would add core's float
    /// parser and its tables to the page, about 15 KB gzipped.
    pub fn typed(value: &str) -> Self {
        if let Ok(boolean) = value.parse() {
            Self::Bool(boolean)
        } else if let Ok(integer) = value.parse() {
            Self::Int(integer)
        } else {
            match serde_json::from_str::<f64>(value) {
                Ok(number) if number.is_finite() && value.contains('.') => Self::Float(number),
                _ => Self::Text(value.to_owned()),
            }
        }
    }
}

impl<'de> Deserialize<'de> for HeaderValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HeaderValueVisitor)
    }
}

/// What a header value may be, in the words of every refusal.
const HEADER_VALUE_KINDS: &str =
    "a string, an integer (64-bit signed), a finite number or a boolean";

struct HeaderValueVisitor;

impl HeaderValueVisitor {
    fn refuse<E: de::Error>(got: impl fmt::Display) -> E {
        E::custom(format_args!(
            "header values must be {HEADER_VALUE_KINDS}; got {got}"
        ))
    }
}

impl<'de> Visitor<'de> for HeaderValueVisitor {
    type Value = HeaderValue;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(HEADER_VALUE_KINDS)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<HeaderValue, E> {
        Ok(HeaderValue::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<HeaderValue, E> {
        Ok(HeaderValue::Int(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<HeaderValue, E> {
        // RabbitMQ's field tables hold signed 64-bit integers at most; refuse
        // rather than wrap or round.
        i64::try_from(value)
            .map(HeaderValue::Int)
            .map_err(|_| Self::refuse(format_args!("{value}, above {}", i64::MAX)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<HeaderValue, E> {
        // JSON cannot spell NaN or infinity, but other formats can.
        if value.is_finite() {
            Ok(HeaderValue::Float(value))
        } else {
            Err(Self::refuse(value))
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<HeaderValue, E> {
        Ok(HeaderValue::Text(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<HeaderValue, E> {
        Ok(HeaderValue::Text(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<HeaderValue, E> {
        Err(Self::refuse("null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<HeaderValue, E> {
        Err(Self::refuse("null"))
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<HeaderValue, E> {
        Err(Self::refuse("bytes"))
    }

    // Refusing without reading the contents also means a deeply nested value
    // costs nothing: the parser never descends into it.
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<HeaderValue, A::Error> {
        Err(Self::refuse("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<HeaderValue, A::Error> {
        Err(Self::refuse("an object"))
    }
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

/// The bridge's `GET /readyz` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    /// Whether the bridge holds a live connection to the broker.
    pub broker_connected: bool,
    /// Why not, when it does not: which broker could not be reached, and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Why the broker blocks publishers right now (a memory or disk alarm);
    /// absent when it does not. Publishes are refused meanwhile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked: Option<String>,
    /// Messages sent again since the bridge started, because the connection
    /// or channel they went out on failed before their confirm arrived.
    #[serde(default)]
    pub resent: u64,
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
    fn header_values_keep_their_json_type() {
        let request: PublishRequest =
            serde_json::from_str(r#"{"payload":"","headers":{"a":true,"b":7,"c":1.5,"d":"x"}}"#)
                .unwrap();
        assert_eq!(request.headers["a"], HeaderValue::Bool(true));
        assert_eq!(request.headers["b"], HeaderValue::Int(7));
        assert_eq!(request.headers["c"], HeaderValue::Float(1.5));
        assert_eq!(request.headers["d"], HeaderValue::Text("x".into()));
    }

    fn header(json: &str) -> Result<HeaderValue, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn header_integers_keep_all_64_bits() {
        assert_eq!(
            header("9223372036854775807").unwrap(),
            HeaderValue::Int(i64::MAX)
        );
        assert_eq!(
            header("-9223372036854775808").unwrap(),
            HeaderValue::Int(i64::MIN)
        );
        assert_eq!(header("1e3").unwrap(), HeaderValue::Float(1000.0));
        assert_eq!(header(r#""""#).unwrap(), HeaderValue::Text(String::new()));
    }

    #[test]
    fn header_values_amqp_cannot_carry_are_refused_by_name() {
        for (json, got) in [
            ("null", "got null"),
            ("[]", "got an array"),
            (r#"[1,"a"]"#, "got an array"),
            ("{}", "got an object"),
            (r#"{"a":1}"#, "got an object"),
            (
                "9223372036854775808",
                "got 9223372036854775808, above 9223372036854775807",
            ),
            ("18446744073709551615", "got 18446744073709551615, above"),
        ] {
            let message = header(json).unwrap_err().to_string();
            assert!(
                message.starts_with(&format!(
                    "header values must be a string, an integer (64-bit signed), \
                     a finite number or a boolean; {got}"
                )),
                "{json}: {message}"
            );
        }
    }

    #[test]
    fn deeply_nested_header_value_is_refused_without_descending() {
        // Far past serde_json's recursion limit (128), which would otherwise
        // be the error here.
        let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let message = header(&nested).unwrap_err().to_string();
        assert!(message.contains("got an array"), "{message}");
    }

    #[test]
    fn a_bad_header_value_is_a_data_error_not_a_syntax_error() {
        let error = serde_json::from_str::<PublishRequest>(
            r#"{"payload":"","headers":{"ok":1,"bad":[1]}}"#,
        )
        .unwrap_err();
        assert!(error.is_data(), "{error}");
        assert!(error.to_string().contains("got an array"), "{error}");
    }

    #[test]
    fn header_values_serialise_as_plain_json() {
        let value = serde_json::to_value(BTreeMap::from([
            ("b", HeaderValue::Bool(true)),
            ("f", HeaderValue::Float(0.5)),
            ("i", HeaderValue::Int(-3)),
            ("t", HeaderValue::Text("x".into())),
        ]))
        .unwrap();
        assert_eq!(
            value,
            serde_json::json!({"b": true, "f": 0.5, "i": -3, "t": "x"})
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

    #[test]
    fn floats_are_numbers_with_a_fraction_as_json_writes_them() {
        assert_eq!(HeaderValue::typed("-1.25e3"), HeaderValue::Float(-1250.0));
        assert_eq!(HeaderValue::typed("0.1"), HeaderValue::Float(0.1));
        assert_eq!(HeaderValue::typed("1e3"), HeaderValue::Text("1e3".into()));
        assert_eq!(HeaderValue::typed(".5"), HeaderValue::Text(".5".into()));
        assert_eq!(
            HeaderValue::typed("1.5 kg"),
            HeaderValue::Text("1.5 kg".into())
        );
        assert_eq!(
            HeaderValue::typed("1.0e999"),
            HeaderValue::Text("1.0e999".into())
        );
    }
}
