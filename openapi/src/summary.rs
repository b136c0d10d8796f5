//! What a parameter's input needs to know of its schema.

use switchboard_wire::openapi::SchemaSummary;
use yaml_serde::Value;

use crate::{
    ImportError, Where,
    refs::Documents,
    schema::{flatten, kind, nullable, text},
};

/// What a parameter's input needs to know of its schema.
pub(crate) fn summary(
    documents: &Documents,
    schema: &Value,
    at: &Where,
    depth: usize,
) -> Result<SchemaSummary, ImportError> {
    let Some(flat) = flatten(documents, schema, at, &[], depth)? else {
        return Ok(SchemaSummary::default());
    };
    let map = &flat.map;
    let items = match map.get("items") {
        Some(items) if depth < 4 => Some(Box::new(summary(
            documents,
            items,
            &flat.at.key("items"),
            depth + 1,
        )?)),
        _ => None,
    };
    Ok(SchemaSummary {
        kind: kind(map),
        format: map
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        enum_values: map
            .get("enum")
            .and_then(Value::as_sequence)
            .map(|values| {
                values
                    .iter()
                    .filter(|value| !value.is_null())
                    .map(text)
                    .collect()
            })
            .unwrap_or_default(),
        default: map.get("default").map(text),
        nullable: nullable(map),
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nullable_3_1_reference_takes_the_reference() {
        let documents = Documents::new(
            yaml_serde::from_str(
                "Tag: {type: string, format: uuid}\n\
             Use: {anyOf: [{type: 'null'}, {$ref: '#/Tag'}]}",
            )
            .unwrap(),
            Vec::new(),
        );
        let summary = summary(&documents, &documents.main()["Use"], &Where::top(None), 0).unwrap();
        assert_eq!(
            (summary.kind.as_str(), summary.format.as_str()),
            ("string", "uuid")
        );
        assert!(summary.nullable);
    }
}
