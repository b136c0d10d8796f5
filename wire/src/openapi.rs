//! An OpenAPI document as the page renders it: a list of operations, each
//! with what a form needs (its parameters, a body to start from, the answers
//! it documents), with every `$ref` already resolved.
//!
//! The schema worker (`switchboard-openapi`) turns a 3.0 or 3.1 document, in
//! JSON or YAML, into an [`ApiDocument`]; the page never parses one itself.

use serde::{Deserialize, Serialize};

/// What an imported document offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiDocument {
    /// `info.title`.
    pub title: String,
    /// `info.version`: the API's version, not OpenAPI's.
    pub version: String,
    /// The OpenAPI version the document declares, such as `3.0.3` or `3.1.0`.
    pub openapi: String,
    /// The server URLs, with their variables set to their defaults. Possibly
    /// relative (`/v1`), then to the document's own URL. `["/"]` when the
    /// document names none, as the specification says.
    pub servers: Vec<String>,
    /// Grouped by their first tag, in the order the document lists its tags
    /// (then tags it only uses, as they first appear), untagged and
    /// `default` ones last; in document order within a group.
    pub operations: Vec<Operation>,
}

/// One operation: a method on a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    /// The `operationId`, or `METHOD path` (`GET /pets/{id}`) when it has none.
    pub id: String,
    /// Upper case: `GET`, `POST`…
    pub method: String,
    /// The path template as the document writes it, such as `/pets/{petId}`.
    pub path: String,
    /// Possibly empty.
    pub tags: Vec<String>,
    /// Empty when the document gives none.
    pub summary: String,
    /// CommonMark, as the document writes it; empty when it gives none.
    pub description: String,
    pub deprecated: bool,
    /// The path item's and the operation's own, merged (the operation's win
    /// by name and location): path-level ones first.
    pub parameters: Vec<Parameter>,
    pub request_body: Option<RequestBody>,
    /// In document order.
    pub responses: Vec<ResponseInfo>,
    /// How a caller authenticates: the schemes of the operation's first
    /// security requirement (its own, else the document's). Empty when it
    /// needs none.
    #[serde(default)]
    pub security: Vec<SecurityScheme>,
}

/// One security scheme, as the document declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityScheme {
    /// Its name under `components.securitySchemes`.
    pub name: String,
    pub kind: SecurityKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecurityKind {
    /// A key in a header, a query parameter or a cookie.
    ApiKey {
        name: String,
        location: ParameterLocation,
    },
    /// `http` with scheme `bearer`.
    Bearer,
    /// `http` with scheme `basic`.
    Basic,
    /// Anything else (`oauth2`, `openIdConnect`, other `http` schemes),
    /// by its type.
    Other(String),
}

/// A path, query, header or cookie parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parameter {
    pub name: String,
    pub location: ParameterLocation,
    /// Always true for path parameters.
    pub required: bool,
    pub deprecated: bool,
    pub description: String,
    pub schema: SchemaSummary,
    /// The parameter's example (or its schema's), as text: a string as it
    /// is, anything else as compact JSON.
    pub example: Option<String>,
}

/// Where a parameter goes (OpenAPI's `in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// Enough of a parameter's schema to pick an input and check it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaSummary {
    /// `string`, `integer`, `number`, `boolean`, `array` or `object`; empty
    /// when the schema does not say.
    #[serde(rename = "type")]
    pub kind: String,
    /// Such as `int64`, `date-time`, `uuid`; empty when none.
    pub format: String,
    /// The allowed values, as text (as [`Parameter::example`] is); empty
    /// when any value goes.
    #[serde(rename = "enum")]
    pub enum_values: Vec<String>,
    /// The default, as text.
    pub default: Option<String>,
    /// Whether `null` is allowed (3.0's `nullable`, 3.1's `"null"` type).
    pub nullable: bool,
    /// For an array, its items' summary.
    pub items: Option<Box<SchemaSummary>>,
}

/// An operation's request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestBody {
    pub required: bool,
    pub description: String,
    /// The media types it accepts, in document order.
    pub content_types: Vec<String>,
    /// The media type [`example`](Self::example) is written for: the first
    /// JSON one (`application/json`, `…+json`), else the first.
    pub example_content_type: String,
    /// A body to start from: the media type's example, else its schema's,
    /// else one built from the schema. Pretty JSON, except that a string
    /// example for a media type that is not JSON is the text itself.
    pub example: String,
}

/// One documented answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseInfo {
    /// `200`, `4XX` or `default`.
    pub status: String,
    pub description: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_location_and_schema_keys_read_as_openapi_writes_them() {
        let parameter = Parameter {
            name: "limit".into(),
            location: ParameterLocation::Query,
            required: false,
            deprecated: false,
            description: String::new(),
            schema: SchemaSummary {
                kind: "integer".into(),
                format: "int32".into(),
                ..SchemaSummary::default()
            },
            example: Some("10".into()),
        };
        let json = serde_json::to_value(&parameter).unwrap();
        assert_eq!(json["location"], "query");
        assert_eq!(json["schema"]["type"], "integer");
        assert_eq!(json["schema"]["enum"], serde_json::json!([]));
        let back: Parameter = serde_json::from_value(json).unwrap();
        assert_eq!(back, parameter);
    }
}
