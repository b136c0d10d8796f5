//! A panel's send button and status line: a spinner while the call is in
//! flight, then the status (coloured) and the latency.

use yew::prelude::*;

use crate::{history::Record, number};

#[derive(Debug, Properties, PartialEq)]
pub struct CallStatusProps {
    /// Prefix of the `data-testid`s: `{id}-send`, `{id}-inflight`,
    /// `{id}-status`, `{id}-latency`.
    pub id: AttrValue,
    /// The send button's text.
    pub button: AttrValue,
    pub in_flight: bool,
    /// The panel's newest finished call.
    pub last: Option<Record>,
}

#[component]
pub fn CallStatus(props: &CallStatusProps) -> Html {
    let id = &props.id;
    html! {
        <div class="call-status">
            <button type="submit" data-testid={format!("{id}-send")}
                aria-busy={props.in_flight.to_string()} title="Send (Ctrl+Enter)">
                { &props.button }
            </button>
            <span role="status" aria-live="polite" class="status-line">
                if props.in_flight {
                    <span class="spinner" data-testid={format!("{id}-inflight")}>{ "in flight…" }</span>
                }
                if let Some(last) = &props.last {
                    <span class={classes!("badge", if last.ok() { "ok" } else { "err" })}
                        data-testid={format!("{id}-status")}>{ &last.status }</span>
                    <span class="latency" data-testid={format!("{id}-latency")}>
                        { number::millis(last.latency_ms) }
                    </span>
                }
            </span>
        </div>
    }
}
