//! `POST /api/grpc/reflect`: an allowlisted server's schema, asked through
//! server reflection, for a page that cannot open the bidirectional stream
//! reflection needs.

use axum::{Json, extract::State};
use base64::{Engine, engine::general_purpose::STANDARD};
use switchboard_wire::grpc::{ReflectRequest, ReflectResponse};

use crate::{AppState, error::ApiError, grpc::reflect, routes::publish::Body};

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
