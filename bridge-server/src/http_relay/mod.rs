//! The bridge's HTTP relay, for a page whose target refuses its origin: any
//! request, relayed to an allowlisted URL (`HTTP_TARGETS`) and answered with
//! the upstream's own status, headers and body. Never an open proxy: no other
//! targets, no redirects followed, no other schemes, limits both ways.

mod cors;
mod error;
mod forward;
mod headers;
mod target;

pub use cors::{RelayedMethod, layer, mark_refusals, relayed_options};
pub use error::HttpRelayError;
pub use forward::{HttpRelay, Limits};
pub use headers::{strip_request, strip_response};
pub use target::{HttpTarget, HttpTargets, checked_url};
