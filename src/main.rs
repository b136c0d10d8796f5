//! Switchboard: a browser console for microservices. One page calls a REST API
//! (gloo-net), a gRPC service over gRPC-web (tonic-web-wasm-client) and
//! RabbitMQ (through bridge-server), and shows each call's result, status and
//! latency.
//!
//! Build and serve it with `trunk serve`; see README.md for the whole stack.

mod api;
mod app;
mod components;
mod config;
mod export;
mod form;
mod history;
mod hooks;
mod live;
mod number;
mod perf;
mod requests;
mod share;
mod state;
mod trace;

fn main() {
    console_error_panic_hook::set_once();
    yew::Renderer::<app::App>::new().render();
}
