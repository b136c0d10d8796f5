//! A form generated from a request message, beside the JSON editor and in
//! sync with it: the form renders the JSON text, and each edit in the form
//! writes the JSON text back. Inputs fit each type: numbers for 32-bit and
//! floating-point fields, text for 64-bit integers (JSON writes them as
//! strings), checkboxes for booleans, selects for enums, nested fieldsets for
//! messages, rows for repeated fields and maps, a choice of member for each
//! oneof, and text for the well-known types' JSON forms.
//!
//! Only the shape comes from the schema (`MessageForm`); the JSON mapping
//! itself stays in the schema worker, which checks the request before it is
//! sent.

mod document;
mod inputs;
mod lists;

use std::{collections::BTreeMap, rc::Rc};

use serde_json::{Map, Value};
use switchboard_wire::schema::{FieldForm, FieldKind, FieldLabel, MessageForm};
use yew::prelude::*;

use document::{Path, Step, put};

/// How deep nested messages are shown; deeper ones are edited in the JSON.
const MAX_DEPTH: usize = 8;

#[derive(Debug, Properties, PartialEq)]
pub struct RequestFormProps {
    /// Every message form reachable from the request, by full name.
    pub forms: Rc<BTreeMap<String, MessageForm>>,
    /// The request message's full name.
    pub input: AttrValue,
    /// The JSON text the form shows and edits.
    pub body: AttrValue,
    /// Receives the JSON text after an edit in the form.
    pub on_change: Callback<String>,
}

#[component]
pub fn RequestForm(props: &RequestFormProps) -> Html {
    let document = match serde_json::from_str::<Value>(&props.body) {
        Ok(document) => document,
        Err(error) => {
            return html! {
                <p class="hint" data-testid="console-form-unreadable">
                    { format!("The form shows the JSON once it reads: {error}") }
                </p>
            };
        }
    };
    let form = Form {
        forms: props.forms.clone(),
        document: Rc::new(document.clone()),
        on_change: props.on_change.clone(),
    };
    let Some(message) = props.forms.get(props.input.as_str()) else {
        return html! {};
    };
    let body = match &document {
        // A stream of requests: one fieldset per message.
        Value::Array(items) => html! {
            { for items.iter().enumerate().map(|(index, item)| html! {
                <fieldset class="message">
                    <legend>{ format!("Message {}", index + 1) }</legend>
                    { form.message(message, item, vec![Step::Index(index)], 0) }
                </fieldset>
            }) }
        },
        value => form.message(message, value, Vec::new(), 0),
    };
    html! {
        <div class="request-form" data-testid="console-form">{ body }</div>
    }
}

/// What rendering the form needs.
struct Form {
    forms: Rc<BTreeMap<String, MessageForm>>,
    document: Rc<Value>,
    on_change: Callback<String>,
}

impl Form {
    /// A callback that puts a value at `path` (or removes the key, for
    /// `None`) and reports the new JSON text.
    fn setter<T: 'static>(
        &self,
        path: Path,
        value: impl Fn(T) -> Option<Value> + 'static,
    ) -> Callback<T> {
        let (document, on_change) = (self.document.clone(), self.on_change.clone());
        Callback::from(move |input: T| {
            let mut next = (*document).clone();
            put(&mut next, &path, value(input));
            on_change.emit(serde_json::to_string_pretty(&next).unwrap_or_default());
        })
    }

    /// The fields of `message`, whose value is `value`, at `path`.
    fn message(&self, message: &MessageForm, value: &Value, path: Path, depth: usize) -> Html {
        let empty = Map::new();
        let object = value.as_object().unwrap_or(&empty);
        let mut oneofs_done: Vec<&str> = Vec::new();
        html! {
            <>
                { for message.fields.iter().map(|field| {
                    match &field.oneof {
                        Some(oneof) if oneofs_done.contains(&oneof.as_str()) => html! {},
                        Some(oneof) => {
                            oneofs_done.push(oneof);
                            self.oneof(message, oneof, object, &path, depth)
                        }
                        None => self.field(field, object.get(&field.json_name), &path, depth),
                    }
                }) }
            </>
        }
    }

    /// One field, labelled, with the input its label and kind call for.
    fn field(&self, field: &FieldForm, value: Option<&Value>, parent: &Path, depth: usize) -> Html {
        let mut path = parent.clone();
        path.push(Step::Key(field.json_name.clone()));
        let id = testid(&path);
        let type_name = type_name(field);
        let input = match &field.label {
            FieldLabel::Single => self.single(field, value, path, depth),
            FieldLabel::Repeated => self.repeated(field, value, path, depth),
            FieldLabel::Map { key } => self.map(field, *key, value, path, depth),
        };
        html! {
            <div class="form-field" data-testid={id}>
                <span class="form-label" title={field.comments.clone()}>
                    { &field.json_name }<small>{ format!(" {type_name}") }</small>
                </span>
                { input }
            </div>
        }
    }

    /// A single value of the field's kind.
    fn single(&self, field: &FieldForm, value: Option<&Value>, path: Path, depth: usize) -> Html {
        match &field.kind {
            FieldKind::Scalar(scalar) => self.scalar(*scalar, value, path),
            FieldKind::Enum { values, .. } => self.enumeration(values, value, path),
            FieldKind::WellKnown(known) => self.well_known(*known, value, path),
            FieldKind::Message { name } => self.nested(name, value, path, depth),
        }
    }

    /// A nested message: its fields, or a button that sets it.
    fn nested(&self, name: &str, value: Option<&Value>, path: Path, depth: usize) -> Html {
        let id = testid(&path);
        match (self.forms.get(name), value) {
            (Some(form), Some(value @ Value::Object(_))) if depth < MAX_DEPTH => {
                let unset = self.setter(path.clone(), |_: MouseEvent| None);
                html! {
                    <fieldset class="message">
                        { self.message(form, value, path, depth + 1) }
                        <button type="button" class="secondary small" onclick={unset}
                            data-testid={format!("{id}-unset")}>{ "Unset" }</button>
                    </fieldset>
                }
            }
            (Some(_), None | Some(Value::Null)) if depth < MAX_DEPTH => {
                let set = self.setter(path, |_: MouseEvent| Some(Value::Object(Map::new())));
                html! {
                    <button type="button" class="secondary small" onclick={set}
                        data-testid={format!("{id}-set")}>{ "Set" }</button>
                }
            }
            _ => html! { <small class="hint">{ "edit in the JSON" }</small> },
        }
    }
}

/// A field's type as the form labels it.
fn type_name(field: &FieldForm) -> String {
    let kind = match &field.kind {
        FieldKind::Scalar(scalar) => scalar.proto_name().to_owned(),
        FieldKind::Enum { name, .. } | FieldKind::Message { name } => name.clone(),
        FieldKind::WellKnown(known) => known.full_name().to_owned(),
    };
    match &field.label {
        FieldLabel::Single => kind,
        FieldLabel::Repeated => format!("repeated {kind}"),
        FieldLabel::Map { key } => format!("map<{}, {kind}>", key.proto_name()),
    }
}

/// The `data-testid` of the field at `path`: `field-point-x`, `field-path-0-y`.
fn testid(path: &[Step]) -> String {
    let mut id = String::from("field");
    for step in path {
        match step {
            Step::Key(key) => id.push_str(&format!("-{key}")),
            Step::Index(index) => id.push_str(&format!("-{index}")),
        }
    }
    id
}
