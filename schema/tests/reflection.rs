//! A schema learnt from the greeter's server reflection, as the bridge learns
//! it for the page: the descriptors reflection serves make a schema equal to
//! the one compiled from the .proto (comments included), and a call made with
//! it round-trips.

mod common;

use std::str::FromStr;

use http::uri::PathAndQuery;
use prost::Message;
use serde_json::json;
use switchboard_schema::{DynamicCodec, JsonOptions, Schema, response_json};
use tonic::{Request, client::Grpc, transport::Channel};
use tonic_reflection::pb::v1::{
    ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
    server_reflection_request::MessageRequest, server_reflection_response::MessageResponse,
};

use common::{echo_schema, start};

/// The files reflection answers for the file defining `symbol`, as an
/// encoded FileDescriptorSet.
async fn descriptor_set(channel: Channel, symbol: &str) -> Vec<u8> {
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::FileContainingSymbol(symbol.into())),
    };
    let mut answers = ServerReflectionClient::new(channel)
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .unwrap()
        .into_inner();
    let mut set = prost_types::FileDescriptorSet::default();
    while let Some(answer) = answers.message().await.unwrap() {
        match answer.message_response.unwrap() {
            MessageResponse::FileDescriptorResponse(found) => {
                for file in found.file_descriptor_proto {
                    set.file
                        .push(prost_types::FileDescriptorProto::decode(file.as_slice()).unwrap());
                }
            }
            other => panic!("unexpected answer: {other:?}"),
        }
    }
    assert!(
        set.file.iter().any(|file| file.name() == "echo.proto"),
        "{:?}",
        set.file.iter().map(|file| file.name()).collect::<Vec<_>>()
    );
    set.encode_to_vec()
}

#[tokio::test]
async fn reflection_gives_the_schema_the_proto_gives() {
    let channel = start().await;
    let bytes = descriptor_set(channel.clone(), "echo.Echo").await;
    let reflected = Schema::from_descriptor_set(&bytes).unwrap();
    let compiled = echo_schema();
    let echo = |schema: &Schema| {
        schema
            .services()
            .into_iter()
            .find(|service| service.name == "echo.Echo")
            .unwrap()
    };
    assert_eq!(echo(&reflected), echo(&compiled));
    assert_eq!(echo(&reflected).comments, "Sends back what it was sent.");
    assert_eq!(
        reflected.forms("echo.Sample").unwrap(),
        compiled.forms("echo.Sample").unwrap()
    );

    // The page keeps a schema as its descriptor set, and calls with it later.
    let kept = Schema::from_descriptor_set(&reflected.descriptor_set()).unwrap();
    let method = kept.method_descriptor("/echo.Echo/Unary").unwrap();
    let sample = json!({ "big": "-42", "at": "2026-12-01T10:00:00Z", "spot": { "y": 1.5 } });
    let message = kept
        .parse_request("/echo.Echo/Unary", &sample.to_string())
        .unwrap();
    let mut grpc = Grpc::new(channel);
    grpc.ready().await.unwrap();
    let reply = grpc
        .unary(
            Request::new(message),
            PathAndQuery::from_str("/echo.Echo/Unary").unwrap(),
            DynamicCodec::for_method(&method),
        )
        .await
        .unwrap()
        .into_inner();
    let reply = response_json(&reply, JsonOptions::default()).unwrap();
    assert_eq!(reply["sample"], sample);
}
