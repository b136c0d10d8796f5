//! What went wrong with a call, in terms a person can act on.

use std::fmt;

use serde::{Deserialize, Serialize};
use switchboard_wire::ErrorBody;

/// A failed call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ApiError {
    /// The service answered with an HTTP error status.
    Http {
        status: u16,
        /// The service's error code, when it sent a JSON error body.
        code: Option<String>,
        message: String,
    },
    /// The gRPC service answered with a non-OK status (`code` as in `grpc-status`).
    Grpc { code: i32, message: String },
    /// The browser got no response at all (the bare "Failed to fetch").
    Network { url: String, detail: String },
    /// The response arrived but could not be read.
    Decode(String),
    /// The request as edited cannot be sent; nothing went out.
    Input(String),
}

impl ApiError {
    /// An HTTP error from its status and body, using the JSON error body when
    /// the service sent one.
    pub fn from_http(status: u16, body: &str) -> Self {
        match serde_json::from_str::<ErrorBody>(body) {
            Ok(ErrorBody { error, message }) => Self::Http {
                status,
                code: Some(error),
                message,
            },
            Err(_) => Self::Http {
                status,
                code: None,
                message: if body.trim().is_empty() {
                    "(empty body)".to_owned()
                } else {
                    body.trim().to_owned()
                },
            },
        }
    }

    /// A short status for the status badge: `404`, `INVALID_ARGUMENT`, `network error`.
    pub fn status_label(&self) -> String {
        match self {
            Self::Http { status, code, .. } => match code {
                Some(code) => format!("{status} {code}"),
                None => status.to_string(),
            },
            Self::Grpc { code, .. } => grpc_code_name(*code).to_owned(),
            Self::Network { .. } => "network error".to_owned(),
            Self::Decode(_) => "unreadable response".to_owned(),
            Self::Input(_) => "not sent".to_owned(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Http {
                status, message, ..
            } => write!(f, "HTTP {status}: {message}"),
            Self::Grpc { code, message } => write!(f, "{}: {message}", grpc_code_name(*code)),
            Self::Network { url, detail } => write!(
                f,
                "No response from {url} ({detail}). The service may be down or unreachable, \
                 or its CORS policy does not allow this page's origin: check that it is \
                 running and that ALLOWED_ORIGINS includes this page."
            ),
            Self::Decode(detail) => write!(f, "The response could not be read: {detail}"),
            Self::Input(detail) => write!(f, "Not sent: {detail}"),
        }
    }
}

/// The canonical upper-case name of a gRPC status code.
pub fn grpc_code_name(code: i32) -> &'static str {
    use tonic::Code;
    match Code::from_i32(code) {
        Code::Ok => "OK",
        Code::Cancelled => "CANCELLED",
        Code::Unknown => "UNKNOWN",
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        Code::NotFound => "NOT_FOUND",
        Code::AlreadyExists => "ALREADY_EXISTS",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::FailedPrecondition => "FAILED_PRECONDITION",
        Code::Aborted => "ABORTED",
        Code::OutOfRange => "OUT_OF_RANGE",
        Code::Unimplemented => "UNIMPLEMENTED",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        Code::DataLoss => "DATA_LOSS",
        Code::Unauthenticated => "UNAUTHENTICATED",
    }
}
