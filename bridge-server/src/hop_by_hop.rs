//! What both relays, gRPC and HTTP, drop from every header map they pass
//! on: the headers the `Connection` header names, which belong to one hop.
//! Each relay then drops its own list of hop-by-hop and bridge headers.

use axum::http::{HeaderMap, HeaderName, header::CONNECTION};

/// Removes every header that `Connection` names (RFC 9110 section 7.6.1).
pub(crate) fn remove_connection_named(headers: &mut HeaderMap) {
    let named: Vec<HeaderName> = headers
        .get_all(CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|name| HeaderName::try_from(name.trim()).ok())
        .collect();
    for name in named {
        headers.remove(name);
    }
}
