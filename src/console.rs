//! The console as a module of its own, loaded the first time a person opens
//! it: the page's first load carries none of its code (the HTTP and gRPC
//! consoles, the request forms, the schema worker's client), only the slot it
//! mounts in.
//!
//! Page and module are two wasm instances in one window, so they talk in DOM
//! events on `window`, with JSON in the event's `detail`:
//! - [`RUN_EVENT`], page to module: a console call to make (the timeline's
//!   "Run again"), a [`Replay::Grpc`] or [`Replay::Http`]; the module makes it
//!   like one from its own form.
//! - [`RECORD_EVENT`], module to page: a finished call, for the page's timeline.
//! - [`READY_EVENT`], module to page: the module is mounted and listening.
//! - [`DRAFT_EVENT`], module to page: a call as edited (a [`Replay`]), which
//!   the page's share links carry.

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use switchboard_collection::{Item, SavedRequest, Tail};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CustomEvent, CustomEventInit, HtmlScriptElement};
use yew::prelude::*;

use crate::{
    api::engine::Engine,
    components::{
        collections_panel::CollectionsPanel, environments::Environments, grpc_console::GrpcConsole,
        http_console::HttpConsole, save_request::save,
    },
    config::Settings,
    history::{CallRecord, History, Replay},
    hooks::{
        use_app::use_app,
        use_console_runner::use_console_runner,
        use_http_console::HttpReplies,
        use_workspace::{WorkspaceHandle, use_workspace, use_workspace_provider},
    },
    requests::ToSave,
    share,
    state::{AppContext, AppState, CallIds},
};

/// The id of the element the module mounts in.
pub const ROOT_ID: &str = "console-root";
/// A console call to make; detail: a [`Replay`].
pub const RUN_EVENT: &str = "switchboard:console-run";
/// A finished console call; detail: a [`CallRecord`].
pub const RECORD_EVENT: &str = "switchboard:console-record";
/// The module is listening.
pub const READY_EVENT: &str = "switchboard:console-ready";
/// A request of the page's panels to save in a collection; detail: a
/// [`ToSave`](crate::requests::ToSave).
pub const SAVE_EVENT: &str = "switchboard:console-save";
/// A saved live tail's settings for the page's Live panel; detail: a
/// [`ToSave::Tail`].
pub const TAIL_EVENT: &str = "switchboard:console-tail";
/// A console call as edited; detail: a [`Replay`].
pub const DRAFT_EVENT: &str = "switchboard:console-draft";

/// How long typing in the console pauses before the page gets the draft.
const DRAFT_PAUSE_MS: u32 = 300;

/// The module's files, built by trunk beside the page (index.html).
const MODULE_JS: &str = "./console.js";
const MODULE_WASM: &str = "./console_bg.wasm";

/// Mounts the console in the page's slot for it.
pub fn mount() {
    let root = gloo_utils::document().get_element_by_id(ROOT_ID);
    match root {
        Some(root) => {
            yew::Renderer::<ConsoleApp>::with_root(root).render();
        }
        None => web_sys::console::error_1(&"the gRPC console has no slot to mount in".into()),
    }
}

/// Loads the module (once): its wasm-bindgen script, then a call that starts
/// it. The script defines `wasm_bindgen` as a global binding, which only
/// another script sees, so the start is a script too.
pub fn load() {
    let document = gloo_utils::document();
    if document.get_element_by_id("console-module").is_some() {
        return;
    }
    let script = |id: &str| {
        let element = document.create_element("script").ok()?;
        element.set_id(id);
        element.dyn_into::<HtmlScriptElement>().ok()
    };
    let Some(module) = script("console-module") else {
        return;
    };
    module.set_src(MODULE_JS);
    let start = script("console-start");
    let onload = EventListener::once(&module, "load", move |_| {
        if let Some(start) = start
            && start
                .set_text(&format!("wasm_bindgen({MODULE_WASM:?});"))
                .is_ok()
        {
            let _ = gloo_utils::body().append_child(&start);
        }
    });
    // The listener lives as long as the page: the module loads once.
    onload.forget();
    let _ = gloo_utils::body().append_child(&module);
}

/// Dispatches `name` on `window` with `detail` as JSON.
pub fn send(name: &str, detail: &impl serde::Serialize) {
    let Ok(json) = serde_json::to_string(detail) else {
        return;
    };
    let init = CustomEventInit::new();
    init.set_detail(&JsValue::from_str(&json));
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = gloo_utils::window().dispatch_event(&event);
    }
}

/// Listens for `name` on `window`, handing each event's JSON detail, read as
/// `T`, to `on_event`; details that do not read are ignored.
pub fn listen<T: serde::de::DeserializeOwned + 'static>(
    name: &'static str,
    on_event: impl Fn(T) + 'static,
) -> EventListener {
    EventListener::new(&gloo_utils::window(), name, move |event| {
        let detail = event
            .dyn_ref::<CustomEvent>()
            .and_then(|event| event.detail().as_string());
        if let Some(value) = detail.and_then(|json| serde_json::from_str(&json).ok()) {
            on_event(value);
        }
    })
}

/// The module's root: a state of its own (the page's is in another wasm
/// instance), the schema worker, and the console.
#[component]
fn ConsoleApp() -> Html {
    let state = use_reducer(|| {
        let mut state = AppState::new(
            Settings::load(),
            share::from_location().unwrap_or_default(),
            History::default(),
        );
        state.ids = CallIds::from_clock();
        state
    });
    let engine = use_memo((), |()| Engine::default());
    let replies: HttpReplies = use_state(|| None);
    let workspace = use_workspace_provider();
    html! {
        <ContextProvider<AppContext> context={state}>
            <ContextProvider<Engine> context={(*engine).clone()}>
                <ContextProvider<HttpReplies> context={replies}>
                    <ContextProvider<WorkspaceHandle> context={workspace}>
                        <Bridge />
                        <Environments />
                        <HttpConsole />
                        <GrpcConsole />
                        <CollectionsPanel />
                    </ContextProvider<WorkspaceHandle>>
                </ContextProvider<HttpReplies>>
            </ContextProvider<Engine>>
        </ContextProvider<AppContext>>
    }
}

/// The module's side of the events: runs the page's calls, and reports each
/// finished call to the page.
#[component]
fn Bridge() -> Html {
    let app = use_app();
    let run = use_console_runner().callback();
    {
        let run = run.clone();
        use_effect_with((), move |()| {
            let listener = listen(RUN_EVENT, move |replay: Replay| run.emit(replay));
            send(READY_EVENT, &());
            move || drop(listener)
        });
    }
    // The page's requests to save, into the collection a save goes to first.
    let workspace = use_workspace();
    use_effect_with((), move |()| {
        let listener = listen(SAVE_EVENT, move |request: ToSave| {
            let (name, request) = match request {
                ToSave::Publish(draft) => (
                    format!(
                        "Publish to {}",
                        destination(&draft.exchange, &draft.routing_key)
                    ),
                    SavedRequest::Publish(draft.saved()),
                ),
                ToSave::Tail {
                    exchange,
                    binding_key,
                } => (
                    format!("Live tail of {}", destination(&exchange, &binding_key)),
                    SavedRequest::Tail(Tail {
                        exchange,
                        binding_key,
                        filter: String::new(),
                    }),
                ),
            };
            if let Err(error) = save(&workspace, None, Item::new(name, request)) {
                web_sys::console::error_1(&error.into());
            }
        });
        move || drop(listener)
    });
    // The drafts, once typing pauses: each send re-renders the page.
    let pending_draft = use_mut_ref(|| None::<Timeout>);
    {
        let pending_draft = pending_draft.clone();
        use_effect_with(app.requests.grpc.clone(), move |call| {
            send_draft_later(&pending_draft, Replay::Grpc(call.clone()));
        });
    }
    use_effect_with(app.requests.http.clone(), move |call| {
        send_draft_later(&pending_draft, Replay::Http(call.clone()));
    });
    // Each new record, once: the timeline is newest first.
    let reported = use_mut_ref(|| 0_u64);
    use_effect_with(app.timeline.clone(), move |timeline| {
        let fresh: Vec<&CallRecord> = timeline
            .iter()
            .take_while(|record| record.seq > *reported.borrow())
            .map(|record| &**record)
            .collect();
        for record in fresh.iter().rev() {
            send(RECORD_EVENT, record);
        }
        if let Some(newest) = fresh.first() {
            *reported.borrow_mut() = newest.seq;
        }
    });
    html! {}
}

/// `exchange logs, key orders.eu`, for a saved request's name.
fn destination(exchange: &str, key: &str) -> String {
    let exchange = if exchange.trim().is_empty() {
        "the bridge's exchange"
    } else {
        exchange.trim()
    };
    if key.trim().is_empty() {
        exchange.to_owned()
    } else {
        format!("{exchange}, key {}", key.trim())
    }
}

/// Sends `draft` to the page once typing pauses, unless another comes first.
fn send_draft_later(pending: &std::rc::Rc<std::cell::RefCell<Option<Timeout>>>, draft: Replay) {
    let send_draft = Timeout::new(DRAFT_PAUSE_MS, move || send(DRAFT_EVENT, &draft));
    pending.borrow_mut().replace(send_draft);
}
