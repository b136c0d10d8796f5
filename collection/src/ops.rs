//! The edits the page makes: items renamed, moved, duplicated and deleted
//! within a collection; collections and environments added, renamed and
//! removed. Positions are indices; one out of range is an error, never a
//! panic, and names that must be unique stay unique.

use crate::{
    error::Error,
    model::{Collection, Environment, Item, Workspace},
};

fn check(what: &'static str, index: usize, len: usize) -> Result<(), Error> {
    if index < len {
        Ok(())
    } else {
        Err(Error::OutOfRange { what, index, len })
    }
}

/// `name`, or `name copy`, `name copy 2`… whichever `taken` does not hold.
fn copy_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut candidate = format!("{name} copy");
    let mut n = 2;
    while taken(&candidate) {
        candidate = format!("{name} copy {n}");
        n += 1;
    }
    candidate
}

impl Collection {
    /// Adds `item` at the end and returns its position.
    pub fn add_item(&mut self, item: Item) -> usize {
        self.items.push(item);
        self.items.len() - 1
    }

    pub fn rename_item(&mut self, index: usize, name: impl Into<String>) -> Result<(), Error> {
        check("item", index, self.items.len())?;
        self.items[index].name = name.into();
        Ok(())
    }

    /// Moves the item at `from` so that it ends up at `to`, the others
    /// keeping their order.
    pub fn move_item(&mut self, from: usize, to: usize) -> Result<(), Error> {
        check("item", from, self.items.len())?;
        check("item", to, self.items.len())?;
        let item = self.items.remove(from);
        self.items.insert(to, item);
        Ok(())
    }

    /// Puts a copy of the item right after it, named `… copy`, and returns
    /// the copy's position.
    pub fn duplicate_item(&mut self, index: usize) -> Result<usize, Error> {
        check("item", index, self.items.len())?;
        let mut copy = self.items[index].clone();
        copy.name = copy_name(&copy.name, |name| self.items.iter().any(|i| i.name == name));
        self.items.insert(index + 1, copy);
        Ok(index + 1)
    }

    /// Removes the item and gives it back.
    pub fn delete_item(&mut self, index: usize) -> Result<Item, Error> {
        check("item", index, self.items.len())?;
        Ok(self.items.remove(index))
    }
}

impl Workspace {
    /// Adds an empty collection called `name` at the end and returns its
    /// position; a name already taken is refused.
    pub fn add_collection(&mut self, name: impl Into<String>) -> Result<usize, Error> {
        self.push_collection(Collection::new(name))
    }

    /// Adds `collection` (an imported one, say) at the end.
    pub fn push_collection(&mut self, collection: Collection) -> Result<usize, Error> {
        if self.collection(&collection.name).is_some() {
            return Err(Error::DuplicateCollection(collection.name));
        }
        self.collections.push(collection);
        Ok(self.collections.len() - 1)
    }

    pub fn rename_collection(
        &mut self,
        index: usize,
        name: impl Into<String>,
    ) -> Result<(), Error> {
        check("collection", index, self.collections.len())?;
        let name = name.into();
        if self
            .collections
            .iter()
            .enumerate()
            .any(|(i, c)| i != index && c.name == name)
        {
            return Err(Error::DuplicateCollection(name));
        }
        self.collections[index].name = name;
        Ok(())
    }

    pub fn remove_collection(&mut self, index: usize) -> Result<Collection, Error> {
        check("collection", index, self.collections.len())?;
        Ok(self.collections.remove(index))
    }

    /// Adds an empty environment called `name` at the end and returns its
    /// position; a name already taken is refused.
    pub fn add_environment(&mut self, name: impl Into<String>) -> Result<usize, Error> {
        self.push_environment(Environment::new(name))
    }

    /// Adds `environment` at the end.
    pub fn push_environment(&mut self, environment: Environment) -> Result<usize, Error> {
        if self.environment(&environment.name).is_some() {
            return Err(Error::DuplicateEnvironment(environment.name));
        }
        self.environments.push(environment);
        Ok(self.environments.len() - 1)
    }

    pub fn rename_environment(
        &mut self,
        index: usize,
        name: impl Into<String>,
    ) -> Result<(), Error> {
        check("environment", index, self.environments.len())?;
        let name = name.into();
        if self
            .environments
            .iter()
            .enumerate()
            .any(|(i, e)| i != index && e.name == name)
        {
            return Err(Error::DuplicateEnvironment(name));
        }
        self.environments[index].name = name;
        Ok(())
    }

    pub fn remove_environment(&mut self, index: usize) -> Result<Environment, Error> {
        check("environment", index, self.environments.len())?;
        Ok(self.environments.remove(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::HttpRequest;

    fn collection() -> Collection {
        let mut collection = Collection::new("users");
        for name in ["list", "create", "delete"] {
            collection.add_item(Item::new(name, HttpRequest::new("GET", "http://h")));
        }
        collection
    }

    fn names(collection: &Collection) -> Vec<&str> {
        collection.items.iter().map(|i| i.name.as_str()).collect()
    }

    #[test]
    fn items_move_both_ways() {
        let mut c = collection();
        c.move_item(0, 2).unwrap();
        assert_eq!(names(&c), ["create", "delete", "list"]);
        c.move_item(2, 0).unwrap();
        assert_eq!(names(&c), ["list", "create", "delete"]);
        c.move_item(1, 1).unwrap();
        assert_eq!(names(&c), ["list", "create", "delete"]);
    }

    #[test]
    fn duplicates_go_right_after_with_a_free_name() {
        let mut c = collection();
        assert_eq!(c.duplicate_item(1).unwrap(), 2);
        assert_eq!(c.duplicate_item(1).unwrap(), 2);
        assert_eq!(
            names(&c),
            ["list", "create", "create copy 2", "create copy", "delete"]
        );
        assert_eq!(c.items[2].request, c.items[1].request);
    }

    #[test]
    fn rename_and_delete() {
        let mut c = collection();
        c.rename_item(0, "all users").unwrap();
        let deleted = c.delete_item(2).unwrap();
        assert_eq!(deleted.name, "delete");
        assert_eq!(names(&c), ["all users", "create"]);
    }

    #[test]
    fn positions_out_of_range_are_errors() {
        let mut c = collection();
        let error = c.move_item(0, 3).unwrap_err();
        assert_eq!(
            error,
            Error::OutOfRange {
                what: "item",
                index: 3,
                len: 3
            }
        );
        assert!(c.rename_item(9, "x").is_err());
        assert!(c.duplicate_item(3).is_err());
        assert!(c.delete_item(3).is_err());
        assert_eq!(names(&c), ["list", "create", "delete"]);
    }

    #[test]
    fn collection_and_environment_names_stay_unique() {
        let mut w = Workspace::default();
        assert_eq!(w.add_collection("a").unwrap(), 0);
        assert_eq!(w.add_collection("b").unwrap(), 1);
        assert_eq!(
            w.add_collection("a").unwrap_err(),
            Error::DuplicateCollection("a".into())
        );
        assert!(w.rename_collection(1, "a").is_err());
        w.rename_collection(1, "b2").unwrap();
        w.rename_collection(1, "b2").unwrap();
        assert_eq!(w.remove_collection(0).unwrap().name, "a");
        assert_eq!(w.collections.len(), 1);

        w.add_environment("local").unwrap();
        w.add_environment("staging").unwrap();
        assert!(w.add_environment("local").is_err());
        assert!(w.rename_environment(0, "staging").is_err());
        assert_eq!(w.remove_environment(1).unwrap().name, "staging");
        assert!(w.remove_environment(1).is_err());
        assert!(w.check_names().is_ok());
    }
}
