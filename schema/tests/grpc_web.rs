//! The worker's path, as near as a native test comes: `DynamicCodec` over
//! gRPC-web on HTTP/1.1 (tonic-web's client layer on hyper, framed as a
//! browser frames it, trailers in the body) to the real greeter. The page
//! uses tonic-web-wasm-client, which speaks the same protocol.

mod common;

use std::str::FromStr;

use futures::StreamExt;
use http::{Uri, uri::PathAndQuery};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use serde_json::{Value, json};
use switchboard_schema::{DynamicCodec, JsonOptions, Schema, response_json};
use tonic::{Code, Request, body::Body, client::Grpc};
use tonic_web::{GrpcWebCall, GrpcWebClientLayer, GrpcWebClientService};

use common::{echo_schema, full_sample, start_url};

type WebService = GrpcWebClientService<Client<HttpConnector, GrpcWebCall<Body>>>;

async fn web_client() -> Grpc<WebService> {
    let url = start_url().await;
    let http1 = Client::builder(TokioExecutor::new()).build_http();
    let service = tower::ServiceBuilder::new()
        .layer(GrpcWebClientLayer::new())
        .service(http1);
    Grpc::with_origin(service, Uri::from_str(&url).unwrap())
}

/// The request of `method` from `sample`, the path to send it to and the codec.
fn call(
    schema: &Schema,
    method: &str,
    sample: &Value,
) -> (
    Request<switchboard_schema::prost_reflect::DynamicMessage>,
    PathAndQuery,
    DynamicCodec,
) {
    let descriptor = schema.method_descriptor(method).unwrap();
    let message = schema.parse_request(method, &sample.to_string()).unwrap();
    let path = PathAndQuery::from_str(&schema.method(method).unwrap().path).unwrap();
    (
        Request::new(message),
        path,
        DynamicCodec::for_method(&descriptor),
    )
}

#[tokio::test]
async fn unary_over_grpc_web_echoes_every_field_type() {
    let schema = echo_schema();
    let mut grpc = web_client().await;
    let sample = full_sample();
    let (request, path, codec) = call(&schema, "/echo.Echo/Unary", &sample);
    grpc.ready().await.unwrap();
    let reply = grpc.unary(request, path, codec).await.unwrap().into_inner();
    assert_eq!(
        response_json(&reply, JsonOptions::default()).unwrap()["sample"],
        sample
    );
}

#[tokio::test]
async fn server_stream_over_grpc_web_arrives_in_order() {
    let schema = echo_schema();
    let mut grpc = web_client().await;
    let sample = json!({ "text": "web", "repeat": 4 });
    let (request, path, codec) = call(&schema, "/echo.Echo/ServerStream", &sample);
    grpc.ready().await.unwrap();
    let stream = grpc
        .server_streaming(request, path, codec)
        .await
        .unwrap()
        .into_inner();
    let replies: Vec<Value> = stream
        .map(|reply| response_json(&reply.unwrap(), JsonOptions::default()).unwrap())
        .collect()
        .await;
    let seqs: Vec<&Value> = replies.iter().map(|reply| &reply["seq"]).collect();
    assert_eq!(seqs, [&json!(1), &json!(2), &json!(3), &json!(4)]);
    assert!(replies.iter().all(|reply| reply["sample"] == sample));
}

#[tokio::test]
async fn a_failure_over_grpc_web_carries_its_details() {
    let schema = echo_schema();
    let mut grpc = web_client().await;
    let sample = json!({ "text": "from the web", "failWith": 7 });
    let (request, path, codec) = call(&schema, "/echo.Echo/Unary", &sample);
    grpc.ready().await.unwrap();
    let status = grpc.unary(request, path, codec).await.unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied);
    let details = schema.status_details(status.details()).unwrap();
    assert_eq!(details["message"], json!("failing as asked"));
    assert_eq!(details["details"][0]["reason"], json!("ASKED"));
}
