//! Where the services are, and the bridge's token: applied without a rebuild
//! and kept in localStorage for the next visit.

use yew::prelude::*;

use super::fields::TextField;
use crate::{
    config::{Settings, normalise},
    hooks::use_app::use_app,
    state::Action,
};

#[component]
pub fn SettingsPanel() -> Html {
    let app = use_app();
    let draft = use_state(|| app.settings.clone());
    let field = |change: fn(&mut Settings, String)| {
        let draft = draft.clone();
        Callback::from(move |value| {
            let mut next = (*draft).clone();
            change(&mut next, value);
            draft.set(next);
        })
    };
    let onsubmit = {
        let (draft, app) = (draft.clone(), app.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let settings = Settings {
                users_url: normalise(&draft.users_url),
                greeter_url: normalise(&draft.greeter_url),
                bridge_url: normalise(&draft.bridge_url),
                bridge_token: draft.bridge_token.trim().to_owned(),
            };
            settings.save();
            app.dispatch(Action::SetSettings(settings));
        })
    };
    html! {
        <details class="settings" data-testid="settings">
            <summary>{ "Settings" }</summary>
            <form {onsubmit}>
                <TextField id="settings-users" label="Users API" kind="url"
                    value={draft.users_url.clone()} on_change={field(|s, v| s.users_url = v)} />
                <TextField id="settings-greeter" label="Greeter (gRPC-web)" kind="url"
                    value={draft.greeter_url.clone()} on_change={field(|s, v| s.greeter_url = v)} />
                <TextField id="settings-bridge" label="Bridge" kind="url"
                    value={draft.bridge_url.clone()} on_change={field(|s, v| s.bridge_url = v)} />
                <TextField id="settings-token" label="Bridge token" kind="password"
                    value={draft.bridge_token.clone()} placeholder="none"
                    on_change={field(|s, v| s.bridge_token = v)} />
                <button type="submit" data-testid="settings-apply">{ "Apply and save" }</button>
            </form>
        </details>
    }
}
