//! Greeter: `helloworld.Greeter/SayHello` over gRPC-web.

use yew::prelude::*;

use super::{
    call_form::CallForm,
    call_status::{CallStatus, StatusView},
    error_view::ErrorView,
    panel::Panel,
};
use crate::hooks::use_greeter::use_greeter;

#[component]
pub fn GreeterPanel() -> Html {
    let (state, say_hello) = use_greeter();
    let status = StatusView::of(&state, "OK");
    let result = match state.last.map(|outcome| outcome.result) {
        Some(Ok(message)) => html! {
            <p class="result" data-testid="greeter-result">{ message }</p>
        },
        Some(Err(error)) => html! { <ErrorView id="greeter" {error} /> },
        None => html! {},
    };
    html! {
        <Panel id="greeter" title="Greeter" target="gRPC-web · helloworld.Greeter/SayHello">
            <CallForm id="greeter" label="Name" button="Say hello" initial="Ada"
                in_flight={state.in_flight} on_send={say_hello} />
            <CallStatus id="greeter" in_flight={state.in_flight} {status} />
            { result }
        </Panel>
    }
}
