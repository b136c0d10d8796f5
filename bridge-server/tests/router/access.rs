//! Who may reach what: the destination allowlist, unknown routes and methods,
//! the per-client rate limit, the probe targets, and the answer when the
//! broker is away.

use std::{net::SocketAddr, time::Duration};

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Method, Request, header},
};
use serde_json::json;
use switchboard_testing::wait_until;

use crate::{Bridge, Reply, valid_publish};

#[tokio::test]
async fn publishing_off_the_allowlist_is_403_forbidden_destination() {
    let bridge = Bridge::new(&["--allowed-destinations", "orders:order.*,audit"]);
    for (exchange, routing_key) in [
        ("logs", "order.new"),
        ("amq.topic", "x"),
        ("orders", "invoice.new"),
        ("orders", ""),
    ] {
        let reply = bridge
            .publish(json!({ "exchange": exchange, "routing_key": routing_key, "payload": "no" }))
            .await;
        reply.assert_error(403, "forbidden_destination");
        assert!(reply.message().contains(exchange), "{}", reply.text);
    }
    for (exchange, routing_key) in [("orders", "order.new"), ("audit", "anything")] {
        bridge
            .publish(json!({ "exchange": exchange, "routing_key": routing_key, "payload": "yes" }))
            .await
            .assert_reached_the_broker();
    }
}

#[tokio::test]
async fn by_default_only_the_bridges_own_exchange_is_allowed() {
    let bridge = Bridge::new(&["--exchange", "events"]);
    bridge
        .publish(json!({ "exchange": "amq.fanout", "payload": "no" }))
        .await
        .assert_error(403, "forbidden_destination");
    bridge
        .publish(json!({ "payload": "to events" }))
        .await
        .assert_reached_the_broker();
}

#[tokio::test]
async fn subscribing_off_the_allowlist_is_403_forbidden_destination() {
    let bridge = Bridge::new(&["--allowed-destinations", "logs,orders:order.*"]);
    // The binding key is checked as the routing key: `#` would show everything.
    for query in ["?exchange=not-allowed", "?exchange=orders&binding_key=%23"] {
        let reply = bridge.get(&format!("/api/subscribe{query}")).await;
        reply.assert_error(403, "forbidden_destination");
    }
    bridge
        .get("/api/subscribe?exchange=orders&binding_key=order.*")
        .await
        .assert_reached_the_broker();
}

#[tokio::test]
async fn an_unknown_path_is_404_no_route() {
    let bridge = Bridge::new(&[]);
    for path in ["/api/nope", "/", "/api/publish/extra"] {
        bridge.get(path).await.assert_error(404, "no_route");
    }
    bridge
        .call(Method::POST, "/api")
        .await
        .assert_error(404, "no_route");
}

#[tokio::test]
async fn a_known_path_with_another_method_is_405_method_not_allowed_with_allow() {
    let bridge = Bridge::new(&[]);
    for (method, path, allowed) in [
        (Method::GET, "/api/publish", "POST"),
        (Method::DELETE, "/api/publish", "POST"),
        (Method::POST, "/api/subscribe", "GET"),
        (Method::POST, "/healthz", "GET"),
    ] {
        let reply = bridge.call(method.clone(), path).await;
        reply.assert_error(405, "method_not_allowed");
        let allow = reply.header("allow").unwrap_or_default();
        assert!(allow.contains(allowed), "{method} {path}: Allow {allow:?}");
    }
}

/// A valid publish from `peer`, with `X-Forwarded-For: forwarded_for` if given.
async fn publish_from(bridge: &Bridge, peer: [u8; 4], forwarded_for: Option<&str>) -> Reply {
    let mut request = valid_publish();
    let peer = SocketAddr::from((peer, 50_000));
    request.extensions_mut().insert(ConnectInfo(peer));
    if let Some(value) = forwarded_for {
        request
            .headers_mut()
            .insert("x-forwarded-for", value.parse().unwrap());
    }
    bridge.send(request).await
}

/// One request a second, after a burst of two.
const STRICT: [&str; 4] = ["--rate-limit-per-second", "1", "--rate-limit-burst", "2"];

#[tokio::test]
async fn a_client_over_the_rate_limit_is_429_rate_limited_with_retry_after() {
    let bridge = Bridge::new(&STRICT);
    for _ in 0..2 {
        publish_from(&bridge, [198, 51, 100, 1], None)
            .await
            .assert_reached_the_broker();
    }
    let reply = publish_from(&bridge, [198, 51, 100, 1], None).await;
    reply.assert_error(429, "rate_limited");
    let retry_after: u64 = reply.header("retry-after").unwrap().parse().unwrap();
    assert!(retry_after >= 1, "Retry-After: {retry_after}");

    // Another client has its own allowance.
    publish_from(&bridge, [198, 51, 100, 2], None)
        .await
        .assert_reached_the_broker();
}

#[tokio::test]
async fn a_forged_forwarded_for_does_not_escape_the_rate_limit() {
    let bridge = Bridge::new(&STRICT);
    let mut limited = 0;
    for i in 0..6 {
        let forged = format!("203.0.113.{i}");
        let reply = publish_from(&bridge, [198, 51, 100, 1], Some(&forged)).await;
        if reply.status == 429 {
            reply.assert_error(429, "rate_limited");
            limited += 1;
        }
    }
    // 6 requests within a second from a burst of 2: 4 refused, or 3 if this
    // machine took a full second over them. A forged header would make it 0.
    assert!(limited >= 3, "only {limited} of 6 were limited");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() {
    let args = [&STRICT[..], &["--trusted-proxies", "10.0.0.0/8"]].concat();
    let bridge = Bridge::new(&args);
    let proxy = [10, 0, 0, 1];
    for i in 0..6 {
        let client = format!("203.0.113.{i}");
        publish_from(&bridge, proxy, Some(&client))
            .await
            .assert_reached_the_broker();
    }
    let mut limited = 0;
    for _ in 0..4 {
        let reply = publish_from(&bridge, proxy, Some("6.6.6.6, 203.0.113.99")).await;
        if reply.status == 429 {
            reply.assert_error(429, "rate_limited");
            limited += 1;
        }
    }
    assert!(limited >= 1, "one forwarded client has a burst of 2 only");
}

#[tokio::test]
async fn without_a_broker_a_publish_is_503_broker_unavailable_at_once() {
    let bridge = Bridge::new(&[]);
    let started = tokio::time::Instant::now();
    let reply = bridge.send(valid_publish()).await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
    reply.assert_error(503, "broker_unavailable");
    assert_eq!(reply.header("retry-after"), Some("1"));
}

#[tokio::test]
async fn without_a_broker_a_subscription_is_503_broker_unavailable() {
    let bridge = Bridge::new(&[]);
    let reply = bridge.get("/api/subscribe").await;
    reply.assert_error(503, "broker_unavailable");
    assert_eq!(reply.header("retry-after"), Some("1"));
}

#[tokio::test]
async fn without_a_broker_readiness_is_503_and_names_the_url_without_its_password() {
    let bridge = Bridge::new(&[]);
    // The first connection attempt fails within milliseconds (nothing listens).
    let named = wait_until(Duration::from_secs(5), async || {
        let status = bridge.broker.status();
        status
            .is_err_and(|reason| reason.contains("127.0.0.1:1"))
            .then_some(())
    })
    .await;
    assert!(named.is_some(), "{:?}", bridge.broker.status());

    let ready = bridge.get("/readyz").await;
    assert_eq!(ready.status, 503, "{}", ready.text);
    assert_eq!(ready.body["broker_connected"], false);
    let detail = ready.body["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("amqp://guest:***@127.0.0.1:1/%2f"),
        "{detail}"
    );

    let publish = bridge.send(valid_publish()).await;
    publish.assert_error(503, "broker_unavailable");
    for text in [&ready.text, &publish.text] {
        assert!(!text.contains("s3cret"), "{text}");
    }
}

/// `POST /api/diagnose` for `url`, from a page at `origin` if any.
async fn diagnose(bridge: &Bridge, origin: Option<&str>, url: &str) -> Reply {
    let mut request =
        Request::post("/api/diagnose").header(header::CONTENT_TYPE, "application/json");
    if let Some(origin) = origin {
        request = request.header(header::ORIGIN, origin);
    }
    let body = json!({ "url": url, "kind": "rest" }).to_string();
    bridge.send(request.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn a_diagnosis_off_the_probe_targets_is_403_not_probe_target() {
    let bridge = Bridge::new(&[]);
    diagnose(
        &bridge,
        Some("http://127.0.0.1:8080"),
        "http://10.0.0.1:3001",
    )
    .await
    .assert_error(403, "not_probe_target");
}

#[tokio::test]
async fn a_diagnosis_without_an_origin_is_422_missing_origin() {
    // The bridge probes as the page's origin, so it needs one to probe as.
    let bridge = Bridge::new(&[]);
    diagnose(&bridge, None, "http://127.0.0.1:3001")
        .await
        .assert_error(422, "missing_origin");
}
