//! Collections: named lists of saved requests of every kind, kept in the
//! browser, exported to one JSON file and imported from one (or from a
//! Postman v2.1 collection or environment).

use switchboard_collection::{Imported, Merged, import_file};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlInputElement, Url};
use yew::{platform::spawn_local, prelude::*};

use super::{collection_view::CollectionView, panel::Panel};
use crate::hooks::use_workspace::use_workspace;

/// The name an exported file gets.
const EXPORT_NAME: &str = "switchboard-collections.json";

#[component]
pub fn CollectionsPanel() -> Html {
    let workspace = use_workspace();
    let new_name = use_state(String::new);
    let message = use_state(|| None::<Result<String, String>>);
    let add = {
        let (workspace, new_name, message) = (workspace.clone(), new_name.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let name = new_name.trim().to_owned();
            let added = workspace.update(|state| {
                state
                    .workspace
                    .add_collection(name.clone())
                    .map(drop)
                    .map_err(|error| error.to_string())
            });
            message.set(added.err().map(Err));
            new_name.set(String::new());
        })
    };
    let export = {
        let (workspace, message) = (workspace.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let exported = download(EXPORT_NAME, &workspace.workspace.to_json());
            message.set(Some(
                exported.map(|()| format!("Exported to {EXPORT_NAME}.")),
            ));
        })
    };
    let import = {
        let (workspace, message) = (workspace.clone(), message.clone());
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            let (workspace, message) = (workspace.clone(), message.clone());
            spawn_local(async move {
                let text = JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|text| text.as_string());
                let Some(text) = text else {
                    message.set(Some(Err(format!("{} could not be read", file.name()))));
                    return;
                };
                let mut said = String::new();
                let imported = workspace.update(|state| {
                    let imported =
                        import_file(&text).map_err(|error| format!("{}: {error}", file.name()))?;
                    said = match imported {
                        Imported::Workspace(other) => {
                            let merged = state.workspace.merge(other);
                            format!("Imported {}: {}", file.name(), counts(&merged))
                        }
                        Imported::Postman(postman) => {
                            let warnings = postman.warnings.join("; ");
                            let merged = state.workspace.add_postman(postman);
                            let mut said = format!(
                                "Imported the Postman collection {}: {}",
                                file.name(),
                                counts(&merged)
                            );
                            if !warnings.is_empty() {
                                said.push_str(&format!(". Warnings: {warnings}"));
                            }
                            said
                        }
                        Imported::PostmanEnvironment(environment) => {
                            state.workspace.add_environment_renamed(environment);
                            format!("Imported the Postman environment {}", file.name())
                        }
                    };
                    Ok(())
                });
                message.set(Some(imported.map(|()| said)));
            });
        })
    };
    let collections = &workspace.workspace.collections;
    html! {
        <Panel id="collections" title="Collections" target="saved requests of every kind">
            if let Some(error) = &workspace.load_error {
                <p class="invalid" role="alert">{ error }</p>
            }
            <div class="request-line">
                <div class="field">
                    <label for="coll-new-name">{ "New collection" }</label>
                    <input id="coll-new-name" data-testid="coll-new-name" value={(*new_name).clone()}
                        placeholder="Smoke tests" autocomplete="off"
                        oninput={Callback::from(move |event: InputEvent| {
                            new_name.set(event.target_unchecked_into::<HtmlInputElement>().value())
                        })} />
                </div>
                <button type="button" class="secondary" data-testid="coll-add" onclick={add}>{ "Add" }</button>
                <button type="button" class="secondary" data-testid="coll-export" onclick={export}
                    title="Collections and environments, as one JSON file">
                    { "Export" }
                </button>
                <label class="file">
                    { "Import a collections file, or a Postman v2.1 collection or environment" }
                    <input type="file" accept=".json" data-testid="coll-import" onchange={import} />
                </label>
            </div>
            if let Some(message) = &*message {
                <p class={if message.is_ok() { "hint" } else { "invalid" }} role="status" data-testid="coll-message">
                    { match message { Ok(text) | Err(text) => text.clone() } }
                </p>
            }
            if collections.is_empty() {
                <p class="hint">{ "No collections yet: save a request from the HTTP or gRPC console, or import a file." }</p>
            }
            { for collections.iter().enumerate().map(|(index, collection)| html! {
                <CollectionView key={collection.name.clone()} {index} collection={collection.clone()} />
            }) }
        </Panel>
    }
}

/// `1 collection and 2 environments`.
fn counts(merged: &Merged) -> String {
    let plural =
        |count: usize, what: &str| format!("{count} {what}{}", if count == 1 { "" } else { "s" });
    format!(
        "{} and {}",
        plural(merged.collections.len(), "collection"),
        plural(merged.environments.len(), "environment")
    )
}

/// Offers `text` as a file to save.
fn download(name: &str, text: &str) -> Result<(), String> {
    let failed = |_| "the browser could not make the file".to_owned();
    let parts = js_sys::Array::of1(&text.into());
    let options = BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let link = gloo_utils::document()
        .create_element("a")
        .map_err(failed)?
        .dyn_into::<HtmlAnchorElement>()
        .map_err(|_| "the browser could not make the file".to_owned())?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = Url::revoke_object_url(&url);
    Ok(())
}
