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
use switchboard_wire::http::HTTP_TARGET_HEADER;

use crate::{
    AppState,
    error::ApiError,
    http_relay::{HttpRelayError, RelayedMethod, strip_request},
};

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
