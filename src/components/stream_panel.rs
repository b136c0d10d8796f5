//! Greeter stream: `helloworld.Greeter/SayHelloStream` over gRPC-web, each
//! reply shown the moment it arrives, with a Cancel button while it runs.

use switchboard_wire::diagnose::ProbeKind;
use yew::prelude::*;

use super::{
    call_error::CallError, call_status::CallStatus, greeter_fields::GreeterFields, panel::Panel,
};
use crate::{
    form::submit,
    history::Replay,
    hooks::{
        use_app::use_app, use_draft::use_draft, use_runner::use_runner, use_stream::use_stream,
    },
    state::Action,
};

#[component]
pub fn StreamPanel() -> Html {
    let app = use_app();
    let run = use_runner();
    let (view, cancel) = use_stream(|replay| matches!(replay, Replay::GreetStream(_)));
    let draft = use_draft(&app.requests.stream, Action::EditStream);
    let request = draft.value.clone();
    let onsubmit = submit(run, Replay::GreetStream(request.clone()));
    let probe = Some((
        AttrValue::from(app.settings.greeter_url.clone()),
        ProbeKind::GrpcWeb,
    ));
    html! {
        <Panel id="stream" title="Greeter stream" target="gRPC-web · helloworld.Greeter/SayHelloStream">
            <form {onsubmit} onfocusout={draft.flush.clone()}>
                <GreeterFields id="stream" {request}
                    name_hint="A name starting with \"fail\" makes the stream fail after two replies."
                    on_change={draft.on_change.clone()} />
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
            <CallError id="stream" last={view.last.clone()} {probe} />
        </Panel>
    }
}
