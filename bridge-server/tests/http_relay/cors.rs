//! The relay's CORS: a page may send any method and header through it, and
//! read every header of the answer, the bridge's refusal mark included.

use reqwest::Method;

use crate::{Bridge, Reply, upstream::Upstream};

const PAGE: &str = "http://page.test";

#[tokio::test]
async fn a_preflight_for_any_method_and_header_is_allowed_for_the_pages_origin() {
    let upstream = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &["--allowed-origins", PAGE]).await;
    let asked = "x-http-target,x-bridge-authorization,authorization,content-type,x-tenant-id";
    let preflight = Reply::send(
        bridge
            .client
            .request(Method::OPTIONS, format!("{}/http", bridge.url))
            .header("origin", PAGE)
            .header("access-control-request-method", "PURGE")
            .header("access-control-request-headers", asked),
    )
    .await;
    assert_eq!(preflight.status, 200);
    assert_eq!(preflight.header("access-control-allow-origin"), Some(PAGE));
    assert_eq!(
        preflight.header("access-control-allow-methods"),
        Some("PURGE")
    );
    let allowed = preflight.header("access-control-allow-headers").unwrap();
    for name in asked.split(',') {
        assert!(allowed.contains(name), "{name} not allowed: {allowed}");
    }
    // The preflight is the bridge's: it never reaches the upstream.
    assert_eq!(upstream.echoed(), 0);
}

#[tokio::test]
async fn the_page_may_read_every_header_of_the_answer_and_the_refusal_mark() {
    let upstream = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &["--allowed-origins", PAGE]).await;
    let relayed = Reply::send(
        bridge
            .relay("GET", &upstream.at("/echo"))
            .header("origin", PAGE),
    )
    .await;
    assert_eq!(relayed.status, 201);
    // The bridge's CORS answer, not the upstream's.
    assert_eq!(relayed.header("access-control-allow-origin"), Some(PAGE));
    let exposed = relayed.header("access-control-expose-headers").unwrap();
    for name in ["*", "x-relay-refused"] {
        assert!(
            exposed.split(',').any(|item| item.trim() == name),
            "{name} not in {exposed}"
        );
    }
    let refused = Reply::send(
        bridge
            .relay("GET", "http://elsewhere.test/")
            .header("origin", PAGE),
    )
    .await;
    refused.assert_refused(403, "target_not_allowed");
    assert_eq!(refused.header("access-control-allow-origin"), Some(PAGE));
}

#[tokio::test]
async fn another_origin_gets_no_allow_origin() {
    let upstream = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &["--allowed-origins", PAGE]).await;
    let reply = Reply::send(
        bridge
            .relay("GET", &upstream.at("/echo"))
            .header("origin", "http://evil.test"),
    )
    .await;
    assert_eq!(reply.header("access-control-allow-origin"), None);
}
