//! The Echo service failing: at a deadline, and as a sample's `fail_with`
//! asks, over native gRPC and gRPC-web, with the error detail and metadata a
//! client must be able to read.

mod common;

use std::time::Instant;

use greeter_service::proto::echo::Sample;
use prost::Message;
use switchboard_testing::grpc::{
    echo::{INTERVAL, assert_failed_as_asked, failing, numbered},
    receive,
};
use tonic::{Code, Request};

use common::{
    echo::{client, web_client},
    post_from_page, start,
};

#[tokio::test]
async fn a_deadline_shorter_than_the_server_stream_ends_it() {
    let mut request = Request::new(Sample {
        repeat: 10,
        ..numbered(1)
    });
    // Lets the replies at 0, 100 and 200 ms through, and no more.
    request.set_timeout(INTERVAL * 5 / 2);
    let start = Instant::now();
    let stream = client().await.server_stream(request).await.unwrap();
    let (replies, end) = receive(stream.into_inner(), start).await;
    assert_eq!(replies.len(), 3, "{replies:?}");
    assert_eq!(end.unwrap_err().code(), Code::DeadlineExceeded);
    assert!(
        start.elapsed() < INTERVAL * 5,
        "the stream ran past its deadline"
    );
}

#[tokio::test]
async fn fail_with_fails_unary_with_the_code_detail_and_metadata() {
    let mut client = client().await;
    for code in [
        Code::Cancelled,
        Code::FailedPrecondition,
        Code::Unauthenticated,
    ] {
        let status = client.unary(failing(code, "why")).await.unwrap_err();
        assert_failed_as_asked(&status, code, "why");
    }
    let status = client
        .unary(Sample {
            fail_with: 17,
            ..Sample::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(status.message().contains("1 to 16"), "{status:?}");
}

#[tokio::test]
async fn fail_with_fails_every_method_kind() {
    let mut client = client().await;
    let code = Code::ResourceExhausted;

    let status = client
        .server_stream(failing(code, "server"))
        .await
        .unwrap_err();
    assert_failed_as_asked(&status, code, "server");

    let samples = [numbered(1), failing(code, "client"), numbered(2)];
    let status = client
        .client_stream(tokio_stream::iter(samples))
        .await
        .unwrap_err();
    assert_failed_as_asked(&status, code, "client");

    // Bidi answers the samples before the failing one, then fails.
    let samples = [numbered(1), failing(code, "bidi"), numbered(2)];
    let stream = client
        .bidi(tokio_stream::iter(samples))
        .await
        .unwrap()
        .into_inner();
    let (replies, end) = receive(stream, Instant::now()).await;
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert_eq!(replies[0].1.sample, Some(numbered(1)));
    assert_failed_as_asked(&end.unwrap_err(), code, "bidi");
}

#[tokio::test]
async fn grpc_web_over_http1_fails_as_asked() {
    let url = start().await;
    let status = web_client(&url)
        .unary(failing(Code::PermissionDenied, "web"))
        .await
        .unwrap_err();
    assert_failed_as_asked(&status, Code::PermissionDenied, "web");
}

/// A call that fails before any reply is answered in headers alone, so the
/// page can read `x-echo-failed` only if CORS exposes it.
#[tokio::test]
async fn grpc_web_failure_exposes_x_echo_failed_to_the_page() {
    let url = start().await;
    let message = failing(Code::Aborted, "page").encode_to_vec();
    let response = post_from_page(&url, "/echo.Echo/Unary", &message).await;

    let headers = response.headers();
    assert_eq!(headers["grpc-status"], "10");
    assert_eq!(headers["x-echo-failed"], "asked");
    let expose = headers["access-control-expose-headers"].to_str().unwrap();
    for header in ["grpc-status", "grpc-status-details-bin", "x-echo-failed"] {
        assert!(expose.contains(header), "{header} not exposed: {expose}");
    }
}
