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

/// The gRPC status codes' canonical names, by code (grpc/doc/statuscodes.md).
const GRPC_CODE_NAMES: [&str; 17] = [
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
];

/// The canonical upper-case name of a gRPC status code; a code outside the
/// list reads as `UNKNOWN`, as gRPC clients treat it.
pub fn grpc_code_name(code: i32) -> &'static str {
    usize::try_from(code)
        .ok()
        .and_then(|code| GRPC_CODE_NAMES.get(code))
        .copied()
        .unwrap_or("UNKNOWN")
}
