//! Where the services are: three base URLs, applied without a rebuild.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::config::{Settings, normalise};

#[derive(Debug, Properties, PartialEq)]
pub struct SettingsPanelProps {
    pub settings: Settings,
    pub on_apply: Callback<Settings>,
}

#[component]
pub fn SettingsPanel(props: &SettingsPanelProps) -> Html {
    let draft = use_state(|| props.settings.clone());
    {
        let draft = draft.clone();
        use_effect_with(props.settings.clone(), move |settings| {
            draft.set(settings.clone())
        });
    }
    let field = |label: &'static str,
                 id: &'static str,
                 kind: &'static str,
                 get: fn(&Settings) -> &String,
                 set: fn(&mut Settings, String)| {
        let draft = draft.clone();
        let oninput = {
            let draft = draft.clone();
            Callback::from(move |event: InputEvent| {
                let mut next = (*draft).clone();
                set(
                    &mut next,
                    event.target_unchecked_into::<HtmlInputElement>().value(),
                );
                draft.set(next);
            })
        };
        html! {
            <label>
                { label }
                <input type={kind} data-testid={id} value={get(&draft).clone()} {oninput} />
            </label>
        }
    };
    let onsubmit = {
        let draft = draft.clone();
        let on_apply = props.on_apply.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let settings = Settings {
                users_url: normalise(&draft.users_url),
                greeter_url: normalise(&draft.greeter_url),
                bridge_url: normalise(&draft.bridge_url),
                bridge_token: draft.bridge_token.trim().to_owned(),
            };
            on_apply.emit(settings);
        })
    };
    html! {
        <details class="settings" data-testid="settings">
            <summary>{ "Settings" }</summary>
            <form {onsubmit}>
                { field("Users API", "settings-users", "url", |s| &s.users_url,
                        |s, v| s.users_url = v) }
                { field("Greeter (gRPC-web)", "settings-greeter", "url", |s| &s.greeter_url,
                        |s, v| s.greeter_url = v) }
                { field("Bridge", "settings-bridge", "url", |s| &s.bridge_url,
                        |s, v| s.bridge_url = v) }
                { field("Bridge token", "settings-token", "password", |s| &s.bridge_token,
                        |s, v| s.bridge_token = v) }
                <button type="submit" data-testid="settings-apply">{ "Apply" }</button>
            </form>
        </details>
    }
}
