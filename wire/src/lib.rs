//! The JSON wire contract of Switchboard: the types that the page (wasm) and
//! the native services both serialise, so that neither side can drift.
//!
//! Only serde lives here; the crate compiles for the browser and for servers.

pub mod diagnose;
pub mod grpc;
pub mod http;
pub mod live;
pub mod openapi;
pub mod schema;
pub mod users;

pub use users::User;

mod header_value;
mod publish;

pub use header_value::HeaderValue;
pub use publish::{PayloadEncoding, PublishRequest, PublishResponse};

use serde::{Deserialize, Serialize};

/// The exchange the bridge declares and publishes to unless configured otherwise.
pub const DEFAULT_EXCHANGE: &str = "logs";

/// The body of every error answer from the bridge and the users service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// A stable, machine-readable code such as `not_found` or `broker_unavailable`.
    pub error: String,
    /// A sentence for people.
    pub message: String,
}

/// The bridge's `GET /readyz` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    /// Whether the bridge holds a live connection to the broker.
    pub broker_connected: bool,
    /// Why not, when it does not: which broker could not be reached, and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Why the broker blocks publishers right now (a memory or disk alarm);
    /// absent when it does not. Publishes are refused meanwhile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked: Option<String>,
    /// Messages sent again since the bridge started, because the connection
    /// or channel they went out on failed before their confirm arrived.
    #[serde(default)]
    pub resent: u64,
}
