//! Switchboard: a browser console for microservices. One page calls a REST API
//! (gloo-net), a gRPC service over gRPC-web (tonic-web-wasm-client) and
//! RabbitMQ (through bridge-server), and shows each call's result, status and
//! latency.
//!
//! Two wasm modules come from this crate. The page (`src/main.rs`) is the
//! first load. The gRPC console (`src/bin/console.rs`) is loaded the first
//! time a person opens it, with the schema worker it starts (crate
//! `switchboard-worker`): together they hold everything that calling any
//! method of any server needs, which the first load does not pay for.
//!
//! Build and serve it with `trunk serve`; see README.md for the whole stack.

mod api;
mod app;
mod capture;
mod components;
mod config;
mod console;
mod error;
mod export;
mod form;
mod history;
mod hooks;
mod http_call;
mod http_reply;
mod live;
mod number;
mod openapi_request;
mod perf;
mod requests;
mod saved;
mod schema_files;
mod schemas;
mod share;
mod state;
mod trace;
mod variables;

/// Renders the page into the document's body.
pub fn page() {
    console_error_panic_hook::set_once();
    yew::Renderer::<app::App>::new().render();
}

/// Starts the gRPC console module in the element the page made for it.
pub fn console() {
    console_error_panic_hook::set_once();
    console::mount();
}
