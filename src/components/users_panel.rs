//! Users: `GET /users/{id}` on the users REST API.

use yew::prelude::*;

use super::{
    call_form::CallForm,
    call_status::{CallStatus, StatusView},
    error_view::ErrorView,
    panel::Panel,
};
use crate::hooks::use_user_lookup::use_user_lookup;

#[component]
pub fn UsersPanel() -> Html {
    let (state, fetch) = use_user_lookup();
    let status = StatusView::of(&state, "200 OK");
    let result = match state.last.map(|outcome| outcome.result) {
        Some(Ok(user)) => html! {
            <dl class="result" data-testid="users-result">
                <dt>{ "id" }</dt><dd>{ user.id }</dd>
                <dt>{ "name" }</dt><dd data-testid="users-name">{ user.name }</dd>
                <dt>{ "email" }</dt><dd>{ user.email }</dd>
            </dl>
        },
        Some(Err(error)) => html! { <ErrorView id="users" {error} /> },
        None => html! {},
    };
    html! {
        <Panel id="users" title="Users" target="REST · GET /users/{id}">
            <CallForm id="users" label="User id" button="Fetch user" initial="1"
                in_flight={state.in_flight} on_send={fetch} />
            <CallStatus id="users" in_flight={state.in_flight} {status} />
            { result }
        </Panel>
    }
}
