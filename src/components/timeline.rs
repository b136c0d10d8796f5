//! Every call in one list, grouped by correlation id, newest first. Each entry
//! is a button that opens the call's full request and response.
//!
//! The timeline gets its calls as props and changes the state through the
//! reducer's dispatcher, rather than reading the whole app state: a call
//! that starts, a keystroke in a panel, or any other change that leaves the
//! calls alone does not render it. When a call lands, groups and entries are
//! keyed and render again only if their own calls or selection changed, so a
//! new call costs one new group rather than a hundred.

use yew::prelude::*;

use super::latency_chart::LatencyChart;
use crate::{
    history::{self, History, Record},
    number,
    state::{Action, AppState},
};

/// Changes the app state without subscribing to it.
pub type Dispatch = UseReducerDispatcher<AppState>;

#[derive(Debug, Properties, PartialEq)]
pub struct TimelineProps {
    pub records: History,
    /// The call shown in detail.
    pub selected: Option<u64>,
    pub dispatch: Dispatch,
}

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let clear = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ClearHistory))
    };
    let groups = history::groups(&props.records);
    html! {
        <section class="timeline panel" data-testid="timeline" aria-labelledby="timeline-heading">
            <header class="bar">
                <h2 id="timeline-heading">{ "Timeline" }</h2>
                <button type="button" class="secondary" data-testid="timeline-clear" onclick={clear}
                    disabled={props.records.is_empty()}>{ "Clear history" }</button>
            </header>
            <LatencyChart records={props.records.clone()} />
            if groups.is_empty() {
                <p class="muted">{ "No calls yet. Send one from a panel, or press Run all." }</p>
            }
            <ol class="groups">
                { for groups.into_iter().map(|(trace_id, records)| {
                    // A group sees the selection only when it holds the selected call.
                    let selected = props.selected.filter(|seq| records.iter().any(|record| record.seq == *seq));
                    let records: Vec<Record> = records.into_iter().cloned().collect();
                    html! {
                        <Group key={trace_id} trace_id={AttrValue::from(trace_id.to_owned())} {records}
                            {selected} dispatch={props.dispatch.clone()} />
                    }
                }) }
            </ol>
        </section>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct GroupProps {
    trace_id: AttrValue,
    /// Newest first.
    records: Vec<Record>,
    /// The selected call, if it is in this group.
    selected: Option<u64>,
    dispatch: Dispatch,
}

/// The calls of one action: those that share a correlation id.
#[component]
fn Group(props: &GroupProps) -> Html {
    let trace_id = &props.trace_id;
    let count = props.records.len();
    html! {
        <li class="group" data-testid="timeline-group" data-trace={trace_id.clone()}>
            <div class="group-id">
                { "correlation " }<code>{ &trace_id[..trace_id.len().min(12)] }</code>
                { format!(" · {count} call{}", if count == 1 { "" } else { "s" }) }
            </div>
            <ul>
                { for props.records.iter().map(|record| html! {
                    <Entry key={record.seq} record={record.clone()}
                        selected={props.selected == Some(record.seq)} dispatch={props.dispatch.clone()} />
                }) }
            </ul>
        </li>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct EntryProps {
    record: Record,
    selected: bool,
    dispatch: Dispatch,
}

#[component]
fn Entry(props: &EntryProps) -> Html {
    let record = &props.record;
    let onclick = {
        let (seq, selected, dispatch) = (record.seq, props.selected, props.dispatch.clone());
        Callback::from(move |_| dispatch.dispatch(Action::Select((!selected).then_some(seq))))
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
