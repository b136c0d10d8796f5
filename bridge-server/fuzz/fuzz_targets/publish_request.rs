//! Arbitrary bytes down the bridge's request path: serde_json into a
//! `PublishRequest`, then `Outgoing::from_request`, exactly as
//! `POST /api/publish` does before anything reaches the broker. Neither step
//! may panic, a refusal must carry a known code, and whatever is accepted must
//! be a message AMQP can carry and the request asked for.
//!
//! Run with `scripts/fuzz.sh` (from the repository root).

#![no_main]

use base64::{Engine, engine::general_purpose::STANDARD};
use bridge_server::message::Outgoing;
use lapin::types::AMQPValue;
use libfuzzer_sys::fuzz_target;
use switchboard_wire::{HeaderValue, PayloadEncoding, PublishRequest};

const DEFAULT_EXCHANGE: &str = "logs";
/// The codes `InvalidMessage::code` may answer; a new one must be documented.
const CODES: &[&str] = &[
    "invalid_exchange",
    "too_long",
    "empty_id",
    "invalid_base64",
    "invalid_header",
];
const SHORT_STRING_MAX: usize = 255;

fuzz_target!(|data: &[u8]| {
    let Ok(request) = serde_json::from_slice::<PublishRequest>(data) else {
        return;
    };
    check_round_trip(&request);
    match Outgoing::from_request(request.clone(), DEFAULT_EXCHANGE) {
        Ok(message) => check_message(&request, &message),
        Err(error) => {
            assert!(
                CODES.contains(&error.code()),
                "undocumented code: {error:?}"
            );
            assert!(!error.to_string().is_empty());
        }
    }
});

/// The page serialises what the bridge deserialises: the same request must
/// come back.
fn check_round_trip(request: &PublishRequest) {
    let json = serde_json::to_vec(request).expect("a request always serialises");
    let back: PublishRequest =
        serde_json::from_slice(&json).expect("a serialised request reads back");
    let without_headers = |request: &PublishRequest| PublishRequest {
        headers: Default::default(),
        ..request.clone()
    };
    assert_eq!(without_headers(&back), without_headers(request));
    assert_eq!(back.headers.len(), request.headers.len());
    for ((name, value), (back_name, back_value)) in request.headers.iter().zip(&back.headers) {
        assert_eq!(name, back_name);
        let same = match (value, back_value) {
            // serde_json's default float parsing is best-effort in the last
            // bit, so a written float may read back one ulp away.
            (HeaderValue::Float(a), HeaderValue::Float(b)) => {
                (a - b).abs() <= f64::EPSILON * a.abs().max(b.abs())
            }
            _ => value == back_value,
        };
        assert!(
            same,
            "header {name:?}: {value:?} read back as {back_value:?}"
        );
    }
}

fn check_message(request: &PublishRequest, message: &Outgoing) {
    let exchange = request.exchange.as_deref().unwrap_or(DEFAULT_EXCHANGE);
    assert_eq!(message.exchange, exchange);
    assert!(message.exchange.len() <= 127, "{:?}", message.exchange);
    assert!(
        message
            .exchange
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b)),
        "{:?}",
        message.exchange
    );
    assert_eq!(message.routing_key, request.routing_key);
    assert!(message.routing_key.len() <= SHORT_STRING_MAX);
    assert_eq!(message.mandatory, request.mandatory);

    let properties = &message.properties;
    let message_id = properties.message_id().as_ref().expect("a message id");
    assert_eq!(message_id.as_str(), message.message_id);
    assert!(!message.message_id.is_empty());
    assert!(message.message_id.len() <= SHORT_STRING_MAX);
    if let Some(asked) = &request.message_id {
        assert_eq!(&message.message_id, asked);
    }
    let correlation_id = properties
        .correlation_id()
        .as_ref()
        .expect("a correlation id");
    let asked = request
        .correlation_id
        .as_ref()
        .unwrap_or(&message.message_id);
    assert_eq!(correlation_id.as_str(), asked);
    assert!(!asked.is_empty() && asked.len() <= SHORT_STRING_MAX);
    assert_eq!(
        properties
            .content_type()
            .as_ref()
            .map(|value| value.as_str()),
        request.content_type.as_deref()
    );
    assert!(
        request
            .content_type
            .as_ref()
            .is_none_or(|value| value.len() <= SHORT_STRING_MAX)
    );
    let delivery_mode = if request.persistent { 2 } else { 1 };
    assert_eq!(properties.delivery_mode(), &Some(delivery_mode));

    match request.payload_encoding {
        PayloadEncoding::Text => assert_eq!(message.body, request.payload.as_bytes()),
        // The decoder refuses non-canonical input, so the body encodes back
        // to exactly the payload.
        PayloadEncoding::Base64 => assert_eq!(STANDARD.encode(&message.body), request.payload),
    }

    let headers = properties.headers().as_ref().map(|table| table.inner());
    assert_eq!(
        headers.map_or(0, |table| table.len()),
        request.headers.len()
    );
    for (name, value) in &request.headers {
        assert!(name.len() <= SHORT_STRING_MAX, "{name:?}");
        let sent = headers.and_then(|table| table.get(name.as_str()));
        let expected = match value {
            HeaderValue::Bool(value) => AMQPValue::Boolean(*value),
            HeaderValue::Int(value) => AMQPValue::LongLongInt(*value),
            HeaderValue::Float(value) => {
                assert!(value.is_finite(), "{name:?}: {value}");
                AMQPValue::Double(*value)
            }
            HeaderValue::Text(value) => AMQPValue::LongString(value.as_str().into()),
        };
        assert_eq!(sent, Some(&expected), "header {name:?}");
    }
}
