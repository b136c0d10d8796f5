//! Where the gRPC console's schema comes from, and how it stands: server
//! reflection through the bridge, or .proto files, folders of them and
//! protosets picked or dropped on it.

use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use crate::{
    hooks::use_schema::{LoadFrom, SchemaState},
    schema_files::folder,
    schemas::SavedSchema,
};

#[derive(Debug, Properties, PartialEq)]
pub struct SchemaSourceProps {
    pub state: SchemaState,
    pub load: Callback<LoadFrom>,
}

/// Where the schema comes from, and how it stands.
#[component]
pub fn SchemaSource(props: &SchemaSourceProps) -> Html {
    let dragging = use_state(|| false);
    let reflect = props.load.reform(|_: MouseEvent| LoadFrom::Reflection);
    let picked = {
        let load = props.load.clone();
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            if let Some(files) = input.files() {
                load.emit(LoadFrom::Files(files));
            }
        })
    };
    let picked_folder = {
        let load = props.load.clone();
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            if let Some(files) = input.files() {
                load.emit(LoadFrom::Folder(files));
            }
        })
    };
    let ondrop = {
        let (load, dragging) = (props.load.clone(), dragging.clone());
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            let Some(data) = event.data_transfer() else {
                return;
            };
            if let Some(entries) = folder::dropped_folder(&data) {
                load.emit(LoadFrom::Dropped(entries));
            } else if let Some(files) = data.files() {
                load.emit(LoadFrom::Files(files));
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let status = match &props.state {
        SchemaState::Missing => html! {
            <p class="hint" data-testid="console-schema">{ "No schema for this server yet." }</p>
        },
        SchemaState::Loading(from) => html! {
            <p class="spinner" data-testid="console-schema">{ format!("Loading the schema {from}…") }</p>
        },
        SchemaState::Ready(saved) => html! {
            <p class="hint" data-testid="console-schema">
                { format!("Schema from {}: {}", saved.origin.describe(), service_names(saved)) }
            </p>
        },
        SchemaState::Failed(error) => html! {
            <p class="invalid" role="alert" data-testid="console-schema-error">{ error }</p>
        },
    };
    html! {
        <div class={classes!("schema-source", dragging.then_some("dragging"))}
            {ondrop} {ondragover} {ondragleave}>
            <div class="actions">
                <button type="button" class="secondary" data-testid="console-reflect" onclick={reflect}
                    title="Ask the server for its schema, through the bridge">
                    { "Load by reflection" }
                </button>
                <label class="file">
                    { "or pick .proto files or a protoset" }
                    <input type="file" multiple=true data-testid="console-files"
                        accept=".proto,.protoset,.pb,.bin,.desc" onchange={picked} />
                </label>
                <label class="file">
                    { "or a folder of .proto files, or drop either here" }
                    <input type="file" webkitdirectory=true data-testid="console-folder"
                        onchange={picked_folder} />
                </label>
            </div>
            { status }
        </div>
    }
}

/// The services of a schema, by name.
fn service_names(saved: &SavedSchema) -> String {
    let names: Vec<&str> = saved
        .services
        .iter()
        .map(|service| service.name.as_str())
        .collect();
    names.join(", ")
}
