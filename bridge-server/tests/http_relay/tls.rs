//! An `https` upstream whose certificate comes from a private CA: relayed to
//! with the CA in `UPSTREAM_CA_FILE`, refused without it, saying that the
//! certificate is the problem.

use switchboard_testing::tls::PrivateCa;

use crate::{Bridge, Reply, upstream::Upstream};

#[tokio::test]
async fn a_private_ca_in_the_ca_file_is_trusted() {
    let ca = PrivateCa::new();
    let upstream = Upstream::start_tls(&ca).await;
    let ca_file = ca.ca_file().to_str().unwrap();
    let bridge = Bridge::for_targets(&[&upstream.url], &["--upstream-ca-file", ca_file]).await;
    let reply = Reply::send(
        bridge
            .relay("POST", &upstream.at("/echo/tls"))
            .body("over TLS"),
    )
    .await;
    assert_eq!(
        reply.status,
        201,
        "{}",
        String::from_utf8_lossy(&reply.bytes)
    );
    let echo = reply.json();
    assert_eq!(echo["path"], "/echo/tls");
    assert_eq!(echo["body"], "over TLS");
    assert_eq!(upstream.echoed(), 1);
}

#[tokio::test]
async fn without_the_ca_file_a_private_certificate_is_unreachable_and_says_why() {
    let ca = PrivateCa::new();
    let upstream = Upstream::start_tls(&ca).await;
    let bridge = Bridge::for_targets(&[&upstream.url], &[]).await;
    let reply = Reply::send(bridge.relay("GET", &upstream.at("/echo"))).await;
    let message = reply.assert_refused(502, "upstream_unreachable");
    assert!(message.contains(&upstream.url), "{message}");
    // rustls's words for a certificate of an issuer nobody trusts.
    assert!(
        message.contains("invalid peer certificate: UnknownIssuer"),
        "{message}"
    );
    assert_eq!(upstream.echoed(), 0);
}

/// The CORS diagnosis probes an `https` target as the relay reaches it:
/// trusting the CA file, and naming the certificate without it.
#[tokio::test]
async fn the_diagnosis_trusts_the_ca_file_too() {
    let ca = PrivateCa::new();
    let upstream = Upstream::start_tls(&ca).await;
    let ca_file = ca.ca_file().to_str().unwrap();
    let probed = ["--probe-targets", upstream.url.as_str()];
    let trusting = Bridge::start(&[&probed[..], &["--upstream-ca-file", ca_file]].concat()).await;
    let reachable = reachable_check(&trusting, &upstream.url).await;
    assert_eq!(reachable["ok"], true, "{reachable}");

    let distrusting = Bridge::start(&probed).await;
    let reachable = reachable_check(&distrusting, &upstream.url).await;
    assert_eq!(reachable["ok"], false, "{reachable}");
    let detail = reachable["detail"].as_str().unwrap();
    assert!(detail.contains("UnknownIssuer"), "{detail}");
}

/// The diagnosis's `reachable` check of `url`.
async fn reachable_check(bridge: &Bridge, url: &str) -> serde_json::Value {
    let reply = Reply::send(
        bridge
            .client
            .post(format!("{}/api/diagnose", bridge.url))
            .header("origin", "http://127.0.0.1:8080")
            .json(&serde_json::json!({ "url": url, "kind": "rest" })),
    )
    .await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.bytes)
    );
    let checks = reply.json()["checks"].as_array().unwrap().clone();
    checks
        .into_iter()
        .find(|check| check["name"] == "reachable")
        .expect("a reachable check")
}
