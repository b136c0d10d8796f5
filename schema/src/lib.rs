//! The schema engine of Switchboard's page: it calls any gRPC method of any
//! server, with a schema learnt at run time rather than compiled in.
//!
//! A [`Schema`] comes from .proto files a person drops on the page (compiled
//! by protox), or from a FileDescriptorSet (what the bridge's server
//! reflection returns, or a `protoc -o` / `buf build -o` protoset). It lists
//! the services and methods with their comments, describes each request
//! message as a form, writes a template request, and turns JSON into request
//! bytes and response bytes into JSON, through prost-reflect's canonical
//! proto3 JSON mapping. [`DynamicCodec`] lets tonic send and receive the
//! messages over any transport.
//!
//! prost-reflect and protox are too heavy for the page's first load, so this
//! crate runs in a web worker of its own; what crosses to the page is the
//! plain serde data of `switchboard_wire::schema`. It builds for
//! `wasm32-unknown-unknown`: no threads, no filesystem, no async runtime.
//!
//! Its tests compile `protos/echo.proto` and call the greeter's Echo service
//! on a free port: `cargo test -p switchboard-schema`.

mod codec;
mod comments;
mod compile;
mod descriptor_set;
mod forms;
mod json;
mod status;
mod template;

use std::collections::BTreeMap;

pub use codec::{DynamicCodec, DynamicDecoder, DynamicEncoder};
pub use json::response_json;
/// The prost-reflect this crate is built on, so that callers name the same
/// `DynamicMessage` and descriptors.
pub use prost_reflect;
use prost_reflect::{DescriptorPool, DynamicMessage, MessageDescriptor, MethodDescriptor};
pub use switchboard_wire::schema::{
    FieldForm, FieldKind, FieldLabel, JsonOptions, MessageForm, MethodInfo, MethodKind, ProtoFile,
    ScalarType, SchemaError, ServiceInfo, WellKnown,
};

/// A set of protobuf files that fit together: their services, messages and enums.
///
/// Cloning is cheap (the descriptors are shared).
#[derive(Debug, Clone)]
pub struct Schema {
    pool: DescriptorPool,
}

impl Schema {
    /// Compiles .proto files given as text. They may import each other and
    /// the `google/protobuf/*.proto` well-known types; every file given is
    /// compiled, whether or not another imports it. Comments are kept.
    pub fn from_protos(files: &[ProtoFile]) -> Result<Schema, SchemaError> {
        compile::compile(files).map(|pool| Schema { pool })
    }

    /// Reads an encoded FileDescriptorSet. Well-known types that its files
    /// import but that it does not hold (a protoset written without
    /// `--include_imports`) are added from protox's copies.
    pub fn from_descriptor_set(bytes: &[u8]) -> Result<Schema, SchemaError> {
        descriptor_set::decode(bytes).map(|pool| Schema { pool })
    }

    /// The schema as an encoded FileDescriptorSet, source info included, which
    /// [`Schema::from_descriptor_set`] reads back: for keeping a schema.
    pub fn descriptor_set(&self) -> Vec<u8> {
        self.pool.encode_to_vec()
    }

    /// The descriptors themselves.
    pub fn pool(&self) -> &DescriptorPool {
        &self.pool
    }

    /// Every service, sorted by full name, with its methods in declaration order.
    pub fn services(&self) -> Vec<ServiceInfo> {
        let mut services: Vec<ServiceInfo> = self
            .pool
            .services()
            .map(|service| ServiceInfo {
                name: service.full_name().to_owned(),
                comments: comments::of(service.parent_file_descriptor_proto(), service.path()),
                methods: service
                    .methods()
                    .map(|method| method_info(&method))
                    .collect(),
            })
            .collect();
        services.sort_by(|a, b| a.name.cmp(&b.name));
        services
    }

    /// A method by its path (`/echo.Echo/Unary`), or its name with a slash or
    /// a dot before the method (`echo.Echo/Unary`, `echo.Echo.Unary`).
    pub fn method(&self, path_or_name: &str) -> Result<MethodInfo, SchemaError> {
        self.method_descriptor(path_or_name)
            .map(|method| method_info(&method))
    }

    /// The descriptor of a method named as [`Schema::method`] takes it.
    pub fn method_descriptor(&self, path_or_name: &str) -> Result<MethodDescriptor, SchemaError> {
        let name = path_or_name.trim().trim_start_matches('/');
        let (service_name, method_name) = name
            .split_once('/')
            .or_else(|| name.rsplit_once('.'))
            .ok_or_else(|| SchemaError::UnknownService {
                name: name.to_owned(),
            })?;
        let service = self.pool.get_service_by_name(service_name).ok_or_else(|| {
            SchemaError::UnknownService {
                name: service_name.to_owned(),
            }
        })?;
        let method = service
            .methods()
            .find(|method| method.name() == method_name);
        method.ok_or_else(|| SchemaError::UnknownMethod {
            service: service_name.to_owned(),
            name: method_name.to_owned(),
        })
    }

    /// The descriptor of a message by its full name, such as `echo.Sample`.
    pub fn message_descriptor(&self, name: &str) -> Result<MessageDescriptor, SchemaError> {
        let name = name.trim().trim_start_matches('.');
        self.pool
            .get_message_by_name(name)
            .ok_or_else(|| SchemaError::UnknownMessage {
                name: name.to_owned(),
            })
    }

    /// The form of a message and of every message reachable from it, by full
    /// name. Well-known types are not expanded: the page edits them as text.
    pub fn forms(&self, message: &str) -> Result<BTreeMap<String, MessageForm>, SchemaError> {
        Ok(forms::reachable(&self.message_descriptor(message)?))
    }

    /// A request that shows every field, to start editing from; it encodes
    /// as it is.
    pub fn template(&self, message: &str) -> Result<serde_json::Value, SchemaError> {
        Ok(template::message(&self.message_descriptor(message)?))
    }

    /// Reads one request of a method from JSON.
    pub fn parse_request(&self, method: &str, json: &str) -> Result<DynamicMessage, SchemaError> {
        json::parse_message(&self.method_descriptor(method)?.input(), json)
    }

    /// Reads the requests of a client-streaming or bidi call from a JSON
    /// array; an error's path starts with the element's index (`[1].point.x`).
    pub fn parse_requests(
        &self,
        method: &str,
        json: &str,
    ) -> Result<Vec<DynamicMessage>, SchemaError> {
        json::parse_messages(&self.method_descriptor(method)?.input(), json)
    }

    /// One request of a method, from JSON to protobuf bytes.
    pub fn encode_request(&self, method: &str, json: &str) -> Result<Vec<u8>, SchemaError> {
        use prost::Message;
        Ok(self.parse_request(method, json)?.encode_to_vec())
    }

    /// The requests of a streaming call, from a JSON array to protobuf bytes each.
    pub fn encode_requests(&self, method: &str, json: &str) -> Result<Vec<Vec<u8>>, SchemaError> {
        use prost::Message;
        let messages = self.parse_requests(method, json)?;
        Ok(messages.iter().map(Message::encode_to_vec).collect())
    }

    /// One response of a method, from protobuf bytes to JSON.
    pub fn decode_response(
        &self,
        method: &str,
        bytes: &[u8],
        options: JsonOptions,
    ) -> Result<serde_json::Value, SchemaError> {
        let output = self.method_descriptor(method)?.output();
        let message = DynamicMessage::decode(output, bytes).map_err(|err| SchemaError::Decode {
            message: err.to_string(),
        })?;
        response_json(&message, options)
    }

    /// The details of a gRPC error as JSON: the bytes of its
    /// `grpc-status-details-bin` trailer (tonic's `Status::details()`), a
    /// `google.rpc.Status` with `code`, `message` and `details`.
    pub fn status_details(&self, bytes: &[u8]) -> Result<serde_json::Value, SchemaError> {
        status::details_json(&self.pool, bytes)
    }
}

fn method_info(method: &MethodDescriptor) -> MethodInfo {
    let kind = match (method.is_client_streaming(), method.is_server_streaming()) {
        (false, false) => MethodKind::Unary,
        (false, true) => MethodKind::ServerStreaming,
        (true, false) => MethodKind::ClientStreaming,
        (true, true) => MethodKind::Bidi,
    };
    MethodInfo {
        name: method.name().to_owned(),
        path: format!("/{}/{}", method.parent_service().full_name(), method.name()),
        kind,
        input: method.input().full_name().to_owned(),
        output: method.output().full_name().to_owned(),
        comments: comments::of(method.parent_file().file_descriptor_proto(), method.path()),
    }
}

#[cfg(test)]
mod tests;
