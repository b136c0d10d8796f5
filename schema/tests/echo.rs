//! Round trips against the real greeter's Echo service, on a free port: a
//! request written as JSON, encoded by the engine and sent with
//! `DynamicCodec` over a tonic channel, comes back (as the server decoded it)
//! as the same JSON. The schema is compiled from `protos/echo.proto`, the
//! file the server itself is built from.

mod common;

use std::str::FromStr;

use futures::StreamExt;
use http::uri::PathAndQuery;
use serde_json::{Value, json};
use switchboard_schema::{
    DynamicCodec, JsonOptions, Schema,
    prost_reflect::{DynamicMessage, MethodDescriptor},
    response_json,
};
use tonic::{Code, Request, client::Grpc, metadata::MetadataValue};

use common::{echo_schema as schema, start};

/// Every field of `echo.Sample` set to something other than its default, in
/// the canonical JSON (so that what comes back compares equal), with the
/// 64-bit extremes, a Timestamp with nanos and a negative Duration.
fn full_sample() -> Value {
    json!({
        "text": "héllo, ☃",
        "small": -2147483648,
        "big": "9223372036854775807",
        "unsignedBig": "18446744073709551615",
        "flag": true,
        "ratio": 0.25,
        "blob": "AAEC/w==",
        "priority": "PRIORITY_HIGH",
        "point": { "x": 1.5, "y": -2.25 },
        "path": [{ "x": 1.0 }, {}, { "y": -3.0 }],
        "tags": ["a", "", "ç"],
        "counts": { "a": "1", "min": "-9223372036854775808" },
        "spot": { "x": 4.0, "y": 5.0 },
        "at": "2026-12-01T10:00:00.123456789Z",
        "wait": "-1.500s",
        "extra": {
            "name": "x",
            "none": null,
            "nested": { "list": [1.0, "two", true, null, { "deep": {} }] },
        },
    })
}

/// Samples that differ in their oneof member, for the streaming methods.
fn samples() -> Vec<Value> {
    let mut label = full_sample();
    let object = label.as_object_mut().unwrap();
    object.remove("spot");
    object.insert("label".into(), json!("a label"));
    object.insert("big".into(), json!("-9223372036854775808"));
    vec![
        full_sample(),
        label,
        json!({ "number": -7, "text": "third" }),
    ]
}

fn method(schema: &Schema, name: &str) -> (MethodDescriptor, PathAndQuery) {
    let method = schema.method_descriptor(name).unwrap();
    let path = schema.method(name).unwrap().path;
    (method, PathAndQuery::from_str(&path).unwrap())
}

fn reply_json(reply: &DynamicMessage) -> Value {
    response_json(reply, JsonOptions::default()).unwrap()
}

#[tokio::test]
async fn unary_echoes_every_field_type() {
    let schema = schema();
    let mut grpc = Grpc::new(start().await);
    let (method, path) = method(&schema, "/echo.Echo/Unary");
    let sample = full_sample();
    let message = schema
        .parse_request("/echo.Echo/Unary", &sample.to_string())
        .unwrap();
    let mut request = Request::new(message);
    request
        .metadata_mut()
        .insert("x-echo-case", MetadataValue::from_static("unary"));
    grpc.ready().await.unwrap();
    let reply = grpc
        .unary(request, path, DynamicCodec::for_method(&method))
        .await
        .unwrap()
        .into_inner();
    let reply = reply_json(&reply);
    assert_eq!(reply["sample"], sample);
    assert_eq!(reply["seq"], json!(1));
    assert_eq!(reply["metadata"], json!({ "x-echo-case": "unary" }));
}

#[tokio::test]
async fn bytes_from_encode_request_decode_as_the_server_sent_them() {
    let schema = schema();
    let mut grpc = Grpc::new(start().await);
    let (method, path) = method(&schema, "echo.Echo.Unary");
    let sample = json!({ "text": "bytes", "big": "-1", "number": 0 });
    let bytes = schema
        .encode_request("echo.Echo.Unary", &sample.to_string())
        .unwrap();
    let message = DynamicMessage::decode(method.input(), bytes.as_slice()).unwrap();
    grpc.ready().await.unwrap();
    let reply = grpc
        .unary(
            Request::new(message),
            path,
            DynamicCodec::for_method(&method),
        )
        .await
        .unwrap()
        .into_inner();
    let encoded = prost::Message::encode_to_vec(&reply);
    let decoded = schema
        .decode_response("echo.Echo.Unary", &encoded, JsonOptions::default())
        .unwrap();
    // A oneof member at its default is still set, so it is written.
    assert_eq!(decoded["sample"], sample);
    let full = schema
        .decode_response(
            "echo.Echo.Unary",
            &encoded,
            JsonOptions {
                emit_defaults: true,
            },
        )
        .unwrap();
    assert_eq!(full["sample"]["unsignedBig"], json!("0"));
    assert_eq!(full["sample"]["priority"], json!("PRIORITY_UNSPECIFIED"));
}

#[tokio::test]
async fn server_stream_repeats_the_sample() {
    let schema = schema();
    let mut grpc = Grpc::new(start().await);
    let (method, path) = method(&schema, "/echo.Echo/ServerStream");
    let mut sample = full_sample();
    sample["repeat"] = json!(3);
    let message = schema
        .parse_request("/echo.Echo/ServerStream", &sample.to_string())
        .unwrap();
    grpc.ready().await.unwrap();
    let stream = grpc
        .server_streaming(
            Request::new(message),
            path,
            DynamicCodec::for_method(&method),
        )
        .await
        .unwrap()
        .into_inner();
    let replies: Vec<Value> = stream
        .map(|reply| reply_json(&reply.unwrap()))
        .collect()
        .await;
    let seqs: Vec<&Value> = replies.iter().map(|reply| &reply["seq"]).collect();
    assert_eq!(seqs, [&json!(1), &json!(2), &json!(3)]);
    for reply in &replies {
        assert_eq!(reply["sample"], sample);
    }
}

#[tokio::test]
async fn client_stream_answers_with_the_last_sample() {
    let schema = schema();
    let mut grpc = Grpc::new(start().await);
    let (method, path) = method(&schema, "/echo.Echo/ClientStream");
    let samples = samples();
    let messages = schema
        .parse_requests(
            "/echo.Echo/ClientStream",
            &Value::from(samples.clone()).to_string(),
        )
        .unwrap();
    grpc.ready().await.unwrap();
    let reply = grpc
        .client_streaming(
            Request::new(tokio_stream::iter(messages)),
            path,
            DynamicCodec::for_method(&method),
        )
        .await
        .unwrap()
        .into_inner();
    let reply = reply_json(&reply);
    assert_eq!(reply["received"], json!(3));
    assert_eq!(reply["sample"], samples[2]);
}

#[tokio::test]
async fn bidi_answers_each_sample_in_turn() {
    let schema = schema();
    let mut grpc = Grpc::new(start().await);
    let (method, path) = method(&schema, "/echo.Echo/Bidi");
    let samples = samples();
    let messages = schema
        .parse_requests("/echo.Echo/Bidi", &Value::from(samples.clone()).to_string())
        .unwrap();
    grpc.ready().await.unwrap();
    let stream = grpc
        .streaming(
            Request::new(tokio_stream::iter(messages)),
            path,
            DynamicCodec::for_method(&method),
        )
        .await
        .unwrap()
        .into_inner();
    let replies: Vec<Value> = stream
        .map(|reply| reply_json(&reply.unwrap()))
        .collect()
        .await;
    let echoed: Vec<&Value> = replies.iter().map(|reply| &reply["sample"]).collect();
    assert_eq!(echoed, samples.iter().collect::<Vec<_>>());
    let received: Vec<&Value> = replies.iter().map(|reply| &reply["received"]).collect();
    assert_eq!(received, [&json!(1), &json!(2), &json!(3)]);
}

#[tokio::test]
async fn a_failure_carries_its_details() {
    let schema = schema();
    let mut grpc = Grpc::new(start().await);
    let (method, path) = method(&schema, "/echo.Echo/Unary");
    let message = schema
        .parse_request("/echo.Echo/Unary", r#"{"text": "why", "failWith": 5}"#)
        .unwrap();
    grpc.ready().await.unwrap();
    let status = grpc
        .unary(
            Request::new(message),
            path,
            DynamicCodec::for_method(&method),
        )
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(status.message(), "failing as asked");
    assert_eq!(
        status
            .metadata()
            .get("x-echo-failed")
            .and_then(|v| v.to_str().ok()),
        Some("asked")
    );
    let details = schema.status_details(status.details()).unwrap();
    assert_eq!(details["code"], json!(5));
    let info = &details["details"][0];
    assert_eq!(
        info["@type"],
        json!("type.googleapis.com/google.rpc.ErrorInfo")
    );
    assert_eq!(info["reason"], json!("ASKED"));
    let metadata = info["metadata"].as_object().unwrap();
    assert!(metadata.values().any(|value| value == "why"), "{details}");
}
