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
