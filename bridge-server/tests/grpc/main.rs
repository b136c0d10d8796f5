//! The bridge's gRPC side against real servers on free ports: the greeter
//! that ships with Switchboard (started in-process), small tonic servers
//! with less than it has or with TLS from a private CA, and servers that are
//! not gRPC at all. The bridge
//! itself serves on a free port too, so calls go through real sockets, the
//! relay's as gRPC-web over HTTP/1.1, as a browser sends them.
//!
//! The broker link points at a port nobody listens on: nothing here needs it.

mod access;
#[path = "../brokerless/mod.rs"]
mod brokerless;
mod echo;
mod reflect;
mod refusals;
mod relay;
mod servers;
mod tls;

use greeter_service::proto::{echo::echo_client::EchoClient, greeter_client::GreeterClient};
use serde_json::Value;
use switchboard_testing::grpc::{WebService, serve_greeter, web_service};
use tonic::{
    Status,
    metadata::MetadataValue,
    service::{Interceptor, interceptor::InterceptedService},
};

/// Starts the greeter (gRPC, gRPC-web and reflection) on a free port; answers
/// its base URL.
pub async fn greeter() -> String {
    serve_greeter(&[]).await
}

/// A port on which nothing listens: a privileged one no test binds, unlike a
/// free port, which a server of a test running beside may take meanwhile.
pub const CLOSED_PORT: &str = "http://127.0.0.1:1";

/// The bridge on a free port.
#[derive(Debug, Clone)]
pub struct Bridge {
    pub url: String,
    http: reqwest::Client,
}

impl Bridge {
    /// Starts a bridge with the defaults, changed by `args` as on the command line.
    pub async fn start(args: &[&str]) -> Self {
        let url = brokerless::serve_bridge(args).await;
        Self {
            url,
            http: reqwest::Client::new(),
        }
    }

    /// A bridge that may call exactly `targets`.
    pub async fn for_targets(targets: &[&str]) -> Self {
        Self::start(&["--grpc-targets", &targets.join(",")]).await
    }

    /// `POST /api/grpc/reflect` with `body`.
    pub async fn reflect(&self, body: Value) -> Reply {
        let response = self
            .http
            .post(format!("{}/api/grpc/reflect", self.url))
            .json(&body)
            .send()
            .await
            .unwrap();
        Reply::read(response).await
    }

    /// `POST {path}` on the bridge with `headers` and `body`.
    pub async fn post(&self, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Reply {
        let mut request = self.http.post(format!("{}{path}", self.url)).body(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Reply::read(request.send().await.unwrap()).await
    }

    /// A gRPC-web channel to `target` through the relay, as the page has one:
    /// base URL `{bridge}/grpc`, the target in `x-grpc-target`.
    pub fn relay_to(&self, target: &str) -> Relay {
        self.relay_with(Headers {
            target: Some(target.to_owned()),
            token: None,
        })
    }

    pub fn relay_with(&self, headers: Headers) -> Relay {
        Relay {
            service: InterceptedService::new(web_service(), headers),
            origin: format!("{}/grpc", self.url).parse().unwrap(),
        }
    }

    pub fn greeter(&self, target: &str) -> GreeterClient<RelayService> {
        let relay = self.relay_to(target);
        GreeterClient::with_origin(relay.service, relay.origin)
    }

    pub fn echo(&self, target: &str) -> EchoClient<RelayService> {
        let relay = self.relay_to(target);
        EchoClient::with_origin(relay.service, relay.origin)
    }
}

/// A gRPC-web client's transport through the relay.
pub type RelayService = InterceptedService<WebService, Headers>;

#[derive(Debug, Clone)]
pub struct Relay {
    pub service: RelayService,
    pub origin: http::Uri,
}

/// The bridge's own headers on every relayed call.
#[derive(Debug, Clone, Default)]
pub struct Headers {
    /// `x-grpc-target`.
    pub target: Option<String>,
    /// `x-bridge-authorization: Bearer {token}`.
    pub token: Option<String>,
}

impl Interceptor for Headers {
    fn call(&mut self, mut request: tonic::Request<()>) -> Result<tonic::Request<()>, Status> {
        let metadata = request.metadata_mut();
        if let Some(target) = &self.target {
            metadata.insert("x-grpc-target", MetadataValue::try_from(target).unwrap());
        }
        if let Some(token) = &self.token {
            let bearer = MetadataValue::try_from(format!("Bearer {token}")).unwrap();
            metadata.insert("x-bridge-authorization", bearer);
        }
        Ok(request)
    }
}

/// An HTTP answer of the bridge, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub bytes: Vec<u8>,
}

impl Reply {
    async fn read(response: reqwest::Response) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap().to_vec();
        Self {
            status,
            headers,
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            bytes,
        }
    }

    pub fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or_default()
    }

    /// Asserts the status and the JSON error's `error` code.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            (self.status, self.body["error"].as_str().unwrap_or_default()),
            (status, code),
            "{}",
            String::from_utf8_lossy(&self.bytes)
        );
        assert!(!self.message().is_empty(), "no message: {:?}", self.body);
    }
}
