//! `/grpc/{service}/{method}`: gRPC-web in, native gRPC out, with the answer
//! passed back as it arrives.

use std::time::{Duration, Instant};

use base64::{Engine, engine::general_purpose::STANDARD};
use greeter_service::proto::HelloReply;
use prost::Message;
use switchboard_testing::grpc::{
    INTERVAL, frame,
    greeter::{assert_spaced_greetings, hello},
    receive,
};
use tonic::{Code, Request};

use crate::{Bridge, CLOSED_PORT, greeter, servers};

#[tokio::test]
async fn a_unary_call_is_answered_through_the_relay() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let reply = bridge.greeter(&url).say_hello(hello("Ada")).await.unwrap();
    assert_eq!(reply.into_inner().message, "Hello, Ada!");
}

#[tokio::test]
async fn the_upstreams_error_status_and_message_pass_through() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let status = bridge
        .greeter(&url)
        .say_hello(hello(" "))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert_eq!(status.message(), "name must not be empty");
}

#[tokio::test]
async fn a_server_stream_arrives_reply_by_reply() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let start = Instant::now();
    let stream = bridge
        .greeter(&url)
        .say_hello_stream(hello("Grace"))
        .await
        .unwrap();
    let (replies, end) = receive(stream.into_inner(), start).await;
    end.unwrap();
    // Relayed as they come, not gathered: the first long before the last.
    assert_spaced_greetings(&replies, "Grace");
}

#[tokio::test]
async fn the_callers_deadline_reaches_the_upstream() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let mut request = Request::new(hello("Ada"));
    // Lets the replies at 0, 100 and 200 ms through, and no more.
    request.set_timeout(INTERVAL * 5 / 2);
    let start = Instant::now();
    let stream = bridge
        .greeter(&url)
        .say_hello_stream(request)
        .await
        .unwrap();
    let (replies, end) = receive(stream.into_inner(), start).await;
    assert_eq!(replies.len(), 3, "{replies:?}");
    let status = end.unwrap_err();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    assert!(status.message().contains("after 3 of 5"), "{status:?}");
}

#[tokio::test]
async fn an_unreachable_upstream_is_unavailable_naming_it() {
    let url = CLOSED_PORT;
    let bridge = Bridge::for_targets(&[url]).await;
    let status = bridge
        .greeter(url)
        .say_hello(hello("Ada"))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");
    assert!(status.message().contains(url), "{status:?}");
    assert!(
        status.message().to_lowercase().contains("refused"),
        "{status:?}"
    );
}

#[tokio::test]
async fn an_upstream_that_is_not_grpc_answers_a_status_not_a_page() {
    let url = servers::http2_server().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let status = bridge
        .greeter(&url)
        .say_hello(hello("Ada"))
        .await
        .unwrap_err();
    // The gRPC spec's reading of an HTTP 404.
    assert_eq!(status.code(), Code::Unimplemented, "{status:?}");
    assert!(status.message().contains("not a gRPC server"), "{status:?}");
    assert!(status.message().contains(&url), "{status:?}");
}

#[tokio::test]
async fn an_upstream_that_breaks_off_ends_the_stream_with_unavailable() {
    let url = servers::breaking_server().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let stream = bridge
        .greeter(&url)
        .say_hello_stream(hello("Ada"))
        .await
        .unwrap();
    let (replies, end) = receive(stream.into_inner(), Instant::now()).await;
    let messages: Vec<&str> = replies
        .iter()
        .map(|(_, reply)| reply.message.as_str())
        .collect();
    assert_eq!(messages, ["the only reply"]);
    let status = end.unwrap_err();
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");
    assert!(status.message().contains(&url), "{status:?}");
    assert!(status.message().contains("broke off"), "{status:?}");
}

#[tokio::test]
async fn an_upstream_that_never_answers_is_deadline_exceeded() {
    let url = servers::silent_server().await;
    let bridge = Bridge::start(&["--grpc-targets", &url, "--grpc-timeout-ms", "300"]).await;
    let started = Instant::now();
    let status = bridge
        .greeter(&url)
        .say_hello(hello("Ada"))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    assert!(status.message().contains("GRPC_TIMEOUT_MS"), "{status:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn grpc_web_text_is_answered_in_text() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let body = STANDARD.encode(frame(&hello("Ada").encode_to_vec()));
    let headers = [
        ("content-type", "application/grpc-web-text"),
        ("accept", "application/grpc-web-text"),
        ("x-grpc-target", url.as_str()),
    ];
    let reply = bridge
        .post(
            "/grpc/helloworld.Greeter/SayHello",
            &headers,
            body.into_bytes(),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.headers);
    assert_eq!(
        reply.headers["content-type"],
        "application/grpc-web-text+proto"
    );
    let decoded = STANDARD.decode(&reply.bytes).unwrap_or_else(|_| {
        // Each frame is base64 on its own; decode them one by one.
        let text = String::from_utf8(reply.bytes.clone()).unwrap();
        text.split_inclusive('=')
            .flat_map(|chunk| STANDARD.decode(chunk).unwrap())
            .collect()
    });
    assert_eq!(
        decoded.first(),
        Some(&0),
        "a message frame first: {:?}",
        reply.headers
    );
    let length = u32::from_be_bytes(decoded[1..5].try_into().unwrap()) as usize;
    let message = HelloReply::decode(&decoded[5..5 + length]).unwrap();
    assert_eq!(message.message, "Hello, Ada!");
    let trailers = String::from_utf8_lossy(&decoded[5 + length + 5..]);
    assert!(trailers.contains("grpc-status:0"), "{trailers}");
}
