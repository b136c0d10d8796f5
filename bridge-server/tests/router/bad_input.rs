//! Malformed and hostile requests to `POST /api/publish`: each gets its exact
//! status and error code with a readable JSON body. None of them reaches the
//! broker: the same requests, made valid, end in `503 broker_unavailable`.

use crate::{Bridge, Reply};

type Expected = (u16, &'static str);
const MALFORMED_JSON: Expected = (400, "malformed_json");
const INVALID_FIELD: Expected = (422, "invalid_field");
const UNSUPPORTED_MEDIA_TYPE: Expected = (415, "unsupported_media_type");
const BODY_TOO_LARGE: Expected = (413, "body_too_large");
const INVALID_EXCHANGE: Expected = (422, "invalid_exchange");
const TOO_LONG: Expected = (422, "too_long");
const INVALID_BASE64: Expected = (422, "invalid_base64");
const EMPTY_ID: Expected = (422, "empty_id");

/// The default `BODY_LIMIT_BYTES`.
const BODY_LIMIT: usize = 64 * 1024;

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

/// 256 bytes: one more than an AMQP short string holds.
fn k256() -> String {
    "k".repeat(256)
}

/// Why `reply` is not the answer `case` must get, if it is not.
fn mismatch(case: &Case, reply: &Reply) -> Option<String> {
    let (status, code) = case.expected;
    let ok = reply.status.as_u16() == status
        && reply.code() == code
        && !reply.message().trim().is_empty()
        && reply.header("content-type") == Some("application/json");
    (!ok).then(|| {
        format!(
            "{}: expected {status} {code}, got {} {}",
            case.name, reply.status, reply.text
        )
    })
}

/// Sends every case to a fresh bridge and asserts each got its answer.
async fn assert_answers(cases: Vec<Case>) {
    let bridge = Bridge::new(&[]);
    let mut failures = Vec::new();
    for case in &cases {
        let reply = bridge.post(case.content_type, case.body.clone()).await;
        failures.extend(mismatch(case, &reply));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases answered wrongly:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

// One case a line reads as the table it is; rustfmt would spread it over pages.
#[rustfmt::skip]
#[tokio::test]
async fn a_body_that_is_not_json_is_400_malformed_json() {
    assert_answers(vec![
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
    ])
    .await;
}

#[rustfmt::skip]
#[tokio::test]
async fn json_of_the_wrong_shape_is_422_invalid_field() {
    assert_answers(vec![
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
        // Header values AMQP cannot carry are refused by the wire type itself.
        json("null header", with_header("null"), INVALID_FIELD),
        json("array header", with_header("[1,2]"), INVALID_FIELD),
        json("object header", with_header(r#"{"a":1}"#), INVALID_FIELD),
        json("header above i64::MAX", with_header("9223372036854775808"), INVALID_FIELD),
        json("header at u64::MAX", with_header("18446744073709551615"), INVALID_FIELD),
        json("deeply nested header", with_header(&nested(10_000)), INVALID_FIELD),
    ])
    .await;
}

#[rustfmt::skip]
#[tokio::test]
async fn a_body_not_sent_as_json_is_415_unsupported_media_type() {
    assert_answers(vec![
        typed("text/plain", Some("text/plain"), r#"{"payload":"x"}"#, UNSUPPORTED_MEDIA_TYPE),
        typed("no content type", None, r#"{"payload":"x"}"#, UNSUPPORTED_MEDIA_TYPE),
        typed("form-encoded", Some("application/x-www-form-urlencoded"), "payload=x", UNSUPPORTED_MEDIA_TYPE),
        typed("text/json", Some("text/json"), r#"{"payload":"x"}"#, UNSUPPORTED_MEDIA_TYPE),
        typed("unparsable content type", Some("json"), r#"{"payload":"x"}"#, UNSUPPORTED_MEDIA_TYPE),
    ])
    .await;
}

#[tokio::test]
async fn a_body_one_byte_over_the_limit_is_413_body_too_large() {
    let mut too_large = format!(r#"{{"payload":"{}"}}"#, "x".repeat(BODY_LIMIT));
    too_large.truncate(BODY_LIMIT + 1);
    assert_answers(vec![json("one byte over", too_large, BODY_TOO_LARGE)]).await;
}

/// A valid publish request of exactly `len` bytes.
fn body_of(len: usize) -> String {
    let start = r#"{"payload":""#;
    let padding = len - start.len() - r#""}"#.len();
    format!(r#"{start}{}"}}"#, "p".repeat(padding))
}

#[tokio::test]
async fn a_body_exactly_at_the_limit_gets_past_the_size_check() {
    let bridge = Bridge::new(&["--body-limit-bytes", "1024"]);
    let over = bridge.post(Some("application/json"), body_of(1025)).await;
    over.assert_error(413, "body_too_large");

    let fits = body_of(1024);
    assert_eq!(fits.len(), 1024);
    let reply = bridge.post(Some("application/json"), fits).await;
    reply.assert_reached_the_broker();
}

#[rustfmt::skip]
#[tokio::test]
async fn an_exchange_name_rabbitmq_refuses_is_422_invalid_exchange() {
    assert_answers(vec![
        json("exchange with a space", with(r#""exchange":"my logs""#), INVALID_EXCHANGE),
        json("exchange with a slash", with(r#""exchange":"logs/x""#), INVALID_EXCHANGE),
        json("exchange with unicode", with(r#""exchange":"journal-é""#), INVALID_EXCHANGE),
        json("exchange with NUL", with(r#""exchange":"logs\u0000""#), INVALID_EXCHANGE),
        json("128-byte exchange", with(&format!(r#""exchange":"{}""#, "e".repeat(128))), INVALID_EXCHANGE),
    ])
    .await;
}

#[rustfmt::skip]
#[tokio::test]
async fn a_value_over_255_bytes_is_422_too_long() {
    let k256 = k256();
    assert_answers(vec![
        json("256-byte routing key", with(&format!(r#""routing_key":"{k256}""#)), TOO_LONG),
        json("256-byte message id", with(&format!(r#""message_id":"{k256}""#)), TOO_LONG),
        json("256-byte correlation id", with(&format!(r#""correlation_id":"{k256}""#)), TOO_LONG),
        json("256-byte content type", with(&format!(r#""content_type":"{k256}""#)), TOO_LONG),
    ])
    .await;
}

#[rustfmt::skip]
#[tokio::test]
async fn a_payload_that_is_not_base64_is_422_invalid_base64() {
    assert_answers(vec![
        json("base64 of *", r#"{"payload":"***","payload_encoding":"base64"}"#, INVALID_BASE64),
        json("base64 without padding", r#"{"payload":"AAE","payload_encoding":"base64"}"#, INVALID_BASE64),
        json("base64 with a newline", r#"{"payload":"AAEC\n/w==","payload_encoding":"base64"}"#, INVALID_BASE64),
    ])
    .await;
}

#[rustfmt::skip]
#[tokio::test]
async fn an_empty_message_or_correlation_id_is_422_empty_id() {
    assert_answers(vec![
        json("empty message id", with(r#""message_id":"""#), EMPTY_ID),
        json("empty correlation id", with(r#""correlation_id":"""#), EMPTY_ID),
    ])
    .await;
}

#[tokio::test]
async fn a_header_name_over_255_bytes_is_422_invalid_header() {
    let bridge = Bridge::new(&[]);
    let name = k256();
    let reply = bridge
        .post(
            Some("application/json"),
            with(&format!(r#""headers":{{"ok":1,"{name}":1}}"#)),
        )
        .await;
    reply.assert_error(422, "invalid_header");
    // Named, but only in part: the answer does not echo a body-sized string.
    assert!(reply.message().contains(&"k".repeat(40)), "{}", reply.text);
    assert!(!reply.message().contains(&name), "{}", reply.text);
    assert!(reply.message().contains("256 bytes"), "{}", reply.text);
}

#[tokio::test]
async fn the_largest_values_amqp_allows_get_past_validation() {
    let bridge = Bridge::new(&["--exchange", &"x".repeat(127)]);
    let longest = |c: char| c.to_string().repeat(255);
    let reply = bridge
        .publish(serde_json::json!({
            "exchange": "x".repeat(127),
            "routing_key": longest('r'),
            "payload": "at the limits",
            "message_id": longest('i'),
            "correlation_id": longest('c'),
            "content_type": longest('t'),
            "headers": { longest('h'): i64::MIN },
        }))
        .await;
    reply.assert_reached_the_broker();
}

#[tokio::test]
async fn a_subscription_to_an_exchange_rabbitmq_refuses_is_422() {
    let bridge = Bridge::new(&[]);
    let reply = bridge.get("/api/subscribe?exchange=bad%20name").await;
    reply.assert_error(422, "invalid_exchange");
    let reply = bridge
        .get(&format!("/api/subscribe?binding_key={}", k256()))
        .await;
    reply.assert_error(422, "too_long");
}

#[tokio::test]
async fn a_subscription_with_an_unreadable_query_is_400_invalid_query() {
    let bridge = Bridge::new(&[]);
    let reply = bridge
        .get("/api/subscribe?exchange=logs&exchange=logs")
        .await;
    reply.assert_error(400, "invalid_query");
}
