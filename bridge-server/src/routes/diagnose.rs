//! `POST /api/diagnose`: a server-side CORS check of a configured target.

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, header::ORIGIN},
};
use switchboard_wire::diagnose::{DiagnoseReport, DiagnoseRequest};

use crate::{AppState, diagnose, error::ApiError, routes::publish::Body};

pub async fn diagnose(
    State(state): State<AppState>,
    headers: HeaderMap,
    Body(request): Body<DiagnoseRequest>,
) -> Result<Json<DiagnoseReport>, ApiError> {
    let base = request.url.trim().trim_end_matches('/');
    if !state.probe_targets.iter().any(|target| target == base) {
        return Err(ApiError::NotProbeTarget(base.to_owned()));
    }
    let origin = request
        .origin
        .or_else(|| {
            headers
                .get(ORIGIN)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        })
        .ok_or(ApiError::MissingOrigin)?;
    let report = diagnose::probe(&state.probe, base, request.kind, &origin, &request.headers).await;
    tracing::info!(target_url = base, %origin, ok = report.ok, "diagnosed CORS");
    Ok(Json(report))
}
