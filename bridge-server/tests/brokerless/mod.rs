//! A bridge on a free port whose broker link points at a port nobody listens
//! on, for the tests of what needs no RabbitMQ (the gRPC and HTTP relays).

use std::time::Duration;

use bridge_server::{AppState, Config, app, serve, start_broker};
use clap::Parser;
use tokio::net::TcpListener;

/// No AMQP server listens on port 1.
pub const NO_BROKER: &str = "amqp://guest:guest@127.0.0.1:1/%2f";

/// Serves a bridge with the defaults, changed by `args` as on the command
/// line; its base URL.
pub async fn serve_bridge(args: &[&str]) -> String {
    let defaults = ["bridge-server", "--amqp-url", NO_BROKER];
    let config = Config::parse_from(defaults.iter().chain(args));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let router = app(&config, AppState::new(&config, start_broker(&config)));
    tokio::spawn(serve(
        listener,
        router,
        std::future::pending(),
        Duration::from_secs(1),
    ));
    url
}
