//! The page: settings on top, then one panel per transport.

use yew::prelude::*;

use crate::{
    components::{
        greeter_panel::GreeterPanel, publish_panel::PublishPanel, settings_panel::SettingsPanel,
        users_panel::UsersPanel,
    },
    config::Settings,
    state::{Action, AppContext, AppState},
};

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| AppState {
        settings: Settings::from_location(),
    });
    let on_apply = {
        let state = state.clone();
        Callback::from(move |settings| state.dispatch(Action::SetSettings(settings)))
    };
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <header class="top">
                <h1>{ "Switchboard" }</h1>
                <p>{ "REST, gRPC-web and RabbitMQ from one page." }</p>
                <SettingsPanel settings={state.settings.clone()} {on_apply} />
            </header>
            <main class="panels">
                <UsersPanel />
                <GreeterPanel />
                <PublishPanel />
            </main>
        </ContextProvider<AppContext>>
    }
}
