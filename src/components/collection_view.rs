//! One collection: its requests in order, each renamed, given the status it
//! must answer, opened in its console, moved, duplicated or deleted; and the
//! whole collection run in order, with a pass or fail line per request.

use switchboard_collection::{Collection, Expect, ExpectedStatus, Item, SavedRequest};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::{
    console::{DRAFT_EVENT, TAIL_EVENT, send},
    history::Replay,
    hooks::{
        use_app::use_app,
        use_collection_run::{Outcome, use_collection_run},
        use_workspace::use_workspace,
    },
    http_call::HttpCall,
    requests::{GrpcCall, PublishDraft, ToSave},
    schemas::{self, Origin},
    state::Action,
};

#[derive(Debug, Properties, PartialEq)]
pub struct CollectionViewProps {
    pub index: usize,
    pub collection: Collection,
}

#[component]
pub fn CollectionView(props: &CollectionViewProps) -> Html {
    let workspace = use_workspace();
    let app = use_app();
    let (outcomes, run) = use_collection_run(&props.collection);
    let error = use_state(|| None::<String>);
    let (index, collection) = (props.index, &props.collection);
    let edit = |change: fn(&mut Collection, usize, String) -> Result<(), String>, item: usize| {
        let (workspace, error) = (workspace.clone(), error.clone());
        Callback::from(move |value: String| {
            error.set(
                workspace
                    .update(|state| change(&mut state.workspace.collections[index], item, value))
                    .err(),
            );
        })
    };
    let remove = edit(
        |collection, _, _| {
            collection.items.clear();
            Ok(())
        },
        0,
    );
    let remove_collection = {
        let (workspace, error) = (workspace.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let removed = workspace.update(|state| {
                state
                    .workspace
                    .remove_collection(index)
                    .map(drop)
                    .map_err(|error| error.to_string())
            });
            error.set(removed.err());
        })
    };
    let passed = outcomes
        .values()
        .filter(|outcome| matches!(outcome, Outcome::Pass(_)))
        .count();
    let failed = outcomes
        .values()
        .filter(|outcome| matches!(outcome, Outcome::Fail(_)))
        .count();
    let finished = !outcomes.is_empty()
        && !outcomes
            .values()
            .any(|outcome| *outcome == Outcome::Running);
    html! {
        <details class="collection" open=true data-testid="collection">
            <summary data-testid="collection-name">{ format!("{} ({} requests)", collection.name, collection.items.len()) }</summary>
            <div class="actions">
                <button type="button" data-testid={format!("coll-run-{index}")} onclick={run.reform(|_: MouseEvent| ())}
                    disabled={collection.items.is_empty()}>{ "Run in order" }</button>
                <button type="button" class="secondary" onclick={remove.reform(|_: MouseEvent| String::new())}
                    disabled={collection.items.is_empty()}>{ "Empty it" }</button>
                <button type="button" class="secondary" data-testid={format!("coll-remove-{index}")}
                    onclick={remove_collection}>{ "Remove the collection" }</button>
            </div>
            if finished {
                <p class={if failed == 0 { "hint" } else { "invalid" }} data-testid={format!("coll-summary-{index}")}>
                    { format!("{passed} passed, {failed} failed, {} not run", outcomes.len() - passed - failed) }
                </p>
            }
            <ol class="items">
                { for collection.items.iter().enumerate().map(|(item, saved)| html! {
                    <ItemRow key={item} {item} saved={saved.clone()} last={item + 1 == collection.items.len()}
                        outcome={outcomes.get(&item).cloned()}
                        rename={edit(|collection, item, name| collection.rename_item(item, name).map_err(|e| e.to_string()), item)}
                        expect={edit(set_expect, item)}
                        moved={edit(|collection, item, to| {
                            let to = to.parse().map_err(|_| "no such place".to_owned())?;
                            collection.move_item(item, to).map_err(|e| e.to_string())
                        }, item)}
                        duplicate={edit(|collection, item, _| collection.duplicate_item(item).map(drop).map_err(|e| e.to_string()), item)}
                        delete={edit(|collection, item, _| collection.delete_item(item).map(drop).map_err(|e| e.to_string()), item)}
                        open={open(&app, saved)} />
                }) }
            </ol>
            if let Some(error) = &*error {
                <p class="invalid" role="alert">{ error }</p>
            }
        </details>
    }
}

fn set_expect(collection: &mut Collection, item: usize, text: String) -> Result<(), String> {
    let item = collection.items.get_mut(item).ok_or("no such request")?;
    let text = text.trim();
    item.expect = if text.is_empty() {
        None
    } else {
        Some(Expect::status(text.parse::<ExpectedStatus>()?))
    };
    Ok(())
}

/// A callback that puts `item`'s request in the panel that edits it.
fn open(app: &crate::state::AppContext, item: &Item) -> Callback<MouseEvent> {
    let (app, request) = (app.clone(), item.request.clone());
    Callback::from(move |_: MouseEvent| match &request {
        SavedRequest::Http(request) => {
            let call = HttpCall {
                request: request.clone(),
            };
            app.dispatch(Action::EditHttp(call.draft(None)));
        }
        SavedRequest::Grpc(saved) => {
            let origin =
                schemas::get(&saved.target).map_or(Origin::Reflection, |schema| schema.origin);
            app.dispatch(Action::EditGrpc(GrpcCall::from_saved(saved, origin)));
        }
        // The Publish panel is the page's: it takes the draft as the
        // console's calls are handed over.
        SavedRequest::Publish(saved) => send(
            DRAFT_EVENT,
            &Replay::Publish(PublishDraft::from_saved(saved)),
        ),
        SavedRequest::Tail(tail) => send(
            TAIL_EVENT,
            &ToSave::Tail {
                exchange: tail.exchange.clone(),
                binding_key: tail.binding_key.clone(),
            },
        ),
    })
}

#[derive(Debug, Properties, PartialEq)]
struct ItemRowProps {
    item: usize,
    saved: Item,
    last: bool,
    outcome: Option<Outcome>,
    rename: Callback<String>,
    expect: Callback<String>,
    moved: Callback<String>,
    duplicate: Callback<String>,
    delete: Callback<String>,
    open: Callback<MouseEvent>,
}

#[component]
fn ItemRow(props: &ItemRowProps) -> Html {
    let (item, saved) = (props.item, &props.saved);
    let committed = |callback: &Callback<String>| {
        callback.reform(|event: Event| event.target_unchecked_into::<HtmlInputElement>().value())
    };
    let kind = saved.request.kind();
    let outcome = props.outcome.as_ref().map(|outcome| match outcome {
        Outcome::Running => ("running", "…".to_owned()),
        Outcome::Pass(status) => ("pass", format!("PASS {status}")),
        Outcome::Fail(why) => ("fail", format!("FAIL {why}")),
        Outcome::NotRun(why) => ("not-run", format!("NOT RUN {why}")),
    });
    html! {
        <li class="item" data-testid="coll-item">
            <span class="badge">{ kind }</span>
            <input type="text" value={saved.name.clone()} aria-label={format!("Request {} name", item + 1)}
                data-testid={format!("coll-item-name-{item}")} onchange={committed(&props.rename)} />
            <input type="text" class="expect" value={saved.expect.as_ref().map(|expect| expect.status.to_string()).unwrap_or_default()}
                placeholder="2xx" title="The status it must answer: 201, or a class such as 2xx"
                aria-label={format!("Request {} expected status", item + 1)}
                data-testid={format!("coll-item-expect-{item}")} onchange={committed(&props.expect)} />
            <button type="button" class="secondary small" data-testid={format!("coll-item-open-{item}")}
                onclick={props.open.clone()}>{ "Open" }</button>
            <button type="button" class="secondary small" aria-label="Move up" disabled={item == 0}
                data-testid={format!("coll-item-up-{item}")}
                onclick={props.moved.reform(move |_: MouseEvent| item.saturating_sub(1).to_string())}>{ "↑" }</button>
            <button type="button" class="secondary small" aria-label="Move down" disabled={props.last}
                data-testid={format!("coll-item-down-{item}")}
                onclick={props.moved.reform(move |_: MouseEvent| (item + 1).to_string())}>{ "↓" }</button>
            <button type="button" class="secondary small" data-testid={format!("coll-item-duplicate-{item}")}
                onclick={props.duplicate.reform(|_: MouseEvent| String::new())}>{ "Duplicate" }</button>
            <button type="button" class="secondary small" data-testid={format!("coll-item-delete-{item}")}
                onclick={props.delete.reform(|_: MouseEvent| String::new())}>{ "Delete" }</button>
            if let Some((class, text)) = outcome {
                <span class={classes!("outcome", class)} data-testid={format!("coll-item-result-{item}")}>{ text }</span>
            }
        </li>
    }
}
