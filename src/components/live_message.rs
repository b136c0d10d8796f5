//! One message in the Live panel: where it went, its body, ids, headers and
//! flags, and for Switchboard's own messages the time from publish to delivery.

use std::rc::Rc;

use switchboard_wire::{PayloadEncoding, live::FieldValue};
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::{live::Received, number::fixed};

/// Bodies longer than this are cut on screen: 200 large messages would
/// otherwise make the page crawl.
const BODY_SHOWN: usize = 4 * 1024;

#[derive(Debug, Properties, PartialEq)]
pub struct LiveMessageProps {
    pub received: Rc<Received>,
    /// From publish to delivery in this page, when Switchboard published it.
    #[prop_or_default]
    pub latency_ms: Option<f64>,
}

#[component]
pub fn LiveMessage(props: &LiveMessageProps) -> Html {
    let delivery = &props.received.delivery;
    let properties = &delivery.properties;
    let shown = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".to_owned());
    let routing_key = if delivery.routing_key.is_empty() {
        "(no routing key)"
    } else {
        &delivery.routing_key
    };
    let mode = match properties.delivery_mode {
        Some(2) => "persistent",
        Some(_) => "transient",
        None => "—",
    };
    html! {
        <li class="live-message" data-testid="live-message"
            data-message-id={properties.message_id.clone().unwrap_or_default()}>
            <div class="live-line">
                <code data-testid="live-routing-key" title="exchange → routing key">
                    { format!("{} → {routing_key}", delivery.exchange) }
                </code>
                if delivery.redelivered {
                    <span class="badge err" data-testid="live-redelivered">{ "redelivered" }</span>
                }
                if let Some(latency) = props.latency_ms {
                    <span class="latency" data-testid="live-latency"
                        title="from Publish to delivery in this page">
                        { format!("{} ms", fixed(latency, 0)) }
                    </span>
                }
                <time class="muted" datetime={iso(props.received.received_ms)}>
                    { clock(props.received.received_ms) }
                </time>
            </div>
            <pre class="live-body" data-testid="live-body">{ body(&delivery.body, delivery.body_encoding) }</pre>
            <dl class="live-properties">
                <dt>{ "correlation id" }</dt>
                <dd><code data-testid="live-correlation">{ shown(&properties.correlation_id) }</code></dd>
                <dt>{ "message id" }</dt>
                <dd><code data-testid="live-message-id">{ shown(&properties.message_id) }</code></dd>
                <dt>{ "headers" }</dt>
                <dd data-testid="live-headers">{ headers(&properties.headers) }</dd>
                <dt>{ "published" }</dt>
                <dd>{ properties.timestamp.map_or_else(|| "—".to_owned(), published) }</dd>
                <dt>{ "app · type · mode" }</dt>
                <dd>
                    { format!("{} · {} · {mode}", shown(&properties.app_id), shown(&properties.content_type)) }
                </dd>
                <dt>{ "delivery" }</dt>
                <dd>
                    { format!("tag {} · {}", delivery.delivery_tag,
                        if delivery.redelivered { "redelivered" } else { "first delivery" }) }
                </dd>
            </dl>
        </li>
    }
}

/// The body as text, cut when long; base64 bodies say so.
fn body(body: &str, encoding: PayloadEncoding) -> String {
    let cut = match body.char_indices().nth(BODY_SHOWN) {
        Some((end, _)) => format!("{}… ({} bytes in all)", &body[..end], body.len()),
        None => body.to_owned(),
    };
    match encoding {
        PayloadEncoding::Text => cut,
        PayloadEncoding::Base64 => format!("(binary, base64) {cut}"),
    }
}

/// `name: value` pairs, values as JSON.
fn headers(headers: &std::collections::BTreeMap<String, FieldValue>) -> String {
    if headers.is_empty() {
        return "—".to_owned();
    }
    headers
        .iter()
        .map(|(name, value)| match value {
            FieldValue::Text(text) => format!("{name}: {text}"),
            other => format!(
                "{name}: {}",
                serde_json::to_string(other).unwrap_or_default()
            ),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn date(ms: f64) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(ms))
}

/// ISO 8601, or `None` for a time beyond what a `Date` holds, for which
/// `toISOString` would throw.
fn iso(ms: f64) -> Option<String> {
    let at = date(ms);
    (!at.get_time().is_nan()).then(|| at.to_iso_string().into())
}

/// A publisher's timestamp (seconds since the epoch) in ISO 8601, or as its
/// number when a `Date` cannot hold it.
fn published(seconds: u64) -> String {
    iso(seconds as f64 * 1000.0)
        .unwrap_or_else(|| format!("{} ms since the epoch", u128::from(seconds) * 1000))
}

/// The local time of day, to the millisecond.
fn clock(ms: f64) -> String {
    let at = date(ms);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        at.get_hours(),
        at.get_minutes(),
        at.get_seconds(),
        at.get_milliseconds()
    )
}
