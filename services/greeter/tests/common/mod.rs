//! The greeter on a free port, and a gRPC-web transport to call it the way a
//! browser does, shared by its test files.

// Each test file uses only part of this.
#![allow(dead_code)]

pub mod echo;

use std::time::Duration;

use clap::Parser;
use greeter_service::{Config, serve};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use tokio::net::TcpListener;
use tonic::body::Body;
use tonic_web::{GrpcWebCall, GrpcWebClientLayer, GrpcWebClientService};

pub const PAGE: &str = "http://page.test";
/// The stream interval the tests run the greeter with, to keep them quick.
pub const INTERVAL: Duration = Duration::from_millis(100);

pub async fn start() -> String {
    start_with(&[]).await
}

/// The greeter with `args` beside the tests' own settings.
pub async fn start_with(args: &[&str]) -> String {
    let interval = INTERVAL.as_millis().to_string();
    let mut all = vec![
        "greeter",
        "--allowed-origins",
        PAGE,
        "--stream-interval-ms",
        &interval,
    ];
    all.extend_from_slice(args);
    let config = Config::parse_from(all);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { serve(&config, listener, std::future::pending()).await });
    url
}

/// gRPC-web over HTTP/1.1, as a browser speaks it: give it to a generated
/// client's `with_origin`.
pub type WebService = GrpcWebClientService<Client<HttpConnector, GrpcWebCall<Body>>>;

pub fn web_service() -> WebService {
    let http1 = Client::builder(TokioExecutor::new()).build_http();
    tower::ServiceBuilder::new()
        .layer(GrpcWebClientLayer::new())
        .service(http1)
}
