//! A call's status line: an in-flight spinner, then the status and latency.

use yew::prelude::*;

use crate::hooks::use_call::CallState;

/// What the status line shows about a finished call.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusView {
    pub label: String,
    pub ok: bool,
    pub latency_ms: f64,
}

impl StatusView {
    /// The status of `state`'s last call: `ok_label` on success, the error's
    /// own status otherwise.
    pub fn of<T>(state: &CallState<T>, ok_label: &str) -> Option<Self> {
        state.last.as_ref().map(|outcome| Self {
            label: match &outcome.result {
                Ok(_) => ok_label.to_owned(),
                Err(error) => error.status_label(),
            },
            ok: outcome.result.is_ok(),
            latency_ms: outcome.latency_ms,
        })
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct CallStatusProps {
    /// Prefix of the `data-testid`s: `{id}-inflight`, `{id}-status`, `{id}-latency`.
    pub id: AttrValue,
    pub in_flight: bool,
    pub status: Option<StatusView>,
}

#[component]
pub fn CallStatus(props: &CallStatusProps) -> Html {
    let id = &props.id;
    html! {
        <div class="call-status" role="status" aria-live="polite">
            if props.in_flight {
                <span class="spinner" data-testid={format!("{id}-inflight")}>{ "in flight…" }</span>
            }
            if let Some(status) = &props.status {
                <span class={classes!("badge", if status.ok { "ok" } else { "err" })}
                    data-testid={format!("{id}-status")}>{ &status.label }</span>
                <span class="latency" data-testid={format!("{id}-latency")}>
                    { format!("{:.1} ms", status.latency_ms) }
                </span>
            }
        </div>
    }
}
