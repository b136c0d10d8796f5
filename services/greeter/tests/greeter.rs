//! The greeter on a free port, called as native gRPC, as gRPC-web over
//! HTTP/1.1, and preflighted the way a browser does.

mod common;

use std::time::Instant;

use greeter_service::proto::{HelloRequest, greeter_client::GreeterClient};
use prost::Message;
use switchboard_testing::grpc::{
    INTERVAL, WebService,
    greeter::{assert_spaced_greetings, hello},
    receive, web_service,
};
use tonic::{Code, Request, transport::Channel};

use common::{PAGE, post_from_page, start, start_with};

#[tokio::test]
async fn native_grpc_says_hello() {
    let url = start().await;
    let mut client = GreeterClient::connect(url).await.unwrap();
    let reply = client
        .say_hello(HelloRequest { name: "Ada".into() })
        .await
        .unwrap();
    assert_eq!(reply.into_inner().message, "Hello, Ada!");
}

#[tokio::test]
async fn empty_name_is_invalid_argument() {
    let url = start().await;
    let mut client = GreeterClient::connect(url).await.unwrap();
    for name in ["", "   "] {
        let status = client
            .say_hello(HelloRequest { name: name.into() })
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::InvalidArgument);
        assert_eq!(status.message(), "name must not be empty");
    }
}

/// A Greeter client that speaks gRPC-web over HTTP/1.1, as a browser does.
fn web_client(url: &str) -> GreeterClient<WebService> {
    GreeterClient::with_origin(web_service(), url.parse().unwrap())
}

#[tokio::test]
async fn grpc_web_over_http1_says_hello() {
    let url = start().await;
    let mut client = web_client(&url);

    let reply = client
        .say_hello(HelloRequest {
            name: "Grace".into(),
        })
        .await
        .unwrap();
    assert_eq!(reply.into_inner().message, "Hello, Grace!");

    let status = client
        .say_hello(HelloRequest {
            name: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
}

#[tokio::test]
async fn without_grpc_web_it_is_a_native_grpc_server_only() {
    let url = start_with(&["--grpc-web", "false"]).await;
    let mut native = GreeterClient::connect(url.clone()).await.unwrap();
    let reply = native.say_hello(hello("Ada")).await.unwrap();
    assert_eq!(reply.into_inner().message, "Hello, Ada!");

    // HTTP/1.1, as a browser speaks gRPC-web, is not served at all.
    let status = web_client(&url).say_hello(hello("Ada")).await.unwrap_err();
    assert_ne!(status.code(), Code::Ok);
    assert!(
        !status.message().contains("Hello"),
        "gRPC-web was served: {status:?}"
    );
}

#[tokio::test]
async fn cors_preflight_allows_grpc_web_and_exposes_status() {
    let url = start().await;
    let preflight = |origin: &'static str| {
        reqwest::Client::new()
            .request(
                reqwest::Method::OPTIONS,
                format!("{url}/helloworld.Greeter/SayHello"),
            )
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,x-grpc-web,x-user-agent,grpc-timeout",
            )
            .send()
    };

    let allowed = preflight(PAGE).await.unwrap();
    let headers = allowed.headers();
    assert_eq!(headers["access-control-allow-origin"], PAGE);
    let allow = headers["access-control-allow-headers"].to_str().unwrap();
    for header in ["x-grpc-web", "content-type", "x-user-agent", "grpc-timeout"] {
        assert!(allow.contains(header), "{header} not allowed: {allow}");
    }

    let refused = preflight("http://evil.test").await.unwrap();
    assert!(
        !refused
            .headers()
            .contains_key("access-control-allow-origin")
    );
}

#[tokio::test]
async fn grpc_web_response_exposes_the_status_headers() {
    let url = start().await;
    let message = hello("Ada").encode_to_vec();
    let response = post_from_page(&url, "/helloworld.Greeter/SayHello", &message).await;

    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(headers["access-control-allow-origin"], PAGE);
    let expose = headers["access-control-expose-headers"].to_str().unwrap();
    for header in ["grpc-status", "grpc-message", "grpc-status-details-bin"] {
        assert!(expose.contains(header), "{header} not exposed: {expose}");
    }
    let body = response.bytes().await.unwrap();
    assert!(body.windows(11).any(|window| window == b"Hello, Ada!"));
}

#[tokio::test]
async fn native_grpc_streams_spaced_greetings_in_order() {
    let url = start().await;
    let mut client = GreeterClient::connect(url).await.unwrap();
    let start = Instant::now();
    let stream = client.say_hello_stream(hello("Ada")).await.unwrap();
    let (replies, end) = receive(stream.into_inner(), start).await;
    assert_spaced_greetings(&replies, "Ada");
    end.unwrap();
}

#[tokio::test]
async fn grpc_web_over_http1_streams_spaced_greetings_in_order() {
    let url = start().await;
    let mut client = web_client(&url);
    let start = Instant::now();
    let stream = client.say_hello_stream(hello("Grace")).await.unwrap();
    let (replies, end) = receive(stream.into_inner(), start).await;
    assert_spaced_greetings(&replies, "Grace");
    end.unwrap();
}

#[tokio::test]
async fn stream_with_an_empty_name_fails_before_any_reply() {
    let url = start().await;
    let status = web_client(&url)
        .say_hello_stream(hello(" "))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
}

#[tokio::test]
async fn a_fail_name_ends_the_stream_with_aborted_after_two_replies() {
    let url = start().await;
    let mut client = web_client(&url);
    let stream = client.say_hello_stream(hello("fail-fast")).await.unwrap();
    let (replies, end) = receive(stream.into_inner(), Instant::now()).await;
    let messages: Vec<&str> = replies
        .iter()
        .map(|(_, reply)| reply.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["Hello, fail-fast! (1/5)", "Hello, fail-fast! (2/5)"]
    );
    let status = end.unwrap_err();
    assert_eq!(status.code(), Code::Aborted);
    assert!(status.message().contains("after 2 replies"), "{status:?}");
}

/// A request with a `grpc-timeout` that lets the replies at 0, 100 and 200 ms
/// through, and no more.
fn hurried(name: &str) -> Request<HelloRequest> {
    let mut request = Request::new(hello(name));
    request.set_timeout(INTERVAL * 5 / 2);
    request
}

#[tokio::test]
async fn a_deadline_shorter_than_the_stream_ends_it_over_native_grpc() {
    let url = start().await;
    let mut client: GreeterClient<Channel> = GreeterClient::connect(url).await.unwrap();
    let stream = client.say_hello_stream(hurried("Ada")).await.unwrap();
    let (replies, end) = receive(stream.into_inner(), Instant::now()).await;
    assert_eq!(replies.len(), 3, "{replies:?}");
    assert_eq!(end.unwrap_err().code(), Code::DeadlineExceeded);
}

#[tokio::test]
async fn a_deadline_shorter_than_the_stream_ends_it_over_grpc_web() {
    let url = start().await;
    let mut client = web_client(&url);
    let start = Instant::now();
    let stream = client.say_hello_stream(hurried("Ada")).await.unwrap();
    let (replies, end) = receive(stream.into_inner(), start).await;
    assert_eq!(replies.len(), 3, "{replies:?}");
    assert_eq!(end.unwrap_err().code(), Code::DeadlineExceeded);
    assert!(
        start.elapsed() < INTERVAL * 4,
        "the stream ran past its deadline"
    );
}
