//! JSON as a tree that folds: each object and array is a `<details>`, so the
//! browser does the folding, with no script of ours.

use serde_json::Value;
use yew::prelude::*;

/// How many members of one object or array are shown.
const MEMBERS_SHOWN: usize = 500;
/// Objects and arrays deeper than this start folded.
const OPEN_DEPTH: usize = 3;

#[derive(Debug, Properties, PartialEq)]
pub struct JsonTreeProps {
    pub value: std::rc::Rc<Value>,
}

#[component]
pub fn JsonTree(props: &JsonTreeProps) -> Html {
    html! {
        <div class="json-tree" data-testid="http-json">{ node(None, &props.value, 0) }</div>
    }
}

fn node(key: Option<&str>, value: &Value, depth: usize) -> Html {
    let key = key.map(|key| html! { <span class="key">{ format!("{key:?}: ") }</span> });
    let (open, close, members): (&str, &str, Vec<(Option<String>, &Value)>) = match value {
        Value::Object(map) => (
            "{",
            "}",
            map.iter()
                .map(|(key, value)| (Some(key.clone()), value))
                .collect(),
        ),
        Value::Array(items) => ("[", "]", items.iter().map(|value| (None, value)).collect()),
        scalar => {
            let class = match scalar {
                Value::String(_) => "string",
                Value::Number(_) => "number",
                Value::Bool(_) => "bool",
                _ => "null",
            };
            return html! {
                <div class="leaf">{ key }<span class={class}>{ scalar.to_string() }</span></div>
            };
        }
    };
    let count = members.len();
    let summary = if count == 1 {
        "1 item".to_owned()
    } else {
        format!("{count} items")
    };
    html! {
        <details open={depth < OPEN_DEPTH}>
            <summary>{ key }{ open }<span class="fold-count">{ format!(" {summary} ") }</span>{ close }</summary>
            <div class="members">
                { for members.iter().take(MEMBERS_SHOWN).map(|(key, value)| node(key.as_deref(), value, depth + 1)) }
                if count > MEMBERS_SHOWN {
                    <div class="hint">{ format!("… {} more, in the raw view", count - MEMBERS_SHOWN) }</div>
                }
            </div>
        </details>
    }
}
