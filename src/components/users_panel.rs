//! Users: `GET /users/{id}` on the users REST API.

use switchboard_wire::diagnose::ProbeKind;
use yew::prelude::*;

use super::{
    call_error::CallError,
    call_status::CallStatus,
    fields::{TextArea, TextField},
    panel::Panel,
};
use crate::{
    form::{self, submit},
    history::{Answer, Replay, Transport},
    hooks::{use_app::use_app, use_draft::use_draft, use_runner::use_runner},
    requests::UsersRequest,
    state::Action,
};

#[component]
pub fn UsersPanel() -> Html {
    let app = use_app();
    let run = use_runner();
    let draft = use_draft(&app.requests.users, Action::EditUsers);
    let request = draft.value.clone();
    let edit = |change: fn(&mut UsersRequest, _)| form::change(&request, &draft.on_change, change);
    let onsubmit = submit(run, Replay::User(request.clone()));
    let last = app.latest(Transport::Rest).cloned();
    let user = match last.as_ref().map(|record| &record.result) {
        Some(Ok(Answer::User(user))) => html! {
            <dl class="result" data-testid="users-result">
                <dt>{ "id" }</dt><dd>{ user.id }</dd>
                <dt>{ "name" }</dt><dd data-testid="users-name">{ &user.name }</dd>
                <dt>{ "email" }</dt><dd>{ &user.email }</dd>
            </dl>
        },
        _ => html! {},
    };
    let probe = Some((
        AttrValue::from(app.settings.users_url.clone()),
        ProbeKind::Rest,
    ));
    html! {
        <Panel id="users" title="Users" target="REST · GET /users/{id}">
            <form {onsubmit} onfocusout={draft.flush.clone()}>
                <TextField id="users-input" label="User id" value={request.id.clone()}
                    on_change={edit(|request, value| request.id = value)} />
                <TextArea id="users-headers" label="Extra headers (name: value per line)"
                    value={request.headers.clone()} rows={2} placeholder="x-tenant: acme"
                    on_change={edit(|request, value| request.headers = value)} />
                <CallStatus id="users" button="Fetch user" in_flight={app.busy(Transport::Rest)}
                    last={last.clone()} />
            </form>
            { user }
            <CallError id="users" {last} {probe} />
        </Panel>
    }
}
