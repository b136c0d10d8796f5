//! The greeter that ships with Switchboard on a free port, and what its own
//! tests and the bridge's share to call it: a gRPC-web transport as a
//! browser has one ([`web_service`]), the Greeter's requests and replies
//! ([`greeter`]), Echo's samples and failures ([`echo`]), and a stream read
//! to its end ([`receive`]).

pub mod echo;
pub mod greeter;
mod web;

use std::time::{Duration, Instant};

use clap::Parser;
use tokio::net::TcpListener;
use tonic::{Status, Streaming};

pub use web::{WebService, frame, web_service};

/// The time between two `SayHelloStream` replies of a greeter started by
/// [`serve_greeter`], short to keep the tests quick.
pub const INTERVAL: Duration = Duration::from_millis(100);

/// Starts the greeter (gRPC, gRPC-web and reflection) on a free port, with a
/// stream interval of [`INTERVAL`] and `args` as on its command line; its
/// base URL.
pub async fn serve_greeter(args: &[&str]) -> String {
    let interval = INTERVAL.as_millis().to_string();
    let defaults = ["greeter", "--stream-interval-ms", &interval];
    let config = greeter_service::Config::parse_from(defaults.iter().chain(args));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(
        async move { greeter_service::serve(&config, listener, std::future::pending()).await },
    );
    url
}

/// A stream's replies, each with the time it arrived since `start`, and how
/// the stream ended.
pub async fn receive<T>(
    mut stream: Streaming<T>,
    start: Instant,
) -> (Vec<(Duration, T)>, Result<(), Status>) {
    let mut replies = Vec::new();
    loop {
        match stream.message().await {
            Ok(Some(reply)) => replies.push((start.elapsed(), reply)),
            Ok(None) => return (replies, Ok(())),
            Err(status) => return (replies, Err(status)),
        }
    }
}
