//! Publish: a message to the `logs` fanout exchange, through the bridge.

use yew::prelude::*;

use super::{
    broker_badge::BrokerBadge,
    call_form::CallForm,
    call_status::{CallStatus, StatusView},
    error_view::ErrorView,
    panel::Panel,
};
use crate::hooks::{use_broker_status::use_broker_status, use_publish::use_publish};

#[component]
pub fn PublishPanel() -> Html {
    let (state, publish) = use_publish();
    let broker = use_broker_status();
    let status = StatusView::of(&state, "confirmed");
    let result = match state.last.map(|outcome| outcome.result) {
        Some(Ok(published)) => html! {
            <p class="result" data-testid="publish-result">
                { "confirmed · message id " }
                <code data-testid="publish-message-id">{ published.message_id }</code>
            </p>
        },
        Some(Err(error)) => html! { <ErrorView id="publish" {error} /> },
        None => html! {},
    };
    html! {
        <Panel id="publish" title="Publish" target="AMQP · exchange logs (fanout), via the bridge">
            <BrokerBadge status={broker} />
            <CallForm id="publish" label="Message" button="Publish" initial="hello from Switchboard"
                in_flight={state.in_flight} on_send={publish} />
            <CallStatus id="publish" in_flight={state.in_flight} {status} />
            { result }
        </Panel>
    }
}
