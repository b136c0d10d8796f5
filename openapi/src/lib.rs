//! Switchboard's OpenAPI importer: an OpenAPI 3.0 or 3.1 document, in JSON or
//! YAML, turned into the list of operations the page renders as forms
//! ([`switchboard_wire::openapi::ApiDocument`]), with every `$ref` resolved,
//! including `$ref`s into other files given with it.
//!
//! It runs in the page's schema worker (`worker/`), so it builds for
//! `wasm32-unknown-unknown` and keeps to small dependencies:
//!
//! - **No typed OpenAPI model crate.** `openapiv3` reads 3.0 only and `oas3`
//!   3.1 only (it warns that 3.0 documents may fail), and both refuse a whole
//!   document over one member they model differently. The import reads the
//!   document as a tree and the few objects it needs (operations,
//!   parameters, bodies, responses) as small serde types that fit both
//!   versions (`model.rs`); schemas, where 3.0 and 3.1 differ most, stay a
//!   tree (`schema.rs`). Each object is read through serde_path_to_error, so
//!   a mistake is reported at its path (`paths./pets.get.responses: invalid
//!   type: …`).
//! - **`yaml_serde` for YAML**, the YAML Organization's maintained
//!   continuation of `serde_yaml` (which is unmaintained), on libyaml
//!   translated to Rust, so it builds for wasm. Its `Value` keeps the
//!   order of mappings, which the operations, properties and example
//!   bodies follow; serde_json's would sort them (its `preserve_order` would
//!   change every other crate's JSON in the same build). JSON is read by
//!   serde_json, into the same `Value`, for its precise errors.
//!
//! `cargo test -p switchboard-openapi` imports the public Petstore documents
//! (`tests/fixtures/`).

mod discriminator;
mod document;
mod error;
mod example;
mod model;
mod operation;
mod refs;
mod schema;
mod security;
mod source;
mod summary;

pub use error::{ImportError, Where};
pub use switchboard_wire::openapi::ApiDocument;
use yaml_serde::Value;

/// Imports `document` (the text of an OpenAPI 3.x document, JSON or YAML).
/// `others` are files its `$ref`s may point into, by the name or URL they
/// are referred to by (`pets.yaml` for `pets.yaml#/Pet`, or
/// `schemas/pets.yaml` for `./schemas/pets.yaml#/Pet`), with their text.
pub fn import(document: &str, others: &[(String, String)]) -> Result<ApiDocument, ImportError> {
    let main = source::parse(document, None)?;
    let openapi = version(&main)?;
    let others = others
        .iter()
        .map(|(name, text)| Ok((name.clone(), source::parse(text, Some(name))?)))
        .collect::<Result<Vec<_>, ImportError>>()?;
    document::read(&refs::Documents::new(main, others), openapi)
}

/// The OpenAPI version a document declares, if it is 3.x.
fn version(document: &Value) -> Result<String, ImportError> {
    let refuse = |message: String| Err(ImportError::NotOpenApi(message));
    if !document.is_mapping() {
        return refuse(format!(
            "not an OpenAPI document: it is {}, not an object",
            describe(document)
        ));
    }
    match (document.get("openapi"), document.get("swagger")) {
        (Some(version), _) => {
            let version = schema::text(version);
            if version.starts_with("3.") {
                Ok(version)
            } else {
                refuse(format!(
                    "OpenAPI {version} is not supported: only OpenAPI 3.0 and 3.1 documents import"
                ))
            }
        }
        (None, Some(version)) => refuse(format!(
            "this is a Swagger {} document: only OpenAPI 3.0 and 3.1 documents import; \
             convert it to OpenAPI 3 first",
            schema::text(version)
        )),
        (None, None) => refuse(
            "not an OpenAPI document: it has no `openapi` member giving its version".to_owned(),
        ),
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) | Value::Tagged(_) => "an object",
    }
}
