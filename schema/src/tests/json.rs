//! Requests from JSON, responses to JSON, and the paths of invalid JSON.

use serde_json::json;

use super::fixtures::*;
use crate::*;

#[test]
fn well_known_types_round_trip_through_the_canonical_json() {
    let schema = shop();
    let order = json!({
        "id": "o-1",
        "total": { "currency": "EUR", "units": "-9223372036854775808", "nanos": 5 },
        "at": "2026-12-01T10:00:00.123456789Z",
        "mask": "total.units,id",
        "limit": "9223372036854775807",
        "note": "",
        "gift": true,
        "detail": { "@type": "type.googleapis.com/shop.v1.Money", "currency": "USD", "units": "3" },
        "anything": { "deep": [1.5, "two", null, { "three": false }] },
        "list": [1.0, "a"],
        "nothing": {},
        "quantity": 0,
        "byLine": { "7": { "currency": "CHF" } },
        "big": "18446744073709551615",
        "values": [null, 2.0, "x"],
        "tree": { "name": "root", "children": [{ "name": "leaf" }] },
    });
    let bytes = schema
        .encode_request("/shop.v1.Orders/Place", &order.to_string())
        .unwrap();
    let message = DynamicMessage::decode(
        schema.message_descriptor("shop.v1.Order").unwrap(),
        bytes.as_slice(),
    )
    .unwrap();
    assert_eq!(
        response_json(&message, JsonOptions::default()).unwrap(),
        order
    );
}

#[test]
fn responses_leave_defaults_out_unless_asked() {
    let schema = echo();
    let bytes = schema
        .encode_request("/echo.Echo/Unary", r#"{"text":"hi"}"#)
        .unwrap();
    let echoed = {
        let message =
            DynamicMessage::decode(schema.message_descriptor("echo.Echoed").unwrap(), &[][..])
                .unwrap();
        let mut message = message;
        let sample = DynamicMessage::decode(
            schema.message_descriptor("echo.Sample").unwrap(),
            bytes.as_slice(),
        )
        .unwrap();
        message.set_field_by_name("sample", prost_reflect::Value::Message(sample));
        prost::Message::encode_to_vec(&message)
    };
    let plain = schema
        .decode_response("/echo.Echo/Unary", &echoed, JsonOptions::default())
        .unwrap();
    assert_eq!(plain, json!({ "sample": { "text": "hi" } }));
    let full = schema
        .decode_response(
            "/echo.Echo/Unary",
            &echoed,
            JsonOptions {
                emit_defaults: true,
            },
        )
        .unwrap();
    assert_eq!(full["seq"], json!(0));
    assert_eq!(full["sample"]["big"], json!("0"));
    assert_eq!(full["sample"]["priority"], json!("PRIORITY_UNSPECIFIED"));
    assert_eq!(full["metadata"], json!({}));
}

#[test]
fn bytes_that_are_not_the_response_do_not_decode() {
    let result = echo().decode_response("/echo.Echo/Unary", b"\x0a\xff", JsonOptions::default());
    assert!(
        matches!(result, Err(SchemaError::Decode { .. })),
        "{result:?}"
    );
}

#[test]
fn invalid_json_names_the_path_of_the_error() {
    let schema = echo();
    let unary = |json: &str| invalid_json(schema.encode_request("/echo.Echo/Unary", json));
    let (path, message) = unary(r#"{"point": {"x": "far"}}"#);
    assert_eq!(path, "point.x");
    assert!(!message.contains("line 1"), "{message}");
    assert_eq!(unary(r#"{"priority": "PRIORITY_URGENT"}"#).0, "priority");
    assert_eq!(unary(r#"{"big": "12x"}"#).0, "big");
    assert_eq!(unary(r#"{"unsignedBig": "-1"}"#).0, "unsignedBig");
    assert_eq!(unary(r#"{"path": [{}, {}, {"y": true}]}"#).0, "path[2].y");
    assert_eq!(unary(r#"{"counts": {"a": "many"}}"#).0, "counts.a");
    let (path, message) = unary(r#"{"point": {"z": 1}}"#);
    assert_eq!(path, "point.z", "{message}");
    assert!(message.contains('z'), "{message}");
    let streams = invalid_json(schema.encode_requests(
        "/echo.Echo/Bidi",
        r#"[{"text": "ok"}, {"point": {"x": "far"}}]"#,
    ));
    assert_eq!(streams.0, "[1].point.x");
}

#[test]
fn json_that_is_no_json_says_where() {
    let schema = echo();
    let (path, message) = invalid_json(schema.encode_request("/echo.Echo/Unary", r#"{"text": "#));
    assert_eq!(path, "text");
    assert!(
        message.contains("EOF") && message.contains("line 1 column 9"),
        "{message}"
    );
    let (path, message) = invalid_json(schema.encode_request("/echo.Echo/Unary", r#"{"nope": 1}"#));
    assert_eq!(path, "nope");
    assert_eq!(message, "unrecognized field name 'nope'");
    let (path, _) = invalid_json(schema.encode_request("/echo.Echo/Unary", r#"{} {}"#));
    assert_eq!(path, "");
    let (path, message) =
        invalid_json(schema.encode_requests("/echo.Echo/Bidi", r#"{"text": "a"}"#));
    assert_eq!(path, "");
    assert!(message.contains("array"), "{message}");
}
