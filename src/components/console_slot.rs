//! Where the console (HTTP and gRPC) goes in the page. Its module loads the first time a
//! person opens it (or "Run again" needs it), then mounts here; until then the
//! page carries none of its code. Calls it makes come back for the timeline.

use yew::prelude::*;

use super::panel::Panel;
use crate::{
    console::{self, DRAFT_EVENT, READY_EVENT, RECORD_EVENT, ROOT_ID, RUN_EVENT, SAVE_EVENT},
    history::{CallRecord, Replay},
    hooks::use_app::use_app,
    state::Action,
};

#[component]
pub fn ConsoleSlot() -> Html {
    let app = use_app();
    let slot = app.console.clone();
    // The module's finished calls go into the timeline; its readiness, here.
    {
        let app = app.clone();
        use_effect_with((), move |()| {
            let records = {
                let app = app.clone();
                console::listen(RECORD_EVENT, move |record: CallRecord| {
                    app.dispatch(Action::Finished(Box::new(record)));
                })
            };
            let drafts = {
                let app = app.clone();
                console::listen(DRAFT_EVENT, move |draft| match draft {
                    Replay::Grpc(call) => app.dispatch(Action::EditGrpc(call)),
                    Replay::Http(call) => app.dispatch(Action::EditHttp(call)),
                    Replay::Publish(draft) => app.dispatch(Action::EditPublish(draft)),
                    _ => {}
                })
            };
            let ready = console::listen(READY_EVENT, move |()| app.dispatch(Action::ConsoleReady));
            move || drop((records, drafts, ready))
        });
    }
    use_effect_with(slot.open, |open| {
        if *open {
            console::load();
        }
    });
    {
        let app = app.clone();
        use_effect_with(
            (slot.ready, slot.pending.clone(), slot.saves.clone()),
            move |(ready, pending, saves)| {
                if *ready && (!pending.is_empty() || !saves.is_empty()) {
                    for call in pending {
                        console::send(RUN_EVENT, call);
                    }
                    for request in saves {
                        console::send(SAVE_EVENT, request);
                    }
                    app.dispatch(Action::ConsoleTook);
                }
            },
        );
    }
    if slot.open {
        return html! {
            <div id={ROOT_ID} class="console-root" data-testid="console-root">
                if !slot.ready {
                    <p class="spinner" data-testid="console-loading">{ "Loading the console…" }</p>
                }
            </div>
        };
    }
    let open = Callback::from(move |_| app.dispatch(Action::OpenConsole));
    html! {
        <Panel id="console-slot" title="Console" target="any HTTP request, any gRPC method">
            <p class="hint">
                { "Send any HTTP request, straight from the browser or through the bridge; call any \
                   method of any gRPC server, its schema by server reflection, from .proto files or a \
                   protoset. It loads when you open it." }
            </p>
            <button type="button" data-testid="console-open" onclick={open}>{ "Open the console" }</button>
        </Panel>
    }
}
