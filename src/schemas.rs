//! The schemas the gRPC console has loaded, one per target, kept in
//! localStorage so that they survive a reload. Each holds its services, which
//! the console lists without starting the schema worker, and its
//! FileDescriptorSet, which the worker reads back when a call needs it.

use std::collections::BTreeMap;

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use switchboard_wire::schema::ServiceInfo;

const STORAGE_KEY: &str = "switchboard.schemas";

/// Where a schema came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// Server reflection, through the bridge.
    Reflection,
    /// .proto files, by name.
    Protos(Vec<String>),
    /// A protoset (FileDescriptorSet) file, by name.
    Protoset(String),
    /// A folder of .proto files: its name, the include roots found in it
    /// (each empty or ending in `/`), its files by import path, and how many
    /// files were skipped for not being .proto files.
    Folder {
        name: String,
        roots: Vec<String>,
        files: Vec<String>,
        skipped: usize,
    },
}

impl Origin {
    /// How the console says where the schema came from.
    pub fn describe(&self) -> String {
        match self {
            Self::Reflection => "server reflection".to_owned(),
            Self::Protos(names) => names.join(", "),
            Self::Protoset(name) => format!("protoset {name}"),
            Self::Folder {
                name,
                roots,
                files,
                skipped,
            } => {
                let count = |n: usize, what: &str| match n {
                    1 => format!("1 {what}"),
                    n => format!("{n} {what}s"),
                };
                let mut text = format!("folder {name} ({}", count(files.len(), ".proto file"));
                if !roots.is_empty() {
                    let roots: Vec<&str> = roots
                        .iter()
                        .map(|root| if root.is_empty() { "." } else { root.as_str() })
                        .collect();
                    text.push_str(&format!(", import root {}", roots.join(" ")));
                }
                if *skipped > 0 {
                    text.push_str(&format!(", {} skipped", count(*skipped, "other file")));
                }
                text.push(')');
                text
            }
        }
    }
}

/// One target's schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedSchema {
    pub origin: Origin,
    pub services: Vec<ServiceInfo>,
    /// A FileDescriptorSet, in standard base64.
    pub descriptor_set: String,
}

/// Every saved schema, by target.
pub fn load() -> BTreeMap<String, SavedSchema> {
    LocalStorage::get(STORAGE_KEY).unwrap_or_default()
}

/// The saved schema of `target`, if any.
pub fn get(target: &str) -> Option<SavedSchema> {
    load().remove(target)
}

/// Keeps `schema` as `target`'s, replacing the one before.
pub fn save(target: &str, schema: SavedSchema) {
    let mut schemas = load();
    schemas.insert(target.to_owned(), schema);
    if let Err(error) = LocalStorage::set(STORAGE_KEY, &schemas) {
        let message = format!("cannot store the schema of {target}: {error}");
        web_sys::console::warn_1(&message.into());
    }
}
