//! The bridge's gRPC side: `POST /api/grpc/reflect` asks an allowlisted gRPC
//! server for its schema, and `/grpc/{service}/{method}` relays gRPC-web calls
//! to it. A browser can do neither itself: it speaks only gRPC-web, and server
//! reflection is a bidirectional stream.

use serde::{Deserialize, Serialize};

/// Where the page asks for a server's schema.
pub const REFLECT_PATH: &str = "/api/grpc/reflect";

/// The prefix of the relay: the page's gRPC-web client uses `{bridge}/grpc` as
/// its base URL, so `echo.Echo/Unary` arrives as `/grpc/echo.Echo/Unary`.
pub const RELAY_PREFIX: &str = "/grpc";

/// The request header that names the relay's upstream, for example
/// `http://127.0.0.1:50051`; it must be one of the bridge's `GRPC_TARGETS`.
pub const TARGET_HEADER: &str = "x-grpc-target";

/// The request header that carries the bridge's own bearer token on the relay,
/// so that `authorization` stays the caller's metadata for the upstream.
pub const BRIDGE_AUTHORIZATION_HEADER: &str = "x-bridge-authorization";

/// `POST /api/grpc/reflect`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReflectRequest {
    /// The server's base URL, `http://host:port` (h2c) or `https://host:port`.
    pub target: String,
    /// Only these services (fully qualified, `echo.Echo`); all when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
}

/// Which version of the reflection protocol the server answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ReflectionVersion {
    /// `grpc.reflection.v1`.
    V1,
    /// `grpc.reflection.v1alpha`, for servers that predate v1.
    V1alpha,
}

/// The schema a server described through reflection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReflectResponse {
    /// The target as the bridge spells it (normalised).
    pub target: String,
    pub reflection: ReflectionVersion,
    /// The services the server lists, without the reflection services themselves.
    pub services: Vec<String>,
    /// Standard base64 of a `google.protobuf.FileDescriptorSet` holding the
    /// files that define those services and every file they import.
    pub file_descriptor_set: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflection_versions_are_spelled_as_the_protocol_names_them() {
        let json =
            serde_json::to_string(&[ReflectionVersion::V1, ReflectionVersion::V1alpha]).unwrap();
        assert_eq!(json, r#"["v1","v1alpha"]"#);
    }

    #[test]
    fn a_request_names_a_target_and_optionally_services() {
        let request: ReflectRequest =
            serde_json::from_str(r#"{"target":"http://127.0.0.1:50051"}"#).unwrap();
        assert!(request.services.is_empty());
        let error = serde_json::from_str::<ReflectRequest>(r#"{"target":"x","service":["a"]}"#)
            .unwrap_err();
        assert!(
            error.to_string().contains("unknown field `service`"),
            "{error}"
        );
    }
}
