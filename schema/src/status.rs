//! The details of a gRPC error: the `grpc-status-details-bin` trailer holds a
//! `google.rpc.Status` whose details are `Any`s, typically the standard
//! error details (`ErrorInfo`, `BadRequest`, `RetryInfo` …). Those types are
//! not in a service's own schema, so this crate carries googleapis' two
//! files (`protos/google/rpc/`, as tonic-types ships them) and compiles them
//! only when an error has details to read.

use prost_reflect::{DescriptorPool, DynamicMessage};
use switchboard_wire::schema::{JsonOptions, ProtoFile, SchemaError};

use crate::{compile, json::response_json};

const STATUS: &str = "google.rpc.Status";

const RPC_FILES: [(&str, &str); 2] = [
    (
        "google/rpc/status.proto",
        include_str!("../protos/google/rpc/status.proto"),
    ),
    (
        "google/rpc/error_details.proto",
        include_str!("../protos/google/rpc/error_details.proto"),
    ),
];

/// A `google.rpc.Status` as JSON. Details whose types are in `schema` (a
/// service's own detail messages) or in google.rpc's error details are
/// written out; any other detail makes it an error, since JSON cannot show an
/// `Any` it cannot name.
pub fn details_json(
    schema: &DescriptorPool,
    bytes: &[u8],
) -> Result<serde_json::Value, SchemaError> {
    let pool = with_rpc_types(schema)?;
    let status = pool
        .get_message_by_name(STATUS)
        .ok_or_else(|| SchemaError::UnknownMessage {
            name: STATUS.to_owned(),
        })?;
    let message = DynamicMessage::decode(status, bytes).map_err(|err| SchemaError::Decode {
        message: err.to_string(),
    })?;
    response_json(&message, JsonOptions::default())
}

/// `schema` with google.rpc's types added; google.rpc's alone when the two
/// do not fit together (a schema with its own, different copy of them).
fn with_rpc_types(schema: &DescriptorPool) -> Result<DescriptorPool, SchemaError> {
    let files: Vec<ProtoFile> = RPC_FILES
        .iter()
        .map(|(name, source)| ProtoFile {
            name: (*name).to_owned(),
            source: (*source).to_owned(),
        })
        .collect();
    let rpc = compile::compile(&files)?;
    let mut merged = schema.clone();
    match merged.add_file_descriptor_protos(rpc.file_descriptor_protos().cloned()) {
        Ok(()) if merged.get_message_by_name("google.rpc.ErrorInfo").is_some() => Ok(merged),
        _ => Ok(rpc),
    }
}
