//! A document's text to a tree. JSON when it starts with `{`, YAML
//! otherwise: YAML reads most JSON too, but serde_json's errors point at JSON
//! mistakes more precisely.

use yaml_serde::{Mapping, Value};

use crate::ImportError;

/// Parses one document; `file` names it in errors (`None`: the main one).
pub(crate) fn parse(text: &str, file: Option<&str>) -> Result<Value, ImportError> {
    // Editors on Windows like to start a file with a byte order mark, which
    // neither parser skips.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let syntax = |format, line, column, message| ImportError::Syntax {
        file: file.map(str::to_owned),
        format,
        line,
        column,
        message,
    };
    let mut value = if text.trim_start().starts_with('{') {
        serde_json::from_str::<Value>(text).map_err(|error| {
            syntax(
                "JSON",
                Some(error.line()),
                Some(error.column()),
                error.to_string(),
            )
        })?
    } else {
        let mut value = yaml_serde::from_str::<Value>(text).map_err(|error| {
            let location = error.location();
            syntax(
                "YAML",
                location.as_ref().map(|at| at.line()),
                location.as_ref().map(|at| at.column()),
                error.to_string(),
            )
        })?;
        // `<<: *anchor` merge keys, which YAML 1.1 documents use to share
        // parts; the parser leaves them to the reader.
        value
            .apply_merge()
            .map_err(|error| syntax("YAML", None, None, error.to_string()))?;
        value
    };
    normalise(&mut value);
    Ok(value)
}

/// Makes every mapping key a string and drops YAML tags, so that the rest
/// reads the tree as JSON: YAML reads `200:` as a number and `true:` as a
/// boolean, where OpenAPI means the strings.
fn normalise(value: &mut Value) {
    match value {
        Value::Tagged(tagged) => {
            let mut inner = std::mem::take(&mut tagged.value);
            normalise(&mut inner);
            *value = inner;
        }
        Value::Sequence(items) => items.iter_mut().for_each(normalise),
        Value::Mapping(mapping) => {
            let entries = std::mem::take(mapping);
            *mapping = entries
                .into_iter()
                .map(|(key, mut item)| {
                    normalise(&mut item);
                    (Value::String(key_text(key)), item)
                })
                .collect::<Mapping>();
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

fn key_text(key: Value) -> String {
    match key {
        Value::String(text) => text,
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Null => "null".to_owned(),
        Value::Tagged(tagged) => key_text(tagged.value),
        // A sequence or mapping as a key: legal YAML, never OpenAPI.
        other => serde_json::to_string(&other).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_number_and_boolean_keys_become_strings() {
        let value = parse("responses:\n  200: {description: ok}\n  true: x\n", None).unwrap();
        let responses = value.get("responses").unwrap().as_mapping().unwrap();
        let keys: Vec<_> = responses.keys().map(|key| key.as_str().unwrap()).collect();
        assert_eq!(keys, ["200", "true"]);
    }

    #[test]
    fn merge_keys_and_tags_are_resolved() {
        let text = "base: &b {type: string}\nname:\n  <<: *b\n  format: email\ntagged: !custom 5\n";
        let value = parse(text, None).unwrap();
        assert_eq!(value["name"]["type"].as_str(), Some("string"));
        assert_eq!(value["name"]["format"].as_str(), Some("email"));
        assert_eq!(value["tagged"].as_u64(), Some(5));
    }

    #[test]
    fn json_errors_say_line_and_column() {
        let error = parse("{\n  \"a\": 1,\n  \"b\" 2\n}", Some("x.json")).unwrap_err();
        let ImportError::Syntax {
            format,
            line,
            column,
            ..
        } = &error
        else {
            panic!("{error:?}");
        };
        assert_eq!((*format, *line, *column), ("JSON", Some(3), Some(7)));
        let message = error.to_string();
        assert!(
            message.starts_with("x.json is not valid JSON: "),
            "{message}"
        );
        assert!(message.contains("line 3 column 7"), "{message}");
    }

    #[test]
    fn yaml_errors_say_line_and_column() {
        let error = parse("openapi: 3.0.0\ninfo:\n  title: [unclosed\n", None).unwrap_err();
        let ImportError::Syntax { format, line, .. } = &error else {
            panic!("{error:?}");
        };
        assert_eq!(*format, "YAML");
        assert!(line.is_some(), "{error:?}");
        assert!(error.to_string().contains(" at line "), "{error}");
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let value = parse("\u{feff}{\"openapi\": \"3.1.0\"}", None).unwrap();
        assert_eq!(value["openapi"].as_str(), Some("3.1.0"));
    }
}
