//! The relay's limits: the request body, the answer's body and the time.

use crate::{Bridge, Reply, upstream::Upstream};

#[tokio::test]
async fn a_request_body_over_the_limit_is_413_and_never_sent() {
    let upstream = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &["--http-body-limit-bytes", "16"]).await;
    let at_limit = Reply::send(
        bridge
            .relay("PUT", &upstream.at("/echo"))
            .body(vec![b'a'; 16]),
    )
    .await;
    assert_eq!(at_limit.status, 201);
    let over = Reply::send(
        bridge
            .relay("PUT", &upstream.at("/echo"))
            .body(vec![b'a'; 17]),
    )
    .await;
    let message = over.assert_refused(413, "body_too_large");
    assert!(message.contains("HTTP_BODY_LIMIT_BYTES"), "{message}");
    assert_eq!(upstream.echoed(), 1);
}

#[tokio::test]
async fn an_answer_over_the_limit_is_502_announced_or_streamed() {
    let upstream = Upstream::start().await;
    let limit = ["--http-response-limit-bytes", "4096"];
    let bridge = Bridge::for_targets(&[&upstream.url], &limit).await;
    let within = Reply::send(bridge.relay("GET", &upstream.at("/bytes/4096"))).await;
    assert_eq!((within.status, within.bytes.len()), (200, 4096));
    let streamed = Reply::send(bridge.relay("GET", &upstream.at("/chunks/4096"))).await;
    assert_eq!((streamed.status, streamed.bytes.len()), (200, 4096));
    // A HEAD answer announces a size but carries no body: nothing to refuse.
    let head = Reply::send(bridge.relay("HEAD", &upstream.at("/bytes/5000"))).await;
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("5000"));
    for path in ["/bytes/4097", "/chunks/5000"] {
        let reply = Reply::send(bridge.relay("GET", &upstream.at(path))).await;
        let message = reply.assert_refused(502, "response_too_large");
        assert!(
            message.contains("HTTP_RESPONSE_LIMIT_BYTES"),
            "{path}: {message}"
        );
    }
}

#[tokio::test]
async fn an_upstream_that_does_not_answer_in_time_is_504() {
    let upstream = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &["--http-timeout-ms", "300"]).await;
    let reply = Reply::send(bridge.relay("GET", &upstream.at("/never"))).await;
    let message = reply.assert_refused(504, "upstream_timeout");
    assert!(message.contains("300 ms"), "{message}");
    assert!(message.contains("HTTP_TIMEOUT_MS"), "{message}");
}
