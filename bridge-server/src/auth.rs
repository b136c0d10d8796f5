//! Optional bearer-token authentication: a static token, an HS256 JWT, or both.
//! With neither configured, the API is open (for local development).
//!
//! The token travels in the `Authorization` header, except on the live-tail
//! subscription (`GET /api/subscribe`), which also takes it as the
//! `access_token` query parameter: a browser's `EventSource` cannot send
//! headers. A URL ends up in more places than a header does (browser history,
//! proxy logs; the bridge itself logs only paths), so prefer short-lived JWTs
//! there.

use std::{collections::HashMap, fmt};

use axum::{
    extract::{MatchedPath, Query, Request, State},
    http::header::AUTHORIZATION,
    middleware::Next,
    response::Response,
};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use switchboard_wire::live::{ACCESS_TOKEN_PARAM, SUBSCRIBE_PATH};

use crate::error::ApiError;

/// How callers prove who they are.
#[derive(Clone, Default)]
pub struct Auth {
    token: Option<String>,
    jwt: Option<(DecodingKey, Validation)>,
}

impl Auth {
    /// Accepts `Authorization: Bearer <token>` with the static `token`, or with
    /// an HS256 JWT signed with `jwt_secret` (its `exp` is checked when present).
    pub fn new(token: Option<&str>, jwt_secret: Option<&str>) -> Self {
        let jwt = jwt_secret.map(|secret| {
            let mut validation = Validation::new(Algorithm::HS256);
            validation.required_spec_claims.clear();
            validation.validate_exp = true;
            (DecodingKey::from_secret(secret.as_bytes()), validation)
        });
        Self {
            token: token.map(str::to_owned),
            jwt,
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.token.is_some() || self.jwt.is_some()
    }

    /// Checks the request's `Authorization` header.
    pub fn check(&self, authorization: Option<&str>) -> Result<(), ApiError> {
        let presented = authorization
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim);
        self.check_token(presented)
    }

    /// Checks a bearer token, however it arrived.
    pub fn check_token(&self, presented: Option<&str>) -> Result<(), ApiError> {
        if !self.is_enabled() {
            return Ok(());
        }
        let presented = presented.ok_or(ApiError::Unauthorized("a bearer token is required"))?;
        if let Some(token) = &self.token
            && constant_time_eq(token.as_bytes(), presented.as_bytes())
        {
            return Ok(());
        }
        if let Some((key, validation)) = &self.jwt
            && jsonwebtoken::decode::<serde_json::Value>(presented, key, validation).is_ok()
        {
            return Ok(());
        }
        Err(ApiError::Unauthorized("the bearer token is not valid"))
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field("jwt", &self.jwt.as_ref().map(|_| "HS256"))
            .finish()
    }
}

/// Compares without stopping at the first difference, so response time says
/// nothing about how much of a guessed token was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The routes that also take the token as the `access_token` query parameter.
const QUERY_TOKEN_PATHS: &[&str] = &[SUBSCRIBE_PATH];

/// Middleware that refuses unauthenticated requests with 401. The header wins
/// when both are present, so a wrong header is not rescued by the query.
pub async fn require(State(auth): State<Auth>, request: Request, next: Next) -> Response {
    let header = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    let checked = match header {
        Some(header) => auth.check(Some(header)),
        None => auth.check_token(query_token(&request).as_deref()),
    };
    match checked {
        Ok(()) => next.run(request).await,
        Err(error) => axum::response::IntoResponse::into_response(error),
    }
}

/// The `access_token` query parameter, on the routes that accept it.
fn query_token(request: &Request) -> Option<String> {
    let path = request.extensions().get::<MatchedPath>()?;
    if !QUERY_TOKEN_PATHS.contains(&path.as_str()) {
        return None;
    }
    let Query(mut params) = Query::<HashMap<String, String>>::try_from_uri(request.uri()).ok()?;
    params.remove(ACCESS_TOKEN_PARAM)
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{EncodingKey, Header, encode};
    use serde_json::json;

    use super::*;

    fn jwt(secret: &str, claims: serde_json::Value) -> String {
        encode(
            &Header::default(),
            &claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap()
    }

    #[test]
    fn open_when_nothing_is_configured() {
        assert!(Auth::default().check(None).is_ok());
    }

    #[test]
    fn static_token_must_match_exactly() {
        let auth = Auth::new(Some("s3cret"), None);
        assert!(auth.check(Some("Bearer s3cret")).is_ok());
        assert!(auth.check(Some("Bearer s3cre")).is_err());
        assert!(auth.check(Some("Bearer s3cret2")).is_err());
        assert!(auth.check(Some("Basic s3cret")).is_err());
        assert!(auth.check(None).is_err());
    }

    #[test]
    fn jwt_must_be_signed_with_the_secret_and_unexpired() {
        let auth = Auth::new(None, Some("key"));
        let far_future = 4_000_000_000u64;
        assert!(
            auth.check(Some(&format!("Bearer {}", jwt("key", json!({"sub": "a"})))))
                .is_ok()
        );
        let valid = jwt("key", json!({"sub": "a", "exp": far_future}));
        assert!(auth.check(Some(&format!("Bearer {valid}"))).is_ok());
        let expired = jwt("key", json!({"sub": "a", "exp": 1_000}));
        assert!(auth.check(Some(&format!("Bearer {expired}"))).is_err());
        let forged = jwt("other", json!({"sub": "a"}));
        assert!(auth.check(Some(&format!("Bearer {forged}"))).is_err());
    }
}
