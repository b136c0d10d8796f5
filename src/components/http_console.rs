//! The HTTP console: any method, URL, query, headers, auth and body, sent
//! straight from the browser or, when the target refuses the page's origin,
//! through the bridge's relay. The response is shown whole.

use switchboard_collection::{Pair, SavedRequest, UnknownVariable};
use switchboard_wire::diagnose::ProbeKind;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{
    call_error::CallError,
    call_status::CallStatus,
    fields::{Select, TextField},
    http_auth::HttpAuth,
    http_body::HttpBody,
    http_response::HttpResponse,
    openapi_import::OpenApiImport,
    panel::Panel,
    rows_editor::RowsEditor,
    save_request::SaveRequest,
};
use crate::{
    console::{DRAFT_EVENT, send},
    error::ApiError,
    form,
    history::{Record, Replay},
    hooks::{
        use_app::use_app, use_console_runner::use_console_runner, use_http_console::HttpReplies,
        use_workspace::use_workspace,
    },
    http_call::{COMMON_METHODS, HttpCall},
    requests::Route,
    saved::preview,
    state::Action,
};

fn owns(replay: &Replay) -> bool {
    matches!(replay, Replay::Http(_))
}

#[component]
pub fn HttpConsole() -> Html {
    let app = use_app();
    let run = use_console_runner().callback();
    let replies = use_context::<HttpReplies>().expect("the console provides HttpReplies");
    // Read once a draft, not on every render.
    let call = use_memo(app.requests.http.call.clone(), |_| {
        HttpCall::from_draft(&app.requests.http)
    });
    let mut call = (*call).clone();
    // The users service is the first target, until the person names another.
    if call.request.url.is_empty() {
        call.request.url = format!("{}/users", app.settings.users_url);
    }
    let store = {
        let app = app.clone();
        Callback::from(move |call: HttpCall| app.dispatch(Action::EditHttp(call.draft(None))))
    };
    let edit = |change: fn(&mut HttpCall, String)| form::change(&call, &store, change);
    let last = app.newest(owns).cloned();
    let in_flight = app.busy_with(owns);
    let params: Vec<Pair> = call
        .request
        .query()
        .into_iter()
        .map(|(name, value)| Pair::new(name, value))
        .collect();
    let on_params = form::change(&call, &store, |call, rows: Vec<Pair>| {
        let pairs: Vec<(String, String)> =
            rows.into_iter().map(|row| (row.name, row.value)).collect();
        call.request.set_query(&pairs);
    });
    let on_headers = form::change(&call, &store, |call, headers| {
        call.request.headers = headers
    });
    let on_auth = form::change(&call, &store, |call, auth| call.request.auth = auth);
    let on_body = form::change(&call, &store, |call, body| call.request.body = body);
    let on_method = {
        let set_method = edit(|call, method| call.request.method = method);
        Callback::from(move |event: InputEvent| {
            set_method.emit(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    // An imported operation's request replaces the one being edited.
    let use_operation = form::change(&call, &store, |call, request| call.request = request);
    let document_url = format!("{}/openapi.json", app.settings.users_url);
    // Documents come the way requests go: through the bridge when it is the route.
    let relay = call.request.via_bridge.then(|| {
        let settings = &app.settings;
        (settings.bridge_url.clone(), settings.bridge_token.clone())
    });
    let auth = &call.request.auth;
    let writes: Vec<(String, String)> = auth
        .header()
        .map(|header| (header.name, header.value))
        .into_iter()
        .chain(
            auth.query()
                .map(|(name, value)| (format!("?{name}"), value.to_owned())),
        )
        .collect();
    let flush_draft = {
        let draft = call.draft(None);
        Callback::from(move |_: FocusEvent| send(DRAFT_EVENT, &Replay::Http(draft.clone())))
    };
    let onsubmit = {
        let (call, run) = (call.clone(), run.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            run.emit(Replay::Http(call.draft(None)));
        })
    };
    let through_bridge = {
        let call = call.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = call.clone();
            next.request.via_bridge = true;
            run.emit(Replay::Http(next.draft(None)));
        })
    };
    let routes = vec![
        (
            AttrValue::from("direct"),
            AttrValue::from("Direct from the browser"),
        ),
        (
            AttrValue::from("bridge"),
            AttrValue::from("Through the bridge (HTTP_TARGETS)"),
        ),
    ];
    let route = match call.route() {
        Route::Direct => "direct",
        Route::Bridge => "bridge",
    };
    let reply = (*replies)
        .clone()
        .filter(|reply| last.as_ref().is_some_and(|record| record.seq == reply.seq));
    // What goes out once the environment's variables are in, secrets masked.
    let workspace = use_workspace();
    let resolved = preview(&call.saved(), &workspace.environment());
    let probe = origin(&call.request.url).map(|origin| (AttrValue::from(origin), ProbeKind::Rest));
    html! {
        <Panel id="http" title="HTTP console" target="any method, URL, headers and body">
            <OpenApiImport default_url={document_url} on_use={use_operation} {relay} />
            <form {onsubmit} onfocusout={flush_draft}>
                <div class="request-line">
                    <div class="field method">
                        <label for="http-method">{ "Method" }</label>
                        <input id="http-method" data-testid="http-method" list="http-methods"
                            value={call.request.method.clone()} autocomplete="off" oninput={on_method} />
                        <datalist id="http-methods">
                            { for COMMON_METHODS.iter().map(|method| html! { <option value={*method} /> }) }
                        </datalist>
                    </div>
                    // Text, not `url`: the browser's own check would stop the
                    // form silently; the console's names what is wrong.
                    <TextField id="http-url" label="URL" value={call.request.url.clone()}
                        on_change={edit(|call, value| call.request.url = value)} />
                </div>
                <Select id="http-route" label="Route" value={route} options={routes}
                    on_change={edit(|call, value| {
                        call.request.via_bridge = value == "bridge";
                    })} />
                <RowsEditor id="http-params" label="Query parameters" rows={params} toggles={false}
                    on_change={on_params} />
                <RowsEditor id="http-headers" label="Headers" rows={call.request.headers.clone()}
                    name_placeholder="x-request-id" on_change={on_headers} />
                <HttpAuth auth={call.request.auth.clone()} {writes} on_change={on_auth} />
                <HttpBody body={call.request.body.clone()} on_change={on_body} />
                { resolved_line(resolved) }
                <CallStatus id="http" button="Send" {in_flight} last={last.clone()} />
            </form>
            <SaveRequest id="http" request={call.saved()} name={call.title()} />
            <CallError id="http" last={last.clone()} {probe} />
            if unanswered_direct(&last) {
                <p class="hint" data-testid="http-route-hint">
                    { "No response reached the page: the server may not allow this page's origin \
                       (CORS). The bridge can send it for you, if the target is in its HTTP_TARGETS. " }
                    <button type="button" class="secondary" data-testid="http-through-bridge"
                        onclick={through_bridge}>
                        { "Send through the bridge" }
                    </button>
                </p>
            }
            if let (Some(reply), Some(record)) = (reply, last.as_ref()) {
                // Keyed by call, so that a view chosen for one response
                // (raw, hex) does not carry over to the next.
                <HttpResponse key={reply.seq} reply={reply.reply.clone()} latency_ms={record.latency_ms} />
            }
        </Panel>
    }
}

/// Whether `last` went straight from the browser and got no response.
fn unanswered_direct(last: &Option<Record>) -> bool {
    last.as_ref().is_some_and(|record| {
        matches!(record.result, Err(ApiError::Network { .. }))
            && matches!(&record.replay, Replay::Http(draft) if !HttpCall::from_draft(draft).request.via_bridge)
    })
}

/// `scheme://host:port` of `url`.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// The request line as sent, or the variable that stops it.
fn resolved_line(resolved: Option<Result<SavedRequest, UnknownVariable>>) -> Html {
    match resolved {
        None => html! {},
        Some(Ok(SavedRequest::Http(request))) => {
            let request = request.with_auth();
            html! {
            <p class="hint" data-testid="http-resolved">
                { "Sends " }<code>{ format!("{} {}", request.method.trim().to_uppercase(), request.url) }</code>
                { for request.enabled_headers().map(|header| html! {
                    <code>{ format!(" {}: {}", header.name, header.value) }</code>
                }) }
            </p>
            }
        }
        Some(Ok(_)) => html! {},
        Some(Err(error)) => html! {
            <p class="invalid" role="alert" data-testid="http-unresolved">
                { format!("{error}: add it to the active environment") }
            </p>
        },
    }
}
