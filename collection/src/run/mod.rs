//! The command-line runner behind `switchboard-run`: reads a collections
//! file, resolves every chosen item against the environment first (so that
//! a wrong name or variable stops the run before anything is sent), then
//! runs the items in order. HTTP items are sent here and publish items go
//! through the bridge; gRPC and tail items need the page, and are reported
//! as not run, never as passes. Secrets are masked in everything printed.

mod config;
mod http;
mod publish;
mod report;

use std::{process::ExitCode, time::Duration};

pub use config::Config;
use report::{Outcome, Summary};

use crate::{
    expect::ExpectedStatus,
    model::{Environment, Workspace},
    request::SavedRequest,
    resolve::{mask, resolve, resolve_masked},
};

/// The exit code for a file, name or variable that is wrong.
const BAD_INPUT: u8 = 2;

/// One item, resolved twice: to send, and to show.
struct Planned {
    name: String,
    sent: SavedRequest,
    shown: SavedRequest,
    expected: ExpectedStatus,
}

struct Plan {
    env: Environment,
    collections: Vec<(String, Vec<Planned>)>,
}

/// Runs what `config` says and gives the exit code: 0 when every item that
/// ran passed, 1 when one failed, 2 when nothing could run.
pub async fn run(config: Config) -> ExitCode {
    let plan = match prepare(&config) {
        Ok(plan) => plan,
        Err(message) => {
            eprintln!("switchboard-run: {message}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_millis(config.timeout_ms))
        .build()
    {
        Ok(client) => client,
        Err(error) => {
            eprintln!("switchboard-run: cannot make an HTTP client: {error}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    let shown = |text: &str| {
        let text = mask(text, &plan.env).into_owned();
        match config
            .bridge_token
            .as_deref()
            .filter(|token| !token.is_empty())
        {
            Some(token) => text.replace(token, crate::MASK),
            None => text,
        }
    };
    let mut summary = Summary::default();
    for (collection, items) in &plan.collections {
        if plan.env.name.is_empty() {
            println!("Collection {collection:?}");
        } else {
            println!("Collection {collection:?}, environment {:?}", plan.env.name);
        }
        for item in items {
            let (outcome, what) = run_item(&client, &config, item).await;
            summary.add(&outcome);
            println!("{}", shown(&outcome.lines(&item.name, &what)));
        }
    }
    println!("{}", summary.line());
    summary.exit_code()
}

async fn run_item(client: &reqwest::Client, config: &Config, item: &Planned) -> (Outcome, String) {
    let checked = |result: Result<report::Answer, report::Failure>| match result {
        Ok(answer) => Outcome::Checked {
            answer,
            expected: item.expected,
        },
        Err(failure) => Outcome::Failed(failure),
    };
    match (&item.sent, &item.shown) {
        (SavedRequest::Http(sent), SavedRequest::Http(shown)) => {
            let shown = shown.with_auth();
            // An API key in the query is percent-encoded there, its mask too.
            let encoded: String = form_urlencoded::byte_serialize(crate::MASK.as_bytes()).collect();
            let what = format!(
                "{} {}",
                shown.method,
                shown.url.replace(&encoded, crate::MASK)
            );
            (checked(http::send(client, sent).await), what)
        }
        (SavedRequest::Publish(sent), SavedRequest::Publish(shown)) => {
            let what = publish::describe_publish(shown);
            let outcome = match &config.bridge {
                Some(bridge) => checked(
                    publish::send(client, bridge, config.bridge_token.as_deref(), sent).await,
                ),
                None => Outcome::NotRun("publish items need --bridge".into()),
            };
            (outcome, what)
        }
        (_, SavedRequest::Grpc(call)) => (
            Outcome::NotRun("gRPC items need the page or a gRPC client".into()),
            format!("{} on {}", call.method, call.target),
        ),
        (_, SavedRequest::Tail(tail)) => (
            Outcome::NotRun("tail items need the page".into()),
            format!(
                "exchange {:?}, binding key {:?}",
                tail.exchange, tail.binding_key
            ),
        ),
        // Resolving keeps the kind, so the two always match.
        (_, shown) => (
            Outcome::NotRun("the item changed kind while resolved".into()),
            shown.kind().to_owned(),
        ),
    }
}

/// Everything checked before anything is sent.
fn prepare(config: &Config) -> Result<Plan, String> {
    let path = config.file.display();
    let text = std::fs::read_to_string(&config.file)
        .map_err(|error| format!("cannot read {path}: {error}"))?;
    let workspace = Workspace::from_json(&text).map_err(|error| format!("{path}: {error}"))?;

    let mut env = match &config.env {
        None => Environment::new(""),
        Some(name) => workspace.environment(name).cloned().ok_or_else(|| {
            format!(
                "{path} has no environment called {name:?}; it has {}",
                listing(workspace.environments.iter().map(|e| &e.name))
            )
        })?,
    };
    for (name, value) in &config.vars {
        env.set(name, value.clone());
    }

    let chosen = if config.collections.is_empty() {
        workspace.collections.iter().collect()
    } else {
        config
            .collections
            .iter()
            .map(|name| {
                workspace.collection(name).ok_or_else(|| {
                    format!(
                        "{path} has no collection called {name:?}; it has {}",
                        listing(workspace.collections.iter().map(|c| &c.name))
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?
    };

    let mut problems = Vec::new();
    let mut collections = Vec::new();
    for collection in chosen {
        let mut planned = Vec::new();
        for item in &collection.items {
            let resolved = resolve(&item.request, &env)
                .and_then(|sent| Ok((sent, resolve_masked(&item.request, &env)?)));
            match resolved {
                Ok((sent, shown)) => planned.push(Planned {
                    name: item.name.clone(),
                    sent,
                    shown,
                    expected: item
                        .expect
                        .as_ref()
                        .map_or(ExpectedStatus::SUCCESS, |expect| expect.status),
                }),
                Err(error) => {
                    problems.push(format!("{:?} / {:?}: {error}", collection.name, item.name))
                }
            }
        }
        collections.push((collection.name.clone(), planned));
    }
    if !problems.is_empty() {
        let hint = if config.env.is_none() {
            " (no --env was given)"
        } else {
            ""
        };
        return Err(format!(
            "{path}: nothing was run{hint}:\n  {}",
            problems.join("\n  ")
        ));
    }
    Ok(Plan { env, collections })
}

/// `"a", "b"`, or `none`.
fn listing<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let names: Vec<String> = names.map(|name| format!("{name:?}")).collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}
