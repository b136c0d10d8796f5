//! The relay's upstream side: a gRPC-web call, translated to gRPC by
//! tonic-web's `GrpcWebLayer`, goes to the target over HTTP/2 as it is, and
//! the answer comes back as it arrives: headers, messages, trailers, status
//! and details. The bridge writes no gRPC framing of its own.
//!
//! tonic-web hands an inner service's error straight to its caller, where
//! the page would see a failed fetch or an HTML error; so [`Upstream`] never
//! fails, and answers each failure of its own as a gRPC status the page
//! reads like any other: `UNAVAILABLE` naming the target when it cannot be
//! reached or breaks off mid-answer, `DEADLINE_EXCEEDED` when it does not
//! answer in time, and the spec's mapping of the HTTP status when it answers
//! something other than gRPC.

use std::{
    convert::Infallible,
    pin::Pin,
    task::{Context, Poll, ready},
    time::Duration,
};

use axum::http::{
    HeaderMap, Request, Response, StatusCode, Version,
    header::{CONNECTION, CONTENT_LENGTH, HOST, TE, TRANSFER_ENCODING, UPGRADE},
};
use bytes::Bytes;
use futures::future::BoxFuture;
use http_body::{Frame, SizeHint};
use switchboard_wire::{
    ErrorBody,
    grpc::{BRIDGE_AUTHORIZATION_HEADER, TARGET_HEADER},
};
use tonic::{Code, Status, body::Body, transport::Channel};
use tonic_web::GrpcWebLayer;
use tower::{Layer, Service, ServiceExt};

use super::{GrpcTarget, error::causes, upstream::NotGrpc};

/// Request headers the page may send: `x-grpc-web`, `x-user-agent`,
/// `grpc-timeout`, the bridge's own, and whatever metadata a person adds.
pub const ALLOW_HEADERS: &[&str] = &[switchboard_service::ANY_HEADER];

/// Response headers the page may read: the gRPC status, and, through `*`,
/// every header of the upstream's (the bridge allows no credentials, so the
/// wildcard applies).
pub const EXPOSE_HEADERS: &[&str] = &[
    "grpc-status",
    "grpc-message",
    "grpc-status-details-bin",
    "*",
];

/// Headers that belong to one connection, never forwarded (RFC 9110 7.6.1).
const HOP_BY_HOP: &[&str] = &["keep-alive", "proxy-connection", "proxy-authenticate"];

/// The bridge's own headers, meant for the bridge and not the upstream.
const BRIDGE_HEADERS: &[&str] = &[TARGET_HEADER, BRIDGE_AUTHORIZATION_HEADER];

/// Sends a gRPC-web `request` (already checked and read) to `target` and
/// answers in gRPC-web.
pub async fn relay(
    target: GrpcTarget,
    channel: Channel,
    timeout: Duration,
    request: Request<Body>,
) -> Response<Body> {
    let upstream = Upstream {
        target,
        channel,
        timeout,
    };
    match GrpcWebLayer::new().layer(upstream).oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// Removes what must not travel on: hop-by-hop headers (and those the
/// `Connection` header names) and the bridge's own. Metadata, `grpc-timeout`
/// and the caller's `authorization` stay.
pub fn strip_headers(headers: &mut HeaderMap) {
    crate::hop_by_hop::remove_connection_named(headers);
    for name in [
        CONNECTION,
        TE,
        TRANSFER_ENCODING,
        UPGRADE,
        HOST,
        CONTENT_LENGTH,
    ] {
        headers.remove(name);
    }
    for name in HOP_BY_HOP.iter().chain(BRIDGE_HEADERS) {
        headers.remove(*name);
    }
}

/// Restates a refusal of the bridge's own (its JSON error) as a gRPC status
/// in the headers too, as a trailers-only answer has it, so that a gRPC-web
/// client reads "unauthenticated" or "permission denied" instead of failing
/// to parse JSON as gRPC frames; a reader of JSON still finds the JSON.
pub async fn refusal_as_status(mut response: axum::response::Response) -> axum::response::Response {
    let Some(refusal) = response.extensions().get::<ErrorBody>() else {
        return response;
    };
    let code = match response.status() {
        StatusCode::BAD_REQUEST | StatusCode::UNSUPPORTED_MEDIA_TYPE => Code::InvalidArgument,
        StatusCode::UNAUTHORIZED => Code::Unauthenticated,
        StatusCode::FORBIDDEN => Code::PermissionDenied,
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => Code::Unimplemented,
        StatusCode::PAYLOAD_TOO_LARGE => Code::ResourceExhausted,
        StatusCode::TOO_MANY_REQUESTS => Code::Unavailable,
        _ => Code::Internal,
    };
    let status = Status::new(code, format!("{} ({})", refusal.message, refusal.error));
    if let Err(error) = status.add_header(response.headers_mut()) {
        tracing::warn!(%error, "a refusal cannot be restated as a gRPC status");
    }
    response
}

/// The gRPC side: one target, reached through its shared channel.
#[derive(Debug, Clone)]
struct Upstream {
    target: GrpcTarget,
    channel: Channel,
    /// The longest wait for the answer to begin; a stream may then run on.
    timeout: Duration,
}

impl Service<Request<Body>> for Upstream {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response<Body>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // The channel's own readiness is awaited in `call`, within the timeout.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request<Body>) -> Self::Future {
        *request.version_mut() = Version::HTTP_2;
        let Upstream {
            target,
            channel,
            timeout,
        } = self.clone();
        Box::pin(async move {
            let answer = tokio::time::timeout(timeout, channel.oneshot(request)).await;
            let response = match answer {
                Ok(Ok(response)) => response,
                Ok(Err(error)) => {
                    tracing::debug!(%target, error = causes(&error), "upstream unreachable");
                    let message = format!("{target} is unreachable: {}", causes(&error));
                    return Ok(Status::unavailable(message).into_http());
                }
                Err(_) => {
                    let message = format!(
                        "{target} did not answer within {} ms (GRPC_TIMEOUT_MS)",
                        timeout.as_millis()
                    );
                    return Ok(Status::deadline_exceeded(message).into_http());
                }
            };
            Ok(match NotGrpc::check(&response) {
                None => response.map(|body| Body::new(EndsWithStatus::new(body, target))),
                Some(not_grpc) => {
                    let message = format!("{target} is not a gRPC server: it answered {not_grpc}");
                    Status::new(not_grpc.code(), message).into_http()
                }
            })
        })
    }
}

/// An upstream's answer that, should the upstream break off (a reset
/// stream, a dropped connection), ends with trailers holding `UNAVAILABLE`:
/// tonic-web would abort the response, and the page would get a broken
/// body instead of the replies it had and why the rest is missing.
#[derive(Debug)]
struct EndsWithStatus {
    inner: Body,
    target: GrpcTarget,
    ended: bool,
}

impl EndsWithStatus {
    fn new(inner: Body, target: GrpcTarget) -> Self {
        Self {
            inner,
            target,
            ended: false,
        }
    }
}

impl http_body::Body for EndsWithStatus {
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let frame = ready!(Pin::new(&mut self.inner).poll_frame(cx));
        let Some(Err(error)) = frame else {
            return Poll::Ready(frame);
        };
        self.ended = true;
        tracing::debug!(target = %self.target, error = causes(&error), "upstream broke off");
        let status = Status::unavailable(format!(
            "{} broke off the answer: {}",
            self.target,
            causes(&error)
        ));
        let mut trailers = HeaderMap::new();
        Poll::Ready(Some(match status.add_header(&mut trailers) {
            Ok(()) => Ok(Frame::trailers(trailers)),
            Err(status) => Err(status),
        }))
    }

    fn is_end_stream(&self) -> bool {
        self.ended || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hop_by_hop_and_bridge_headers_are_stripped() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("connection", "keep-alive, x-hop"),
            ("x-hop", "1"),
            ("keep-alive", "timeout=5"),
            ("host", "bridge:3000"),
            ("x-grpc-target", "http://127.0.0.1:50051"),
            ("x-bridge-authorization", "Bearer bridge"),
            ("authorization", "Bearer upstream"),
            ("grpc-timeout", "250m"),
            ("x-tenant-id", "7"),
            ("trace-bin", "AAEC"),
        ] {
            headers.append(name, value.parse().unwrap());
        }
        strip_headers(&mut headers);
        let mut left: Vec<&str> = headers.keys().map(axum::http::HeaderName::as_str).collect();
        left.sort();
        assert_eq!(
            left,
            ["authorization", "grpc-timeout", "trace-bin", "x-tenant-id"]
        );
    }
}
