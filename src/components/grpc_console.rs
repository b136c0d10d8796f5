//! The gRPC console: any method of any gRPC server. The schema comes from
//! server reflection (through the bridge), .proto files or a protoset; the
//! call goes straight to a gRPC-web server, or through the bridge to a native
//! gRPC server. Replies are shown as they arrive, in the proto3 JSON mapping.

use std::rc::Rc;

use switchboard_collection::{SavedRequest, UnknownVariable};
use switchboard_wire::schema::{MethodInfo, MethodKind, ServiceInfo};
use yew::{platform::spawn_local, prelude::*};

use super::{
    call_error::CallError,
    call_status::CallStatus,
    fields::{Select, TextArea, TextField},
    method_picker::{MethodDoc, MethodPicker},
    panel::Panel,
    request_form::RequestForm,
    save_request::SaveRequest,
    schema_source::SchemaSource,
};
use crate::{
    api::engine::{Described, Engine},
    console::{DRAFT_EVENT, send},
    form,
    history::Replay,
    hooks::{
        use_app::use_app,
        use_console_runner::use_console_runner,
        use_schema::{SchemaState, use_schema},
        use_stream::use_stream,
        use_workspace::use_workspace,
    },
    requests::{GrpcCall, Route},
    saved::preview,
    state::Action,
};

#[component]
pub fn GrpcConsole() -> Html {
    let app = use_app();
    let run = use_console_runner().callback();
    let engine = use_context::<Engine>().expect("GrpcConsole needs the Engine provider");
    let (view, cancel) = use_stream(|replay| matches!(replay, Replay::Grpc(_)));
    // The Greeter is the first target, until the person names another.
    let mut call = app.requests.grpc.clone();
    if call.target.is_empty() {
        call.target = app.settings.greeter_url.clone();
    }
    let (schema, load) = use_schema(&call.target);
    // The chosen method's request form, once the worker described it.
    let described = use_state(|| None::<(String, Rc<Described>)>);
    let store = form::store(&app, Action::EditGrpc);
    let edit = |change: fn(&mut GrpcCall, String)| form::change(&call, &store, change);
    // Edits of the request, counted, so that a template that arrives after the
    // person started typing does not overwrite what they typed.
    let body_edits = use_mut_ref(|| 0_u64);
    let edit_body = {
        let (edit, body_edits) = (edit(|call, value| call.body = value), body_edits.clone());
        Callback::from(move |body: String| {
            *body_edits.borrow_mut() += 1;
            edit.emit(body);
        })
    };

    let choose_method = {
        let (call, store, engine) = (call.clone(), store.clone(), engine.clone());
        let (schema, described) = (schema.clone(), described.clone());
        let body_edits = body_edits.clone();
        Callback::from(move |path: String| {
            let SchemaState::Ready(saved) = &schema else {
                return;
            };
            let Some(method) = find_method(&saved.services, &path).cloned() else {
                return;
            };
            let mut next = call.clone();
            next.method = method.path.clone();
            next.origin = saved.origin.clone();
            store.emit(next.clone());
            // The request starts as a template with every field.
            let (engine, store, saved) = (engine.clone(), store.clone(), saved.clone());
            let described = described.clone();
            let (body_edits, edits_before) = (body_edits.clone(), *body_edits.borrow());
            spawn_local(async move {
                if engine
                    .ensure(&next.target, &saved.descriptor_set)
                    .await
                    .is_err()
                {
                    return;
                }
                if let Ok(description) = engine.describe(&next.target, &method.path).await {
                    next.body = match method.kind {
                        MethodKind::ClientStreaming | MethodKind::Bidi => {
                            format!("[\n{}\n]", description.template)
                        }
                        MethodKind::Unary | MethodKind::ServerStreaming => {
                            description.template.clone()
                        }
                    };
                    described.set(Some((method.path.clone(), Rc::new(description))));
                    if *body_edits.borrow() == edits_before {
                        store.emit(next);
                    }
                }
            });
        })
    };
    // When the focus leaves the form (for Share, say), the page gets the
    // draft at once rather than after the pause.
    let flush_draft = {
        let call = call.clone();
        Callback::from(move |_: FocusEvent| send(DRAFT_EVENT, &Replay::Grpc(call.clone())))
    };
    let onsubmit = {
        let call = call.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            run.emit(Replay::Grpc(call.clone()));
        })
    };
    let routes = vec![
        (
            AttrValue::from("direct"),
            AttrValue::from("Direct (the server speaks gRPC-web)"),
        ),
        (
            AttrValue::from("bridge"),
            AttrValue::from("Through the bridge (native gRPC)"),
        ),
    ];
    let route = match call.route {
        Route::Direct => "direct",
        Route::Bridge => "bridge",
    };
    // What goes out once the environment's variables are in, secrets masked.
    let workspace = use_workspace();
    let resolved = preview(&SavedRequest::Grpc(call.saved()), &workspace.environment());
    let selected = match &schema {
        SchemaState::Ready(saved) => find_method(&saved.services, &call.method).cloned(),
        _ => None,
    };
    html! {
        <Panel id="console" title="gRPC console" target="any method · reflection, .proto or protoset">
            <form {onsubmit} onfocusout={flush_draft}>
                <TextField id="console-target" label="Server" kind="url" value={call.target.clone()}
                    on_change={edit(|call, value| call.target = crate::config::normalise(&value))} />
                <Select id="console-route" label="Route" value={route} options={routes}
                    on_change={edit(|call, value| {
                        call.route = if value == "bridge" { Route::Bridge } else { Route::Direct };
                    })} />
                <SchemaSource state={schema.clone()} {load} />
                if let SchemaState::Ready(saved) = &schema {
                    <MethodPicker services={saved.services.clone()} value={call.method.clone()}
                        on_change={choose_method} />
                }
                if let Some(method) = &selected {
                    <MethodDoc method={method.clone()} />
                }
                <div class="request-editor">
                    if let Some((_, description)) = (*described).as_ref().filter(|(path, _)| *path == call.method) {
                        <RequestForm forms={description.forms.clone()}
                            input={description.input.clone()} body={call.body.clone()}
                            on_change={edit_body.clone()} />
                    }
                    <TextArea id="console-body" label="Request (JSON)" value={call.body.clone()} rows={12}
                        on_change={edit_body.clone()} />
                </div>
                <TextArea id="console-metadata" label="Metadata (name: value per line)"
                    value={call.metadata.clone()} rows={2} placeholder="x-team: payments"
                    on_change={edit(|call, value| call.metadata = value)} />
                <TextField id="console-deadline" label="Deadline (ms)" kind="number"
                    value={call.deadline_ms.clone()} placeholder="none"
                    on_change={edit(|call, value| call.deadline_ms = value)} />
                { resolved_call(resolved) }
                <CallStatus id="console" button="Send" in_flight={view.in_flight.is_some()}
                    last={view.last.clone()} />
                <button type="button" class="secondary cancel" data-testid="console-cancel"
                    disabled={view.in_flight.is_none()} onclick={cancel.reform(|_| ())}>
                    { "Cancel" }
                </button>
            </form>
            <ol class="replies json" data-testid="console-replies" aria-label="Replies, as they arrive"
                aria-live="polite" aria-relevant="additions">
                { for view.replies.iter().map(|reply| html! {
                    <li data-testid="console-reply"><pre>{ reply }</pre></li>
                }) }
            </ol>
            <SaveRequest id="console" request={SavedRequest::Grpc(call.saved())}
                name={call.method_name().to_owned()} />
            <CallError id="console" last={view.last.clone()} />
            if unanswered_direct(&view.last) {
                <p class="hint" data-testid="console-route-hint">
                    { "No answer straight from the page: if this server speaks only native gRPC \
                       (most do), choose \"Through the bridge\" and name it in the bridge's \
                       GRPC_TARGETS." }
                </p>
            }
        </Panel>
    }
}

/// Whether `last` went straight to its server and got no response at all.
fn unanswered_direct(last: &Option<crate::history::Record>) -> bool {
    last.as_ref().is_some_and(|record| {
        matches!(record.result, Err(crate::error::ApiError::Network { .. }))
            && matches!(&record.replay, Replay::Grpc(call) if call.route == Route::Direct)
    })
}

/// The method at `path` (`/package.Service/Method`), if the schema has it.
fn find_method<'a>(services: &'a [ServiceInfo], path: &str) -> Option<&'a MethodInfo> {
    services
        .iter()
        .flat_map(|service| &service.methods)
        .find(|method| method.path == path)
}

/// The call as sent, or the variable that stops it.
fn resolved_call(resolved: Option<Result<SavedRequest, UnknownVariable>>) -> Html {
    match resolved {
        Some(Ok(SavedRequest::Grpc(call))) => html! {
            <div class="hint" data-testid="console-resolved">
                { "Sends to " }<code>{ &call.target }</code>
                { for call.metadata.iter().filter(|pair| pair.enabled).map(|pair| html! {
                    <code>{ format!(" {}: {}", pair.name, pair.value) }</code>
                }) }
                <pre>{ &call.body }</pre>
            </div>
        },
        Some(Err(error)) => html! {
            <p class="invalid" role="alert" data-testid="console-unresolved">
                { format!("{error}: add it to the active environment") }
            </p>
        },
        _ => html! {},
    }
}
