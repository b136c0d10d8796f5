//! The page: a header with settings, "Run all" and sharing; one panel per
//! transport; then the timeline and the selected call in detail.

use yew::prelude::*;

use crate::{
    api::engine::Engine,
    components::{
        call_detail::CallDetail, console_slot::ConsoleSlot, greeter_panel::GreeterPanel,
        live_panel::LivePanel, publish_panel::PublishPanel, settings_panel::SettingsPanel,
        share_link::ShareLink, stream_panel::StreamPanel, timeline::Timeline,
        users_panel::UsersPanel,
    },
    config::Settings,
    history::{self, Replay},
    hooks::{
        use_app::use_app,
        use_persistence::use_persistence,
        use_runner::{Run, use_runner},
        use_shared_requests::use_shared_requests,
        use_shortcuts::use_shortcuts,
    },
    perf, share,
    state::{AppContext, AppState, CallIds},
    trace::Trace,
};

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let mut state = AppState::new(
            Settings::load(),
            share::from_location().unwrap_or_default(),
            history::load(),
        );
        state.ids = CallIds::from_clock();
        state
    });
    // The root's first effect runs once the whole tree has rendered.
    // The schema worker, which makes the Greeter's calls: started on the
    // first one.
    let engine = use_memo((), |()| Engine::default());
    use_effect_with((), |()| perf::interactive());
    html! {
        <ContextProvider<AppContext> context={state}>
            <ContextProvider<Engine> context={(*engine).clone()}>
                <Console />
            </ContextProvider<Engine>>
        </ContextProvider<AppContext>>
    }
}

#[component]
fn Console() -> Html {
    let app = use_app();
    let run = use_runner();
    perf::state_rendered();
    // After the render that put a call's record in the timeline, its result
    // is on screen. First among this component's effects, so that the mark is
    // the render's and not the effects' after it.
    use_effect_with(app.timeline.clone(), perf::calls_rendered);
    use_shortcuts();
    use_shared_requests();
    use_persistence(&app);
    // One action, three calls, one correlation id.
    let run_all = {
        let (app, run) = (app.clone(), run.clone());
        Callback::from(move |_| {
            let trace = Trace::new();
            let requests = &app.requests;
            for replay in [
                Replay::User(requests.users.clone()),
                Replay::Greet(requests.greeter.clone()),
                Replay::Publish(requests.publish.clone()),
            ] {
                run.emit(Run {
                    replay,
                    trace: Some(trace.child()),
                });
            }
        })
    };
    html! {
        <>
            <header class="top">
                <div class="title">
                    <h1>{ "Switchboard" }</h1>
                    <p>{ "REST, gRPC-web and RabbitMQ from one page. Ctrl+Enter sends from any field." }</p>
                </div>
                <div class="actions">
                    <button type="button" data-testid="run-all" onclick={run_all}
                        title="Send all three requests under one correlation id">
                        { "Run all" }
                    </button>
                    <ShareLink />
                </div>
                <SettingsPanel />
            </header>
            <main>
                <div class="panels">
                    <UsersPanel />
                    <GreeterPanel />
                    <StreamPanel />
                    <ConsoleSlot />
                    <PublishPanel />
                    <LivePanel />
                </div>
                <div class="history">
                    <Timeline records={app.timeline.clone()} selected={app.selected}
                        dispatch={app.dispatcher()} />
                    if let Some(record) = app.selected_record() {
                        <CallDetail record={record.clone()} />
                    }
                </div>
            </main>
        </>
    }
}
