//! An OpenAPI document turned into requests: imported from a URL or files,
//! its operations listed by tag, and a form for the chosen one's path, query
//! and header parameters that fills the HTTP console's request.

use std::{collections::BTreeMap, rc::Rc};

use switchboard_collection::HttpRequest;
use switchboard_wire::openapi::{
    Operation, Parameter, ParameterLocation, SecurityKind, SecurityScheme,
};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::fields::TextField;
use crate::{
    hooks::use_openapi::{ImportFrom, Imported, OpenApiState, use_openapi},
    openapi_request::{base_url, request},
};

#[derive(Debug, Properties, PartialEq)]
pub struct OpenApiImportProps {
    /// Where a document is fetched from until the person names another.
    pub default_url: AttrValue,
    /// Called with the request an operation makes.
    pub on_use: Callback<HttpRequest>,
    /// The bridge's URL and token, when documents are fetched through its
    /// relay (the console's route is the bridge).
    #[prop_or_default]
    pub relay: Option<(String, String)>,
}

#[component]
pub fn OpenApiImport(props: &OpenApiImportProps) -> Html {
    let (state, import) = use_openapi();
    let url = use_state(|| props.default_url.to_string());
    let from_url = {
        let (url, import) = (url.clone(), import.clone());
        let relay = props.relay.clone();
        Callback::from(move |_: MouseEvent| {
            import.emit(ImportFrom::Url {
                url: (*url).clone(),
                relay: relay.clone(),
            })
        })
    };
    let from_files = {
        let import = import.clone();
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            if let Some(files) = input.files().filter(|files| files.length() > 0) {
                import.emit(ImportFrom::Files(files));
            }
        })
    };
    let status = match &state {
        OpenApiState::Empty => html! {},
        OpenApiState::Loading(from) => html! {
            <p class="spinner" data-testid="http-openapi-status">{ format!("Importing {from}…") }</p>
        },
        OpenApiState::Failed(error) => html! {
            <p class="invalid" role="alert" data-testid="http-openapi-error">{ error }</p>
        },
        OpenApiState::Ready(imported) => {
            let document = &imported.document;
            html! {
                <p class="hint" data-testid="http-openapi-status">
                    { format!("{} {} (OpenAPI {}), from {}: {} operations", document.title,
                        document.version, document.openapi, imported.source, document.operations.len()) }
                </p>
            }
        }
    };
    html! {
        <details class="openapi" open={!matches!(state, OpenApiState::Empty)}>
            <summary data-testid="http-openapi">{ "Import an OpenAPI document" }</summary>
            <div class="request-line">
                <TextField id="http-openapi-url" label="Document URL" kind="url" value={(*url).clone()}
                    on_change={Callback::from(move |value| url.set(value))} />
                <button type="button" class="secondary" data-testid="http-openapi-import" onclick={from_url}>
                    { if props.relay.is_some() { "Import through the bridge" } else { "Import" } }
                </button>
            </div>
            <label class="file">
                { "or pick the document (JSON or YAML) and the files its $refs point into" }
                <input type="file" multiple=true accept=".json,.yaml,.yml" data-testid="http-openapi-files"
                    onchange={from_files} />
            </label>
            { status }
            if let OpenApiState::Ready(imported) = &state {
                <Operations imported={imported.clone()} on_use={props.on_use.clone()} />
            }
        </details>
    }
}

#[derive(Debug, Properties, PartialEq)]
struct OperationsProps {
    imported: Rc<Imported>,
    on_use: Callback<HttpRequest>,
}

/// The operations by tag, the server, and the chosen operation's form.
#[component]
fn Operations(props: &OperationsProps) -> Html {
    let imported = &props.imported;
    let document = &imported.document;
    let first_server = document.servers.first().map_or("/", String::as_str);
    let server = {
        let default = base_url(first_server, imported.document_url.as_deref());
        use_state_eq(move || default)
    };
    let chosen = use_state_eq(|| None::<usize>);
    let values = use_state_eq(BTreeMap::<String, String>::new);
    let choose = {
        let (chosen, values) = (chosen.clone(), values.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            chosen.set(value.parse().ok());
            values.set(BTreeMap::new());
        })
    };
    let mut tags: Vec<&str> = Vec::new();
    for operation in &document.operations {
        let tag = tag(operation);
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let operation = chosen.and_then(|index| document.operations.get(index));
    html! {
        <div class="operations">
            <TextField id="http-openapi-server" label="Server" kind="url" value={(*server).clone()}
                on_change={{ let server = server.clone(); Callback::from(move |value| server.set(value)) }} />
            <div class="field">
                <label for="http-openapi-operation">{ "Operation" }</label>
                <select id="http-openapi-operation" data-testid="http-openapi-operation" onchange={choose}>
                    <option value="" selected={chosen.is_none()} disabled=true>{ "Choose an operation" }</option>
                    { for tags.iter().map(|name| html! {
                        <optgroup label={name.to_string()}>
                            { for document.operations.iter().enumerate()
                                .filter(|(_, operation)| tag(operation) == *name)
                                .map(|(index, operation)| html! {
                                    <option value={index.to_string()} selected={*chosen == Some(index)}>
                                        { label(operation) }
                                    </option>
                                }) }
                        </optgroup>
                    }) }
                </select>
            </div>
            if let Some(operation) = operation {
                <OperationForm operation={operation.clone()} server={(*server).clone()}
                    values={(*values).clone()}
                    on_values={Callback::from(move |next| values.set(next))}
                    on_use={props.on_use.clone()} />
            }
        </div>
    }
}

fn tag(operation: &Operation) -> &str {
    operation.tags.first().map_or("default", String::as_str)
}

fn label(operation: &Operation) -> String {
    let mut label = format!("{} {}", operation.method, operation.path);
    if !operation.summary.is_empty() {
        label.push_str(&format!(" — {}", operation.summary));
    }
    if operation.deprecated {
        label.push_str(" (deprecated)");
    }
    label
}

#[derive(Debug, Properties, PartialEq)]
struct OperationFormProps {
    operation: Operation,
    server: String,
    values: BTreeMap<String, String>,
    on_values: Callback<BTreeMap<String, String>>,
    on_use: Callback<HttpRequest>,
}

/// A field for each path, query and header parameter, and the button that
/// makes the request.
#[component]
fn OperationForm(props: &OperationFormProps) -> Html {
    let operation = &props.operation;
    let fill = {
        let (operation, server, values) = (
            operation.clone(),
            props.server.clone(),
            props.values.clone(),
        );
        props
            .on_use
            .reform(move |_: MouseEvent| request(&operation, &server, &values))
    };
    let field = |parameter: &Parameter| {
        let name = parameter.name.clone();
        let (values, on_values) = (props.values.clone(), props.on_values.clone());
        let on_change = Callback::from(move |value: String| {
            let mut next = values.clone();
            next.insert(name.clone(), value);
            on_values.emit(next);
        });
        let location = match parameter.location {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie, not sent by a browser",
        };
        let required = if parameter.required { ", required" } else { "" };
        let hint = [parameter.description.clone(), enum_hint(parameter)]
            .into_iter()
            .filter(|text| !text.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let placeholder = parameter
            .example
            .clone()
            .or_else(|| parameter.schema.default.clone())
            .unwrap_or_default();
        html! {
            <TextField id={format!("http-openapi-param-{}", parameter.name)}
                label={format!("{} ({location}{required})", parameter.name)}
                value={props.values.get(&parameter.name).cloned().unwrap_or_default()}
                {placeholder} hint={(!hint.is_empty()).then(|| AttrValue::from(hint))} {on_change} />
        }
    };
    html! {
        <div class="operation" data-testid="http-openapi-form">
            if !operation.description.is_empty() {
                <p class="hint">{ &operation.description }</p>
            }
            { for operation.parameters.iter().map(field) }
            if !operation.security.is_empty() {
                <p class="hint" data-testid="http-openapi-security">
                    { format!("Auth: {}", operation.security.iter().map(security_label).collect::<Vec<_>>().join(", ")) }
                </p>
            }
            if let Some(body) = &operation.request_body {
                <p class="hint">
                    { format!("Body: {}, prefilled from the document.", body.content_types.join(", ")) }
                </p>
            }
            <button type="button" data-testid="http-openapi-use" onclick={fill}>
                { "Use in the request" }
            </button>
        </div>
    }
}

/// `one of: a, b, c` for a parameter with allowed values.
fn enum_hint(parameter: &Parameter) -> String {
    let schema = &parameter.schema;
    let values = if schema.enum_values.is_empty() {
        schema.items.as_ref().map(|items| &items.enum_values)
    } else {
        Some(&schema.enum_values)
    };
    match values.filter(|values| !values.is_empty()) {
        Some(values) => format!("One of: {}.", values.join(", ")),
        None => String::new(),
    }
}

/// `api_key (an API key in the header api_key)`, `bearer (a bearer token)`.
fn security_label(scheme: &SecurityScheme) -> String {
    let kind = match &scheme.kind {
        SecurityKind::ApiKey { name, location } => {
            let location = match location {
                ParameterLocation::Header => "header",
                ParameterLocation::Query => "query parameter",
                ParameterLocation::Cookie => "cookie",
                ParameterLocation::Path => "path",
            };
            format!("an API key in the {location} {name}")
        }
        SecurityKind::Bearer => "a bearer token".to_owned(),
        SecurityKind::Basic => "basic auth".to_owned(),
        SecurityKind::Other(kind) => format!("{kind}, which the console cannot fill in yet"),
    };
    format!("{} ({kind})", scheme.name)
}
