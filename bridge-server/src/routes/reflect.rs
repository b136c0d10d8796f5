//! `POST /api/grpc/reflect`: an allowlisted server's schema, asked through
//! server reflection, for a page that cannot open the bidirectional stream
//! reflection needs.

use axum::{Json, extract::State};
use base64::{Engine, engine::general_purpose::STANDARD};
use switchboard_wire::{
    ErrorBody,
    grpc::{ReflectRequest, ReflectResponse},
};

use crate::{AppState, error::ApiError, grpc::reflect, routes::publish::Body};

/// An allowlisted gRPC server's schema, through server reflection (v1, else v1alpha).
#[utoipa::path(post, path = "/api/grpc/reflect", tag = "grpc", request_body = ReflectRequest,
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The services and their files", body = ReflectResponse),
        (status = 401, description = "`unauthorized`", body = ErrorBody),
        (status = 403, description = "`grpc_target_not_allowed`: not in `GRPC_TARGETS`",
            body = ErrorBody),
        (status = 422, description = "`reflection_unavailable` or `unknown_service`",
            body = ErrorBody),
        (status = 429, description = "`rate_limited`", body = ErrorBody),
        (status = 502, description = "`grpc_target_unreachable`, `not_a_grpc_server` or \
            `reflection_failed`", body = ErrorBody),
        (status = 504, description = "`grpc_timeout`", body = ErrorBody),
    ))]
pub async fn reflect(
    State(state): State<AppState>,
    Body(request): Body<ReflectRequest>,
) -> Result<Json<ReflectResponse>, ApiError> {
    let (target, _) = state.grpc_targets.get(&request.target)?;
    let timeout = state.grpc_targets.timeout();
    let schema = reflect::reflect(target, timeout, &request.services).await?;
    tracing::info!(%target, version = ?schema.version, services = ?schema.services,
        files = schema.files.len(), "reflected");
    Ok(Json(ReflectResponse {
        target: target.to_string(),
        reflection: schema.version,
        file_descriptor_set: STANDARD.encode(schema.file_descriptor_set()),
        services: schema.services,
    }))
}
