//! What marks an answer as gRPC: a `content-type` of `application/grpc…`.
//! tonic's client would read a plain HTTP 404 as `UNIMPLEMENTED` (the gRPC
//! spec's mapping), which would pass for "reflection is not enabled" on a
//! server that is no gRPC server at all; checking the content type first
//! tells the two apart.

use std::{
    fmt,
    task::{Context, Poll},
};

use axum::http::{HeaderMap, Response, StatusCode, header::CONTENT_TYPE};
use futures::future::BoxFuture;
use tonic::{Code, body::Body, transport::Channel};
use tower::Service;

/// An answer that is not gRPC.
#[derive(Debug)]
pub struct NotGrpc {
    pub status: StatusCode,
    pub content_type: Option<String>,
}

impl NotGrpc {
    /// `None` when `response` is gRPC.
    pub fn check<B>(response: &Response<B>) -> Option<Self> {
        let content_type = content_type(response.headers());
        if content_type.is_some_and(|value| value.starts_with("application/grpc")) {
            return None;
        }
        Some(Self {
            status: response.status(),
            content_type: content_type.map(str::to_owned),
        })
    }

    /// The gRPC code the spec maps this HTTP status to, as a gRPC client
    /// would report it.
    pub fn code(&self) -> Code {
        match self.status {
            StatusCode::BAD_REQUEST => Code::Internal,
            StatusCode::UNAUTHORIZED => Code::Unauthenticated,
            StatusCode::FORBIDDEN => Code::PermissionDenied,
            StatusCode::NOT_FOUND => Code::Unimplemented,
            StatusCode::TOO_MANY_REQUESTS
            | StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT => Code::Unavailable,
            _ => Code::Unknown,
        }
    }
}

impl fmt::Display for NotGrpc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {} with ", self.status)?;
        match &self.content_type {
            Some(content_type) => write!(f, "content-type {content_type:?}")?,
            None => f.write_str("no content-type")?,
        }
        f.write_str(" and no gRPC status")
    }
}

impl std::error::Error for NotGrpc {}

fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers.get(CONTENT_TYPE)?.to_str().ok()
}

/// A channel whose non-gRPC answers are errors ([`NotGrpc`]), which tonic's
/// client keeps as the source of the status it reports.
#[derive(Debug, Clone)]
pub struct GrpcOnly(pub Channel);

impl Service<axum::http::Request<Body>> for GrpcOnly {
    type Response = Response<Body>;
    type Error = Box<dyn std::error::Error + Send + Sync>;
    type Future = BoxFuture<'static, Result<Response<Body>, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: axum::http::Request<Body>) -> Self::Future {
        let answer = self.0.call(request);
        Box::pin(async move {
            let response = answer.await?;
            match NotGrpc::check(&response) {
                None => Ok(response),
                Some(not_grpc) => Err(not_grpc.into()),
            }
        })
    }
}
