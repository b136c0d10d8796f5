//! The greeter on a free port, allowing the tests' page origin, and what its
//! test files share beyond what the bridge's tests share with them
//! (`switchboard_testing::grpc`).

// Each test file uses only part of this.
#![allow(dead_code)]

pub mod echo;

use switchboard_testing::grpc::{frame, serve_greeter};

pub const PAGE: &str = "http://page.test";

pub async fn start() -> String {
    start_with(&[]).await
}

/// The greeter with `args` beside the tests' own settings.
pub async fn start_with(args: &[&str]) -> String {
    let mut all = vec!["--allowed-origins", PAGE];
    all.extend_from_slice(args);
    serve_greeter(&all).await
}

/// `message` posted to `{url}{path}` as gRPC-web, raw, from the page's
/// origin, for the tests that read the answer's HTTP headers.
pub async fn post_from_page(url: &str, path: &str, message: &[u8]) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{url}{path}"))
        .header("origin", PAGE)
        .header("content-type", "application/grpc-web+proto")
        .header("x-grpc-web", "1")
        .body(frame(message))
        .send()
        .await
        .unwrap()
}
