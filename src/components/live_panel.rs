//! Live: messages as they arrive on an exchange, through the bridge's live
//! tail, including those other programs publish. Switchboard's own messages
//! (found by message id in the timeline) show the time from publish to
//! delivery, both taken with the page's clock.

use std::collections::HashMap;

use yew::prelude::*;

use super::{error_view::ErrorView, fields::TextField, live_message::LiveMessage, panel::Panel};
use crate::{
    history::{Answer, Record, Transport},
    hooks::{use_app::use_app, use_live_tail::use_live_tail},
    live::{KEPT_MESSAGES, LiveStatus},
    requests::ToSave,
    state::Action,
};

/// When each of Switchboard's own publishes started, by message id.
fn publish_starts(timeline: &[Record]) -> HashMap<String, f64> {
    timeline
        .iter()
        .filter(|record| record.transport == Transport::Amqp)
        .filter_map(|record| match &record.result {
            Ok(Answer::Published(published)) => Some((published.message_id.clone(), record.at_ms)),
            _ => None,
        })
        .collect()
}

#[component]
pub fn LivePanel() -> Html {
    let app = use_app();
    let tail = use_live_tail();
    let running = tail.running();
    let onsubmit = {
        let (start, stop) = (tail.start.clone(), tail.stop.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if running {
                stop.emit(())
            } else {
                start.emit(())
            }
        })
    };
    let clear = {
        let clear = tail.clear.clone();
        Callback::from(move |_| clear.emit(()))
    };
    let save = {
        let app = app.clone();
        let request = ToSave::Tail {
            exchange: tail.exchange.clone(),
            binding_key: tail.binding_key.clone(),
        };
        Callback::from(move |_: MouseEvent| app.dispatch(Action::SaveInConsole(request.clone())))
    };
    let state = &tail.state;
    let (badge, status) = match &state.status {
        LiveStatus::Stopped => ("pending", "stopped".to_owned()),
        LiveStatus::Connecting => ("pending", "connecting…".to_owned()),
        LiveStatus::Live { .. } => ("ok", "live".to_owned()),
        LiveStatus::Reconnecting(reason) => ("pending", format!("reconnecting ({reason})")),
        LiveStatus::Failed(None) => ("err", "failed; asking the bridge why…".to_owned()),
        LiveStatus::Failed(Some(error)) => ("err", error.status_label()),
    };
    // Worked out again only when the timeline changes, not on every keystroke.
    let starts = use_memo(app.timeline.clone(), |timeline| publish_starts(timeline));
    let messages = state.messages.iter().map(|received| {
        let latency_ms = received
            .delivery
            .properties
            .message_id
            .as_deref()
            .and_then(|id| starts.get(id))
            .map(|started| received.received_ms - started);
        html! { <LiveMessage key={received.seq} received={received.clone()} {latency_ms} /> }
    });
    html! {
        <Panel id="live" title="Live" target="AMQP · live tail via the bridge (Server-Sent Events)">
            <form {onsubmit}>
                <div class="row">
                    <TextField id="live-exchange" label="Exchange" value={tail.exchange.clone()}
                        placeholder="logs (the bridge's)" on_change={tail.set_exchange.clone()} />
                    <TextField id="live-binding-key" label="Binding key"
                        value={tail.binding_key.clone()} placeholder="# for all on a topic exchange"
                        on_change={tail.set_binding_key.clone()} />
                </div>
                <div class="call-status">
                    <button type="submit" data-testid={if running { "live-stop" } else { "live-start" }}
                        title="Start or stop the live tail (Ctrl+Enter)">
                        { if running { "Stop" } else { "Start" } }
                    </button>
                    <button type="button" class="secondary" data-testid="live-clear" onclick={clear}
                        disabled={state.messages.is_empty()}>{ "Clear" }</button>
                    <button type="button" class="secondary" data-testid="live-save" onclick={save}
                        title="Save these settings in a collection, in the console">
                        { "Save to a collection" }
                    </button>
                    <span role="status" aria-live="polite" class="status-line">
                        <span class={classes!("badge", badge)} data-testid="live-status">{ status }</span>
                        <span class={classes!("live-dropped", (state.dropped > 0).then_some("warn"))}
                            data-testid="live-dropped"
                            title="Messages the bridge dropped because this page read too slowly">
                            { format!("{} dropped", state.dropped) }
                        </span>
                    </span>
                </div>
                if let LiveStatus::Live { queue } = &state.status {
                    <p class="live-queue">
                        { "queue " }
                        <code data-testid="live-queue"
                            title="This page's queue on the broker; it is deleted when the page closes">
                            { queue }
                        </code>
                    </p>
                }
            </form>
            if let LiveStatus::Failed(Some(error)) = &state.status {
                <ErrorView id="live" error={error.clone()} />
            }
            <ol class="live-messages" data-testid="live-messages" role="log" aria-live="polite"
                aria-relevant="additions" aria-label="Received messages, newest first">
                { for messages }
            </ol>
            if state.messages.is_empty() {
                <p class="muted">{ format!(
                    "No messages yet. Start, then publish; the newest {KEPT_MESSAGES} stay here."
                ) }</p>
            }
        </Panel>
    }
}
