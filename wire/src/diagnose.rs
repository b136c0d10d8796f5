//! `POST /api/diagnose` on the bridge: a server-side CORS check of one of the
//! configured targets, for when the browser only says "Failed to fetch".

use serde::{Deserialize, Serialize};

/// How the page calls the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ProbeKind {
    /// `GET {url}/users/1`, as the Users panel calls it.
    Rest,
    /// `POST {url}/helloworld.Greeter/SayHello` as gRPC-web.
    GrpcWeb,
}

/// What to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DiagnoseRequest {
    /// The target's base URL; must be one the bridge is configured to probe.
    pub url: String,
    pub kind: ProbeKind,
    /// The page's origin; the request's `Origin` header when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Request headers the page sends beyond the usual ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

/// Everything the bridge found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiagnoseReport {
    pub url: String,
    pub origin: String,
    /// Whether the browser call should work, as far as CORS goes.
    pub ok: bool,
    pub checks: Vec<Check>,
    /// Whether the page may send this call through the bridge's HTTP relay
    /// (`/http`) instead: the check failed, the target answered the bridge,
    /// and the call's URL is within the bridge's `HTTP_TARGETS`.
    /// `false` from a bridge that predates the relay.
    #[serde(default)]
    pub relay_available: bool,
}
