//! A value built from a schema, to prefill a request body: what a person
//! edits rather than types from nothing.
//!
//! A schema's own `const`, `example`/`examples`, `default` or first `enum`
//! value wins; otherwise objects get every property (required ones first,
//! `readOnly` ones left out, as a request must not send them), arrays one
//! item, strings a plausible value for their format, numbers their minimum
//! or 0, booleans false. Recursive schemas stop where they recur.

use yaml_serde::{Mapping, Value};

use crate::{
    ImportError, Where,
    refs::Documents,
    schema::{self, Flat, MAX_DEPTH},
};

/// How many schema nodes one example may visit: a bound on the size of the
/// text for schemas that fan out wide at every level without recurring.
const BUDGET: usize = 5_000;

/// An example of `schema` (found at `at`), for a request body.
pub(crate) fn build(
    documents: &Documents,
    schema: &Value,
    at: &Where,
) -> Result<Value, ImportError> {
    let mut builder = Builder {
        documents,
        open: Vec::new(),
        budget: BUDGET,
    };
    Ok(builder
        .value(schema, at, 0)?
        .unwrap_or_else(|| Value::Mapping(Mapping::new())))
}

struct Builder<'d> {
    documents: &'d Documents,
    /// The `$ref`s being expanded, outermost first.
    open: Vec<String>,
    budget: usize,
}

impl Builder<'_> {
    /// `None` when the schema recurs here, or the depth or budget ran out:
    /// the caller leaves the property or item out.
    fn value(
        &mut self,
        schema: &Value,
        at: &Where,
        depth: usize,
    ) -> Result<Option<Value>, ImportError> {
        if depth > MAX_DEPTH || self.budget == 0 {
            return Ok(None);
        }
        self.budget -= 1;
        let Some(flat) = schema::flatten(self.documents, schema, at, &self.open, depth)? else {
            return Ok(None);
        };
        let opened = flat.refs.len();
        self.open.extend(flat.refs.iter().cloned());
        let value = self.of_flat(&flat, depth);
        self.open.truncate(self.open.len() - opened);
        value.map(Some)
    }

    fn of_flat(&mut self, flat: &Flat, depth: usize) -> Result<Value, ImportError> {
        let map = &flat.map;
        if let Some(value) = map.get("const") {
            return Ok(value.clone());
        }
        if let Some(value) = schema::own_example(map) {
            return Ok(value.clone());
        }
        if let Some(value) = map.get("default") {
            return Ok(value.clone());
        }
        if let Some(value) = map
            .get("enum")
            .and_then(Value::as_sequence)
            .and_then(|values| values.iter().find(|value| !value.is_null()))
        {
            return Ok(value.clone());
        }
        Ok(match schema::kind(map).as_str() {
            "object" => self.object(flat, depth)?,
            "array" => match map.get("items") {
                // An item of no known type would show as `[null]`.
                Some(items) => Value::Sequence(
                    self.value(items, &flat.at.key("items"), depth + 1)?
                        .filter(|item| !item.is_null())
                        .into_iter()
                        .collect(),
                ),
                None => Value::Sequence(Vec::new()),
            },
            "string" => Value::String(string_for(map).to_owned()),
            "integer" | "number" => map
                .get("minimum")
                .filter(|minimum| minimum.is_number())
                .cloned()
                .unwrap_or_else(|| Value::Number(0.into())),
            "boolean" => Value::Bool(false),
            _ => Value::Null,
        })
    }

    fn object(&mut self, flat: &Flat, depth: usize) -> Result<Value, ImportError> {
        let map = &flat.map;
        let mut object = Mapping::new();
        let required: Vec<&str> = map
            .get("required")
            .and_then(Value::as_sequence)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(Value::Mapping(properties)) = map.get("properties") {
            let is_required =
                |name: &Value| name.as_str().is_some_and(|name| required.contains(&name));
            let ordered = properties
                .iter()
                .filter(|(name, _)| is_required(name))
                .chain(properties.iter().filter(|(name, _)| !is_required(name)));
            let at = flat.at.key("properties");
            for (name, property) in ordered {
                if property.get("readOnly").and_then(Value::as_bool) == Some(true) {
                    continue;
                }
                let key = name.as_str().unwrap_or_default();
                if let Some(value) = self.value(property, &at.key(key), depth + 1)? {
                    object.insert(name.clone(), value);
                }
            }
        } else if let Some(extra @ Value::Mapping(_)) = map.get("additionalProperties") {
            // A map with keys of the person's choosing: one entry shows the shape.
            let at = flat.at.key("additionalProperties");
            if let Some(value) = self.value(extra, &at, depth + 1)? {
                object.insert("key".into(), value);
            }
        }
        Ok(Value::Mapping(object))
    }
}

/// A plausible value for a string of this format.
fn string_for(schema: &Mapping) -> &'static str {
    match schema
        .get("format")
        .and_then(Value::as_str)
        .unwrap_or_default()
    {
        "date-time" => "2024-01-01T12:00:00Z",
        "date" => "2024-01-01",
        "time" => "12:00:00",
        "duration" => "P1D",
        "email" | "idn-email" => "user@example.com",
        "uuid" => "00000000-0000-4000-8000-000000000000",
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => "https://example.com",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        // Base64 of "example".
        "byte" => "ZXhhbXBsZQ==",
        "password" => "secret",
        _ => "string",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(yaml: &str, name: &str) -> serde_json::Value {
        let documents = Documents::new(yaml_serde::from_str(yaml).unwrap(), Vec::new());
        let value = build(&documents, &documents.main()[name], &Where::top(None)).unwrap();
        serde_json::to_value(value).unwrap()
    }

    #[test]
    fn objects_list_required_properties_first_and_skip_read_only_ones() {
        let documents = Documents::new(
            yaml_serde::from_str(
                "Pet: {required: [name], properties: {id: {type: integer, readOnly: true}, \
                 tag: {type: string}, name: {type: string}}}",
            )
            .unwrap(),
            Vec::new(),
        );
        let built = build(&documents, &documents.main()["Pet"], &Where::top(None)).unwrap();
        // The text the page gets: serde_json's own maps would sort the keys.
        assert_eq!(
            serde_json::to_string(&built).unwrap(),
            r#"{"name":"string","tag":"string"}"#
        );
    }

    #[test]
    fn scalars_get_values_by_type_format_enum_and_minimum() {
        let value = example(
            "S: {properties: {born: {type: string, format: date}, alive: {type: boolean}, \
             kind: {type: string, enum: [cat, dog]}, weight: {type: number, minimum: 1}, \
             id: {type: string, format: uuid}, nothing: {type: 'null'}}}",
            "S",
        );
        assert_eq!(
            value,
            serde_json::json!({
                "born": "2024-01-01", "alive": false, "kind": "cat", "weight": 1,
                "id": "00000000-0000-4000-8000-000000000000", "nothing": null
            })
        );
    }

    #[test]
    fn examples_and_defaults_win_over_types() {
        let value = example(
            "S: {properties: {a: {type: string, example: hi}, b: {type: integer, default: 7}, \
             c: {type: string, examples: [first, second]}, d: {const: fixed}}}",
            "S",
        );
        assert_eq!(
            value,
            serde_json::json!({"a": "hi", "b": 7, "c": "first", "d": "fixed"})
        );
    }

    #[test]
    fn a_recursive_schema_stops_where_it_recurs() {
        let value = example(
            "Node: {properties: {name: {type: string}, children: {type: array, items: {$ref: '#/Node'}}, \
             parent: {$ref: '#/Node'}}}\nRoot: {$ref: '#/Node'}",
            "Root",
        );
        assert_eq!(value, serde_json::json!({"name": "string", "children": []}));
    }

    #[test]
    fn maps_show_one_entry() {
        let value = example(
            "M: {type: object, additionalProperties: {type: integer}}",
            "M",
        );
        assert_eq!(value, serde_json::json!({"key": 0}));
    }
}
