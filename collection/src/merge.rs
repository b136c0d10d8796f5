//! Bringing files into a workspace that already holds collections: an
//! imported collection or environment whose name is taken is renamed
//! `Name (2)`, `Name (3)`…, rather than refused or merged into the other.

use crate::{
    model::{Collection, Environment, Workspace},
    postman::PostmanImport,
};

/// `name`, or `name (2)`, `name (3)`… whichever `taken` does not hold.
fn free_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(name) {
        return name.to_owned();
    }
    (2..)
        .map(|n| format!("{name} ({n})"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_default()
}

/// Where merged things ended up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// The positions of the added collections.
    pub collections: Vec<usize>,
    /// The positions of the added environments.
    pub environments: Vec<usize>,
}

impl Workspace {
    /// Adds `collection` at the end, renamed if its name is taken; returns
    /// its position.
    pub fn add_collection_renamed(&mut self, mut collection: Collection) -> usize {
        collection.name = free_name(&collection.name, |name| self.collection(name).is_some());
        self.collections.push(collection);
        self.collections.len() - 1
    }

    /// Adds `environment` at the end, renamed if its name is taken; returns
    /// its position.
    pub fn add_environment_renamed(&mut self, mut environment: Environment) -> usize {
        environment.name = free_name(&environment.name, |name| self.environment(name).is_some());
        self.environments.push(environment);
        self.environments.len() - 1
    }

    /// Adds everything `other` holds (an imported file), renaming what
    /// clashes.
    pub fn merge(&mut self, other: Workspace) -> Merged {
        Merged {
            collections: other
                .collections
                .into_iter()
                .map(|collection| self.add_collection_renamed(collection))
                .collect(),
            environments: other
                .environments
                .into_iter()
                .map(|environment| self.add_environment_renamed(environment))
                .collect(),
        }
    }

    /// Adds a Postman import's collection and environment, renaming what
    /// clashes.
    pub fn add_postman(&mut self, import: PostmanImport) -> Merged {
        Merged {
            collections: vec![self.add_collection_renamed(import.collection)],
            environments: import
                .environment
                .into_iter()
                .map(|environment| self.add_environment_renamed(environment))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashing_names_get_a_number() {
        let mut workspace = Workspace::default();
        workspace.add_collection("Users").unwrap();
        workspace.add_collection("Users (2)").unwrap();
        workspace.add_environment("local").unwrap();
        let other = Workspace {
            collections: vec![Collection::new("Users"), Collection::new("Orders")],
            environments: vec![Environment::new("local")],
            ..Workspace::default()
        };
        let merged = workspace.merge(other);
        assert_eq!(
            merged,
            Merged {
                collections: vec![2, 3],
                environments: vec![1]
            }
        );
        let names: Vec<&str> = workspace
            .collections
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["Users", "Users (2)", "Users (3)", "Orders"]);
        assert_eq!(workspace.environments[1].name, "local (2)");
        assert!(workspace.check_names().is_ok());
    }

    #[test]
    fn a_postman_import_lands_with_its_environment() {
        let mut workspace = Workspace::default();
        let import = PostmanImport {
            collection: Collection::new("API"),
            environment: Some(Environment::new("API")),
            warnings: Vec::new(),
        };
        let merged = workspace.add_postman(import.clone());
        assert_eq!(merged.collections, [0]);
        assert_eq!(merged.environments, [0]);
        workspace.add_postman(import);
        assert_eq!(workspace.collections[1].name, "API (2)");
        assert_eq!(workspace.environments[1].name, "API (2)");
    }
}
