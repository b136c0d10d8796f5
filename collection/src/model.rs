//! The things a collections file holds: collections of items, each a saved
//! request with what its answer should be, and environments of variables.

use serde::{Deserialize, Serialize};

use crate::{expect::Expect, format, request::SavedRequest};

/// Everything one file holds. Read it with [`Workspace::from_json`], write it
/// with [`Workspace::to_json`]; both check and write the format and version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    /// Always [`format::FORMAT`]; checked before anything else is read.
    #[serde(default = "format::format_name")]
    pub format: String,
    /// Always [`format::VERSION`] when written.
    #[serde(default = "format::current_version")]
    pub version: u32,
    #[serde(default)]
    pub collections: Vec<Collection>,
    #[serde(default)]
    pub environments: Vec<Environment>,
}

/// A named list of saved requests, run in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    pub name: String,
    #[serde(default)]
    pub items: Vec<Item>,
}

impl Collection {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            items: Vec::new(),
        }
    }
}

/// One saved request and, optionally, what its answer should be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub name: String,
    pub request: SavedRequest,
    /// Without one, an HTTP or publish item passes on any 2xx status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
}

impl Item {
    pub fn new(name: impl Into<String>, request: impl Into<SavedRequest>) -> Self {
        Self {
            name: name.into(),
            request: request.into(),
            expect: None,
        }
    }
}

/// A named set of variables, such as `local` or `staging`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    pub name: String,
    #[serde(default)]
    pub variables: Vec<Variable>,
}

/// A variable, written `{{name}}` in any text field of a request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    pub name: String,
    #[serde(default)]
    pub value: String,
    /// A secret's value is masked wherever it is shown.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub secret: bool,
}

impl Variable {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            secret: false,
        }
    }

    pub fn secret(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            secret: true,
            ..Self::new(name, value)
        }
    }
}

impl Environment {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            variables: Vec::new(),
        }
    }

    /// The variable called `name`.
    pub fn get(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|variable| variable.name == name)
    }

    /// Sets `name` to `value`, keeping whether it is secret if it exists, or
    /// adds it (not secret) at the end.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        match self.variables.iter_mut().find(|v| v.name == name) {
            Some(variable) => variable.value = value.into(),
            None => self.variables.push(Variable::new(name, value)),
        }
    }
}

impl Default for Workspace {
    /// An empty workspace of the current format.
    fn default() -> Self {
        Self {
            format: format::FORMAT.to_owned(),
            version: format::VERSION,
            collections: Vec::new(),
            environments: Vec::new(),
        }
    }
}

impl Workspace {
    /// The collection called `name`.
    pub fn collection(&self, name: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.name == name)
    }

    /// The environment called `name`.
    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.name == name)
    }
}
