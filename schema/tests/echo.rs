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

use common::{echo_schema as schema, full_sample, samples, start};

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
