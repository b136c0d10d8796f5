//! `ANY /http`: a request from the page, relayed to the allowlisted URL its
//! `x-http-target` header names (see `crate::http_relay`). Refusals are the
//! bridge's JSON errors, marked with `x-relay-refused`; everything else is
//! the upstream's own answer.

use axum::{
    body::Body,
    extract::{Request, State},
    http::HeaderMap,
    response::Response,
};
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use switchboard_wire::{ErrorBody, http::HTTP_TARGET_HEADER};

use crate::{
    AppState,
    error::ApiError,
    http_relay::{HttpRelayError, RelayedMethod, strip_request},
};

/// Any request, sent on to the allowlisted URL `x-http-target` names, and
/// answered with the upstream's own status, headers and body. Any method is
/// taken, custom ones (`PURGE`) included. The bridge's own refusals carry
/// `x-relay-refused`, which an upstream's answer never does.
#[utoipa::path(
    method(get, post, put, patch, delete, head, options, trace),
    path = "/http",
    tag = "http",
    operation_id = "http_relay",
    params(
        ("x-http-target" = String, Header,
            description = "The upstream URL in full, with path and query; within `HTTP_TARGETS`"),
    ),
    request_body(description = "Sent on as it is, up to `HTTP_BODY_LIMIT_BYTES`",
        content_type = "*/*"),
    security((), ("bridge_authorization" = [])),
    responses(
        (status = "default", description = "The upstream's answer, as it is, less hop-by-hop \
            headers, `set-cookie` and `access-control-*`; redirects are not followed"),
        (status = 400, description = "`missing_http_target`, `invalid_http_target`, \
            `invalid_header` or `unreadable_body`", body = ErrorBody, headers(
            ("x-relay-refused" = String, description = "The refusal's code"))),
        (status = 401, description = "`unauthorized`", body = ErrorBody, headers(
            ("x-relay-refused" = String, description = "The refusal's code"))),
        (status = 403, description = "`target_not_allowed`: not within `HTTP_TARGETS`",
            body = ErrorBody, headers(
            ("x-relay-refused" = String, description = "The refusal's code"))),
        (status = 413, description = "`body_too_large`: over `HTTP_BODY_LIMIT_BYTES`",
            body = ErrorBody, headers(
            ("x-relay-refused" = String, description = "The refusal's code"))),
        (status = 429, description = "`rate_limited`", body = ErrorBody, headers(
            ("x-relay-refused" = String, description = "The refusal's code"))),
        (status = 502, description = "`upstream_unreachable`, `upstream_broke_off` or \
            `response_too_large` (over `HTTP_RESPONSE_LIMIT_BYTES`)", body = ErrorBody, headers(
            ("x-relay-refused" = String, description = "The refusal's code"))),
        (status = 504, description = "`upstream_timeout`: no whole answer within \
            `HTTP_TIMEOUT_MS`", body = ErrorBody, headers(
            ("x-relay-refused" = String, description = "The refusal's code"))),
    ))]
pub async fn relay(State(state): State<AppState>, request: Request) -> Result<Response, ApiError> {
    let relay = &state.http_relay;
    let (mut parts, body) = request.into_parts();
    let url = relay.targets().check(&target_header(&parts.headers)?)?;
    let body = read_body(body, relay.body_limit()).await?;
    let method = match parts.extensions.remove::<RelayedMethod>() {
        Some(RelayedMethod(method)) => method,
        None => parts.method,
    };
    strip_request(&mut parts.headers);
    tracing::debug!(%method, %url, bytes = body.len(), "relaying");
    let response = relay.send(method, url, parts.headers, body).await?;
    Ok(response)
}

fn target_header(headers: &HeaderMap) -> Result<String, HttpRelayError> {
    let value = headers
        .get(HTTP_TARGET_HEADER)
        .ok_or(HttpRelayError::MissingTarget)?;
    value
        .to_str()
        .map(str::to_owned)
        .map_err(|_| HttpRelayError::InvalidTarget {
            target: String::from_utf8_lossy(value.as_bytes()).into_owned(),
            reason: "a URL is ASCII; percent-encode the rest".to_owned(),
        })
}

/// The whole body, up to `limit` bytes, so that an oversized request is
/// refused before anything reaches the upstream.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, HttpRelayError> {
    let collected = Limited::new(body, limit).collect().await;
    let collected = collected.map_err(|error| match error.downcast::<LengthLimitError>() {
        Ok(_) => HttpRelayError::BodyTooLarge(limit),
        Err(error) => HttpRelayError::UnreadableBody(error.to_string()),
    })?;
    Ok(collected.to_bytes())
}
