//! The HTTP relay against a real upstream on a free port: a plain axum server
//! that sends no CORS headers and echoes what it received, over HTTP or over
//! TLS with a private CA's certificate. The bridge serves
//! on a free port too, so every call goes through real sockets, as a
//! browser's would.
//!
//! The broker link points at a port nobody listens on: nothing here needs it.

#[path = "../brokerless/mod.rs"]
mod brokerless;
mod cors;
mod limits;
mod openapi;

mod refusals;
mod relay;
mod tls;
mod upstream;

use reqwest::{Method, header::HeaderMap, redirect::Policy};
use serde_json::Value;
use switchboard_wire::http::{HTTP_RELAY_PATH, HTTP_TARGET_HEADER, RELAY_REFUSED_HEADER};

/// The bridge on a free port.
#[derive(Debug, Clone)]
pub struct Bridge {
    pub url: String,
    /// Follows no redirects, so that what the relay answers is what is seen.
    pub client: reqwest::Client,
}

impl Bridge {
    /// Starts a bridge with the defaults, changed by `args` as on the command line.
    pub async fn start(args: &[&str]) -> Self {
        let url = brokerless::serve_bridge(args).await;
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap();
        Self { url, client }
    }

    /// A bridge that may relay to exactly `targets`.
    pub async fn for_targets(targets: &[&str], more: &[&str]) -> Self {
        let list = targets.join(",");
        let args: Vec<&str> = ["--http-targets", list.as_str()]
            .into_iter()
            .chain(more.iter().copied())
            .collect();
        Self::start(&args).await
    }

    /// A request through the relay to `target`.
    pub fn relay(&self, method: &str, target: &str) -> reqwest::RequestBuilder {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        self.client
            .request(method, format!("{}{HTTP_RELAY_PATH}", self.url))
            .header(HTTP_TARGET_HEADER, target)
    }
}

/// An HTTP answer, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub async fn send(request: reqwest::RequestBuilder) -> Self {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap().to_vec();
        Self {
            status,
            headers,
            bytes,
        }
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|_| {
            panic!(
                "{} answer is not JSON: {}",
                self.status,
                String::from_utf8_lossy(&self.bytes)
            )
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().unwrap())
    }

    /// Asserts a refusal of the bridge's own: the status, the JSON error's
    /// code, a message, and the code again in `x-relay-refused`.
    #[track_caller]
    pub fn assert_refused(&self, status: u16, code: &str) -> String {
        let body = self.json();
        assert_eq!(
            (self.status, body["error"].as_str().unwrap_or_default()),
            (status, code),
            "{body}"
        );
        assert_eq!(self.header(RELAY_REFUSED_HEADER), Some(code), "{body}");
        let message = body["message"].as_str().unwrap_or_default().to_owned();
        assert!(!message.is_empty(), "no message: {body}");
        message
    }
}
