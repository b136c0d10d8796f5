//! Every call in one list, grouped by correlation id, newest first. Each entry
//! is a button that opens the call's full request and response.
//!
//! Groups and entries are keyed, and an entry renders again only when its own
//! record or selection changed, so a new call costs one new entry rather
//! than a hundred.

use std::rc::Rc;

use yew::prelude::*;

use super::latency_chart::LatencyChart;
use crate::{
    history::{self, CallRecord},
    hooks::use_app::use_app,
    number,
    state::Action,
};

#[component]
pub fn Timeline() -> Html {
    let app = use_app();
    let clear = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::ClearHistory))
    };
    let groups = history::groups(&app.timeline);
    html! {
        <section class="timeline panel" data-testid="timeline" aria-labelledby="timeline-heading">
            <header class="bar">
                <h2 id="timeline-heading">{ "Timeline" }</h2>
                <button type="button" class="secondary" data-testid="timeline-clear" onclick={clear}
                    disabled={app.timeline.is_empty()}>{ "Clear history" }</button>
            </header>
            <LatencyChart records={app.timeline.clone()} />
            if groups.is_empty() {
                <p class="muted">{ "No calls yet. Send one from a panel, or press Run all." }</p>
            }
            <ol class="groups">
                { for groups.into_iter().map(|(trace_id, records)| html! {
                    <li key={trace_id} class="group" data-testid="timeline-group" data-trace={trace_id.to_owned()}>
                        <div class="group-id">
                            { "correlation " }<code>{ &trace_id[..trace_id.len().min(12)] }</code>
                            { format!(" · {} call{}", records.len(), if records.len() == 1 { "" } else { "s" }) }
                        </div>
                        <ul>
                            { for records.into_iter().map(|record| html! {
                                <Entry key={record.seq} record={record.clone()} selected={app.selected == Some(record.seq)} />
                            }) }
                        </ul>
                    </li>
                }) }
            </ol>
        </section>
    }
}

#[derive(Debug, Properties)]
struct EntryProps {
    record: Rc<CallRecord>,
    selected: bool,
}

impl PartialEq for EntryProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.record, &other.record) && self.selected == other.selected
    }
}

#[component]
fn Entry(props: &EntryProps) -> Html {
    let app = use_app();
    let record = &props.record;
    let onclick = {
        let (seq, selected) = (record.seq, props.selected);
        Callback::from(move |_| app.dispatch(Action::Select((!selected).then_some(seq))))
    };
    let response_size = record.response.as_ref().map_or(0, |response| response.size);
    html! {
        <li>
            <button type="button" class="entry" data-testid="timeline-entry"
                data-transport={record.transport.key()} aria-pressed={props.selected.to_string()}
                aria-controls="call-detail" {onclick}>
                <span class={classes!("transport", record.transport.key())}>{ record.transport.label() }</span>
                <span class="target">{ &record.target }</span>
                <span class={classes!("badge", if record.ok() { "ok" } else { "err" })}>{ &record.status }</span>
                <span class="latency">{ number::millis(record.latency_ms) }</span>
                <span class="sizes" title="request → response body bytes">
                    { format!("{} B → {} B", record.request.size, response_size) }
                </span>
            </button>
        </li>
    }
}
