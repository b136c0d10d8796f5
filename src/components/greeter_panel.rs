//! Greeter: `helloworld.Greeter/SayHello` over gRPC-web.

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
    history::{Answer, Replay, Transport},
    hooks::{use_app::use_app, use_runner::use_runner},
    requests::GreeterRequest,
    state::Action,
};

#[component]
pub fn GreeterPanel() -> Html {
    let app = use_app();
    let run = use_runner();
    let request = app.requests.greeter.clone();
    let edit = |change: fn(&mut GreeterRequest, _)| {
        form::edit(&app, &request, Action::EditGreeter, change)
    };
    let onsubmit = submit(run, Replay::Greet(request.clone()));
    let last = app.latest(Transport::Grpc).cloned();
    let result = match last.as_ref().map(|record| &record.result) {
        Some(Ok(Answer::Greeting(message))) => html! {
            <p class="result" data-testid="greeter-result">{ message }</p>
        },
        Some(Err(error)) => {
            let probe = Some((
                AttrValue::from(app.settings.greeter_url.clone()),
                ProbeKind::GrpcWeb,
            ));
            html! { <ErrorView id="greeter" error={error.clone()} {probe} /> }
        }
        _ => html! {},
    };
    html! {
        <Panel id="greeter" title="Greeter" target="gRPC-web · helloworld.Greeter/SayHello">
            <form {onsubmit}>
                <TextField id="greeter-input" label="Name" value={request.name.clone()}
                    on_change={edit(|request, value| request.name = value)} />
                <TextArea id="greeter-metadata" label="Metadata (name: value per line)"
                    value={request.metadata.clone()} rows={2} placeholder="x-team: payments"
                    on_change={edit(|request, value| request.metadata = value)} />
                <TextField id="greeter-deadline" label="Deadline (ms)" kind="number"
                    value={request.deadline_ms.clone()} placeholder="none"
                    on_change={edit(|request, value| request.deadline_ms = value)} />
                <CallStatus id="greeter" button="Say hello" in_flight={app.busy(Transport::Grpc)}
                    {last} />
            </form>
            { result }
        </Panel>
    }
}
