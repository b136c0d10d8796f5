//! Every way the HTTP relay can refuse or fail a request before the upstream
//! answers it; `ApiError` gives each its status and code.

/// Why the bridge did not relay a request, or could not bring its answer back.
#[derive(Debug, thiserror::Error)]
pub enum HttpRelayError {
    /// No `x-http-target` header.
    #[error(
        "name the upstream URL in the x-http-target header, for example \
         http://127.0.0.1:3001/users/1"
    )]
    MissingTarget,
    /// The target is no URL the relay can send to.
    #[error("x-http-target {target:?} cannot be relayed: {reason}")]
    InvalidTarget { target: String, reason: String },
    /// The target is not in `HTTP_TARGETS`.
    #[error("{0} is not a target this bridge may relay to (see HTTP_TARGETS)")]
    NotAllowed(String),
    /// A header the upstream request cannot carry.
    #[error("the request cannot be sent on: {0}")]
    InvalidHeader(String),
    /// The request body is over `HTTP_BODY_LIMIT_BYTES`.
    #[error("the request body is over {0} bytes (HTTP_BODY_LIMIT_BYTES)")]
    BodyTooLarge(usize),
    /// The request body could not be read.
    #[error("the request body could not be read: {0}")]
    UnreadableBody(String),
    /// No connection, or no answer at all.
    #[error("{target} is unreachable: {cause}")]
    Unreachable { target: String, cause: String },
    /// The answer began and then broke off.
    #[error("{target} broke off its answer: {cause}")]
    BrokeOff { target: String, cause: String },
    /// The upstream's body is over `HTTP_RESPONSE_LIMIT_BYTES`.
    #[error("{target}'s answer is over {limit} bytes (HTTP_RESPONSE_LIMIT_BYTES)")]
    ResponseTooLarge { target: String, limit: usize },
    /// No whole answer within `HTTP_TIMEOUT_MS`.
    #[error("{target} did not answer within {millis} ms (HTTP_TIMEOUT_MS)")]
    Timeout { target: String, millis: u128 },
}
