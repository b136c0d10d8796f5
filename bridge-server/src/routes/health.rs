//! `GET /healthz` (the process is alive) and `GET /readyz` (it can publish).

use axum::{Json, extract::State, http::StatusCode};
use switchboard_wire::Readiness;

use crate::AppState;

/// The process is alive.
#[utoipa::path(get, path = "/healthz", tag = "health", responses(
    (status = 200, description = "Always `ok`", body = String, content_type = "text/plain"),
))]
pub async fn healthz() -> &'static str {
    "ok"
}

/// Whether the bridge can publish: it holds a broker connection that is not blocked.
#[utoipa::path(get, path = "/readyz", tag = "health", responses(
    (status = 200, description = "Connected to the broker", body = Readiness),
    (status = 503, description = "Not connected; `detail` says why", body = Readiness),
))]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let broker = &state.broker;
    let (status, detail) = match broker.status() {
        Ok(()) => (StatusCode::OK, None),
        Err(reason) => (StatusCode::SERVICE_UNAVAILABLE, Some(reason)),
    };
    let readiness = Readiness {
        broker_connected: detail.is_none(),
        detail,
        blocked: broker.blocked(),
        resent: broker.resent(),
    };
    (status, Json(readiness))
}
