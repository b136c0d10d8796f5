//! Greeter stream: `helloworld.Greeter/SayHelloStream` over gRPC-web, each
//! reply shown the moment it arrives, with a Cancel button while it runs.

use switchboard_wire::diagnose::ProbeKind;
use yew::prelude::*;

use super::{
    call_status::CallStatus,
    error_view::ErrorView,
    fields::{TextArea, TextField},
    panel::Panel,
};
use crate::{
    form::{self, submit},
    history::Replay,
    hooks::{use_app::use_app, use_runner::use_runner, use_stream::use_stream},
    requests::GreeterRequest,
    state::Action,
};

#[component]
pub fn StreamPanel() -> Html {
    let app = use_app();
    let run = use_runner();
    let (view, cancel) = use_stream();
    let request = app.requests.stream.clone();
    let edit =
        |change: fn(&mut GreeterRequest, _)| form::edit(&app, &request, Action::EditStream, change);
    let onsubmit = submit(run, Replay::GreetStream(request.clone()));
    let error = match view.last.as_ref().map(|record| &record.result) {
        Some(Err(error)) => {
            let probe = Some((
                AttrValue::from(app.settings.greeter_url.clone()),
                ProbeKind::GrpcWeb,
            ));
            html! { <ErrorView id="stream" error={error.clone()} {probe} /> }
        }
        _ => html! {},
    };
    html! {
        <Panel id="stream" title="Greeter stream" target="gRPC-web · helloworld.Greeter/SayHelloStream">
            <form {onsubmit}>
                <TextField id="stream-input" label="Name" value={request.name.clone()}
                    hint="A name starting with \"fail\" makes the stream fail after two replies."
                    on_change={edit(|request, value| request.name = value)} />
                <TextArea id="stream-metadata" label="Metadata (name: value per line)"
                    value={request.metadata.clone()} rows={2} placeholder="x-team: payments"
                    on_change={edit(|request, value| request.metadata = value)} />
                <TextField id="stream-deadline" label="Deadline (ms)" kind="number"
                    value={request.deadline_ms.clone()} placeholder="none"
                    on_change={edit(|request, value| request.deadline_ms = value)} />
                <CallStatus id="stream" button="Start stream" in_flight={view.in_flight.is_some()}
                    last={view.last.clone()} />
                <button type="button" class="secondary cancel" data-testid="stream-cancel"
                    disabled={view.in_flight.is_none()} onclick={cancel.reform(|_| ())}>
                    { "Cancel" }
                </button>
            </form>
            <ol class="replies" data-testid="stream-replies" aria-label="Replies, as they arrive"
                aria-live="polite" aria-relevant="additions">
                { for view.replies.iter().map(|reply| html! {
                    <li data-testid="stream-reply">{ reply }</li>
                }) }
            </ol>
            { error }
        </Panel>
    }
}
