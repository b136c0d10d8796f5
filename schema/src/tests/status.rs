//! The details of gRPC errors.

use serde_json::json;

use super::fixtures::*;
use crate::*;

#[test]
fn error_details_are_read_with_google_rpc_types() {
    let files: Vec<ProtoFile> = [
        (
            "google/rpc/status.proto",
            include_str!("../../protos/google/rpc/status.proto"),
        ),
        (
            "google/rpc/error_details.proto",
            include_str!("../../protos/google/rpc/error_details.proto"),
        ),
    ]
    .into_iter()
    .map(|(name, source)| file(name, source))
    .collect();
    let rpc = Schema::from_protos(&files).unwrap();
    let status = json!({
        "code": 5,
        "message": "failing as asked",
        "details": [{
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "ASKED",
            "metadata": { "text": "why" },
        }, {
            "@type": "type.googleapis.com/google.rpc.RetryInfo",
            "retryDelay": "1.500s",
        }],
    });
    let message = json::parse_message(
        &rpc.message_descriptor("google.rpc.Status").unwrap(),
        &status.to_string(),
    )
    .unwrap();
    let bytes = prost::Message::encode_to_vec(&message);
    assert_eq!(echo().status_details(&bytes).unwrap(), status);
    // A schema that has the types itself reads them just as well.
    assert_eq!(rpc.status_details(&bytes).unwrap(), status);
    assert!(matches!(
        echo().status_details(b"\x12\xff"),
        Err(SchemaError::Decode { .. })
    ));
}
