//! The greeter on a free port, called as native gRPC, as gRPC-web over
//! HTTP/1.1, and preflighted the way a browser does.

use clap::Parser;
use greeter_service::{
    Config,
    proto::{HelloRequest, greeter_client::GreeterClient},
    serve,
};
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use prost::Message;
use tokio::net::TcpListener;
use tonic::Code;
use tonic_web::GrpcWebClientLayer;

const PAGE: &str = "http://page.test";

async fn start() -> String {
    let config = Config::parse_from(["greeter", "--allowed-origins", PAGE]);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { serve(&config, listener, std::future::pending()).await });
    url
}

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

#[tokio::test]
async fn grpc_web_over_http1_says_hello() {
    let url = start().await;
    let http1 = Client::builder(TokioExecutor::new()).build_http();
    let service = tower::ServiceBuilder::new()
        .layer(GrpcWebClientLayer::new())
        .service(http1);
    let mut client = GreeterClient::with_origin(service, url.parse().unwrap());

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
    let message = HelloRequest { name: "Ada".into() }.encode_to_vec();
    let mut frame = vec![0];
    frame.extend_from_slice(&u32::try_from(message.len()).unwrap().to_be_bytes());
    frame.extend_from_slice(&message);

    let response = reqwest::Client::new()
        .post(format!("{url}/helloworld.Greeter/SayHello"))
        .header("origin", PAGE)
        .header("content-type", "application/grpc-web+proto")
        .header("x-grpc-web", "1")
        .body(frame)
        .send()
        .await
        .unwrap();

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
