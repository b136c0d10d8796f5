//! `POST /api/publish`: validate, publish, and answer once the broker confirmed.

use axum::{Json, extract::State};
use switchboard_wire::{PublishRequest, PublishResponse};

use crate::{AppState, error::ApiError, message::Outgoing};

/// JSON in, with every rejection turned into the bridge's JSON error.
#[derive(Debug, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Body<T>(pub T);

pub async fn publish(
    State(state): State<AppState>,
    Body(request): Body<PublishRequest>,
) -> Result<Json<PublishResponse>, ApiError> {
    let message = Outgoing::from_request(request, &state.exchange)?;
    if !state
        .allowlist
        .allows(&message.exchange, &message.routing_key)
    {
        return Err(ApiError::Forbidden {
            exchange: message.exchange,
            routing_key: message.routing_key,
        });
    }
    let confirmed = state.broker.publish(&message).await?;
    tracing::info!(exchange = %message.exchange, routing_key = %message.routing_key,
        message_id = %confirmed.message_id, bytes = message.body.len(), "published");
    Ok(Json(PublishResponse {
        confirmed: true,
        // A mandatory message that no queue received would have been returned,
        // and refused above as unroutable.
        routed: message.mandatory.then_some(true),
        message_id: confirmed.message_id,
        exchange: message.exchange,
        routing_key: message.routing_key,
    }))
}
