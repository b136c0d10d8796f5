//! A saved request of each kind Switchboard sends. Their fields mean what the
//! page's panels mean by them, so the page converts both ways without loss:
//! the gRPC console's call, the Publish panel's draft (and through it the
//! bridge's `PublishRequest`), and the Live panel's subscription.

use serde::{Deserialize, Serialize};

use crate::http::HttpRequest;

/// A request of any kind. In the file it is an object with one key, the
/// kind: `{"http": {…}}`, `{"grpc": {…}}`, `{"publish": {…}}` or
/// `{"tail": {…}}` (serde's external tagging, which keeps the path of a bad
/// field exact when a file is refused).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SavedRequest {
    Http(HttpRequest),
    Grpc(GrpcCall),
    Publish(Publish),
    Tail(Tail),
}

impl SavedRequest {
    /// What the kind is called in messages: `HTTP`, `gRPC`, `publish`, `tail`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Http(_) => "HTTP",
            Self::Grpc(_) => "gRPC",
            Self::Publish(_) => "publish",
            Self::Tail(_) => "tail",
        }
    }
}

impl From<HttpRequest> for SavedRequest {
    fn from(request: HttpRequest) -> Self {
        Self::Http(request)
    }
}

impl From<GrpcCall> for SavedRequest {
    fn from(call: GrpcCall) -> Self {
        Self::Grpc(call)
    }
}

impl From<Publish> for SavedRequest {
    fn from(publish: Publish) -> Self {
        Self::Publish(publish)
    }
}

impl From<Tail> for SavedRequest {
    fn from(tail: Tail) -> Self {
        Self::Tail(tail)
    }
}

/// A name and a value that can be switched off without being deleted: an
/// HTTP header, a form field, gRPC metadata, an AMQP header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    pub name: String,
    #[serde(default)]
    pub value: String,
    /// A disabled pair is kept, shown, and not sent.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
}

impl Pair {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            enabled: true,
        }
    }

    pub fn disabled(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            enabled: false,
            ..Self::new(name, value)
        }
    }
}

pub(crate) fn yes() -> bool {
    true
}

pub(crate) fn is_true(value: &bool) -> bool {
    *value
}

/// A call of any method of any gRPC server, as the gRPC console makes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GrpcCall {
    /// The server's base URL, such as `http://127.0.0.1:50051`.
    pub target: String,
    /// `/package.Service/Method`.
    pub method: String,
    /// The request in the proto3 JSON mapping; for client-streaming and
    /// bidirectional methods, an array of requests.
    pub body: String,
    pub metadata: Vec<Pair>,
    /// None for no deadline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline_ms: Option<u32>,
    /// Through the bridge (native gRPC to one of its `GRPC_TARGETS`) rather
    /// than gRPC-web straight from the page.
    pub via_bridge: bool,
}

impl Default for GrpcCall {
    fn default() -> Self {
        Self {
            target: String::new(),
            method: String::new(),
            body: "{}".to_owned(),
            metadata: Vec::new(),
            deadline_ms: None,
            via_bridge: false,
        }
    }
}

/// How a publish payload is meant to be read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PayloadFormat {
    #[default]
    Text,
    /// JSON, checked before it is sent; `application/json` unless a content
    /// type is given.
    Json,
}

/// A message published through the bridge (`POST /api/publish`), as the
/// Publish panel edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Publish {
    /// Empty for the bridge's own exchange.
    pub exchange: String,
    pub routing_key: String,
    pub payload: String,
    pub format: PayloadFormat,
    /// The AMQP `content_type`; empty for none.
    pub content_type: String,
    /// AMQP headers; a value that reads as a boolean, an integer or a number
    /// with a fraction is sent as one, as the Publish panel does.
    pub headers: Vec<Pair>,
    pub persistent: bool,
    pub mandatory: bool,
}

impl Default for Publish {
    fn default() -> Self {
        Self {
            exchange: String::new(),
            routing_key: String::new(),
            payload: String::new(),
            format: PayloadFormat::Text,
            content_type: String::new(),
            headers: Vec::new(),
            persistent: true,
            mandatory: true,
        }
    }
}

/// A live tail's settings, as the Live panel opens one (`GET /api/subscribe`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Tail {
    /// Empty for the bridge's own exchange.
    pub exchange: String,
    pub binding_key: String,
    /// Text the shown messages must contain; empty shows every message.
    pub filter: String,
}
