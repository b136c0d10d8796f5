//! What the relay refuses to send: no target, a URL it cannot send to, a
//! target not on its allowlist, and where a redirect would take it.

use crate::{Bridge, Reply, upstream::Upstream};

#[tokio::test]
async fn a_target_not_on_the_allowlist_is_refused_with_403_and_marked() {
    let upstream = Upstream::start().await;
    let other = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &[]).await;
    let target = other.at("/echo?x=1");
    let reply = Reply::send(bridge.relay("GET", &target)).await;
    let message = reply.assert_refused(403, "target_not_allowed");
    assert!(message.contains(&target), "{message}");
    assert!(message.contains("HTTP_TARGETS"), "{message}");
    assert_eq!(other.echoed(), 0);
}

#[tokio::test]
async fn every_spelling_of_another_place_is_refused() {
    let upstream = Upstream::start().await;
    let port = upstream.url.rsplit(':').next().unwrap();
    let bridge = Bridge::for_targets(&[&format!("{}/echo", upstream.url)], &[]).await;
    for target in [
        format!("https://127.0.0.1:{port}/echo"),
        format!("http://localhost:{port}/echo"),
        format!("http://127.0.0.1:{port}/echoes"),
        format!("http://127.0.0.1:{port}/echo/../status/200"),
        format!("http://127.0.0.1:{port}/status/200?/echo"),
    ] {
        let reply = Reply::send(bridge.relay("GET", &target)).await;
        reply.assert_refused(403, "target_not_allowed");
    }
    // Within the prefix, it passes.
    let reply = Reply::send(bridge.relay("GET", &upstream.at("/echo/a"))).await;
    assert_eq!(reply.status, 201);
    assert_eq!(upstream.echoed(), 1);
}

#[tokio::test]
async fn a_request_without_a_usable_target_is_refused_with_400() {
    let upstream = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &[]).await;
    let missing = Reply::send(bridge.client.get(format!("{}/http", bridge.url))).await;
    let message = missing.assert_refused(400, "missing_http_target");
    assert!(message.contains("x-http-target"), "{message}");
    for (target, reason) in [
        ("/echo", "not a URL"),
        ("ftp://127.0.0.1/echo", "only http:// and https://"),
        ("file:///etc/passwd", "only http:// and https://"),
        ("http://user:pw@127.0.0.1/", "credentials"),
    ] {
        let reply = Reply::send(bridge.relay("GET", target)).await;
        let message = reply.assert_refused(400, "invalid_http_target");
        assert!(message.contains(reason), "{target}: {message}");
    }
}

#[tokio::test]
async fn a_redirect_comes_back_to_the_page_and_is_not_followed() {
    let upstream = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &[]).await;
    let reply = Reply::send(bridge.relay("GET", &upstream.at("/redirect"))).await;
    assert_eq!(reply.status, 302);
    assert_eq!(reply.header("location"), Some("/echo?redirected=1"));
    assert_eq!(reply.bytes, b"see /echo");
    assert_eq!(reply.header("x-relay-refused"), None);
    assert_eq!(upstream.echoed(), 0, "the bridge followed the redirect");
}

#[tokio::test]
async fn an_unreachable_upstream_is_502_with_its_cause() {
    let closed = crate::upstream::closed_port().await;
    let bridge = Bridge::for_targets(&[&closed], &[]).await;
    let reply = Reply::send(bridge.relay("GET", &format!("{closed}/echo"))).await;
    let message = reply.assert_refused(502, "upstream_unreachable");
    assert!(message.contains(&closed), "{message}");
    assert!(message.to_lowercase().contains("refused"), "{message}");
}

#[tokio::test]
async fn an_answer_broken_off_is_502_not_a_short_200() {
    let broken = crate::upstream::breaks_off().await;
    let bridge = Bridge::for_targets(&[&broken], &[]).await;
    let reply = Reply::send(bridge.relay("GET", &format!("{broken}/partial"))).await;
    let message = reply.assert_refused(502, "upstream_broke_off");
    assert!(message.contains(&broken), "{message}");
}

#[tokio::test]
async fn an_https_target_is_spoken_to_in_tls() {
    // A plain HTTP server named with https://: the handshake fails, which
    // shows the relay speaks TLS to https targets rather than refusing them.
    let upstream = Upstream::start().await;
    let https = upstream.url.replace("http://", "https://");
    let bridge = Bridge::for_targets(&[&https], &[]).await;
    let reply = Reply::send(bridge.relay("GET", &format!("{https}/echo"))).await;
    let message = reply.assert_refused(502, "upstream_unreachable");
    assert!(message.contains(&https), "{message}");
    assert_eq!(upstream.echoed(), 0);
}

#[tokio::test]
async fn the_rate_limit_is_the_bridges_refusal_too() {
    let upstream = Upstream::start().await;
    let limit = ["--rate-limit-per-second", "1", "--rate-limit-burst", "1"];
    let bridge = Bridge::for_targets(&[&upstream.url], &limit).await;
    let first = Reply::send(bridge.relay("GET", &upstream.at("/echo"))).await;
    assert_eq!(first.status, 201);
    let second = Reply::send(bridge.relay("GET", &upstream.at("/echo"))).await;
    second.assert_refused(429, "rate_limited");
    assert!(second.header("retry-after").is_some());
    assert_eq!(upstream.echoed(), 1);
}
