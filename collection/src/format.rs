//! The collections file: one JSON object that names its format and version
//! first, so that a reader refuses what it cannot read before reading it.
//!
//! A reader reads every version up to its own, and refuses newer ones by
//! saying so. When the format changes in a way an older reader would misread,
//! [`VERSION`] goes up, and reading an older version converts it (one step
//! per version, on the JSON value) before the typed model reads it.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    error::Error,
    model::{Collection, Environment, Workspace},
};

/// The `format` every collections file names.
pub const FORMAT: &str = "switchboard.collections";
/// The version this crate writes, and the newest it reads.
pub const VERSION: u32 = 1;

pub(crate) fn format_name() -> String {
    FORMAT.to_owned()
}

pub(crate) fn current_version() -> u32 {
    VERSION
}

/// The two fields read before anything else; the rest is skipped.
#[derive(Deserialize)]
struct Header {
    format: Option<Value>,
    version: Option<Value>,
}

/// What is written: the current format and version whatever the workspace
/// holds in those fields.
#[derive(Serialize)]
struct Written<'a> {
    format: &'static str,
    version: u32,
    collections: &'a [Collection],
    environments: &'a [Environment],
}

impl Workspace {
    /// Reads a collections file. Refuses, with a sentence that says why:
    /// text that is not JSON, another format, a newer version, a field that
    /// is not what the format says (naming its path, such as
    /// `collections[0].items[1].request.http.method`), and two collections,
    /// environments or variables of one environment with the same name.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        let header: Header = read_object(text)?;
        match &header.format {
            Some(Value::String(format)) if format == FORMAT => {}
            Some(other) => {
                return Err(Error::UnknownFormat {
                    found: other.to_string(),
                });
            }
            None => {
                return Err(Error::UnknownFormat {
                    found: "absent".into(),
                });
            }
        }
        let version = match &header.version {
            Some(Value::Number(number)) => number.as_u64().filter(|&version| version >= 1),
            _ => None,
        }
        .ok_or_else(|| Error::BadVersion {
            found: header
                .version
                .as_ref()
                .map_or_else(|| "absent".to_owned(), Value::to_string),
        })?;
        if version > u64::from(VERSION) {
            return Err(Error::NewerVersion {
                found: version,
                supported: VERSION,
            });
        }
        let deserializer = &mut serde_json::Deserializer::from_str(text);
        let workspace: Workspace =
            serde_path_to_error::deserialize(deserializer).map_err(|error| Error::Invalid {
                path: error.path().to_string(),
                message: error.inner().to_string(),
            })?;
        workspace.check_names()?;
        Ok(workspace)
    }

    /// The file's text, pretty-printed, in the current format and version.
    pub fn to_json(&self) -> String {
        let written = Written {
            format: FORMAT,
            version: VERSION,
            collections: &self.collections,
            environments: &self.environments,
        };
        // Plain structs, strings and numbers: serialising cannot fail.
        serde_json::to_string_pretty(&written).unwrap_or_default()
    }

    /// Names that must be unique are: collections and environments (they are
    /// chosen by name), and each environment's variables.
    pub fn check_names(&self) -> Result<(), Error> {
        let mut seen = HashSet::new();
        for collection in &self.collections {
            if !seen.insert(collection.name.as_str()) {
                return Err(Error::DuplicateCollection(collection.name.clone()));
            }
        }
        let mut seen = HashSet::new();
        for environment in &self.environments {
            if !seen.insert(environment.name.as_str()) {
                return Err(Error::DuplicateEnvironment(environment.name.clone()));
            }
            let mut names = HashSet::new();
            for variable in &environment.variables {
                if !names.insert(variable.name.as_str()) {
                    return Err(Error::DuplicateVariable {
                        environment: environment.name.clone(),
                        name: variable.name.clone(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// Reads the top of a file that must be a JSON object: text that is not JSON
/// is a syntax error; JSON that is not an object has no format to name.
pub(crate) fn read_object<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|error| {
        if error.is_data() {
            Error::UnknownFormat {
                found: "absent (the file is not a JSON object)".into(),
            }
        } else {
            Error::Syntax(error.to_string())
        }
    })
}
