//! `POST /api/publish`: validate, publish, and answer once the broker confirmed.

use axum::{Json, extract::State};
use switchboard_wire::{ErrorBody, PublishRequest, PublishResponse};

use crate::{AppState, error::ApiError, message::Outgoing};

/// JSON in, with every rejection turned into the bridge's JSON error.
#[derive(Debug, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Body<T>(pub T);

/// Publishes one message and answers once RabbitMQ has confirmed it.
#[utoipa::path(post, path = "/api/publish", tag = "publish", request_body = PublishRequest,
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "Confirmed by the broker", body = PublishResponse),
        (status = 400, description = "`malformed_json`", body = ErrorBody),
        (status = 401, description = "`unauthorized`", body = ErrorBody),
        (status = 403, description = "`forbidden_destination`: not in `ALLOWED_DESTINATIONS`",
            body = ErrorBody),
        (status = 404, description = "`exchange_not_found`", body = ErrorBody),
        (status = 413, description = "`body_too_large`: over `BODY_LIMIT_BYTES`", body = ErrorBody),
        (status = 415, description = "`unsupported_media_type`", body = ErrorBody),
        (status = 422, description = "`invalid_field`, `invalid_exchange`, `too_long`, \
            `invalid_base64`, `invalid_header`, `empty_id` or `unroutable`", body = ErrorBody),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = ErrorBody),
        (status = 502, description = "`broker_nack` or `broker_refused`", body = ErrorBody),
        (status = 503, description = "`broker_unavailable` or `broker_blocked`, with `Retry-After`",
            body = ErrorBody),
        (status = 504, description = "`confirm_timeout`: no confirm within `PUBLISH_TIMEOUT_MS`",
            body = ErrorBody),
    ))]
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
