//! Publish: a message to RabbitMQ through the bridge, confirmed by the broker.

use serde::de::IgnoredAny;
use yew::prelude::*;

use super::{
    broker_badge::BrokerBadge,
    call_error::CallError,
    call_status::CallStatus,
    fields::{Checkbox, Select, TextArea, TextField},
    panel::Panel,
};
use crate::{
    form::{self, submit},
    history::{Answer, Replay, Transport},
    hooks::{
        use_app::use_app, use_broker_status::use_broker_status, use_draft::use_draft,
        use_runner::use_runner,
    },
    requests::{PayloadFormat, PublishDraft, ToSave},
    state::Action,
};

#[component]
pub fn PublishPanel() -> Html {
    let app = use_app();
    let run = use_runner();
    let broker = use_broker_status();
    let editing = use_draft(&app.requests.publish, Action::EditPublish);
    let draft = editing.value.clone();
    let json_error = (draft.format == PayloadFormat::Json)
        .then(|| serde_json::from_str::<IgnoredAny>(&draft.payload).err())
        .flatten()
        .map(|error| AttrValue::from(format!("Not valid JSON: {error}")));
    let edit =
        |change: fn(&mut PublishDraft, String)| form::change(&draft, &editing.on_change, change);
    let flag =
        |change: fn(&mut PublishDraft, bool)| form::change(&draft, &editing.on_change, change);
    let onsubmit = submit(run, Replay::Publish(draft.clone()));
    let last = app.latest(Transport::Amqp).cloned();
    let confirmed = match last.as_ref().map(|record| &record.result) {
        Some(Ok(Answer::Published(published))) => html! {
            <p class="result" data-testid="publish-result">
                { "confirmed · " }
                <span data-testid="publish-routed">{ routed_text(published.routed) }</span>
                { " · message id " }
                <code data-testid="publish-message-id">{ &published.message_id }</code>
            </p>
        },
        _ => html! {},
    };
    let format_options = vec![
        (AttrValue::from("text"), AttrValue::from("Text")),
        (AttrValue::from("json"), AttrValue::from("JSON")),
    ];
    let format = match draft.format {
        PayloadFormat::Text => "text",
        PayloadFormat::Json => "json",
    };
    html! {
        <Panel id="publish" title="Publish" target="AMQP · via the bridge, confirmed by RabbitMQ">
            <BrokerBadge status={broker} />
            <form {onsubmit} onfocusout={editing.flush.clone()}>
                <div class="row">
                    <TextField id="publish-exchange" label="Exchange" value={draft.exchange.clone()}
                        placeholder="logs (the bridge's)"
                        on_change={edit(|d, v| d.exchange = v)} />
                    <TextField id="publish-routing-key" label="Routing key"
                        value={draft.routing_key.clone()}
                        on_change={edit(|d, v| d.routing_key = v)} />
                </div>
                <TextArea id="publish-input" label="Payload" value={draft.payload.clone()}
                    invalid={json_error} rows={3}
                    on_change={edit(|d, v| d.payload = v)} />
                <div class="row">
                    <Select id="publish-format" label="Payload is" value={format}
                        options={format_options}
                        on_change={edit(|d, v: String| {
                            d.format = if v == "json" { PayloadFormat::Json } else { PayloadFormat::Text };
                        })} />
                    <TextField id="publish-content-type" label="Content type"
                        value={draft.content_type.clone()} placeholder="text/plain"
                        on_change={edit(|d, v| d.content_type = v)} />
                </div>
                <TextArea id="publish-headers" label="Headers (name: value per line)"
                    value={draft.headers.clone()} rows={2} placeholder="source: switchboard"
                    on_change={edit(|d, v| d.headers = v)} />
                <div class="row">
                    <Checkbox id="publish-persistent" label="Persistent" checked={draft.persistent}
                        on_change={flag(|d, v| d.persistent = v)} />
                    <Checkbox id="publish-mandatory" label="Mandatory (report unroutable)"
                        checked={draft.mandatory}
                        on_change={flag(|d, v| d.mandatory = v)} />
                </div>
                <CallStatus id="publish" button="Publish" in_flight={app.busy(Transport::Amqp)}
                    last={last.clone()} />
            </form>
            <button type="button" class="secondary" data-testid="publish-save"
                title="Save this publish in a collection, in the console"
                onclick={{
                    let (app, draft) = (app.clone(), draft.clone());
                    Callback::from(move |_| app.dispatch(Action::SaveInConsole(ToSave::Publish(draft.clone()))))
                }}>
                { "Save to a collection" }
            </button>
            { confirmed }
            <CallError id="publish" {last} />
        </Panel>
    }
}

/// Where a confirmed message went, as far as RabbitMQ says.
fn routed_text(routed: Option<bool>) -> &'static str {
    match routed {
        Some(true) => "routed to a queue",
        Some(false) => "not routed to any queue",
        None => "routing not reported (not mandatory)",
    }
}
