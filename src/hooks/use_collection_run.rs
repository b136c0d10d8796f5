//! Running a collection: every request in order, each after the one before
//! has ended, with the active environment, each checked against the status
//! it must answer.

use std::collections::BTreeMap;

use switchboard_collection::{
    Collection, ExpectedStatus, Item, SavedRequest, Tail, resolve_masked,
};
use yew::{platform::spawn_local, prelude::*};

use super::{
    use_console_runner::{ConsoleRunner, Ended, use_console_runner},
    use_workspace::{WorkspaceHandle, use_workspace},
};
use crate::{
    history::Replay,
    http_call::HttpCall,
    requests::{GrpcCall, PublishDraft},
    schemas,
};

/// How one request of a run went.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Running,
    Pass(String),
    Fail(String),
    NotRun(String),
}

/// How each request of the newest run went, by position, and a callback
/// that runs `collection`.
#[hook]
pub fn use_collection_run(
    collection: &Collection,
) -> (UseStateHandle<BTreeMap<usize, Outcome>>, Callback<()>) {
    let runner = use_console_runner();
    let workspace = use_workspace();
    let outcomes = use_state(BTreeMap::<usize, Outcome>::new);
    let run = {
        let (collection, outcomes) = (collection.clone(), outcomes.clone());
        Callback::from(move |()| {
            let (collection, runner, outcomes) =
                (collection.clone(), runner.clone(), outcomes.clone());
            let workspace = workspace.clone();
            spawn_local(async move { run_all(&collection, &runner, &workspace, &outcomes).await });
        })
    };
    (outcomes, run)
}

/// Runs every request of `collection` in order, each after the one before
/// has ended, checking each against the status it must answer.
async fn run_all(
    collection: &Collection,
    runner: &ConsoleRunner,
    workspace: &WorkspaceHandle,
    outcomes: &UseStateHandle<BTreeMap<usize, Outcome>>,
) {
    let mut results = BTreeMap::new();
    for (index, item) in collection.items.iter().enumerate() {
        results.insert(index, Outcome::Running);
        outcomes.set(results.clone());
        let outcome = run_one(item, runner, workspace).await;
        results.insert(index, outcome);
        outcomes.set(results.clone());
    }
}

async fn run_one(item: &Item, runner: &ConsoleRunner, workspace: &WorkspaceHandle) -> Outcome {
    // A variable the environment lacks stops the request before it is sent.
    if let Err(error) = resolve_masked(&item.request, &workspace.environment()) {
        return Outcome::Fail(error.to_string());
    }
    let expected = item.expect.as_ref().map(|expect| expect.status);
    let replay = match &item.request {
        SavedRequest::Http(request) => Replay::Http(
            HttpCall {
                request: request.clone(),
            }
            .draft(None),
        ),
        SavedRequest::Grpc(saved) => {
            let Some(schema) = schemas::get(&saved.target) else {
                return Outcome::NotRun(format!(
                    "no schema for {} yet: load it in the gRPC console first",
                    saved.target
                ));
            };
            Replay::Grpc(GrpcCall::from_saved(saved, schema.origin))
        }
        SavedRequest::Publish(saved) => Replay::Publish(PublishDraft::from_saved(saved)),
        SavedRequest::Tail(Tail { exchange, .. }) => {
            return Outcome::NotRun(format!(
                "a live tail ({}) has no status to check: open it in the Live panel",
                if exchange.is_empty() {
                    "the bridge's exchange"
                } else {
                    exchange
                }
            ));
        }
    };
    match runner.call(replay).await {
        Ok(ended) => judge(&ended, expected),
        Err(_) => Outcome::NotRun("the console could not make it".to_owned()),
    }
}

/// An HTTP answer passes when its status is the expected one (any 2xx when
/// none is given); any other call, when it succeeded.
fn judge(ended: &Ended, expected: Option<ExpectedStatus>) -> Outcome {
    let passed = match ended.http_status {
        Some(status) => expected.unwrap_or(ExpectedStatus::SUCCESS).matches(status),
        None => ended.ok,
    };
    match (passed, expected) {
        (true, _) => Outcome::Pass(ended.status.clone()),
        (false, Some(expected)) => Outcome::Fail(format!("{}, expected {expected}", ended.status)),
        (false, None) => Outcome::Fail(ended.status.clone()),
    }
}
