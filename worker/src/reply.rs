//! What a call ends with and what it reports: its replies as JSON, its
//! status with the error details, and its metadata as pairs.

use switchboard_schema::{JsonOptions, Schema, prost_reflect::DynamicMessage, response_json};
use tonic::{Code, metadata::MetadataMap};

use crate::protocol::Status;

/// A reply in the proto3 JSON mapping, on one line as grpcurl's `-format
/// json` streams do not, but as a timeline keeps a stream: one per line.
pub fn to_json(message: &DynamicMessage) -> String {
    match response_json(message, JsonOptions::default()) {
        Ok(json) => serde_json::to_string(&json).unwrap_or_default(),
        Err(error) => format!("(this reply cannot be shown as JSON: {error})"),
    }
}

/// A status the server (or the browser) ended the call with; its rich error
/// details (`google.rpc.Status` in `grpc-status-details-bin`) as JSON, one
/// detail each.
pub fn from_status(schema: &Schema, status: &tonic::Status) -> Status {
    let message = status.message().to_owned();
    // A fetch that got no response at all reaches tonic as a status whose
    // message carries the browser's error.
    let network = message.contains("Failed to fetch") || message.contains("NetworkError");
    let details = if status.details().is_empty() {
        Vec::new()
    } else {
        match schema.status_details(status.details()) {
            Ok(json) => json
                .get("details")
                .and_then(serde_json::Value::as_array)
                .map(|details| details.iter().map(|detail| detail.to_string()).collect())
                .unwrap_or_default(),
            Err(error) => vec![format!("the error details could not be read: {error}")],
        }
    };
    let mut trailers = pairs(status.metadata());
    trailers.retain(|(name, _)| name != "grpc-status-details-bin");
    Status {
        code: status.code() as i32,
        message,
        details,
        trailers,
        network,
        ended_here: false,
    }
}

/// A status the worker decided on itself, with nothing from the server.
pub fn local_status(code: Code, message: String) -> Status {
    Status {
        code: code as i32,
        message,
        details: Vec::new(),
        trailers: Vec::new(),
        network: false,
        ended_here: true,
    }
}

/// Metadata as name/value pairs (binary values as base64, as on the wire).
pub fn pairs(metadata: &MetadataMap) -> Vec<(String, String)> {
    metadata
        .clone()
        .into_headers()
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect()
}
