//! The parts of OpenAPI's objects that the import reads, as serde types.
//!
//! Each is read from the tree where it is met, with its `$ref` already
//! followed, through serde_path_to_error, so that a mistake is reported at
//! its path in the document. The types are the same for 3.0 and 3.1: where
//! the versions differ (schemas, mostly) the value stays a tree for
//! `schema.rs` to read. Unknown members (`x-…` extensions, `security`,
//! `callbacks`…) are ignored.

use std::{collections::BTreeMap, fmt};

use serde::{
    Deserialize, Deserializer,
    de::{self, DeserializeOwned, Visitor},
};
use switchboard_wire::openapi::ParameterLocation;
use yaml_serde::{Mapping, Value};

use crate::{ImportError, Where};

/// Reads a `T` from the tree at `at`.
pub(crate) fn read<T: DeserializeOwned>(value: &Value, at: &Where) -> Result<T, ImportError> {
    serde_path_to_error::deserialize(value).map_err(|error| ImportError::Invalid {
        at: at.join(error.path()),
        message: error.into_inner().to_string(),
    })
}

/// The top of a document.
#[derive(Debug, Deserialize)]
#[serde(expecting = "an OpenAPI object")]
pub(crate) struct Root {
    pub info: Info,
    #[serde(default)]
    pub servers: Vec<Server>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub paths: Mapping,
    /// The security requirements of every operation that names none.
    #[serde(default)]
    pub security: Vec<Mapping>,
    #[serde(default)]
    pub components: Components,
}

/// The parts of `components` that are read as a whole; schemas and the
/// rest are reached through `$ref`s.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", expecting = "a components object")]
pub(crate) struct Components {
    #[serde(default)]
    pub security_schemes: Mapping,
}

/// A security scheme object.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", expecting = "a security scheme object")]
pub(crate) struct SecurityScheme {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: Option<String>,
    #[serde(rename = "in")]
    pub location: Option<ParameterLocation>,
    pub scheme: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "an info object")]
pub(crate) struct Info {
    pub title: String,
    pub version: Scalar,
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "a server object")]
pub(crate) struct Server {
    pub url: String,
    #[serde(default)]
    pub variables: BTreeMap<String, ServerVariable>,
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "a server variable object")]
pub(crate) struct ServerVariable {
    pub default: Scalar,
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "a tag object")]
pub(crate) struct Tag {
    pub name: String,
}

/// A string that YAML may have read as a number or a boolean
/// (`version: 1.0`), as its text.
#[derive(Debug)]
pub(crate) struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor).map(Scalar)
    }
}

struct ScalarVisitor;

impl Visitor<'_> for ScalarVisitor {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_owned())
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<String, E> {
        Ok(flag.to_string())
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<String, E> {
        Ok(number.to_string())
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<String, E> {
        Ok(number.to_string())
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<String, E> {
        // YAML's own spelling: `1.0` stays `1.0`, where Rust would write `1`.
        Ok(yaml_serde::Number::from(number).to_string())
    }
}

/// The members of a path item besides its operations.
#[derive(Debug, Deserialize)]
#[serde(expecting = "a path item object")]
pub(crate) struct PathItem {
    #[serde(default)]
    pub parameters: Vec<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", expecting = "an operation object")]
pub(crate) struct Operation {
    #[serde(default)]
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub operation_id: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub parameters: Vec<Value>,
    pub request_body: Option<Value>,
    #[serde(default)]
    pub responses: Mapping,
    /// `None`: the document's; an empty list: none at all.
    pub security: Option<Vec<Mapping>>,
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "a parameter object")]
pub(crate) struct Parameter {
    pub name: String,
    #[serde(rename = "in")]
    pub location: ParameterLocation,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub deprecated: bool,
    pub description: Option<String>,
    pub schema: Option<Value>,
    /// Instead of `schema`: one media type and its schema.
    pub content: Option<Mapping>,
    pub example: Option<Value>,
    pub examples: Option<Mapping>,
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "a request body object")]
pub(crate) struct RequestBody {
    pub description: Option<String>,
    #[serde(default)]
    pub content: Mapping,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "a media type object")]
pub(crate) struct MediaType {
    pub schema: Option<Value>,
    pub example: Option<Value>,
    pub examples: Option<Mapping>,
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "a response object")]
pub(crate) struct Response {
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(expecting = "an example object")]
pub(crate) struct Example {
    pub value: Option<Value>,
}
