//! Every way a bridge request can fail, and the HTTP answer each one gets:
//! a precise status and a JSON body `{ "error": code, "message": … }`.

use axum::{
    Json,
    extract::rejection::{JsonRejection, QueryRejection},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use switchboard_wire::ErrorBody;

use switchboard_wire::http::refusal;

use crate::{
    amqp::PublishError, grpc::GrpcError, http_relay::HttpRelayError, message::InvalidMessage,
    subscribe::SubscribeError,
};

/// An error answer of the bridge's HTTP API.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not the JSON the endpoint takes (syntax, types, size, media type).
    #[error(transparent)]
    Body(#[from] JsonRejection),
    /// The JSON is well-formed but a value is not allowed.
    #[error(transparent)]
    Invalid(#[from] InvalidMessage),
    /// The broker did not confirm the message.
    #[error(transparent)]
    Publish(#[from] PublishError),
    /// The query string is not what the endpoint takes.
    #[error(transparent)]
    Query(#[from] QueryRejection),
    /// A live-tail subscription could not start.
    #[error(transparent)]
    Subscribe(#[from] SubscribeError),
    /// A gRPC reflection or relayed call that could not be made.
    #[error(transparent)]
    Grpc(#[from] GrpcError),
    /// An HTTP request the relay refused or could not bring an answer back for.
    #[error(transparent)]
    HttpRelay(#[from] HttpRelayError),
    /// The subscription's exchange and binding key are not on the allowlist.
    #[error("subscribing to exchange {exchange:?} with binding key {binding_key:?} is not allowed")]
    ForbiddenSubscription {
        exchange: String,
        binding_key: String,
    },
    /// No valid bearer token.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// The destination is not on the allowlist.
    #[error("publishing to exchange {exchange:?} with routing key {routing_key:?} is not allowed")]
    Forbidden {
        exchange: String,
        routing_key: String,
    },
    /// The client sent too many requests.
    #[error("too many requests; retry in {retry_after} s")]
    RateLimited { retry_after: u64 },
    /// The bridge probes only the targets it is configured for.
    #[error("{0} is not a target this bridge may probe (see PROBE_TARGETS)")]
    NotProbeTarget(String),
    /// A diagnosis needs the page's origin.
    #[error("no origin: send an Origin header or an \"origin\" field")]
    MissingOrigin,
    /// No such endpoint.
    #[error(
        "no such endpoint; the API is POST /api/publish, GET /api/subscribe, POST /api/diagnose, POST /api/grpc/reflect, POST /grpc/{{service}}/{{method}}, any method on /http, GET /api/openapi.json, GET /healthz and GET /readyz"
    )]
    NoRoute,
    /// The endpoint exists, but not with this method.
    #[error("this endpoint does not take that method; see the Allow header")]
    MethodNotAllowed,
    /// A bug or an unexpected failure; details are only logged.
    #[error("internal error")]
    Internal,
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::Body(rejection) => match rejection {
                JsonRejection::MissingJsonContentType(_) => {
                    (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
                }
                JsonRejection::JsonSyntaxError(_) => (StatusCode::BAD_REQUEST, "malformed_json"),
                JsonRejection::JsonDataError(_) => {
                    (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
                }
                JsonRejection::BytesRejection(_)
                    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE =>
                {
                    (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large")
                }
                _ => (rejection.status(), "unreadable_body"),
            },
            Self::Invalid(invalid) => (StatusCode::UNPROCESSABLE_ENTITY, invalid.code()),
            Self::Publish(error) => match error {
                PublishError::Unavailable { .. } => {
                    (StatusCode::SERVICE_UNAVAILABLE, "broker_unavailable")
                }
                PublishError::Blocked { .. } => (StatusCode::SERVICE_UNAVAILABLE, "broker_blocked"),
                PublishError::ExchangeNotFound { .. } => {
                    (StatusCode::NOT_FOUND, "exchange_not_found")
                }
                PublishError::Refused { .. } => (StatusCode::BAD_GATEWAY, "broker_refused"),
                PublishError::Unroutable { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "unroutable"),
                PublishError::Nacked { .. } => (StatusCode::BAD_GATEWAY, "broker_nack"),
                PublishError::Timeout { .. } => (StatusCode::GATEWAY_TIMEOUT, "confirm_timeout"),
            },
            Self::Query(_) => (StatusCode::BAD_REQUEST, "invalid_query"),
            Self::Subscribe(error) => match error {
                SubscribeError::Unavailable(_) => {
                    (StatusCode::SERVICE_UNAVAILABLE, "broker_unavailable")
                }
                SubscribeError::ExchangeNotFound { .. } => {
                    (StatusCode::NOT_FOUND, "exchange_not_found")
                }
                SubscribeError::Refused { .. } => (StatusCode::BAD_GATEWAY, "broker_refused"),
                SubscribeError::Full { .. } => {
                    (StatusCode::SERVICE_UNAVAILABLE, "too_many_subscribers")
                }
            },
            Self::Grpc(error) => match error {
                GrpcError::NotAllowed(_) => (StatusCode::FORBIDDEN, "grpc_target_not_allowed"),
                GrpcError::MissingTarget => (StatusCode::BAD_REQUEST, "missing_grpc_target"),
                GrpcError::NotGrpcWeb(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "not_grpc_web"),
                GrpcError::BodyTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
                GrpcError::UnreadableBody(_) => (StatusCode::BAD_REQUEST, "unreadable_body"),
                GrpcError::ReflectionUnavailable => {
                    (StatusCode::UNPROCESSABLE_ENTITY, "reflection_unavailable")
                }
                GrpcError::UnknownService { .. } => {
                    (StatusCode::UNPROCESSABLE_ENTITY, "unknown_service")
                }
                GrpcError::NotGrpcServer { .. } => (StatusCode::BAD_GATEWAY, "not_a_grpc_server"),
                GrpcError::Unreachable { .. } => {
                    (StatusCode::BAD_GATEWAY, "grpc_target_unreachable")
                }
                GrpcError::Timeout { .. } => (StatusCode::GATEWAY_TIMEOUT, "grpc_timeout"),
                GrpcError::ReflectionFailed { .. } => {
                    (StatusCode::BAD_GATEWAY, "reflection_failed")
                }
            },
            Self::HttpRelay(error) => match error {
                HttpRelayError::MissingTarget => (StatusCode::BAD_REQUEST, refusal::MISSING_TARGET),
                HttpRelayError::InvalidTarget { .. } => {
                    (StatusCode::BAD_REQUEST, refusal::INVALID_TARGET)
                }
                HttpRelayError::NotAllowed(_) => {
                    (StatusCode::FORBIDDEN, refusal::TARGET_NOT_ALLOWED)
                }
                HttpRelayError::InvalidHeader(_) => {
                    (StatusCode::BAD_REQUEST, refusal::INVALID_HEADER)
                }
                HttpRelayError::BodyTooLarge(_) => {
                    (StatusCode::PAYLOAD_TOO_LARGE, refusal::BODY_TOO_LARGE)
                }
                HttpRelayError::UnreadableBody(_) => {
                    (StatusCode::BAD_REQUEST, refusal::UNREADABLE_BODY)
                }
                HttpRelayError::Unreachable { .. } => {
                    (StatusCode::BAD_GATEWAY, refusal::UPSTREAM_UNREACHABLE)
                }
                HttpRelayError::BrokeOff { .. } => {
                    (StatusCode::BAD_GATEWAY, refusal::UPSTREAM_BROKE_OFF)
                }
                HttpRelayError::ResponseTooLarge { .. } => {
                    (StatusCode::BAD_GATEWAY, refusal::RESPONSE_TOO_LARGE)
                }
                HttpRelayError::Timeout { .. } => {
                    (StatusCode::GATEWAY_TIMEOUT, refusal::UPSTREAM_TIMEOUT)
                }
            },
            Self::ForbiddenSubscription { .. } => (StatusCode::FORBIDDEN, "forbidden_destination"),
            Self::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Forbidden { .. } => (StatusCode::FORBIDDEN, "forbidden_destination"),
            Self::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            Self::NotProbeTarget(_) => (StatusCode::FORBIDDEN, "not_probe_target"),
            Self::MissingOrigin => (StatusCode::UNPROCESSABLE_ENTITY, "missing_origin"),
            Self::NoRoute => (StatusCode::NOT_FOUND, "no_route"),
            Self::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            Self::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// Seconds after which a retry may succeed, for the `Retry-After` header.
    fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Publish(PublishError::Unavailable { .. }) => Some(1),
            Self::Publish(PublishError::Blocked { .. } | PublishError::Timeout { .. }) => Some(5),
            Self::Subscribe(SubscribeError::Unavailable(_)) => Some(1),
            Self::Subscribe(SubscribeError::Full { .. }) => Some(5),
            Self::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if status.is_server_error() {
            tracing::warn!(%status, code, error = %self, "request failed");
        } else {
            tracing::debug!(%status, code, error = %self, "request refused");
        }
        let body = ErrorBody {
            error: code.to_owned(),
            message: match &self {
                Self::Body(rejection) => rejection.body_text(),
                Self::Query(rejection) => rejection.body_text(),
                other => other.to_string(),
            },
        };
        // Kept beside the JSON for whoever must restate the refusal in
        // another form (the gRPC relay's `grpc-status`).
        let refusal = body.clone();
        let mut response = (status, Json(body)).into_response();
        response.extensions_mut().insert(refusal);
        let headers = response.headers_mut();
        if let Some(seconds) = self.retry_after() {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if matches!(self, Self::Unauthorized(_)) {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
