//! `GET /healthz` (the process is alive) and `GET /readyz` (it can publish).

use axum::{Json, extract::State, http::StatusCode};
use switchboard_wire::Readiness;

use crate::AppState;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    match state.broker.status() {
        Ok(()) => (
            StatusCode::OK,
            Json(Readiness {
                broker_connected: true,
                detail: None,
            }),
        ),
        Err(reason) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Readiness {
                broker_connected: false,
                detail: Some(reason),
            }),
        ),
    }
}
