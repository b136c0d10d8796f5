//! Greeter: `helloworld.Greeter/SayHello` over gRPC-web.

use switchboard_wire::diagnose::ProbeKind;
use yew::prelude::*;

use super::{
    call_error::CallError, call_status::CallStatus, greeter_fields::GreeterFields, panel::Panel,
};
use crate::{
    form::submit,
    history::{Answer, Replay, Transport},
    hooks::{
        use_app::use_app, use_draft::use_draft, use_runner::use_runner,
        use_warm_worker::use_warm_worker,
    },
    state::Action,
};

#[component]
pub fn GreeterPanel() -> Html {
    let app = use_app();
    let run = use_runner();
    let draft = use_draft(&app.requests.greeter, Action::EditGreeter);
    let request = draft.value.clone();
    let onsubmit = submit(run, Replay::Greet(request.clone()));
    let last = app.latest(Transport::Grpc).cloned();
    // Pointing at the form or moving into it with the keyboard starts the
    // worker the call goes through, ahead of the click.
    let warm = use_warm_worker();
    let onpointerenter = warm.reform(|_: PointerEvent| ());
    let onfocusin = warm.reform(|_: FocusEvent| ());
    let greeting = match last.as_ref().map(|record| &record.result) {
        Some(Ok(Answer::Greeting(message))) => html! {
            <p class="result" data-testid="greeter-result">{ message }</p>
        },
        _ => html! {},
    };
    let probe = Some((
        AttrValue::from(app.settings.greeter_url.clone()),
        ProbeKind::GrpcWeb,
    ));
    html! {
        <Panel id="greeter" title="Greeter" target="gRPC-web · helloworld.Greeter/SayHello">
            <form {onsubmit} onfocusout={draft.flush.clone()} {onpointerenter} {onfocusin}>
                <GreeterFields id="greeter" {request} on_change={draft.on_change.clone()} />
                <CallStatus id="greeter" button="Say hello" in_flight={app.busy(Transport::Grpc)}
                    last={last.clone()} />
            </form>
            { greeting }
            <CallError id="greeter" {last} {probe} />
        </Panel>
    }
}
