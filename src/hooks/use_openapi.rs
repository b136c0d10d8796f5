//! The HTTP console's OpenAPI document: imported from a URL or from files by
//! the schema worker (which reads JSON and YAML and resolves `$ref`s), and
//! kept in the browser, so that it survives a reload.

use std::rc::Rc;

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use switchboard_wire::openapi::ApiDocument;
use wasm_bindgen_futures::JsFuture;
use web_sys::FileList;
use yew::{platform::spawn_local, prelude::*};

use switchboard_collection::{Prepared, PreparedBody};

use crate::api::{
    engine::Engine,
    request::{self, Relay},
};

const STORAGE_KEY: &str = "switchboard.openapi";

/// An imported document and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    pub document: ApiDocument,
    /// The URL or file names it was read from, for people.
    pub source: String,
    /// The URL it was fetched from, which relative servers resolve against.
    pub document_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OpenApiState {
    Empty,
    Loading(String),
    Ready(Rc<Imported>),
    Failed(String),
}

/// Where a document comes from.
#[derive(Debug)]
pub enum ImportFrom {
    /// Fetched from the browser, or through the bridge's HTTP relay when
    /// `relay` is given (a server that refuses the page's origin).
    Url {
        url: String,
        relay: Option<(String, String)>,
    },
    /// The document, and the files its `$ref`s point into.
    Files(FileList),
}

/// The document, and a callback that imports another.
#[hook]
pub fn use_openapi() -> (OpenApiState, Callback<ImportFrom>) {
    let engine = use_context::<Engine>().expect("use_openapi needs the Engine provider");
    let state = use_state(|| match LocalStorage::get::<Imported>(STORAGE_KEY) {
        Ok(imported) => OpenApiState::Ready(Rc::new(imported)),
        Err(_) => OpenApiState::Empty,
    });
    let import = {
        let state = state.clone();
        Callback::from(move |from: ImportFrom| {
            let (state, engine) = (state.clone(), engine.clone());
            let label = match &from {
                ImportFrom::Url { url, .. } => url.trim().to_owned(),
                ImportFrom::Files(_) => "the files".to_owned(),
            };
            state.set(OpenApiState::Loading(label));
            spawn_local(async move {
                let next = match import(&engine, from).await {
                    Ok(imported) => {
                        // A document too large for the browser's storage is
                        // still shown; it is only not kept.
                        let _ = LocalStorage::set(STORAGE_KEY, &imported);
                        OpenApiState::Ready(Rc::new(imported))
                    }
                    Err(error) => OpenApiState::Failed(error),
                };
                state.set(next);
            });
        })
    };
    ((*state).clone(), import)
}

async fn import(engine: &Engine, from: ImportFrom) -> Result<Imported, String> {
    let (main, others, source, document_url) = match from {
        ImportFrom::Url { url, relay } => {
            let url = url.trim().to_owned();
            let text = match relay {
                None => fetch(&url).await?,
                Some((bridge_url, token)) => fetch_relayed(&url, &bridge_url, &token).await?,
            };
            (text, Vec::new(), url.clone(), Some(url))
        }
        ImportFrom::Files(files) => {
            let mut read = Vec::new();
            for index in 0..files.length() {
                let Some(file) = files.get(index) else {
                    continue;
                };
                let text = JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|text| text.as_string())
                    .ok_or_else(|| format!("{} could not be read", file.name()))?;
                read.push((file.name(), text));
            }
            // The document is the file that says which OpenAPI it is; the
            // others are what its `$ref`s point into.
            let main = read
                .iter()
                .position(|(_, text)| names_openapi(text))
                .ok_or("none of the files is an OpenAPI document (none has an `openapi` field)")?;
            let (name, text) = read.remove(main);
            let names: Vec<&str> = std::iter::once(name.as_str())
                .chain(read.iter().map(|(name, _)| name.as_str()))
                .collect();
            let source = names.join(", ");
            (text, read, source, None)
        }
    };
    let json = engine.import_openapi(main, others).await?;
    let document: ApiDocument = serde_json::from_str(&json)
        .map_err(|error| format!("the worker's answer did not read: {error}"))?;
    Ok(Imported {
        document,
        source,
        document_url,
    })
}

/// Whether `text` has an `openapi` field at its top level, as JSON or YAML.
fn names_openapi(text: &str) -> bool {
    text.contains("\"openapi\"") || text.lines().any(|line| line.starts_with("openapi:"))
}

async fn fetch(url: &str) -> Result<String, String> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|error| {
            format!("could not fetch {url}: {error} (the server must allow this page's origin)")
        })?;
    if !response.ok() {
        return Err(format!(
            "fetching {url} answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    response
        .text()
        .await
        .map_err(|error| format!("could not read {url}: {error}"))
}

/// Fetches `url` through the bridge's HTTP relay.
async fn fetch_relayed(url: &str, bridge_url: &str, token: &str) -> Result<String, String> {
    let prepared = Prepared {
        method: "GET".to_owned(),
        url: url.to_owned(),
        headers: vec![(
            "accept".to_owned(),
            "application/json, application/yaml".to_owned(),
        )],
        body: PreparedBody::None,
    };
    let relay = Relay { bridge_url, token };
    let reply = request::send(&prepared, Some(relay))
        .await
        .result
        .map_err(|error| format!("the bridge could not fetch {url}: {error}"))?;
    if !(200..300).contains(&reply.status) {
        return Err(format!(
            "fetching {url} through the bridge answered {} {}",
            reply.status, reply.status_text
        ));
    }
    reply
        .text()
        .map(str::to_owned)
        .ok_or_else(|| format!("{url} is not text"))
}
