//! "Save to a collection": the request being edited, under a name, into a
//! collection (a new one when there is none yet).

use switchboard_collection::{Collection, Item, SavedRequest};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::hooks::use_workspace::{WorkspaceHandle, use_workspace};

/// The collection a first save goes into.
const FIRST_COLLECTION: &str = "My requests";

/// Saves `item` at the end of the collection named `target` (made if need
/// be), or else of the first one; says where it went.
pub fn save(
    workspace: &WorkspaceHandle,
    target: Option<&str>,
    item: Item,
) -> Result<String, String> {
    let mut said = String::new();
    workspace.update(|state| {
        let collections = &mut state.workspace.collections;
        let target = target
            .or_else(|| {
                collections
                    .first()
                    .map(|collection| collection.name.as_str())
            })
            .unwrap_or(FIRST_COLLECTION)
            .to_owned();
        let index = match collections.iter().position(|c| c.name == target) {
            Some(index) => index,
            None => {
                collections.push(Collection::new(target.clone()));
                collections.len() - 1
            }
        };
        said = format!("Saved {:?} in {target}.", item.name);
        collections[index].add_item(item);
        Ok(())
    })?;
    Ok(said)
}

#[derive(Debug, Properties, PartialEq)]
pub struct SaveRequestProps {
    /// Prefix of the `data-testid`s: `{id}-save`, `{id}-save-name`…
    pub id: AttrValue,
    pub request: SavedRequest,
    /// The name a saved request gets unless the person types another.
    pub name: AttrValue,
}

#[component]
pub fn SaveRequest(props: &SaveRequestProps) -> Html {
    let workspace = use_workspace();
    let name = use_state(String::new);
    let chosen = use_state(|| None::<String>);
    let message = use_state(|| None::<Result<String, String>>);
    let collections: Vec<String> = workspace
        .workspace
        .collections
        .iter()
        .map(|collection| collection.name.clone())
        .collect();
    let target = chosen
        .as_ref()
        .filter(|name| collections.contains(name))
        .cloned()
        .or_else(|| collections.first().cloned())
        .unwrap_or_else(|| FIRST_COLLECTION.to_owned());
    let save = {
        let (workspace, message) = (workspace.clone(), message.clone());
        let request = props.request.clone();
        let item_name = Some(name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| props.name.to_string());
        let target = target.clone();
        Callback::from(move |_: MouseEvent| {
            let item = Item::new(item_name.clone(), request.clone());
            message.set(Some(save(&workspace, Some(&target), item)));
        })
    };
    let id = &props.id;
    html! {
        <details class="save-request">
            <summary data-testid={format!("{id}-save-open")}>{ "Save to a collection" }</summary>
            <div class="request-line">
                if collections.len() > 1 {
                    <div class="field">
                        <label for={format!("{id}-save-collection")}>{ "Collection" }</label>
                        <select id={format!("{id}-save-collection")} data-testid={format!("{id}-save-collection")}
                            onchange={Callback::from(move |event: Event| {
                                chosen.set(Some(event.target_unchecked_into::<HtmlSelectElement>().value()))
                            })}>
                            { for collections.iter().map(|collection| html! {
                                <option value={collection.clone()} selected={*collection == target}>{ collection }</option>
                            }) }
                        </select>
                    </div>
                }
                <div class="field">
                    <label for={format!("{id}-save-name")}>{ "Name" }</label>
                    <input id={format!("{id}-save-name")} data-testid={format!("{id}-save-name")}
                        value={(*name).clone()} placeholder={props.name.clone()} autocomplete="off"
                        oninput={Callback::from(move |event: InputEvent| {
                            name.set(event.target_unchecked_into::<HtmlInputElement>().value())
                        })} />
                </div>
                <button type="button" class="secondary" data-testid={format!("{id}-save")} onclick={save}>
                    { format!("Save in {target}") }
                </button>
            </div>
            if let Some(message) = &*message {
                <p class={if message.is_ok() { "hint" } else { "invalid" }} role="status"
                    data-testid={format!("{id}-saved")}>
                    { match message { Ok(text) | Err(text) => text.clone() } }
                </p>
            }
        </details>
    }
}
