//! `POST /grpc/{service}/{method}`: a gRPC-web call from the page, relayed to
//! the allowlisted server its `x-grpc-target` header names. The call is
//! refused with the bridge's JSON errors until it is on its way (no target,
//! a target not allowed, not gRPC-web, too large); from then on, every
//! answer is gRPC-web, the upstream's own or a status for its failure.

use std::convert::Infallible;

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, Uri, header::CONTENT_TYPE},
    response::Response,
};
use bytes::Bytes;
use futures::{future, stream};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use switchboard_wire::{
    ErrorBody,
    grpc::{RELAY_PREFIX, TARGET_HEADER},
};

use crate::{
    AppState,
    error::ApiError,
    grpc::{GrpcError, GrpcTargets, relay},
};

/// What the relay needs of the bridge's state. Axum clones a route's state
/// for every request, and the whole `AppState` (allowlists, clients, the
/// probe targets) took a tenth of the relay's CPU to clone and drop.
#[derive(Debug, Clone)]
pub struct RelayState {
    targets: GrpcTargets,
    body_limit: usize,
}

impl RelayState {
    pub fn new(state: &AppState) -> Self {
        Self {
            targets: state.grpc_targets.clone(),
            body_limit: state.grpc_body_limit,
        }
    }
}

/// A gRPC-web call relayed to the allowlisted server `x-grpc-target` names,
/// as native gRPC; the answer is gRPC-web, the server's own or a status for
/// its failure.
#[utoipa::path(post, path = "/grpc/{service}/{method}", tag = "grpc", operation_id = "grpc_relay",
    params(
        ("service" = String, Path, description = "The fully qualified service, `helloworld.Greeter`"),
        ("method" = String, Path, description = "The method, `SayHello`"),
        ("x-grpc-target" = String, Header,
            description = "The server's base URL, one of `GRPC_TARGETS`"),
    ),
    request_body(description = "gRPC-web frames", content_type = "application/grpc-web+proto"),
    security((), ("bridge_authorization" = [])),
    responses(
        (status = 200, description = "The server's answer, or a gRPC status for its failure",
            content_type = "application/grpc-web+proto"),
        (status = 400, description = "`missing_grpc_target`, also as `grpc-status`", body = ErrorBody),
        (status = 401, description = "`unauthorized`, also as `grpc-status`", body = ErrorBody),
        (status = 403, description = "`grpc_target_not_allowed`, also as `grpc-status`",
            body = ErrorBody),
        (status = 413, description = "`body_too_large`: over `GRPC_BODY_LIMIT_BYTES`",
            body = ErrorBody),
        (status = 415, description = "`not_grpc_web`", body = ErrorBody),
    ))]
pub async fn relay(
    State(state): State<RelayState>,
    request: Request,
) -> Result<Response, ApiError> {
    let (mut parts, body) = request.into_parts();
    let (target, channel) = state.targets.get(&target_header(&parts.headers)?)?;
    require_grpc_web(&parts.headers)?;
    let body = read_body(body, state.body_limit).await?;
    parts.uri = upstream_path(&parts.uri)?;
    relay::strip_headers(&mut parts.headers);
    tracing::debug!(%target, path = %parts.uri, bytes = body.len(), "relaying");
    // Sent as a stream of unknown length: tonic-web passes the body's size
    // on unchanged even where it decodes base64 (grpc-web-text), and hyper
    // would announce that size as the HTTP/2 content-length, which the
    // upstream then finds wrong and resets the stream for.
    let body = Body::from_stream(stream::once(future::ready(Ok::<_, Infallible>(body))));
    let request = Request::from_parts(parts, tonic::body::Body::new(body));
    let timeout = state.targets.timeout();
    let response = relay::relay(target.clone(), channel, timeout, request).await;
    Ok(response.map(Body::new))
}

fn target_header(headers: &HeaderMap) -> Result<String, GrpcError> {
    let value = headers.get(TARGET_HEADER).ok_or(GrpcError::MissingTarget)?;
    Ok(String::from_utf8_lossy(value.as_bytes()).into_owned())
}

fn require_grpc_web(headers: &HeaderMap) -> Result<(), GrpcError> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default();
    if content_type.starts_with("application/grpc-web") {
        Ok(())
    } else {
        Err(GrpcError::NotGrpcWeb(content_type))
    }
}

/// The whole body, up to `limit` bytes. A browser sends it at once, client
/// streams included (one frame per message), so reading it first costs
/// nothing and refuses an oversized call before anything reaches the upstream.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, GrpcError> {
    let collected = Limited::new(body, limit).collect().await;
    let collected = collected.map_err(|error| match error.downcast::<LengthLimitError>() {
        Ok(_) => GrpcError::BodyTooLarge(limit),
        Err(error) => GrpcError::UnreadableBody(error.to_string()),
    })?;
    Ok(collected.to_bytes())
}

/// `/grpc/echo.Echo/Unary` becomes the upstream's `/echo.Echo/Unary`.
fn upstream_path(uri: &Uri) -> Result<Uri, ApiError> {
    let path = uri.path_and_query().map_or("", |path| path.as_str());
    let path = path.strip_prefix(RELAY_PREFIX).unwrap_or(path);
    path.parse().map_err(|_| ApiError::NoRoute)
}
