//! Malformed and hostile requests to `POST /api/publish`: each one gets its
//! exact status and error code with a readable JSON body, the bridge keeps
//! serving, and none of them reaches the broker.

mod common;

use std::time::Duration;

use common::{Bridge, Reply, Tap, unique};
use lapin::{message::Delivery, types::AMQPValue};
use serde_json::json;

/// How long the tap must stay quiet before we believe nothing else is coming.
/// A confirmed publish reaches a bound queue well within this on loopback.
const QUIET: Duration = Duration::from_millis(500);

const BODY_LIMIT: usize = 64 * 1024;

type Expected = (u16, &'static str);
const MALFORMED_JSON: Expected = (400, "malformed_json");
const INVALID_FIELD: Expected = (422, "invalid_field");
const UNSUPPORTED_MEDIA_TYPE: Expected = (415, "unsupported_media_type");
const BODY_TOO_LARGE: Expected = (413, "body_too_large");
const INVALID_EXCHANGE: Expected = (422, "invalid_exchange");
const TOO_LONG: Expected = (422, "too_long");
const INVALID_BASE64: Expected = (422, "invalid_base64");
const EMPTY_ID: Expected = (422, "empty_id");
const INVALID_HEADER: Expected = (422, "invalid_header");

/// One bad request and the answer it must get.
struct Case {
    name: &'static str,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    expected: Expected,
}

/// A request sent as `application/json`, whatever the body really is.
fn json(name: &'static str, body: impl Into<Vec<u8>>, expected: Expected) -> Case {
    typed(name, Some("application/json"), body, expected)
}

fn typed(
    name: &'static str,
    content_type: Option<&'static str>,
    body: impl Into<Vec<u8>>,
    expected: Expected,
) -> Case {
    Case {
        name,
        content_type,
        body: body.into(),
        expected,
    }
}

/// A valid request with one more member, given as raw JSON.
fn with(member: &str) -> String {
    format!(r#"{{"payload":"x",{member}}}"#)
}

/// A valid request with one header whose value is the raw JSON `value`.
fn with_header(value: &str) -> String {
    with(&format!(r#""headers":{{"h":{value}}}"#))
}

/// `depth` nested arrays, far past serde_json's recursion limit of 128.
fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

// One case a line reads as the table it is; rustfmt would spread it over 400.
#[rustfmt::skip]
fn catalogue() -> Vec<Case> {
    let k256 = "k".repeat(256);
    let mut too_large = format!(r#"{{"payload":"{}"}}"#, "x".repeat(BODY_LIMIT));
    too_large.truncate(BODY_LIMIT + 1);
    vec![
        // Not JSON at all, or not quite.
        json("empty body", "", MALFORMED_JSON),
        json("whitespace only", " \n\t", MALFORMED_JSON),
        json("truncated object", r#"{"payload":"x""#, MALFORMED_JSON),
        json("trailing comma", r#"{"payload":"x",}"#, MALFORMED_JSON),
        json("single quotes", "{'payload':'x'}", MALFORMED_JSON),
        json("unquoted key", r#"{payload:"x"}"#, MALFORMED_JSON),
        json("comment", r#"{"payload":"x" /* hi */}"#, MALFORMED_JSON),
        json("second document", r#"{"payload":"x"} {}"#, MALFORMED_JSON),
        json("byte order mark", "\u{feff}{\"payload\":\"x\"}", MALFORMED_JSON),
        json("invalid UTF-8 in a string", *b"{\"payload\":\"\xff\xfe\"}", MALFORMED_JSON),
        json("invalid UTF-8 outside strings", *b"\xc3{\"payload\":\"x\"}", MALFORMED_JSON),
        json("lone surrogate escape", r#"{"payload":"\ud800"}"#, MALFORMED_JSON),
        json("raw control character", "{\"payload\":\"a\u{1}b\"}", MALFORMED_JSON),
        json("NaN literal header", with_header("NaN"), MALFORMED_JSON),
        json("Infinity literal header", with_header("-Infinity"), MALFORMED_JSON),
        // Valid JSON grammar, but serde_json refuses numbers past f64 as a
        // syntax error ("number out of range") before any type sees them.
        json("header 1e999", with_header("1e999"), MALFORMED_JSON),
        // JSON of the wrong shape.
        json("top-level array", r#"[null,"","positional"]"#, INVALID_FIELD),
        json("top-level string", r#""payload""#, INVALID_FIELD),
        json("top-level null", "null", INVALID_FIELD),
        json("deeply nested top level", nested(10_000), INVALID_FIELD),
        json("missing payload", "{}", INVALID_FIELD),
        json("missing payload, other fields", r#"{"routing_key":"a"}"#, INVALID_FIELD),
        json("null payload", r#"{"payload":null}"#, INVALID_FIELD),
        json("number payload", r#"{"payload":42}"#, INVALID_FIELD),
        json("object payload", r#"{"payload":{"text":"x"}}"#, INVALID_FIELD),
        json("deeply nested payload", format!(r#"{{"payload":{}}}"#, nested(10_000)), INVALID_FIELD),
        json("duplicate payload", r#"{"payload":"a","payload":"b"}"#, INVALID_FIELD),
        json("unknown field", with(r#""exchnage":"logs""#), INVALID_FIELD),
        json("deeply nested unknown field", with(&format!(r#""zzz":{}"#, nested(10_000))), INVALID_FIELD),
        json("headers array", with(r#""headers":["a","b"]"#), INVALID_FIELD),
        json("headers string", with(r#""headers":"a=b""#), INVALID_FIELD),
        json("persistent string", with(r#""persistent":"yes""#), INVALID_FIELD),
        json("mandatory number", with(r#""mandatory":1"#), INVALID_FIELD),
        json("null routing key", with(r#""routing_key":null"#), INVALID_FIELD),
        json("number message id", with(r#""message_id":7"#), INVALID_FIELD),
        json("unknown payload encoding", with(r#""payload_encoding":"hex""#), INVALID_FIELD),
        json("payload encoding in capitals", with(r#""payload_encoding":"BASE64""#), INVALID_FIELD),
        // Header values AMQP cannot carry.
        json("null header", with_header("null"), INVALID_FIELD),
        json("array header", with_header("[1,2]"), INVALID_FIELD),
        json("object header", with_header(r#"{"a":1}"#), INVALID_FIELD),
        json("header above i64::MAX", with_header("9223372036854775808"), INVALID_FIELD),
        json("header at u64::MAX", with_header("18446744073709551615"), INVALID_FIELD),
        json("deeply nested header", with_header(&nested(10_000)), INVALID_FIELD),
        // Not JSON by its content type.
        typed("text/plain", Some("text/plain"), r#"{"payload":"x"}"#, UNSUPPORTED_MEDIA_TYPE),
        typed("no content type", None, r#"{"payload":"x"}"#, UNSUPPORTED_MEDIA_TYPE),
        typed("form-encoded", Some("application/x-www-form-urlencoded"), "payload=x", UNSUPPORTED_MEDIA_TYPE),
        typed("text/json", Some("text/json"), r#"{"payload":"x"}"#, UNSUPPORTED_MEDIA_TYPE),
        typed("unparsable content type", Some("json"), r#"{"payload":"x"}"#, UNSUPPORTED_MEDIA_TYPE),
        // Too big.
        json("one byte over the body limit", too_large, BODY_TOO_LARGE),
        // Well-formed, but nothing AMQP (or a consumer) can use.
        json("256-byte routing key", with(&format!(r#""routing_key":"{k256}""#)), TOO_LONG),
        json("256-byte message id", with(&format!(r#""message_id":"{k256}""#)), TOO_LONG),
        json("256-byte correlation id", with(&format!(r#""correlation_id":"{k256}""#)), TOO_LONG),
        json("256-byte content type", with(&format!(r#""content_type":"{k256}""#)), TOO_LONG),
        json("256-byte header name", with(&format!(r#""headers":{{"{k256}":1}}"#)), INVALID_HEADER),
        json("empty message id", with(r#""message_id":"""#), EMPTY_ID),
        json("empty correlation id", with(r#""correlation_id":"""#), EMPTY_ID),
        json("base64 of *", r#"{"payload":"***","payload_encoding":"base64"}"#, INVALID_BASE64),
        json("base64 without padding", r#"{"payload":"AAE","payload_encoding":"base64"}"#, INVALID_BASE64),
        json("base64 with a newline", r#"{"payload":"AAEC\n/w==","payload_encoding":"base64"}"#, INVALID_BASE64),
        json("exchange with a space", with(r#""exchange":"my logs""#), INVALID_EXCHANGE),
        json("exchange with a slash", with(r#""exchange":"logs/x""#), INVALID_EXCHANGE),
        json("exchange with unicode", with(r#""exchange":"journal-é""#), INVALID_EXCHANGE),
        json("exchange with NUL", with(r#""exchange":"logs\u0000""#), INVALID_EXCHANGE),
        json("128-byte exchange", with(&format!(r#""exchange":"{}""#, "e".repeat(128))), INVALID_EXCHANGE),
    ]
}

/// Why `reply` is not the answer `case` must get, if it is not.
fn mismatch(case: &Case, reply: &Reply) -> Option<String> {
    let (status, code) = case.expected;
    let message = reply.body["message"].as_str().unwrap_or_default();
    let content_type = reply.headers.get("content-type");
    let ok = reply.status == status
        && reply.code() == code
        && !message.trim().is_empty()
        && content_type.is_some_and(|value| value == "application/json");
    (!ok).then(|| {
        format!(
            "{}: expected {status} {code}, got {} {:?} ({content_type:?})",
            case.name, reply.status, reply.body
        )
    })
}

fn message_ids(deliveries: &[Delivery]) -> Vec<Option<String>> {
    deliveries
        .iter()
        .map(|delivery| {
            let id = delivery.properties.message_id().as_ref();
            id.map(|id| id.as_str().to_owned())
        })
        .collect()
}

#[tokio::test]
async fn bad_requests_get_precise_answers_and_publish_nothing() {
    let exchange = unique("switchboard.test.bad-input");
    let mut tap = Tap::bind_temporary_fanout(&exchange).await;
    let bridge = Bridge::connected(&["--exchange", &exchange]).await;

    let cases = catalogue();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let reply = bridge
            .post_bytes(case.content_type, case.body.clone())
            .await;
        failures.extend(mismatch(case, &reply));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases answered wrongly:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );

    // Still serving, and still publishing.
    let message_id = unique("after-bad-input");
    let reply = bridge
        .publish(json!({ "payload": "still fine", "message_id": message_id }))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);

    let ids = message_ids(&tap.drain(QUIET).await);
    assert_eq!(ids, [Some(message_id)], "only the valid message may arrive");
}

#[tokio::test]
async fn the_largest_values_amqp_allows_are_published_intact() {
    // The bridge's own exchange, so the allowlist lets it through; 127 bytes,
    // the longest name the bridge accepts. Fanout, so any routing key routes.
    let mut exchange = unique("switchboard.test.limits");
    exchange.push_str(&"x".repeat(127 - exchange.len()));
    let mut tap = Tap::bind_temporary_fanout(&exchange).await;
    let bridge = Bridge::connected(&["--exchange", &exchange]).await;
    let longest = |c: char| c.to_string().repeat(255);
    let message_id = format!("{}{}", unique("id"), longest('i'))[..255].to_owned();

    let reply = bridge
        .publish(json!({
            "exchange": exchange,
            "routing_key": longest('r'),
            "payload": "at the limits",
            "message_id": message_id,
            "correlation_id": longest('c'),
            "content_type": longest('t'),
            "headers": { longest('h'): i64::MIN },
        }))
        .await;

    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let delivery = tap.expect(&message_id).await;
    assert_eq!(delivery.exchange.as_str(), exchange);
    assert_eq!(delivery.routing_key.as_str(), longest('r'));
    let properties = &delivery.properties;
    let correlation_id = properties.correlation_id().as_ref().unwrap();
    assert_eq!(correlation_id.as_str(), longest('c'));
    let content_type = properties.content_type().as_ref().unwrap();
    assert_eq!(content_type.as_str(), longest('t'));
    let headers = properties.headers().as_ref().unwrap().inner();
    assert_eq!(
        headers.get(longest('h').as_str()),
        Some(&AMQPValue::LongLongInt(i64::MIN))
    );
}

#[tokio::test]
async fn body_limit_admits_exactly_its_size() {
    let exchange = unique("switchboard.test.body-limit");
    let mut tap = Tap::bind_temporary_fanout(&exchange).await;
    let bridge = Bridge::connected(&["--exchange", &exchange, "--body-limit-bytes", "1024"]).await;
    let message_id = unique("fits");
    let body_of = |len: usize| {
        let start = format!(r#"{{"message_id":"{message_id}","payload":""#);
        let padding = len - start.len() - r#""}"#.len();
        format!(r#"{start}{}"}}"#, "p".repeat(padding))
    };

    let over = bridge.post_raw("application/json", body_of(1025)).await;
    assert_eq!(
        (over.status, over.code()),
        BODY_TOO_LARGE,
        "{:?}",
        over.body
    );

    let fits = body_of(1024);
    assert_eq!(fits.len(), 1024);
    let reply = bridge.post_raw("application/json", fits).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let ids = message_ids(&tap.drain(QUIET).await);
    assert_eq!(ids, [Some(message_id)]);
}
