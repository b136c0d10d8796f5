//! `GET /healthz` (the process is alive) and `GET /readyz` (it can publish).

use axum::{Json, extract::State, http::StatusCode};
use switchboard_wire::Readiness;

use crate::AppState;

pub async fn healthz() -> &'static str {
    "ok"
}

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
