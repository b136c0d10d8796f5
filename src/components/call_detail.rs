//! One call in full: request and response with headers, metadata and
//! trailers; run it again, or copy it as a command.

use yew::prelude::*;

use crate::{
    capture::Captured,
    export,
    history::Record,
    hooks::{use_app::use_app, use_runner::use_runner},
    number,
    state::Action,
    trace::Trace,
};

#[derive(Debug, Properties, PartialEq)]
pub struct CallDetailProps {
    pub record: Record,
}

#[component]
pub fn CallDetail(props: &CallDetailProps) -> Html {
    let app = use_app();
    let run = use_runner();
    let record = &props.record;
    let again = {
        let replay = record.replay.clone();
        Callback::from(move |_| run.emit(replay.clone().into()))
    };
    let close = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::Select(None)))
    };
    // The export reuses the call's trace id, so the command is the same call.
    let trace = Trace {
        trace_id: record.trace_id.clone(),
        span_id: "0000000000000001".to_owned(),
    };
    let commands = export::commands(&record.replay, &app.settings, &trace);
    html! {
        <section id="call-detail" class="detail panel" data-testid="call-detail"
            aria-labelledby="call-detail-heading">
            <header class="bar">
                <h2 id="call-detail-heading">
                    { format!("{} · {}", record.transport.label(), record.target) }
                </h2>
                <button type="button" data-testid="detail-run-again" onclick={again}>{ "Run again" }</button>
                <button type="button" class="secondary" onclick={close} aria-label="Close the details">
                    { "Close" }
                </button>
            </header>
            <p class="muted">
                <span class={classes!("badge", if record.ok() { "ok" } else { "err" })}
                    data-testid="detail-status">{ &record.status }</span>
                { format!(" {} · correlation id ", number::millis(record.latency_ms)) }
                <code data-testid="detail-trace">{ &record.trace_id }</code>
            </p>
            if let Err(error) = &record.result {
                <p class="error" role="alert">{ error.to_string() }</p>
            }
            <div class="sides">
                <Side title="Request" id="detail-request" side={record.request.clone()} />
                if let Some(response) = &record.response {
                    <Side title="Response" id="detail-response" side={response.clone()} />
                } else {
                    <div><h3>{ "Response" }</h3><p class="muted">{ "No response arrived." }</p></div>
                }
            </div>
            <h3>{ "As a command" }</h3>
            // The labels are ASCII; `to_lowercase` would link Unicode's case tables (12 KB).
            { for commands.into_iter().map(|(label, command)| html! {
                <div class="command">
                    <span class="muted">{ label }</span>
                    <pre data-testid={format!("export-{}", label.to_ascii_lowercase())}>{ command }</pre>
                </div>
            }) }
        </section>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct SideProps {
    title: AttrValue,
    id: AttrValue,
    side: Captured,
}

#[component]
fn Side(props: &SideProps) -> Html {
    let side = &props.side;
    let table = |caption: &'static str, pairs: &[(String, String)]| {
        if pairs.is_empty() {
            return html! {};
        }
        html! {
            <table>
                <caption>{ caption }</caption>
                { for pairs.iter().map(|(name, value)| html! {
                    <tr><th scope="row">{ name }</th><td>{ value }</td></tr>
                }) }
            </table>
        }
    };
    html! {
        <div data-testid={props.id.clone()}>
            <h3>{ &props.title }</h3>
            <code class="line">{ &side.line }</code>
            { table("Headers / metadata", &side.headers) }
            { table("Trailers", &side.trailers) }
            if !side.body.is_empty() {
                <pre class="body">{ &side.body }</pre>
            }
        </div>
    }
}
