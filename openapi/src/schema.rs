//! Schemas, read the same way for OpenAPI 3.0 (`nullable`, one `type`) and
//! 3.1 (JSON Schema 2020-12: `type` lists, `"null"`, `const`, `examples`).
//!
//! [`flatten`] folds a schema's `$ref` (with its 3.1 siblings), its `allOf`
//! and the first member of its `oneOf`/`anyOf` into one mapping, which is
//! what a form or an example is made from.

use yaml_serde::{Mapping, Value};

use crate::{
    ImportError, Where, discriminator,
    refs::{Documents, reference},
};

/// How deep schemas may nest (through `allOf`, `items`, properties…)
/// before the rest is left out: deeper than any form a person fills in, and
/// a stop for recursive schemas that no `$ref` cycle check catches.
pub(crate) const MAX_DEPTH: usize = 24;

/// A schema with its `$ref`, `allOf` and first `oneOf`/`anyOf` folded in.
#[derive(Debug, Default)]
pub(crate) struct Flat {
    pub map: Mapping,
    /// Where it was read, for the errors of what it contains.
    pub at: Where,
    /// The `$ref`s followed to make it: while its members are read, meeting
    /// one of them again means a cycle.
    pub refs: Vec<String>,
}

/// Folds `schema` (found at `at`) into one mapping. `None` when it is a
/// `$ref` already in `open` (a cycle), or nests too deep.
pub(crate) fn flatten(
    documents: &Documents,
    schema: &Value,
    at: &Where,
    open: &[String],
    depth: usize,
) -> Result<Option<Flat>, ImportError> {
    if depth > MAX_DEPTH || !documents.step() {
        return Ok(None);
    }
    // 3.1's boolean schemas, `true` (anything) and `false` (nothing), say
    // nothing a form can use.
    let Some(own) = schema.as_mapping() else {
        return Ok(Some(Flat {
            at: at.clone(),
            ..Flat::default()
        }));
    };
    let mut flat = Flat {
        at: at.clone(),
        ..Flat::default()
    };
    if let Some(target) = reference(schema) {
        if open.iter().any(|seen| seen == target) {
            return Ok(None);
        }
        let (target_at, target_schema) = documents.resolve(target, at)?;
        let open = [open, &[target.to_owned()]].concat();
        let Some(inner) = flatten(documents, target_schema, &target_at, &open, depth + 1)? else {
            return Ok(None);
        };
        flat = Flat {
            refs: [vec![target.to_owned()], inner.refs].concat(),
            ..inner
        };
    }
    let open = [open, &flat.refs].concat();
    if let Some(Value::Sequence(members)) = own.get("allOf") {
        for (index, member) in members.iter().enumerate() {
            let member_at = at.key("allOf").index(index);
            if let Some(inner) = flatten(documents, member, &member_at, &open, depth + 1)? {
                merge(&mut flat.map, inner.map, false);
                flat.refs.extend(inner.refs);
            }
        }
    }
    let mut discriminated = None;
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Sequence(members)) = own.get(keyword) else {
            continue;
        };
        // `anyOf: [{type: 'null'}, {$ref: …}]` is how 3.1 spells a nullable
        // reference: the first member that is not just `null` is the one.
        let chosen = members
            .iter()
            .enumerate()
            .find(|(_, member)| !is_null_only(member))
            .or_else(|| members.iter().enumerate().next());
        if members.iter().any(is_null_only) {
            flat.map.insert("nullable".into(), Value::Bool(true));
        }
        if let Some((index, member)) = chosen {
            let member_at = at.key(keyword).index(index);
            if let Some(inner) = flatten(documents, member, &member_at, &open, depth + 1)? {
                merge(&mut flat.map, inner.map, false);
                flat.refs.extend(inner.refs);
            }
            let discriminator = own
                .get("discriminator")
                .or_else(|| flat.map.get("discriminator"));
            if let (Some(discriminator), Some(target)) = (discriminator, reference(member)) {
                discriminated = discriminator::value(discriminator, target);
            }
        }
    }
    let rest: Mapping = own
        .iter()
        .filter(|(key, _)| !matches!(key.as_str(), Some("$ref" | "allOf" | "oneOf" | "anyOf")))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    merge(&mut flat.map, rest, true);
    if let Some((property, value)) = discriminated {
        discriminator::set_const(&mut flat.map, &property, value);
    }
    Ok(Some(flat))
}

fn is_null_only(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

/// Merges `from` into `into`: properties and `required` add up; for the
/// rest `from` wins when `overrides`, else only fills what is missing.
fn merge(into: &mut Mapping, from: Mapping, overrides: bool) {
    for (key, value) in from {
        match (key.as_str(), into.get_mut(&key), value) {
            (Some("properties"), Some(Value::Mapping(existing)), Value::Mapping(more)) => {
                existing.extend(more);
            }
            (Some("required"), Some(Value::Sequence(existing)), Value::Sequence(more)) => {
                for name in more {
                    if !existing.contains(&name) {
                        existing.push(name);
                    }
                }
            }
            (_, Some(existing), value) if overrides => *existing = value,
            (_, Some(_), _) => {}
            (_, None, value) => {
                into.insert(key, value);
            }
        }
    }
}

/// The schema's type: its `type` (the first besides `"null"` in a 3.1
/// list), else what its keywords imply; empty when nothing says.
pub(crate) fn kind(schema: &Mapping) -> String {
    let declared = match schema.get("type") {
        Some(Value::String(kind)) => Some(kind.clone()),
        Some(Value::Sequence(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|kind| *kind != "null")
            .or_else(|| kinds.iter().find_map(Value::as_str))
            .map(str::to_owned),
        _ => None,
    };
    declared.unwrap_or_else(|| {
        if schema.contains_key("properties") || schema.contains_key("additionalProperties") {
            "object".to_owned()
        } else if schema.contains_key("items") {
            "array".to_owned()
        } else {
            match schema
                .get("enum")
                .and_then(Value::as_sequence)
                .and_then(|values| values.first())
            {
                Some(Value::String(_)) => "string".to_owned(),
                Some(Value::Bool(_)) => "boolean".to_owned(),
                Some(Value::Number(number)) if number.is_f64() => "number".to_owned(),
                Some(Value::Number(_)) => "integer".to_owned(),
                _ => String::new(),
            }
        }
    })
}

/// Whether `null` is allowed: 3.0's `nullable`, or `"null"` among 3.1's types.
pub(crate) fn nullable(schema: &Mapping) -> bool {
    schema.get("nullable").and_then(Value::as_bool) == Some(true)
        || match schema.get("type") {
            Some(Value::Sequence(kinds)) => kinds.iter().any(|kind| kind.as_str() == Some("null")),
            Some(Value::String(kind)) => kind == "null",
            _ => false,
        }
}

/// A value as a form field shows it: a string as it is, anything else as
/// compact JSON.
pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// The schema's own example: `example` (3.0), else the first of `examples`
/// (3.1).
pub(crate) fn own_example(schema: &Mapping) -> Option<&Value> {
    schema
        .get("example")
        .filter(|value| !value.is_null())
        .or_else(|| match schema.get("examples") {
            Some(Value::Sequence(values)) => values.first(),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn documents(yaml: &str) -> Documents {
        Documents::new(yaml_serde::from_str(yaml).unwrap(), Vec::new())
    }

    #[test]
    fn all_of_adds_up_properties_and_required_in_order() {
        let documents = documents(
            "NewPet: {required: [name], properties: {name: {type: string}, tag: {type: string}}}\n\
             Pet: {allOf: [{$ref: '#/NewPet'}, {required: [id], properties: {id: {type: integer}}}]}",
        );
        let at = Where::top(None);
        let flat = flatten(&documents, &documents.main()["Pet"], &at, &[], 0)
            .unwrap()
            .unwrap();
        let names: Vec<_> = flat.map["properties"]
            .as_mapping()
            .unwrap()
            .keys()
            .map(|key| key.as_str().unwrap())
            .collect();
        assert_eq!(names, ["name", "tag", "id"]);
        assert_eq!(
            flat.map["required"],
            yaml_serde::from_str::<Value>("[name, id]").unwrap()
        );
        assert_eq!(flat.refs, ["#/NewPet"]);
    }

    #[test]
    fn type_lists_and_implied_types_are_read() {
        let map = |yaml: &str| yaml_serde::from_str::<Mapping>(yaml).unwrap();
        assert_eq!(kind(&map("type: ['null', integer]")), "integer");
        assert!(nullable(&map("type: ['null', integer]")));
        assert!(nullable(&map("{type: string, nullable: true}")));
        assert_eq!(kind(&map("properties: {}")), "object");
        assert_eq!(kind(&map("enum: [1.5]")), "number");
        assert_eq!(kind(&map("description: anything")), "");
    }

    #[test]
    fn schemas_that_share_members_at_every_level_take_bounded_work() {
        // Each level's four members are the next level: 4^12 paths within
        // the depth allowed, and no cycle.
        let mut yaml = String::new();
        for level in 0..12 {
            let next = format!("{{$ref: '#/L{}'}}", level + 1);
            yaml.push_str(&format!(
                "L{level}: {{allOf: [{next}, {next}, {next}, {next}]}}\n"
            ));
        }
        yaml.push_str("L12: {properties: {leaf: {type: string}}}\n");
        let documents = documents(&yaml);
        let flat = flatten(
            &documents,
            &documents.main()["L0"],
            &Where::top(None),
            &[],
            0,
        )
        .unwrap()
        .unwrap();
        assert!(
            !documents.step(),
            "the steps ran out rather than the work finishing"
        );
        assert!(flat.map.get("allOf").is_none());
    }

    #[test]
    fn a_self_reference_is_cut() {
        let documents = documents("Node: {$ref: '#/Node'}");
        let flat = flatten(
            &documents,
            &documents.main()["Node"],
            &Where::top(None),
            &[],
            0,
        )
        .unwrap();
        assert!(flat.is_none());
    }
}
