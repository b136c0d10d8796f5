//! The bridge's HTTP relay, for a target that refuses the page's origin:
//! the page sends its request, any method, to [`HTTP_RELAY_PATH`] on the
//! bridge with the full upstream URL in [`HTTP_TARGET_HEADER`], and the
//! bridge sends it on to that URL if it is one of its `HTTP_TARGETS`.
//!
//! The answer is the upstream's own (status, headers, body) unless the bridge
//! refused or failed to relay it: then the status is the bridge's, the body an
//! [`ErrorBody`](crate::ErrorBody), and [`RELAY_REFUSED_HEADER`] carries the
//! same code as the body's `error`, so that the page tells the bridge's 403
//! from an upstream's 403 without reading the body.
//!
//! The bridge's own bearer token travels in
//! [`BRIDGE_AUTHORIZATION_HEADER`], so that the caller's `authorization` goes
//! to the upstream unchanged; the bridge's token is never forwarded.

pub use crate::grpc::BRIDGE_AUTHORIZATION_HEADER;

/// Where the page sends relayed requests, with any method.
pub const HTTP_RELAY_PATH: &str = "/http";

/// The request header that names the upstream URL in full, with its path and
/// query, for example `http://127.0.0.1:3001/users/1?verbose=true`.
pub const HTTP_TARGET_HEADER: &str = "x-http-target";

/// The response header on every refusal of the bridge's own (never on an
/// upstream's answer); its value is the refusal's code, one of those below or
/// a code every bridge route may answer (`unauthorized`, `rate_limited`).
pub const RELAY_REFUSED_HEADER: &str = "x-relay-refused";

/// Where the bridge serves the OpenAPI document of its own API.
pub const OPENAPI_PATH: &str = "/api/openapi.json";

/// The codes of the relay's refusals, as `error` and [`RELAY_REFUSED_HEADER`]
/// carry them.
pub mod refusal {
    /// 400: no [`HTTP_TARGET_HEADER`](super::HTTP_TARGET_HEADER).
    pub const MISSING_TARGET: &str = "missing_http_target";
    /// 400: the target is not an absolute `http://` or `https://` URL, or it
    /// carries credentials.
    pub const INVALID_TARGET: &str = "invalid_http_target";
    /// 403: the target's origin (and path) is not in `HTTP_TARGETS`.
    pub const TARGET_NOT_ALLOWED: &str = "target_not_allowed";
    /// 400: a header the bridge cannot send on.
    pub const INVALID_HEADER: &str = "invalid_header";
    /// 413: the request body is over `HTTP_BODY_LIMIT_BYTES`.
    pub const BODY_TOO_LARGE: &str = "body_too_large";
    /// 400: the request body could not be read.
    pub const UNREADABLE_BODY: &str = "unreadable_body";
    /// 502: no connection to the upstream (refused, no such host, TLS).
    pub const UPSTREAM_UNREACHABLE: &str = "upstream_unreachable";
    /// 502: the upstream broke off its answer.
    pub const UPSTREAM_BROKE_OFF: &str = "upstream_broke_off";
    /// 502: the upstream's body is over `HTTP_RESPONSE_LIMIT_BYTES`.
    pub const RESPONSE_TOO_LARGE: &str = "response_too_large";
    /// 504: no whole answer within `HTTP_TIMEOUT_MS`.
    pub const UPSTREAM_TIMEOUT: &str = "upstream_timeout";
}
