//! Bearer tokens: one test for each way a token can be wrong, each a 401
//! `unauthorized` with `WWW-Authenticate: Bearer` and a message naming the
//! rule, and the tokens that get past.

use axum::{body::Body, http::Request};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

use crate::{Bridge, Reply, valid_publish};

const SECRET: &str = "jwt-secret";
const AUDIENCE: &str = "switchboard-bridge";
/// 2096: far enough away for any test run.
const FAR_FUTURE: u64 = 4_000_000_000;

/// A bridge that accepts HS256 JWTs signed with [`SECRET`].
fn jwt_bridge() -> Bridge {
    Bridge::new(&["--jwt-secret", SECRET])
}

/// A JWT with `claims`, signed with `secret` by `algorithm`.
fn jwt_with(algorithm: Algorithm, secret: &str, claims: Value) -> String {
    let key = EncodingKey::from_secret(secret.as_bytes());
    encode(&Header::new(algorithm), &claims, &key).unwrap()
}

/// An HS256 JWT signed with [`SECRET`].
fn jwt(claims: Value) -> String {
    jwt_with(Algorithm::HS256, SECRET, claims)
}

/// A publish with `authorization` as its `Authorization` header.
async fn publish_with(bridge: &Bridge, authorization: Option<&str>) -> Reply {
    let mut request = valid_publish();
    if let Some(value) = authorization {
        request
            .headers_mut()
            .insert("authorization", value.parse().unwrap());
    }
    bridge.send(request).await
}

async fn publish_with_token(bridge: &Bridge, token: &str) -> Reply {
    publish_with(bridge, Some(&format!("Bearer {token}"))).await
}

/// Asserts a 401 whose message contains `reason`.
#[track_caller]
fn assert_refused(reply: &Reply, reason: &str) {
    reply.assert_error(401, "unauthorized");
    assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
    assert!(
        reply.message().contains(reason),
        "expected {reason:?} in {:?}",
        reply.message()
    );
}

#[tokio::test]
async fn a_request_without_a_token_is_refused() {
    let bridge = jwt_bridge();
    let reply = publish_with(&bridge, None).await;
    assert_refused(&reply, "a bearer token is required");
}

#[tokio::test]
async fn a_token_sent_with_another_scheme_is_refused() {
    let bridge = Bridge::new(&["--token", "t0ken"]);
    for authorization in ["Basic t0ken", "t0ken", "Token t0ken"] {
        let reply = publish_with(&bridge, Some(authorization)).await;
        assert_refused(&reply, "must use the Bearer scheme");
    }
}

#[tokio::test]
async fn a_wrong_static_token_is_refused() {
    let bridge = Bridge::new(&["--token", "t0ken"]);
    for token in ["wrong", "t0ke", "t0ken2", ""] {
        let reply = publish_with_token(&bridge, token).await;
        assert_refused(&reply, "the bearer token is not valid");
    }
}

#[tokio::test]
async fn an_unsigned_token_with_alg_none_is_refused() {
    let bridge = jwt_bridge();
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let claims = URL_SAFE_NO_PAD.encode(json!({ "sub": "x", "exp": FAR_FUTURE }).to_string());
    let reply = publish_with_token(&bridge, &format!("{header}.{claims}.")).await;
    assert_refused(&reply, "not signed with HS256");
}

#[tokio::test]
async fn a_token_signed_with_another_secret_is_refused() {
    let bridge = jwt_bridge();
    let token = jwt_with(
        Algorithm::HS256,
        "not-the-secret",
        json!({ "exp": FAR_FUTURE }),
    );
    let reply = publish_with_token(&bridge, &token).await;
    assert_refused(&reply, "not signed with this bridge's secret");
}

#[tokio::test]
async fn a_token_signed_with_another_algorithm_is_refused() {
    let bridge = jwt_bridge();
    // The right secret, but HS384: only HS256 is accepted.
    let token = jwt_with(Algorithm::HS384, SECRET, json!({ "exp": FAR_FUTURE }));
    let reply = publish_with_token(&bridge, &token).await;
    assert_refused(&reply, "not signed with HS256");
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let bridge = jwt_bridge();
    let reply = publish_with_token(&bridge, &jwt(json!({ "exp": 1_000_000_000 }))).await;
    assert_refused(&reply, "the token has expired");
}

#[tokio::test]
async fn a_token_without_exp_is_refused() {
    let bridge = jwt_bridge();
    let reply = publish_with_token(&bridge, &jwt(json!({ "sub": "forever" }))).await;
    assert_refused(&reply, "the token has no exp claim");
}

#[tokio::test]
async fn a_token_for_another_audience_is_refused() {
    let bridge = Bridge::new(&["--jwt-secret", SECRET, "--jwt-audience", AUDIENCE]);
    let other = jwt(json!({ "exp": FAR_FUTURE, "aud": "billing" }));
    let reply = publish_with_token(&bridge, &other).await;
    assert_refused(&reply, "the token is for another audience");

    let none = jwt(json!({ "exp": FAR_FUTURE }));
    let reply = publish_with_token(&bridge, &none).await;
    assert_refused(&reply, "the token has no aud claim");
}

#[tokio::test]
async fn a_token_that_names_an_audience_is_refused_when_none_is_configured() {
    let bridge = jwt_bridge();
    let token = jwt(json!({ "exp": FAR_FUTURE, "aud": AUDIENCE }));
    let reply = publish_with_token(&bridge, &token).await;
    assert_refused(&reply, "BRIDGE_JWT_AUDIENCE");
}

#[tokio::test]
async fn a_valid_jwt_gets_past_auth() {
    let bridge = jwt_bridge();
    let token = jwt(json!({ "sub": "switchboard", "exp": FAR_FUTURE }));
    publish_with_token(&bridge, &token)
        .await
        .assert_reached_the_broker();
}

#[tokio::test]
async fn a_jwt_for_the_configured_audience_gets_past_auth() {
    let bridge = Bridge::new(&["--jwt-secret", SECRET, "--jwt-audience", AUDIENCE]);
    for aud in [json!(AUDIENCE), json!(["billing", AUDIENCE])] {
        let token = jwt(json!({ "exp": FAR_FUTURE, "aud": aud }));
        publish_with_token(&bridge, &token)
            .await
            .assert_reached_the_broker();
    }
}

#[tokio::test]
async fn the_static_token_gets_past_auth_beside_jwts() {
    let bridge = Bridge::new(&["--token", "t0ken", "--jwt-secret", SECRET]);
    publish_with_token(&bridge, "t0ken")
        .await
        .assert_reached_the_broker();
    let token = jwt(json!({ "exp": FAR_FUTURE }));
    publish_with_token(&bridge, &token)
        .await
        .assert_reached_the_broker();
}

#[tokio::test]
async fn health_checks_need_no_token() {
    let bridge = Bridge::new(&["--token", "t0ken"]);
    let health = bridge.get("/healthz").await;
    assert_eq!((health.status.as_u16(), health.text.as_str()), (200, "ok"));
    let ready = bridge.get("/readyz").await;
    assert_eq!(ready.status, 503, "{}", ready.text);
    assert_eq!(ready.body["broker_connected"], false);
}

/// `GET /api/subscribe` with `query`, and an `Authorization` header if given.
async fn subscribe(bridge: &Bridge, query: &str, authorization: Option<&str>) -> Reply {
    let mut request = Request::get(format!("/api/subscribe{query}"));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    bridge.send(request.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn the_access_token_query_parameter_gets_a_subscription_past_auth() {
    let bridge = jwt_bridge();
    let token = jwt(json!({ "exp": FAR_FUTURE }));
    subscribe(&bridge, &format!("?access_token={token}"), None)
        .await
        .assert_reached_the_broker();

    let expired = jwt(json!({ "exp": 1_000_000_000 }));
    let reply = subscribe(&bridge, &format!("?access_token={expired}"), None).await;
    assert_refused(&reply, "the token has expired");
    let reply = subscribe(&bridge, "", None).await;
    assert_refused(&reply, "a bearer token is required");
}

#[tokio::test]
async fn a_wrong_authorization_header_is_not_rescued_by_the_query() {
    let bridge = jwt_bridge();
    let token = jwt(json!({ "exp": FAR_FUTURE }));
    let query = format!("?access_token={token}");
    let reply = subscribe(&bridge, &query, Some("Bearer wrong")).await;
    assert_refused(&reply, "the bearer token is not valid");
}

#[tokio::test]
async fn publishing_does_not_take_the_token_from_the_query() {
    let bridge = jwt_bridge();
    let token = jwt(json!({ "exp": FAR_FUTURE }));
    let request = Request::post(format!("/api/publish?access_token={token}"))
        .header("content-type", "application/json")
        .body(Body::from(r#"{"payload":"x"}"#))
        .unwrap();
    assert_refused(&bridge.send(request).await, "a bearer token is required");
}
