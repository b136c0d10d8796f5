//! Every way a reflection or a relayed call can fail before the upstream
//! gives a gRPC status of its own.

use std::error::Error;

pub(crate) use crate::causes::causes;

use super::GrpcTarget;

/// Why the bridge could not reflect or relay; `ApiError` gives each its status.
#[derive(Debug, thiserror::Error)]
pub enum GrpcError {
    /// The target is not in `GRPC_TARGETS`.
    #[error("{0:?} is not a gRPC server this bridge may call (see GRPC_TARGETS)")]
    NotAllowed(String),
    /// A relayed call that names no upstream.
    #[error("name the gRPC server in the x-grpc-target header, for example http://127.0.0.1:50051")]
    MissingTarget,
    /// A relayed call that is not gRPC-web.
    #[error(
        "the relay takes gRPC-web (content-type application/grpc-web+proto or \
         application/grpc-web-text), not {0:?}"
    )]
    NotGrpcWeb(String),
    /// A relayed call's body is over `GRPC_BODY_LIMIT_BYTES`.
    #[error("the request body is over {0} bytes (GRPC_BODY_LIMIT_BYTES)")]
    BodyTooLarge(usize),
    /// The request body could not be read.
    #[error("the request body could not be read: {0}")]
    UnreadableBody(String),
    /// The server answers gRPC, but not reflection (neither version).
    #[error("reflection is not enabled on this server (UNIMPLEMENTED): load .proto files instead")]
    ReflectionUnavailable,
    /// Reflection was asked for a service the server does not list.
    #[error("{target} does not list the service {service:?}; it lists {listed:?}")]
    UnknownService {
        target: GrpcTarget,
        service: String,
        listed: Vec<String>,
    },
    /// The server answered, but not as a gRPC server does.
    #[error("{target} answered, but not as a gRPC server: {detail}")]
    NotGrpcServer { target: GrpcTarget, detail: String },
    /// No connection: refused, no such host, TLS failed.
    #[error("{target} is unreachable: {cause}")]
    Unreachable { target: GrpcTarget, cause: String },
    /// No (complete) answer within `GRPC_TIMEOUT_MS`.
    #[error("{target} did not answer within {millis} ms (GRPC_TIMEOUT_MS)")]
    Timeout { target: GrpcTarget, millis: u128 },
    /// The reflection service answered something the bridge cannot use.
    #[error("{target}'s reflection failed: {detail}")]
    ReflectionFailed { target: GrpcTarget, detail: String },
}

impl GrpcError {
    pub(crate) fn unreachable(target: &GrpcTarget, error: &(dyn Error + 'static)) -> Self {
        Self::Unreachable {
            target: target.clone(),
            cause: causes(error),
        }
    }
}

/// Whether `error` or one of its sources is an `E`.
pub(crate) fn find<'a, E: Error + 'static>(error: &'a (dyn Error + 'static)) -> Option<&'a E> {
    let mut next = Some(error);
    while let Some(error) = next {
        if let Some(found) = error.downcast_ref::<E>() {
            return Some(found);
        }
        next = error.source();
    }
    None
}
