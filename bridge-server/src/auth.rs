//! Optional bearer-token authentication: a static token, an HS256 JWT, or both.
//! With neither configured, the API is open (for local development).
//!
//! A JWT must carry `exp`, so that no token is valid forever, and, when an
//! audience is configured, name it in `aud`. Each refusal says which rule the
//! token broke: the caller already holds the token, so the reason tells an
//! attacker nothing a legitimate caller should not know.
//!
//! The token travels in the `Authorization` header, except on the live-tail
//! subscription (`GET /api/subscribe`), which also takes it as the
//! `access_token` query parameter: a browser's `EventSource` cannot send
//! headers. A URL ends up in more places than a header does (browser history,
//! proxy logs; the bridge itself logs only paths), so prefer short-lived JWTs
//! there.
//!
//! On the relays (`/grpc/*` and `/http`) the token travels in
//! `X-Bridge-Authorization: Bearer …` instead: there `Authorization` is the
//! caller's own (gRPC metadata, or an HTTP header), meant for the upstream
//! server, and goes to it untouched.

use std::{collections::HashMap, fmt};

use axum::{
    extract::{MatchedPath, Query, Request, State},
    http::{HeaderName, header::AUTHORIZATION},
    middleware::Next,
    response::Response,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, errors::ErrorKind};
use switchboard_wire::{
    grpc::{BRIDGE_AUTHORIZATION_HEADER, RELAY_PREFIX},
    http::HTTP_RELAY_PATH,
    live::{ACCESS_TOKEN_PARAM, SUBSCRIBE_PATH},
};

use crate::error::ApiError;

/// How callers prove who they are.
#[derive(Clone, Default)]
pub struct Auth {
    token: Option<String>,
    jwt: Option<Jwt>,
}

/// What an HS256 JWT must satisfy.
#[derive(Clone)]
struct Jwt {
    key: DecodingKey,
    validation: Validation,
    audience: Option<String>,
}

impl Auth {
    /// Accepts `Authorization: Bearer <token>` with the static `token`, or with
    /// an HS256 JWT signed with `jwt_secret` that has not expired (`exp` is
    /// required) and, if `jwt_audience` is given, names it in `aud`.
    pub fn new(token: Option<&str>, jwt_secret: Option<&str>, jwt_audience: Option<&str>) -> Self {
        let jwt = jwt_secret.map(|secret| {
            let mut validation = Validation::new(Algorithm::HS256);
            validation.validate_exp = true;
            match jwt_audience {
                Some(audience) => {
                    validation.set_required_spec_claims(&["exp", "aud"]);
                    validation.set_audience(&[audience]);
                }
                None => validation.set_required_spec_claims(&["exp"]),
            }
            Jwt {
                key: DecodingKey::from_secret(secret.as_bytes()),
                validation,
                audience: jwt_audience.map(str::to_owned),
            }
        });
        Self {
            token: token.map(str::to_owned),
            jwt,
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.token.is_some() || self.jwt.is_some()
    }

    /// Checks the value of the request's `Authorization` header, if it has one.
    pub fn check(&self, authorization: Option<&str>) -> Result<(), ApiError> {
        if !self.is_enabled() {
            return Ok(());
        }
        let Some(authorization) = authorization else {
            return Err(ApiError::Unauthorized("a bearer token is required"));
        };
        let token = bearer(authorization).ok_or(ApiError::Unauthorized(
            "the Authorization header must use the Bearer scheme",
        ))?;
        self.check_token(Some(token))
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
        match &self.jwt {
            // Two dots make it a JWT; anything else was meant as the static token.
            Some(jwt) if presented.matches('.').count() == 2 => jwt.check(presented),
            _ => Err(ApiError::Unauthorized("the bearer token is not valid")),
        }
    }
}

impl Jwt {
    fn check(&self, token: &str) -> Result<(), ApiError> {
        let decoded = jsonwebtoken::decode::<serde_json::Value>(token, &self.key, &self.validation);
        let Err(error) = decoded else {
            return Ok(());
        };
        let reason = match error.kind() {
            ErrorKind::ExpiredSignature => "the token has expired",
            // Also an `exp` that is not a number: the library reads it as absent.
            ErrorKind::MissingRequiredClaim(claim) if claim == "exp" => {
                "the token has no exp claim (seconds since 1970); this bridge accepts only \
                 tokens that expire"
            }
            ErrorKind::MissingRequiredClaim(claim) if claim == "aud" => {
                "the token has no aud claim; this bridge accepts only tokens for its audience"
            }
            ErrorKind::InvalidAudience if self.audience.is_some() => {
                "the token is for another audience"
            }
            ErrorKind::InvalidAudience => {
                "the token names an audience, and this bridge has none (BRIDGE_JWT_AUDIENCE)"
            }
            ErrorKind::InvalidSignature => "the token is not signed with this bridge's secret",
            _ if algorithm(token).is_some_and(|alg| alg != "HS256") => {
                "the token is not signed with HS256, the only algorithm this bridge accepts"
            }
            _ => "the bearer token is not a valid JWT",
        };
        Err(ApiError::Unauthorized(reason))
    }
}

/// The token of an `Authorization: Bearer <token>` value (the scheme is
/// case-insensitive, as in every HTTP authentication scheme).
fn bearer(authorization: &str) -> Option<&str> {
    let (scheme, token) = authorization.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The `alg` a JWT's header names, even one the JWT library cannot parse
/// (`none`), so that the refusal can say what was wrong.
fn algorithm(token: &str) -> Option<String> {
    let header = URL_SAFE_NO_PAD.decode(token.split('.').next()?).ok()?;
    let header: serde_json::Value = serde_json::from_slice(&header).ok()?;
    Some(header.get("alg")?.as_str()?.to_owned())
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("token", &self.token.as_ref().map(|_| "***"))
            .field(
                "jwt",
                &self
                    .jwt
                    .as_ref()
                    .map(|jwt| ("HS256", jwt.audience.as_deref())),
            )
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
    let header = if is_relay(&request) {
        HeaderName::from_static(BRIDGE_AUTHORIZATION_HEADER)
    } else {
        AUTHORIZATION
    };
    let checked = match request.headers().get(header) {
        // A header that is not text is no bearer token either.
        Some(header) => auth.check(Some(header.to_str().unwrap_or_default())),
        None => auth.check_token(query_token(&request).as_deref()),
    };
    match checked {
        Ok(()) => next.run(request).await,
        Err(error) => axum::response::IntoResponse::into_response(error),
    }
}

/// Whether `request` is for a relay, whose `Authorization` is the caller's.
fn is_relay(request: &Request) -> bool {
    let path = request.uri().path();
    path == HTTP_RELAY_PATH
        || path
            .strip_prefix(RELAY_PREFIX)
            .is_some_and(|rest| rest.starts_with('/'))
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

    const FAR_FUTURE: u64 = 4_000_000_000;

    fn jwt(secret: &str, claims: serde_json::Value) -> String {
        encode(
            &Header::default(),
            &claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap()
    }

    /// The reason `token` is refused, or `None` if it is accepted.
    fn refusal(auth: &Auth, token: &str) -> Option<String> {
        let checked = auth.check(Some(&format!("Bearer {token}")));
        checked.err().map(|error| error.to_string())
    }

    #[test]
    fn open_when_nothing_is_configured() {
        assert!(Auth::default().check(None).is_ok());
    }

    #[test]
    fn static_token_must_match_exactly() {
        let auth = Auth::new(Some("s3cret"), None, None);
        assert!(auth.check(Some("Bearer s3cret")).is_ok());
        assert!(auth.check(Some("bearer s3cret")).is_ok());
        assert!(auth.check(Some("Bearer s3cre")).is_err());
        assert!(auth.check(Some("Bearer s3cret2")).is_err());
        assert!(auth.check(Some("Basic s3cret")).is_err());
        assert!(auth.check(Some("s3cret")).is_err());
        assert!(auth.check(None).is_err());
    }

    #[test]
    fn jwt_must_be_signed_with_the_secret_and_expire() {
        let auth = Auth::new(None, Some("key"), None);
        let valid = jwt("key", json!({"sub": "a", "exp": FAR_FUTURE}));
        assert_eq!(refusal(&auth, &valid), None);
        for (claims, secret, reason) in [
            (json!({"sub": "a"}), "key", "the token has no exp claim"),
            (json!({"exp": 1_000}), "key", "the token has expired"),
            (json!({"exp": "soon"}), "key", "the token has no exp claim"),
            (
                json!({"exp": FAR_FUTURE}),
                "other",
                "not signed with this bridge's secret",
            ),
            (
                json!({"exp": FAR_FUTURE, "aud": "x"}),
                "key",
                "this bridge has none",
            ),
        ] {
            let refused = refusal(&auth, &jwt(secret, claims.clone())).unwrap_or_default();
            assert!(refused.contains(reason), "{claims}: {refused:?}");
        }
    }

    #[test]
    fn with_an_audience_the_token_must_name_it() {
        let auth = Auth::new(None, Some("key"), Some("bridge"));
        for aud in [json!("bridge"), json!(["other", "bridge"])] {
            let token = jwt("key", json!({"exp": FAR_FUTURE, "aud": aud}));
            assert_eq!(refusal(&auth, &token), None, "{aud}");
        }
        let other = jwt("key", json!({"exp": FAR_FUTURE, "aud": "other"}));
        let refused = refusal(&auth, &other).unwrap();
        assert_eq!(refused, "the token is for another audience");
        let none = jwt("key", json!({"exp": FAR_FUTURE}));
        assert!(refusal(&auth, &none).unwrap().contains("no aud claim"));
    }

    #[test]
    fn the_algorithm_is_named_even_when_the_library_cannot_parse_it() {
        let unsigned = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(format!(r#"{{"exp":{FAR_FUTURE}}}"#)),
        );
        assert_eq!(algorithm(&unsigned).as_deref(), Some("none"));
        let auth = Auth::new(None, Some("key"), None);
        assert!(refusal(&auth, &unsigned).unwrap().contains("HS256"));
        assert_eq!(
            refusal(&auth, "a.b.c").as_deref(),
            Some("the bearer token is not a valid JWT")
        );
    }
}
