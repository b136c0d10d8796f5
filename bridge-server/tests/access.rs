//! Only allowed callers reach only allowed destinations: the allowlist, bearer
//! tokens, CORS and the per-client rate limit, against a real bridge.

mod common;

use std::time::Duration;

use common::{Bridge, Tap, unique};
use jsonwebtoken::{EncodingKey, Header, encode};
use serde_json::json;

#[tokio::test]
async fn destinations_off_the_allowlist_are_403_and_never_reach_the_broker() {
    let exchange = unique("switchboard.test.allow");
    let allowed = format!("{exchange}:orders.*");
    let bridge =
        Bridge::connected(&["--exchange", &exchange, "--allowed-destinations", &allowed]).await;
    let mut tap = Tap::bind(&exchange).await;

    for (target, key) in [
        ("logs", "orders.new"),
        ("amq.topic", "x"),
        (exchange.as_str(), "invoices.new"),
    ] {
        let reply = bridge
            .publish(json!({ "exchange": target, "routing_key": key, "payload": "no" }))
            .await;
        assert_eq!(reply.status, 403, "{target} {key}: {:?}", reply.body);
        assert_eq!(reply.code(), "forbidden_destination");
    }

    let id = unique("allowed");
    let reply = bridge
        .publish(json!({ "routing_key": "orders.new", "payload": "yes", "message_id": id }))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    tap.expect(&id).await;
    let extra = tap.drain(Duration::from_millis(200)).await;
    assert!(extra.is_empty(), "{} refused messages arrived", extra.len());
}

#[tokio::test]
async fn default_allowlist_is_the_bridges_exchange_only() {
    let bridge = Bridge::connected(&[]).await;
    let reply = bridge
        .publish(json!({ "exchange": "amq.fanout", "payload": "no" }))
        .await;
    assert_eq!(reply.status, 403);
}

#[tokio::test]
async fn a_static_token_is_required_when_configured() {
    let bridge = Bridge::connected(&["--token", "t0ken"]).await;
    let url = format!("{}/api/publish", bridge.url);
    let body = json!({ "payload": "auth", "mandatory": false }).to_string();
    let send = |authorization: Option<&'static str>| {
        let mut request = bridge
            .client
            .post(&url)
            .header("content-type", "application/json")
            .body(body.clone());
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        request.send()
    };

    for authorization in [
        None,
        Some("Bearer wrong"),
        Some("t0ken"),
        Some("Basic t0ken"),
    ] {
        let response = send(authorization).await.unwrap();
        assert_eq!(response.status(), 401, "{authorization:?}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"], "unauthorized");
    }
    let response = send(Some("Bearer t0ken")).await.unwrap();
    assert_eq!(response.status(), 200);

    // Health checks stay open for probes.
    assert_eq!(bridge.get("/readyz").await.status, 200);
}

#[tokio::test]
async fn an_hs256_jwt_is_accepted_when_signed_with_the_secret() {
    let bridge = Bridge::connected(&["--jwt-secret", "jwt-key"]).await;
    let token = |secret: &str| {
        let claims = json!({ "sub": "switchboard", "exp": 4_000_000_000u64 });
        encode(
            &Header::default(),
            &claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap()
    };
    let send = |token: String| {
        bridge
            .client
            .post(format!("{}/api/publish", bridge.url))
            .bearer_auth(token)
            .json(&json!({ "payload": "jwt", "mandatory": false }))
            .send()
    };
    assert_eq!(send(token("jwt-key")).await.unwrap().status(), 200);
    assert_eq!(send(token("not-the-key")).await.unwrap().status(), 401);
}

#[tokio::test]
async fn cors_answers_only_allowed_origins_and_never_allows_credentials() {
    let bridge = Bridge::connected(&["--allowed-origins", "http://page.test"]).await;
    let preflight = |origin: &'static str| {
        bridge
            .client
            .request(
                reqwest::Method::OPTIONS,
                format!("{}/api/publish", bridge.url),
            )
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,authorization",
            )
            .send()
    };
    let allowed = preflight("http://page.test").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://page.test"
    );
    assert!(
        !allowed
            .headers()
            .contains_key("access-control-allow-credentials")
    );
    let refused = preflight("http://evil.test").await.unwrap();
    assert!(
        !refused
            .headers()
            .contains_key("access-control-allow-origin")
    );

    let wildcard = Bridge::connected(&["--allowed-origins", "*"]).await;
    let response = wildcard
        .client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/publish", wildcard.url),
        )
        .header("origin", "http://anywhere.test")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert!(
        !response
            .headers()
            .contains_key("access-control-allow-credentials")
    );
}

/// Sends `count` requests with the given `X-Forwarded-For` and returns how many
/// were rate limited.
async fn limited(bridge: &Bridge, count: usize, forwarded_for: impl Fn(usize) -> String) -> usize {
    let mut limited = 0;
    for i in 0..count {
        let response = bridge
            .client
            .post(format!("{}/api/publish", bridge.url))
            .header("x-forwarded-for", forwarded_for(i))
            .json(&json!({ "payload": "rate", "mandatory": false }))
            .send()
            .await
            .unwrap();
        if response.status() == 429 {
            let retry_after: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(retry_after >= 1);
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["error"], "rate_limited");
            limited += 1;
        }
    }
    limited
}

#[tokio::test]
async fn rate_limit_answers_429_and_forged_forwarded_for_does_not_escape_it() {
    let args = ["--rate-limit-per-second", "1", "--rate-limit-burst", "3"];
    let bridge = Bridge::connected(&args).await;
    // A different forged client address on every request: still one client.
    let refused = limited(&bridge, 8, |i| format!("198.51.100.{i}")).await;
    assert!(refused >= 4, "only {refused} of 8 were limited");
}

#[tokio::test]
async fn forwarded_for_counts_only_from_trusted_proxies() {
    let args = [
        "--rate-limit-per-second",
        "1",
        "--rate-limit-burst",
        "3",
        "--trusted-proxies",
        "127.0.0.1/32",
    ];
    let bridge = Bridge::connected(&args).await;
    // Behind a trusted proxy, each forwarded address is its own client.
    let refused = limited(&bridge, 8, |i| format!("198.51.100.{i}")).await;
    assert_eq!(refused, 0);
    let refused = limited(&bridge, 8, |_| "203.0.113.7".to_owned()).await;
    assert!(refused >= 4, "only {refused} of 8 were limited");
}

#[tokio::test]
async fn unknown_paths_and_methods_get_json_errors() {
    let bridge = Bridge::connected(&[]).await;
    let missing = bridge.get("/api/nope").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.code(), "no_route");
    let wrong = bridge.get("/api/publish").await;
    assert_eq!(wrong.status, 405);
    assert_eq!(wrong.code(), "method_not_allowed");
    assert!(wrong.headers["allow"].to_str().unwrap().contains("POST"));
}
