//! `GET /api/subscribe?exchange=…&binding_key=…`: the live tail, as
//! Server-Sent Events (see `switchboard_wire::live` for the events).
//!
//! It obeys the publishing rules: the bearer token (here also accepted as
//! `access_token` in the query, see `crate::auth`), CORS, the rate limit (the
//! opening request counts, the stream does not) and the allowlist, which is
//! asked about the exchange with the **binding key as the routing key**. So
//! `orders:order.*` allows subscribing with `order.created` or `order.*`, but
//! not with `#`. On a fanout or headers exchange the broker ignores the
//! binding key: any key allowed there shows every message of the exchange.

use std::{convert::Infallible, time::Duration};

use axum::{
    extract::{FromRequestParts, Query, State},
    response::sse::{Event, KeepAlive, Sse},
};
use futures::{Stream, StreamExt};
use serde::Deserialize;
use switchboard_wire::{
    ErrorBody,
    live::{DROPPED_EVENT, Delivery, ENDED_EVENT, READY_EVENT},
};

use crate::{AppState, error::ApiError, message, subscribe::LiveEvent};

/// How long a browser waits before it reconnects after the stream ended.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);
/// A comment this often keeps proxies from closing a quiet stream, and lets
/// the bridge notice a reader that went away without closing its socket.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The query string; `access_token` is read by the auth middleware.
#[derive(Debug, Deserialize)]
pub struct SubscribeParams {
    /// The exchange to bind to; the bridge's own when absent or empty.
    #[serde(default)]
    exchange: Option<String>,
    /// The binding key; empty (what a fanout exchange ignores) when absent.
    #[serde(default)]
    binding_key: String,
}

/// The query, with rejections as the bridge's JSON errors.
#[derive(Debug, FromRequestParts)]
#[from_request(via(Query), rejection(ApiError))]
pub struct Params<T>(pub T);

/// The live tail: Server-Sent Events of the messages an exchange routes to a
/// queue of the subscriber's own. The stream opens with a `ready` event
/// (`Ready`), then carries one unnamed event per message (`Delivery`),
/// `dropped` (`Dropped`) when a slow reader lost messages, and `ended`
/// (`Ended`) if the bridge ends it.
#[utoipa::path(get, path = "/api/subscribe", tag = "publish",
    params(
        ("exchange" = Option<String>, Query, description = "The exchange; the bridge's own when absent"),
        ("binding_key" = Option<String>, Query, description = "The binding key; empty when absent"),
        ("access_token" = Option<String>, Query,
            description = "The bearer token, for an `EventSource`, which cannot send headers"),
    ),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The event stream; each event's data is one JSON object",
            content_type = "text/event-stream", body = Delivery),
        (status = 400, description = "`invalid_query`", body = ErrorBody),
        (status = 401, description = "`unauthorized`", body = ErrorBody),
        (status = 403, description = "`forbidden_destination`", body = ErrorBody),
        (status = 404, description = "`exchange_not_found`", body = ErrorBody),
        (status = 429, description = "`rate_limited`", body = ErrorBody),
        (status = 503, description = "`broker_unavailable` or `too_many_subscribers`",
            body = ErrorBody),
    ))]
pub async fn subscribe(
    State(state): State<AppState>,
    Params(params): Params<SubscribeParams>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let exchange = params
        .exchange
        .filter(|exchange| !exchange.is_empty())
        .unwrap_or_else(|| state.exchange.clone());
    message::check_exchange(&exchange)?;
    message::short("binding_key", &params.binding_key)?;
    if !state.allowlist.allows(&exchange, &params.binding_key) {
        return Err(ApiError::ForbiddenSubscription {
            exchange,
            binding_key: params.binding_key,
        });
    }
    let subscription = state
        .subscriptions
        .open(&state.broker, &exchange, &params.binding_key)
        .await?;
    let events = subscription.into_events().map(|event| Ok(sse(event)));
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

/// One live event as SSE: deliveries are unnamed (`message`), the rest named.
fn sse(event: LiveEvent) -> Event {
    let encoded = match &event {
        LiveEvent::Ready(ready) => Event::default()
            .event(READY_EVENT)
            .retry(RECONNECT_AFTER)
            .json_data(ready),
        LiveEvent::Delivery(delivery) => Event::default().json_data(delivery),
        LiveEvent::Dropped(dropped) => Event::default().event(DROPPED_EVENT).json_data(dropped),
        LiveEvent::Ended(ended) => Event::default().event(ENDED_EVENT).json_data(ended),
    };
    // Serialising these plain structs cannot fail; say so loudly if it ever does.
    encoded.unwrap_or_else(|error| {
        tracing::error!(%error, ?event, "cannot encode a live event");
        Event::default().comment("unencodable event skipped")
    })
}
