//! `POST /api/diagnose`: a server-side CORS check of a configured target, and
//! whether the HTTP relay could send the call instead when CORS says no.

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, header::ORIGIN},
};
use switchboard_wire::{
    ErrorBody,
    diagnose::{DiagnoseReport, DiagnoseRequest},
};

use crate::{AppState, diagnose, error::ApiError, routes::publish::Body};

/// Makes the browser's preflight and call to a `PROBE_TARGETS` target as the
/// page's origin, and says what CORS is missing; `relay_available` says
/// whether the HTTP relay could send the call instead.
#[utoipa::path(post, path = "/api/diagnose", tag = "diagnose", request_body = DiagnoseRequest,
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The checks, passed or failed", body = DiagnoseReport),
        (status = 401, description = "`unauthorized`", body = ErrorBody),
        (status = 403, description = "`not_probe_target`: not in `PROBE_TARGETS`", body = ErrorBody),
        (status = 422, description = "`invalid_field` or `missing_origin`", body = ErrorBody),
        (status = 429, description = "`rate_limited`", body = ErrorBody),
    ))]
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
    let mut report =
        diagnose::probe(&state.probe, base, request.kind, &origin, &request.headers).await;
    let (_, path, _) = diagnose::call(request.kind);
    report.relay_available = !report.ok
        && diagnose::answered(&report)
        && state
            .http_relay
            .targets()
            .check(&format!("{base}{path}"))
            .is_ok();
    tracing::info!(target_url = base, %origin, ok = report.ok,
        relay_available = report.relay_available, "diagnosed CORS");
    Ok(Json(report))
}
