//! The documents of one import, and the `$ref`s within and between them.
//!
//! On loading, every `$ref` in a file given beside the main document, and
//! every `$ref` that names such a file, is rewritten to name it exactly as
//! it was given (`#/components/schemas/Tag` in `pets.yaml` becomes
//! `pets.yaml#/components/schemas/Tag`, `./pets.yaml#/Pet` from the main
//! document too). After that a `$ref` means the same wherever it is read, so
//! nothing downstream needs to know which file it is in.

mod pointer;
mod rewrite;

use std::cell::Cell;

use yaml_serde::Value;

use crate::{ImportError, Where};
use pointer::unescape;
use rewrite::rewrite;

/// How many `$ref`s in a row may lead to another `$ref` before it is taken
/// for a circle.
const MAX_HOPS: usize = 32;

/// How many schemas one import may read: some 40 times what a large public
/// document needs (about 1,200 for one of 120 operations).
const MAX_STEPS: u32 = 50_000;

/// The main document and the files its `$ref`s may point into.
#[derive(Debug)]
pub(crate) struct Documents {
    main: Value,
    others: Vec<(String, Value)>,
    /// Schema steps left for this import (see [`Documents::step`]).
    steps: Cell<u32>,
}

/// The `$ref` of a value, if it is a Reference Object.
pub(crate) fn reference(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

impl Documents {
    pub(crate) fn new(mut main: Value, mut others: Vec<(String, Value)>) -> Documents {
        let names: Vec<String> = others.iter().map(|(name, _)| name.clone()).collect();
        rewrite(&mut main, None, &names);
        for (name, value) in &mut others {
            rewrite(value, Some(name), &names);
        }
        Documents {
            main,
            others,
            steps: Cell::new(MAX_STEPS),
        }
    }

    /// Takes one step of reading a schema; false once the import has taken
    /// [`MAX_STEPS`]. Cycles are cut where they recur, but schemas whose
    /// `allOf`s share members without recurring can still multiply the
    /// work at every level; this keeps such a document from stalling the
    /// worker, leaving the rest of its examples out instead.
    pub(crate) fn step(&self) -> bool {
        let left = self.steps.get();
        self.steps.set(left.saturating_sub(1));
        left > 0
    }

    pub(crate) fn main(&self) -> &Value {
        &self.main
    }

    /// What `reference`, found at `at`, points at, and where that is.
    pub(crate) fn resolve(
        &self,
        reference: &str,
        at: &Where,
    ) -> Result<(Where, &Value), ImportError> {
        let unresolved = |reason: String| ImportError::Unresolved {
            reference: reference.to_owned(),
            at: at.clone(),
            reason,
        };
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let (mut here, mut value) = if file.is_empty() {
            (Where::top(None), &self.main)
        } else {
            let (name, value) = self
                .others
                .iter()
                .find(|(name, _)| name == file)
                .ok_or_else(|| {
                    unresolved(format!(
                        "points into `{file}`, which is not among the files given with the document"
                    ))
                })?;
            (Where::top(Some(name)), value)
        };
        if fragment.is_empty() {
            return Ok((here, value));
        }
        let Some(pointer) = fragment.strip_prefix('/') else {
            return Err(unresolved(
                "is not a JSON pointer such as `#/components/schemas/Pet` (anchors are not supported)"
                    .to_owned(),
            ));
        };
        for token in pointer.split('/').map(unescape) {
            let next = match value {
                Value::Mapping(mapping) => mapping
                    .get(token.as_str())
                    .map(|next| (here.key(&token), next)),
                Value::Sequence(items) => token
                    .parse::<usize>()
                    .ok()
                    .and_then(|index| items.get(index).map(|next| (here.index(index), next))),
                _ => None,
            };
            (here, value) =
                next.ok_or_else(|| unresolved(format!("leads nowhere: {here} has no `{token}`")))?;
        }
        Ok((here, value))
    }

    /// Follows `$ref`s from `value`, found at `at`, to the first value that
    /// is not one.
    pub(crate) fn deref<'a>(
        &'a self,
        value: &'a Value,
        at: &Where,
    ) -> Result<(Where, &'a Value), ImportError> {
        let (mut here, mut value) = (at.clone(), value);
        for _ in 0..MAX_HOPS {
            match reference(value) {
                Some(next) => (here, value) = self.resolve(next, &here)?,
                None => return Ok((here, value)),
            }
        }
        Err(ImportError::Unresolved {
            reference: reference(value).unwrap_or_default().to_owned(),
            at: at.clone(),
            reason: format!("leads through more than {MAX_HOPS} $refs in a row: a circle?"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_in_other_files_are_made_to_name_them() {
        let other: Value = yaml_serde::from_str(
            "Pet: {properties: {tag: {$ref: '#/Tag'}, example: {$ref: '#/Tag'}}}\nTag: {}",
        )
        .unwrap();
        let main: Value = yaml_serde::from_str("schema: {$ref: './pets.yaml#/Pet'}").unwrap();
        let documents = Documents::new(main, vec![("pets.yaml".to_owned(), other)]);
        assert_eq!(
            reference(&documents.main()["schema"]),
            Some("pets.yaml#/Pet")
        );
        let (at, pet) = documents
            .resolve("pets.yaml#/Pet", &Where::top(None))
            .unwrap();
        assert_eq!(at.to_string(), "Pet of pets.yaml");
        assert_eq!(reference(&pet["properties"]["tag"]), Some("pets.yaml#/Tag"));
        // A property may be called anything.
        assert_eq!(
            reference(&pet["properties"]["example"]),
            Some("pets.yaml#/Tag")
        );
    }

    #[test]
    fn a_ref_to_nothing_says_where_it_stopped() {
        let main: Value = yaml_serde::from_str("components: {schemas: {Pet: {}}}").unwrap();
        let documents = Documents::new(main, Vec::new());
        let at = Where::top(None).key("paths");
        let error = documents
            .resolve("#/components/schemas/Pett", &at)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the $ref `#/components/schemas/Pett` at paths leads nowhere: \
             components.schemas has no `Pett`"
        );
    }

    #[test]
    fn a_circle_of_refs_is_an_error() {
        let main: Value = yaml_serde::from_str("a: {$ref: '#/b'}\nb: {$ref: '#/a'}").unwrap();
        let documents = Documents::new(main, Vec::new());
        let error = documents
            .deref(&documents.main()["a"], &Where::top(None).key("a"))
            .unwrap_err();
        assert!(error.to_string().contains("a circle?"), "{error}");
    }
}
