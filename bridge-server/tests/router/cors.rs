//! CORS: only the allowed origins may read the bridge's answers from a page,
//! and credentials are never allowed.

use axum::{
    body::Body,
    http::{Method, Request},
};

use crate::{Bridge, Reply, valid_publish};

const PAGE: &str = "http://page.test";

/// The browser's preflight for a `POST /api/publish` with a token.
async fn preflight(bridge: &Bridge, origin: &str) -> Reply {
    let request = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/publish")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,authorization,traceparent",
        )
        .body(Body::empty())
        .unwrap();
    bridge.send(request).await
}

#[tokio::test]
async fn an_allowed_origins_preflight_is_answered_with_its_origin() {
    let bridge = Bridge::new(&["--allowed-origins", PAGE]);
    let reply = preflight(&bridge, PAGE).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.header("access-control-allow-origin"), Some(PAGE));
    let methods = reply
        .header("access-control-allow-methods")
        .unwrap_or_default();
    assert!(methods.contains("POST"), "{methods}");
    let headers = reply
        .header("access-control-allow-headers")
        .unwrap_or_default();
    for name in ["content-type", "authorization", "traceparent"] {
        assert!(headers.contains(name), "{name} not in {headers}");
    }
    assert_eq!(reply.header("access-control-allow-credentials"), None);
}

#[tokio::test]
async fn a_refused_origin_gets_no_allow_origin() {
    let bridge = Bridge::new(&["--allowed-origins", PAGE]);
    let reply = preflight(&bridge, "http://evil.test").await;
    assert_eq!(reply.header("access-control-allow-origin"), None);

    // The request itself is answered, but without the header the browser
    // keeps the answer from the page.
    let mut request = valid_publish();
    request
        .headers_mut()
        .insert("origin", "http://evil.test".parse().unwrap());
    let reply = bridge.send(request).await;
    reply.assert_reached_the_broker();
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn an_allowed_origin_may_read_errors_and_their_retry_after() {
    let bridge = Bridge::new(&["--allowed-origins", PAGE]);
    let mut request = valid_publish();
    request
        .headers_mut()
        .insert("origin", PAGE.parse().unwrap());
    let reply = bridge.send(request).await;
    reply.assert_reached_the_broker();
    assert_eq!(reply.header("access-control-allow-origin"), Some(PAGE));
    let exposed = reply
        .header("access-control-expose-headers")
        .unwrap_or_default();
    assert!(exposed.contains("retry-after"), "{exposed}");
}

#[tokio::test]
async fn a_wildcard_allows_any_origin_but_never_credentials() {
    let bridge = Bridge::new(&["--allowed-origins", "*"]);
    let reply = preflight(&bridge, "http://anywhere.test").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    assert_eq!(reply.header("access-control-allow-credentials"), None);
}
