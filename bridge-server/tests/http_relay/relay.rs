//! What crosses the relay: method, path, query, headers and body to the
//! upstream; its status, headers and body back.

use serde_json::Value;

use crate::{Bridge, Reply, upstream::Upstream};

/// The values of header `name` as the upstream's echo lists them.
fn received<'a>(echo: &'a Value, name: &str) -> Vec<&'a str> {
    echo["headers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|pair| pair[0] == name)
        .map(|pair| pair[1].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn an_allowlisted_call_carries_method_path_headers_and_body_both_ways() {
    let upstream = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &[]).await;
    let reply = Reply::send(
        bridge
            .relay("POST", &upstream.at("/echo/users"))
            .header("content-type", "application/json")
            .header("x-tenant-id", "7")
            .body(r#"{"name":"Ada"}"#),
    )
    .await;
    // The upstream's own status and headers, and no mark of a refusal.
    assert_eq!(reply.status, 201, "{:?}", reply.headers);
    assert_eq!(reply.header("x-upstream"), Some("echo"));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.header("x-relay-refused"), None);
    let echo = reply.json();
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["path"], "/echo/users");
    assert_eq!(echo["body"], r#"{"name":"Ada"}"#);
    assert_eq!(received(&echo, "x-tenant-id"), ["7"]);
    assert_eq!(received(&echo, "content-type"), ["application/json"]);
    let host = upstream.url.trim_start_matches("http://");
    assert_eq!(received(&echo, "host"), [host]);
    assert_eq!(upstream.echoed(), 1);
}

#[tokio::test]
async fn an_upstreams_refusal_is_its_own_and_unmarked() {
    let upstream = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &[]).await;
    for code in [403, 404, 500] {
        let reply =
            Reply::send(bridge.relay("GET", &upstream.at(&format!("/status/{code}")))).await;
        assert_eq!(reply.status, code);
        assert_eq!(reply.bytes, format!("upstream {code}").as_bytes());
        assert_eq!(reply.header("x-upstream"), Some("status"));
        assert_eq!(reply.header("x-relay-refused"), None);
    }
}

#[tokio::test]
async fn any_method_goes_on_as_it_is_custom_and_options_included() {
    let upstream = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &[]).await;
    for method in ["PURGE", "PATCH", "DELETE", "OPTIONS", "PROPFIND"] {
        let reply = Reply::send(bridge.relay(method, &upstream.at("/echo"))).await;
        assert_eq!(reply.status, 201, "{method}");
        assert_eq!(reply.json()["method"], method);
    }
    // HEAD has no body, but keeps the size the upstream announces.
    let reply = Reply::send(bridge.relay("HEAD", &upstream.at("/bytes/5"))).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-length"), Some("5"));
    assert!(reply.bytes.is_empty());
}

#[tokio::test]
async fn the_query_arrives_as_it_was_written() {
    let upstream = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &[]).await;
    let query = "a=1&b=x%20y&a=2&empty=&flag&c=%E2%9C%93";
    let reply = Reply::send(bridge.relay("GET", &upstream.at(&format!("/echo?{query}")))).await;
    assert_eq!(reply.json()["query"], query);
}

#[tokio::test]
async fn hops_and_the_bridges_token_stay_behind_and_the_callers_authorization_goes_on() {
    let upstream = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &["--token", "s3cret"]).await;
    let reply = Reply::send(
        bridge
            .relay("GET", &upstream.at("/echo"))
            .header("x-bridge-authorization", "Bearer s3cret")
            .header("authorization", "Bearer for-the-upstream")
            .header("connection", "x-hop")
            .header("x-hop", "1")
            .header("keep-alive", "timeout=5")
            .header("proxy-authorization", "Basic eDp5")
            .header("origin", "http://page.test")
            .header("cookie", "bridge-session=1")
            .header("x-kept", "yes"),
    )
    .await;
    assert_eq!(reply.status, 201);
    let echo = reply.json();
    assert_eq!(
        received(&echo, "authorization"),
        ["Bearer for-the-upstream"]
    );
    assert_eq!(received(&echo, "x-kept"), ["yes"]);
    for gone in [
        "x-bridge-authorization",
        "x-http-target",
        "x-hop",
        "keep-alive",
        "proxy-authorization",
        "origin",
        "cookie",
    ] {
        assert!(
            received(&echo, gone).is_empty(),
            "{gone} reached the upstream"
        );
    }
    let body = String::from_utf8_lossy(&reply.bytes);
    assert!(!body.contains("s3cret"), "{body}");
    // Back to the page: the upstream's headers, less hops, cookies and CORS.
    assert_eq!(reply.header("x-upstream"), Some("echo"));
    for gone in ["set-cookie", "keep-alive"] {
        assert_eq!(reply.header(gone), None, "{gone} came back");
    }
    // No Origin was sent, so the bridge's CORS adds nothing, and the
    // upstream's is gone.
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn with_a_bridge_token_the_relay_takes_it_only_from_its_own_header() {
    let upstream = Upstream::start().await;
    let bridge = Bridge::for_targets(&[&upstream.url], &["--token", "s3cret"]).await;
    let without = Reply::send(bridge.relay("GET", &upstream.at("/echo"))).await;
    without.assert_refused(401, "unauthorized");
    let in_authorization = Reply::send(
        bridge
            .relay("GET", &upstream.at("/echo"))
            .header("authorization", "Bearer s3cret"),
    )
    .await;
    in_authorization.assert_refused(401, "unauthorized");
    assert_eq!(upstream.echoed(), 0);
}
