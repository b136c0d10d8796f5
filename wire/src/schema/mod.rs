//! What the page and its schema worker tell each other about a gRPC schema
//! learnt at run time (server reflection, dropped .proto files, a protoset).
//!
//! The engine that compiles and reflects schemas (`switchboard-schema`) is
//! heavy, so it runs in a web worker beside the page; the page sees only these
//! plain types. They describe services and the forms of their messages well
//! enough to render an editor, and the errors precisely enough to point at a
//! line of a .proto or a field of a request.

mod error;
mod form;

use serde::{Deserialize, Serialize};

pub use error::SchemaError;
pub use form::{FieldForm, FieldKind, FieldLabel, MessageForm, ScalarType, WellKnown};

/// A .proto file given as text, for example one a person dropped on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtoFile {
    /// Its import path, such as `echo.proto` or `shop/v1/order.proto`: the name
    /// other files import it by.
    pub name: String,
    /// The file's text.
    pub source: String,
}

/// A gRPC service of the schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceInfo {
    /// The full name, such as `echo.Echo`.
    pub name: String,
    /// The leading comment in the .proto, trimmed; empty when there is none
    /// (or when the descriptors carry no source info).
    pub comments: String,
    pub methods: Vec<MethodInfo>,
}

/// One method of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodInfo {
    /// The short name, such as `Unary`.
    pub name: String,
    /// The HTTP/2 path a call goes to, such as `/echo.Echo/Unary`.
    pub path: String,
    pub kind: MethodKind,
    /// The full name of the request message, such as `echo.Sample`.
    pub input: String,
    /// The full name of the response message, such as `echo.Echoed`.
    pub output: String,
    /// The leading comment in the .proto, trimmed.
    pub comments: String,
}

/// Which side of a call streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodKind {
    Unary,
    ServerStreaming,
    ClientStreaming,
    Bidi,
}

impl MethodKind {
    /// Whether the client sends a stream of requests (and so writes a JSON array).
    pub fn client_streams(self) -> bool {
        matches!(self, MethodKind::ClientStreaming | MethodKind::Bidi)
    }

    /// Whether the server answers with a stream of responses.
    pub fn server_streams(self) -> bool {
        matches!(self, MethodKind::ServerStreaming | MethodKind::Bidi)
    }
}

/// How responses are written as JSON.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonOptions {
    /// Write every field, defaults included (`0`, `""`, `[]`, the first enum
    /// value), as grpcurl's `-emit-defaults` does. Off by default: the
    /// canonical proto3 JSON leaves them out.
    #[serde(default)]
    pub emit_defaults: bool,
}
