//! Where the gRPC console goes in the page. Its module loads the first time a
//! person opens it (or "Run again" needs it), then mounts here; until then the
//! page carries none of its code. Calls it makes come back for the timeline.

use yew::prelude::*;

use super::panel::Panel;
use crate::{
    console::{self, DRAFT_EVENT, READY_EVENT, RECORD_EVENT, ROOT_ID, RUN_EVENT},
    history::CallRecord,
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
                console::listen(DRAFT_EVENT, move |call| {
                    app.dispatch(Action::EditGrpc(call))
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
            (slot.ready, slot.pending.clone()),
            move |(ready, pending)| {
                if *ready && !pending.is_empty() {
                    for call in pending {
                        console::send(RUN_EVENT, call);
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
                    <p class="spinner" data-testid="console-loading">{ "Loading the gRPC console…" }</p>
                }
            </div>
        };
    }
    let open = Callback::from(move |_| app.dispatch(Action::OpenConsole));
    html! {
        <Panel id="console-slot" title="gRPC console" target="any method of any gRPC server">
            <p class="hint">
                { "Call any method of any gRPC server: the schema by server reflection, from .proto \
                   files or a protoset; straight to gRPC-web servers, or through the bridge to native \
                   gRPC ones. It loads when you open it." }
            </p>
            <button type="button" data-testid="console-open" onclick={open}>{ "Open the gRPC console" }</button>
        </Panel>
    }
}
