//! A Postman environment file (`{"name": …, "values": [{key, value,
//! enabled, type}]}`) as an [`Environment`]; `"type": "secret"` values stay
//! secret, disabled ones are left out.

use serde::Deserialize;
use serde_json::Value;

use super::{schema::text, variable};
use crate::{error::Error, model::Environment};

#[derive(Debug, Deserialize)]
struct File {
    name: Option<String>,
    values: Option<Vec<Entry>>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    key: Option<String>,
    value: Option<Value>,
    enabled: Option<bool>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// Reads a Postman environment file.
pub fn import_postman_environment(json: &str) -> Result<Environment, Error> {
    let deserializer = &mut serde_json::Deserializer::from_str(json);
    let file: File = serde_path_to_error::deserialize(deserializer).map_err(|error| {
        if error.inner().is_syntax() || error.inner().is_eof() {
            Error::Syntax(error.inner().to_string())
        } else {
            Error::Invalid {
                path: error.path().to_string(),
                message: error.inner().to_string(),
            }
        }
    })?;
    let values = file.values.ok_or_else(|| {
        Error::NotPostman("an environment file has \"values\", and this has none".into())
    })?;
    let mut environment = Environment::new(file.name.unwrap_or_else(|| "Postman".into()));
    for entry in values {
        let Some(key) = entry.key.filter(|key| !key.is_empty()) else {
            continue;
        };
        if entry.enabled == Some(false) {
            continue;
        }
        let secret = entry.kind.as_deref() == Some("secret");
        let value = text(entry.value.as_ref());
        // A key given twice: the later one wins, as in Postman.
        environment.variables.retain(|v| v.name != key);
        environment.variables.push(variable(&key, value, secret));
    }
    Ok(environment)
}
