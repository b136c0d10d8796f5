//! The JSON document the form edits, and the paths into it.

use serde_json::{Map, Value};

/// A step into the JSON document.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Where a value sits in the document.
pub type Path = Vec<Step>;

/// Puts `value` at `path` in `document`, making the objects on the way; a
/// `None` removes the key (or empties the element).
pub fn put(document: &mut Value, path: &[Step], value: Option<Value>) {
    let Some((last, parents)) = path.split_last() else {
        *document = value.unwrap_or(Value::Null);
        return;
    };
    let mut at = document;
    for step in parents {
        at = match step {
            Step::Key(key) => {
                if !at.is_object() {
                    *at = Value::Object(Map::new());
                }
                let Value::Object(object) = at else { return };
                object.entry(key.clone()).or_insert(Value::Null)
            }
            Step::Index(index) => match at.get_mut(*index) {
                Some(item) => item,
                None => return,
            },
        };
    }
    match (last, value) {
        (Step::Key(key), value) => {
            if !at.is_object() {
                *at = Value::Object(Map::new());
            }
            if let Value::Object(object) = at {
                match value {
                    Some(value) => object.insert(key.clone(), value),
                    None => object.remove(key),
                };
            }
        }
        (Step::Index(index), value) => {
            if let Some(item) = at.get_mut(*index) {
                *item = value.unwrap_or(Value::Null);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn key(name: &str) -> Step {
        Step::Key(name.to_owned())
    }

    #[test]
    fn put_makes_the_objects_on_the_way() {
        let mut document = json!({});
        put(&mut document, &[key("point"), key("x")], Some(json!(3)));
        assert_eq!(document, json!({"point": {"x": 3}}));
    }

    #[test]
    fn put_sets_an_element_and_none_removes_a_key() {
        let mut document = json!({"path": [{"x": 1}, {"x": 2}], "name": "Ada"});
        put(
            &mut document,
            &[key("path"), Step::Index(1), key("x")],
            Some(json!(5)),
        );
        put(&mut document, &[key("name")], None);
        assert_eq!(document, json!({"path": [{"x": 1}, {"x": 5}]}));
    }

    #[test]
    fn put_past_the_end_of_a_list_changes_nothing() {
        let mut document = json!({"path": []});
        put(
            &mut document,
            &[key("path"), Step::Index(0), key("x")],
            Some(json!(1)),
        );
        assert_eq!(document, json!({"path": []}));
    }
}
