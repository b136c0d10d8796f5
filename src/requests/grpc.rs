//! The gRPC calls: the Greeter panels' requests, and a call of any method
//! as the gRPC console edits it.

use serde::{Deserialize, Serialize};

use crate::schemas::Origin;

/// `SayHello` (or `SayHelloStream`): the name, metadata as `name: value`
/// lines, and a deadline in milliseconds (empty for none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GreeterRequest {
    pub name: String,
    pub metadata: String,
    pub deadline_ms: String,
}

impl Default for GreeterRequest {
    fn default() -> Self {
        Self {
            name: "Ada".to_owned(),
            metadata: String::new(),
            deadline_ms: String::new(),
        }
    }
}

/// The Greeter's methods, fully qualified, as in the URL path.
pub const SAY_HELLO: &str = "helloworld.Greeter/SayHello";
pub const SAY_HELLO_STREAM: &str = "helloworld.Greeter/SayHelloStream";

/// `HelloRequest` in JSON, as grpcurl takes it.
#[derive(Serialize)]
struct NameJson<'a> {
    name: &'a str,
}

impl GreeterRequest {
    /// The deadline, if one is set.
    pub fn deadline(&self) -> Result<Option<u32>, String> {
        parse_deadline(&self.deadline_ms)
    }

    /// `{"name":…}`: the request as the timeline shows it and grpcurl takes it.
    pub fn json(&self) -> String {
        // Typed rather than `serde_json::json!`, which would link `Value` and
        // its serialiser; a struct of strings always serialises.
        serde_json::to_string(&NameJson { name: &self.name }).unwrap_or_default()
    }
}

/// How a gRPC call reaches its server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Route {
    /// gRPC-web straight from the page, for servers that speak it.
    #[default]
    Direct,
    /// gRPC-web to the bridge, which relays it as native gRPC to the server
    /// (one of the bridge's `GRPC_TARGETS`).
    Bridge,
}

/// A call of any method of any gRPC server, as edited in the gRPC console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GrpcCall {
    /// The server's base URL, which also keys its schema.
    pub target: String,
    pub route: Route,
    /// `/package.Service/Method`; empty until one is chosen.
    pub method: String,
    /// The request in the proto3 JSON mapping; for client-streaming and
    /// bidirectional methods, an array of requests.
    pub body: String,
    /// `name: value` lines.
    pub metadata: String,
    /// Milliseconds, empty for none.
    pub deadline_ms: String,
    /// Where the schema came from, for `grpcurl`'s `-proto` or `-protoset`.
    pub origin: Origin,
}

impl Default for GrpcCall {
    fn default() -> Self {
        Self {
            target: String::new(),
            route: Route::Direct,
            method: String::new(),
            body: "{}".to_owned(),
            metadata: String::new(),
            deadline_ms: String::new(),
            origin: Origin::Reflection,
        }
    }
}

impl GrpcCall {
    /// The deadline, if one is set.
    pub fn deadline(&self) -> Result<Option<u32>, String> {
        parse_deadline(&self.deadline_ms)
    }

    /// `package.Service/Method`, as grpcurl and the timeline name it.
    pub fn method_name(&self) -> &str {
        self.method.trim_start_matches('/')
    }
}

/// A deadline field: empty for none, else a positive number of milliseconds.
fn parse_deadline(text: &str) -> Result<Option<u32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(0) | Err(_) => Err(format!(
            "the deadline must be a positive number of milliseconds, not {text:?}"
        )),
        Ok(ms) => Ok(Some(ms)),
    }
}
