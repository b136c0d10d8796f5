//! The request body: none, JSON (checked as it is typed), text, a form, or
//! multipart parts with files.

use switchboard_collection::Body;
use yew::prelude::*;

use super::{
    fields::{Select, TextArea},
    multipart_editor::MultipartEditor,
    rows_editor::RowsEditor,
};

/// The kinds, as the select names them.
const KINDS: [(&str, &str); 5] = [
    ("none", "No body"),
    ("json", "JSON"),
    ("text", "Text"),
    ("form", "Form (urlencoded)"),
    ("multipart", "Multipart (with files)"),
];

#[derive(Debug, Properties, PartialEq)]
pub struct HttpBodyProps {
    pub body: Body,
    pub on_change: Callback<Body>,
}

#[component]
pub fn HttpBody(props: &HttpBodyProps) -> Html {
    let body = &props.body;
    let on_change = &props.on_change;
    let options = KINDS
        .map(|(value, label)| (AttrValue::from(value), AttrValue::from(label)))
        .to_vec();
    // What each kind held when the person left it, so that coming back to
    // it finds it again.
    let left = use_mut_ref(Vec::<Body>::new);
    let choose = {
        let body = body.clone();
        on_change.reform(move |next: String| {
            let mut left = left.borrow_mut();
            left.retain(|kept| kind(kept) != kind(&body));
            left.push(body.clone());
            match left.iter().find(|kept| kind(kept) == next) {
                Some(kept) => kept.clone(),
                None => switch(&body, &next),
            }
        })
    };
    let editor = match body {
        Body::None => html! {},
        Body::Json(text) => {
            let invalid = json_error(text).map(AttrValue::from);
            let format = {
                let text = text.clone();
                on_change.reform(move |_: MouseEvent| {
                    let pretty = serde_json::from_str::<serde_json::Value>(&text)
                        .ok()
                        .and_then(|value| serde_json::to_string_pretty(&value).ok());
                    Body::Json(pretty.unwrap_or_else(|| text.clone()))
                })
            };
            html! {
                <>
                    <TextArea id="http-body-text" label="JSON" value={text.clone()} rows={8}
                        {invalid} on_change={on_change.reform(Body::Json)} />
                    <button type="button" class="secondary" data-testid="http-body-format" onclick={format}>
                        { "Format" }
                    </button>
                </>
            }
        }
        Body::Text(text) => html! {
            <TextArea id="http-body-text" label="Text" value={text.clone()} rows={8}
                on_change={on_change.reform(Body::Text)} />
        },
        Body::Form(fields) => html! {
            <RowsEditor id="http-form" label="Form fields" rows={fields.clone()}
                on_change={on_change.reform(Body::Form)} />
        },
        Body::Multipart(parts) => html! {
            <MultipartEditor parts={parts.clone()} on_change={on_change.reform(Body::Multipart)} />
        },
    };
    html! {
        <div class="body-editor">
            <Select id="http-body-kind" label="Body" value={kind(body)} {options} on_change={choose} />
            { editor }
        </div>
    }
}

fn kind(body: &Body) -> &'static str {
    match body {
        Body::None => "none",
        Body::Json(_) => "json",
        Body::Text(_) => "text",
        Body::Form(_) => "form",
        Body::Multipart(_) => "multipart",
    }
}

/// `body` as another kind: text moves between JSON and text, fields between
/// a form and multipart.
fn switch(body: &Body, kind: &str) -> Body {
    let text = match body {
        Body::Json(text) | Body::Text(text) => text.clone(),
        _ => String::new(),
    };
    match kind {
        "json" => Body::Json(text),
        "text" => Body::Text(text),
        "form" => Body::Form(match body {
            Body::Form(fields) => fields.clone(),
            _ => Vec::new(),
        }),
        "multipart" => Body::Multipart(match body {
            Body::Multipart(parts) => parts.clone(),
            _ => Vec::new(),
        }),
        _ => Body::None,
    }
}

/// Why `text` is not JSON, with its line and column; `None` when it is (or
/// is still empty).
fn json_error(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    serde_json::from_str::<serde::de::IgnoredAny>(text)
        .err()
        .map(|error| format!("Not valid JSON: {error}"))
}
