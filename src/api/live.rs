//! The bridge's live tail: `GET {bridge}/api/subscribe` as Server-Sent Events,
//! read with the browser's `EventSource`, which reconnects on its own when the
//! bridge ends the stream (each reconnection is a new subscription).
//!
//! `EventSource` cannot send headers, so the bridge token travels as the
//! `access_token` query parameter, which the bridge accepts on this route only.

use gloo_events::EventListener;
use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use switchboard_wire::live::{
    ACCESS_TOKEN_PARAM, DELIVERY_EVENT, DROPPED_EVENT, Delivery, Dropped, ENDED_EVENT, Ended,
    READY_EVENT, Ready, SUBSCRIBE_PATH,
};
use wasm_bindgen::JsCast;
use web_sys::{AbortController, EventSource, MessageEvent, UrlSearchParams};
use yew::Callback;

use super::error::ApiError;

/// What the stream says, and what becomes of the connection.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    Ready(Ready),
    Delivery(Box<Delivery>),
    /// The running dropped count of the current subscription.
    Dropped(u64),
    /// The bridge ended the stream, for this reason; the browser reconnects.
    Ended(String),
    /// The connection failed. `reconnecting` when the browser retries on its
    /// own; otherwise it gave up (the bridge refused, or is unreachable) and
    /// [`explain`] can tell why.
    Failed {
        reconnecting: bool,
    },
}

/// Where to subscribe: the bridge, its token, and the exchange and binding key
/// (empty for the bridge's defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub base: String,
    pub token: String,
    pub exchange: String,
    pub binding_key: String,
}

impl Target {
    /// The subscription URL; `with_token` adds the token, which must never be
    /// shown.
    pub fn url(&self, with_token: bool) -> String {
        let params = UrlSearchParams::new().expect("URLSearchParams exists in every browser");
        for (name, value) in [
            ("exchange", self.exchange.trim()),
            ("binding_key", self.binding_key.trim()),
            (
                ACCESS_TOKEN_PARAM,
                if with_token { &self.token } else { "" },
            ),
        ] {
            if !value.is_empty() {
                params.append(name, value);
            }
        }
        let query = String::from(params.to_string());
        let separator = if query.is_empty() { "" } else { "?" };
        format!("{}{SUBSCRIBE_PATH}{separator}{query}", self.base)
    }
}

/// An open subscription; dropping it closes the `EventSource` and with it the
/// bridge's queue.
#[derive(Debug)]
pub struct LiveStream {
    source: EventSource,
    _listeners: Vec<EventListener>,
}

impl Drop for LiveStream {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// Opens the stream to `target`; every event goes to `on_event`.
pub fn subscribe(target: &Target, on_event: Callback<LiveEvent>) -> Result<LiveStream, ApiError> {
    let source = EventSource::new(&target.url(true))
        .map_err(|error| ApiError::Input(format!("cannot open the stream: {error:?}")))?;
    let listen = |name: &'static str, read: fn(&str) -> Option<LiveEvent>| {
        let on_event = on_event.clone();
        EventListener::new(&source, name, move |event| {
            let data = event
                .dyn_ref::<MessageEvent>()
                .and_then(|message| message.data().as_string())
                .unwrap_or_default();
            match read(&data) {
                Some(event) => on_event.emit(event),
                None => {
                    web_sys::console::warn_1(&format!("unreadable {name} event: {data}").into())
                }
            }
        })
    };
    let failed = {
        let (watched, on_event) = (source.clone(), on_event.clone());
        EventListener::new(&source, "error", move |_| {
            let reconnecting = watched.ready_state() == EventSource::CONNECTING;
            on_event.emit(LiveEvent::Failed { reconnecting });
        })
    };
    let listeners = vec![
        listen(READY_EVENT, |data| parse(data).map(LiveEvent::Ready)),
        listen(DELIVERY_EVENT, |data| {
            parse(data).map(|delivery| LiveEvent::Delivery(Box::new(delivery)))
        }),
        listen(DROPPED_EVENT, |data| {
            parse(data).map(|Dropped { dropped }| LiveEvent::Dropped(dropped))
        }),
        listen(ENDED_EVENT, |data| {
            parse(data).map(|Ended { reason }| LiveEvent::Ended(reason))
        }),
        failed,
    ];
    Ok(LiveStream {
        source,
        _listeners: listeners,
    })
}

fn parse<T: DeserializeOwned>(data: &str) -> Option<T> {
    serde_json::from_str(data).ok()
}

/// Why the browser gave up on `target`: `EventSource` reports only that it
/// failed, so the same request is made with `fetch` to read the status and the
/// bridge's JSON error (401, 403, 404 …). A stream that does open is aborted.
pub async fn explain(target: &Target) -> ApiError {
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    let answer = Request::get(&target.url(true))
        .abort_signal(signal.as_ref())
        .send()
        .await;
    let error = match answer {
        Err(error) => ApiError::Network {
            url: target.url(false),
            detail: error.to_string(),
        },
        Ok(response) if response.ok() => ApiError::Decode(
            "the bridge accepts the subscription now, but the event stream failed".to_owned(),
        ),
        Ok(response) => {
            let body = response.text().await.unwrap_or_default();
            ApiError::from_http(response.status(), &body)
        }
    };
    if let Some(controller) = controller {
        controller.abort();
    }
    error
}
