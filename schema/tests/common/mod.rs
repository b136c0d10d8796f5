//! The greeter on a free port, and the Echo schema compiled from the file the
//! greeter itself is built from; shared by the test files.

// Each test file uses only part of this.
#![allow(dead_code)]

use clap::Parser;
use greeter_service::{Config, serve};
use switchboard_schema::{ProtoFile, Schema};
use tokio::net::TcpListener;
use tonic::transport::Channel;

pub const ECHO: &str = include_str!("../../../protos/echo.proto");

pub fn echo_schema() -> Schema {
    Schema::from_protos(&[ProtoFile {
        name: "echo.proto".into(),
        source: ECHO.into(),
    }])
    .unwrap()
}

/// Starts the greeter (streams paced at 10 ms) and connects to it.
pub async fn start() -> Channel {
    let config = Config::parse_from(["greeter", "--stream-interval-ms", "10"]);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { serve(&config, listener, std::future::pending()).await });
    Channel::from_shared(url).unwrap().connect().await.unwrap()
}
