//! The bridge's refusals that need no broker, asked of the router itself
//! (`tower::ServiceExt::oneshot`, as in axum's `examples/testing`): bad input,
//! tokens, destinations, routes, the rate limit and CORS.
//!
//! The bridge's broker link points at a port nobody listens on, so it never
//! connects. A request that gets past every check therefore ends in
//! `503 broker_unavailable`: that answer is how these tests show a request was
//! accepted, and any other refusal shows it was stopped before the broker.

mod access;
mod auth;
mod bad_input;
mod cors;

use std::net::SocketAddr;

use axum::{
    Router,
    body::Body,
    extract::ConnectInfo,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use bridge_server::{AppState, Broker, Config, app};
use clap::Parser;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// No AMQP server listens on port 1, so the broker is never connected.
pub const NO_BROKER: &str = "amqp://guest:s3cret@127.0.0.1:1/%2f";

/// The TCP peer every request comes from, unless a test says otherwise.
pub const PEER: ([u8; 4], u16) = ([192, 0, 2, 10], 40_000);

/// The bridge's settings: the defaults, changed by `args` as on the command
/// line, with a broker that never connects.
pub fn config(args: &[&str]) -> Config {
    let defaults = ["bridge-server", "--amqp-url", NO_BROKER];
    // A subscription waits this long for a broker before it is refused.
    let quick = ["--connect-timeout-ms", "100"];
    Config::parse_from(defaults.iter().chain(&quick).chain(args))
}

/// The bridge's router, without a socket.
#[derive(Debug, Clone)]
pub struct Bridge {
    pub router: Router,
    pub broker: Broker,
}

impl Bridge {
    /// Must run inside a Tokio runtime: the broker link and the rate limiter
    /// spawn tasks.
    pub fn new(args: &[&str]) -> Self {
        let config = config(args);
        let broker = bridge_server::start_broker(&config);
        let router = app(&config, AppState::new(&config, broker.clone()));
        Self { router, broker }
    }

    /// Sends `request` from [`PEER`] unless it names its own peer.
    pub async fn send(&self, mut request: Request<Body>) -> Reply {
        if request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .is_none()
        {
            request
                .extensions_mut()
                .insert(ConnectInfo(SocketAddr::from(PEER)));
        }
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Reply {
            status,
            headers,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            text,
        }
    }

    /// `POST /api/publish` with `body` and, unless `None`, a content type.
    pub async fn post(&self, content_type: Option<&str>, body: impl Into<Body>) -> Reply {
        let mut request = Request::post("/api/publish");
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        self.send(request.body(body.into()).unwrap()).await
    }

    /// `POST /api/publish` with a JSON value.
    pub async fn publish(&self, body: Value) -> Reply {
        self.post(Some("application/json"), body.to_string()).await
    }

    /// A request with no body.
    pub async fn call(&self, method: Method, uri: &str) -> Reply {
        let request = Request::builder().method(method).uri(uri);
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.call(Method::GET, uri).await
    }
}

/// A publish request that passes every check the bridge makes before the broker.
pub fn valid_publish() -> Request<Body> {
    Request::post("/api/publish")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"payload":"hello"}"#))
        .unwrap()
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as JSON, or `null` when it is not JSON.
    pub body: Value,
    pub text: String,
}

impl Reply {
    /// The `error` code of an error answer.
    pub fn code(&self) -> &str {
        self.body["error"].as_str().unwrap_or_default()
    }

    /// The `message` of an error answer.
    pub fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Asserts the status and `error` code, and that the body is the bridge's
    /// JSON error with a message.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            (self.status.as_u16(), self.code()),
            (status, code),
            "{}",
            self.text
        );
        assert!(!self.message().trim().is_empty(), "{}", self.text);
        assert_eq!(self.header("content-type"), Some("application/json"));
    }

    /// Asserts the request passed every check and reached for the broker.
    #[track_caller]
    pub fn assert_reached_the_broker(&self) {
        self.assert_error(503, "broker_unavailable");
    }
}
