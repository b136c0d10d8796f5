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

use std::{collections::BTreeMap, rc::Rc};

use serde_json::{Map, Value};
use switchboard_wire::schema::{
    FieldForm, FieldKind, FieldLabel, MessageForm, ScalarType, WellKnown,
};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// How deep nested messages are shown; deeper ones are edited in the JSON.
const MAX_DEPTH: usize = 8;

/// A step into the JSON document.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Where a value sits in the document.
type Path = Vec<Step>;

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

    /// An input that fits a scalar type.
    fn scalar(&self, scalar: ScalarType, value: Option<&Value>, path: Path) -> Html {
        let id = testid(&path);
        match scalar {
            ScalarType::Bool => {
                let checked = value.and_then(Value::as_bool).unwrap_or(false);
                let set = self.setter(path, |checked: bool| Some(Value::Bool(checked)));
                let onchange = Callback::from(move |event: Event| {
                    set.emit(event.target_unchecked_into::<HtmlInputElement>().checked());
                });
                html! { <input type="checkbox" data-testid={format!("{id}-input")} {checked} {onchange} /> }
            }
            ScalarType::Double
            | ScalarType::Float
            | ScalarType::Int32
            | ScalarType::Uint32
            | ScalarType::Sint32
            | ScalarType::Fixed32
            | ScalarType::Sfixed32 => {
                let text = value.map(display).unwrap_or_default();
                let set = self.setter(path, |text: String| number(&text));
                let step = if matches!(scalar, ScalarType::Double | ScalarType::Float) {
                    "any"
                } else {
                    "1"
                };
                html! {
                    <input type="number" step={step} data-testid={format!("{id}-input")} value={text}
                        oninput={text_input(set)} />
                }
            }
            // 64-bit integers are JSON strings; bytes are base64; strings are text.
            _ => {
                let text = value.map(display).unwrap_or_default();
                let set = self.setter(path, |text: String| Some(Value::String(text)));
                let placeholder = match scalar {
                    ScalarType::Bytes => "base64",
                    ScalarType::String => "",
                    _ => "digits (a JSON string)",
                };
                html! {
                    <input type="text" data-testid={format!("{id}-input")} value={text} {placeholder}
                        inputmode={scalar.is_64_bit_integer().then_some("numeric")}
                        oninput={text_input(set)} />
                }
            }
        }
    }

    /// A select of an enum's values, by name.
    fn enumeration(&self, values: &[String], value: Option<&Value>, path: Path) -> Html {
        let id = testid(&path);
        let current = value.and_then(Value::as_str).unwrap_or_default().to_owned();
        let set = self.setter(path, |name: String| Some(Value::String(name)));
        let onchange = Callback::from(move |event: Event| {
            set.emit(event.target_unchecked_into::<HtmlSelectElement>().value());
        });
        html! {
            <select data-testid={format!("{id}-input")} {onchange}>
                { for values.iter().map(|name| html! {
                    <option value={name.clone()} selected={*name == current}>{ name }</option>
                }) }
            </select>
        }
    }

    /// A well-known type in its JSON form: text for the ones JSON writes as
    /// a string or a number, a JSON text area for the others.
    fn well_known(&self, known: WellKnown, value: Option<&Value>, path: Path) -> Html {
        let id = testid(&path);
        match known {
            WellKnown::Struct
            | WellKnown::Value
            | WellKnown::ListValue
            | WellKnown::Any
            | WellKnown::Empty => {
                let text = value
                    .map(|value| serde_json::to_string(value).unwrap_or_default())
                    .unwrap_or_default();
                // Kept as typed until it reads as JSON; the editor beside
                // shows the rest of the document meanwhile.
                let set = self.setter(path, |text: String| serde_json::from_str(&text).ok());
                let oninput = Callback::from(move |event: InputEvent| {
                    set.emit(event.target_unchecked_into::<HtmlTextAreaElement>().value());
                });
                html! {
                    <textarea rows="2" data-testid={format!("{id}-input")} value={text}
                        placeholder="JSON" {oninput} />
                }
            }
            WellKnown::DoubleValue
            | WellKnown::FloatValue
            | WellKnown::Int32Value
            | WellKnown::UInt32Value => self.scalar(ScalarType::Double, value, path),
            WellKnown::BoolValue => self.scalar(ScalarType::Bool, value, path),
            WellKnown::Timestamp
            | WellKnown::Duration
            | WellKnown::FieldMask
            | WellKnown::Int64Value
            | WellKnown::UInt64Value
            | WellKnown::StringValue
            | WellKnown::BytesValue => {
                let text = value.map(display).unwrap_or_default();
                let placeholder = match known {
                    WellKnown::Timestamp => "2026-12-01T10:00:00Z",
                    WellKnown::Duration => "1.5s",
                    WellKnown::FieldMask => "paths,comma.separated",
                    _ => "",
                };
                let set = self.setter(path, |text: String| Some(Value::String(text)));
                html! {
                    <input type="text" data-testid={format!("{id}-input")} value={text} {placeholder}
                        oninput={text_input(set)} />
                }
            }
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

    /// A list: each element with a remove button, and an add button.
    fn repeated(&self, field: &FieldForm, value: Option<&Value>, path: Path, depth: usize) -> Html {
        let id = testid(&path);
        let items = value.and_then(Value::as_array).cloned().unwrap_or_default();
        let element = FieldForm {
            label: FieldLabel::Single,
            ..field.clone()
        };
        let add = {
            let (items, fresh) = (items.clone(), fresh(&field.kind));
            self.setter(path.clone(), move |_: MouseEvent| {
                let mut items = items.clone();
                items.push(fresh.clone());
                Some(Value::Array(items))
            })
        };
        html! {
            <div class="repeated">
                <ol>
                    { for items.iter().enumerate().map(|(index, item)| {
                        let mut at = path.clone();
                        at.push(Step::Index(index));
                        let remove = {
                            let items = items.clone();
                            self.setter(path.clone(), move |_: MouseEvent| {
                                let mut items = items.clone();
                                items.remove(index);
                                Some(Value::Array(items))
                            })
                        };
                        html! {
                            <li>
                                { self.single(&element, Some(item), at, depth) }
                                <button type="button" class="secondary small" onclick={remove}
                                    aria-label="Remove">{ "×" }</button>
                            </li>
                        }
                    }) }
                </ol>
                <button type="button" class="secondary small" onclick={add}
                    data-testid={format!("{id}-add")}>{ "Add" }</button>
            </div>
        }
    }

    /// A map: a key and a value per entry, and an add button.
    fn map(
        &self,
        field: &FieldForm,
        key: ScalarType,
        value: Option<&Value>,
        path: Path,
        depth: usize,
    ) -> Html {
        let id = testid(&path);
        let entries = value
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let element = FieldForm {
            label: FieldLabel::Single,
            ..field.clone()
        };
        let add = {
            let (entries, fresh) = (entries.clone(), fresh(&field.kind));
            self.setter(path.clone(), move |_: MouseEvent| {
                let mut entries = entries.clone();
                let mut number = entries.len();
                while entries.contains_key(&new_key(key, number)) {
                    number += 1;
                }
                entries.insert(new_key(key, number), fresh.clone());
                Some(Value::Object(entries))
            })
        };
        html! {
            <div class="map">
                <ul>
                    { for entries.iter().map(|(name, item)| {
                        let mut at = path.clone();
                        at.push(Step::Key(name.clone()));
                        let rename = {
                            let (entries, old) = (entries.clone(), name.clone());
                            self.setter(path.clone(), move |new: String| {
                                let mut entries = entries.clone();
                                if let Some(value) = entries.remove(&old) {
                                    entries.insert(new, value);
                                }
                                Some(Value::Object(entries))
                            })
                        };
                        html! {
                            <li>
                                <input type="text" class="map-key" value={name.clone()}
                                    aria-label="Key" onchange={changed_text(rename)} />
                                { self.single(&element, Some(item), at, depth) }
                            </li>
                        }
                    }) }
                </ul>
                <button type="button" class="secondary small" onclick={add}
                    data-testid={format!("{id}-add")}>{ "Add" }</button>
            </div>
        }
    }

    /// A oneof: which member is set (at most one), and that member's input.
    fn oneof(
        &self,
        message: &MessageForm,
        oneof: &str,
        object: &Map<String, Value>,
        parent: &Path,
        depth: usize,
    ) -> Html {
        let members: Vec<&FieldForm> = message
            .fields
            .iter()
            .filter(|field| field.oneof.as_deref() == Some(oneof))
            .collect();
        let chosen = members
            .iter()
            .find(|member| object.contains_key(&member.json_name));
        let names: Vec<String> = members
            .iter()
            .map(|member| member.json_name.clone())
            .collect();
        let fresh_values: Vec<Value> = members.iter().map(|member| fresh(&member.kind)).collect();
        let choose = {
            let (object, names) = (object.clone(), names.clone());
            self.setter(parent.clone(), move |name: String| {
                let mut object = object.clone();
                for other in &names {
                    object.remove(other);
                }
                if let Some(index) = names.iter().position(|member| *member == name) {
                    object.insert(name, fresh_values[index].clone());
                }
                Some(Value::Object(object))
            })
        };
        let onchange = Callback::from(move |event: Event| {
            choose.emit(event.target_unchecked_into::<HtmlSelectElement>().value());
        });
        let mut path = parent.clone();
        path.push(Step::Key(oneof.to_owned()));
        html! {
            <div class="form-field oneof" data-testid={testid(&path)}>
                <span class="form-label">{ oneof }<small>{ " one of" }</small></span>
                <select data-testid={format!("{}-choice", testid(&path))} {onchange}>
                    <option value="" selected={chosen.is_none()}>{ "(none)" }</option>
                    { for names.iter().map(|name| html! {
                        <option value={name.clone()}
                            selected={chosen.is_some_and(|chosen| chosen.json_name == *name)}>{ name }</option>
                    }) }
                </select>
                if let Some(member) = chosen {
                    { self.field(member, object.get(&member.json_name), parent, depth) }
                }
            </div>
        }
    }
}

/// A new element or map value of `kind`: its default.
fn fresh(kind: &FieldKind) -> Value {
    match kind {
        FieldKind::Scalar(ScalarType::Bool) => Value::Bool(false),
        FieldKind::Scalar(scalar) if scalar.is_64_bit_integer() => Value::String("0".to_owned()),
        FieldKind::Scalar(ScalarType::String | ScalarType::Bytes) => Value::String(String::new()),
        FieldKind::Scalar(_) => Value::from(0),
        FieldKind::Enum { values, .. } => {
            Value::String(values.first().cloned().unwrap_or_default())
        }
        FieldKind::Message { .. } => Value::Object(Map::new()),
        FieldKind::WellKnown(WellKnown::Timestamp) => {
            Value::String("1970-01-01T00:00:00Z".to_owned())
        }
        FieldKind::WellKnown(WellKnown::Duration) => Value::String("0s".to_owned()),
        FieldKind::WellKnown(WellKnown::ListValue) => Value::Array(Vec::new()),
        FieldKind::WellKnown(WellKnown::Struct | WellKnown::Any | WellKnown::Empty) => {
            Value::Object(Map::new())
        }
        FieldKind::WellKnown(_) => Value::Null,
    }
}

/// A key for a new map entry, of the map's key type.
fn new_key(key: ScalarType, number: usize) -> String {
    match key {
        ScalarType::String => format!("key{}", number + 1),
        ScalarType::Bool => (number % 2 == 1).to_string(),
        _ => number.to_string(),
    }
}

/// Puts `value` at `path` in `document`, making the objects on the way; a
/// `None` removes the key (or empties the element).
fn put(document: &mut Value, path: &[Step], value: Option<Value>) {
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

/// A number typed in a number input: `None` while it is empty, which removes
/// the field (its default).
fn number(text: &str) -> Option<Value> {
    serde_json::from_str::<serde_json::Number>(text.trim())
        .ok()
        .map(Value::Number)
}

/// A value as an input shows it: strings without quotes.
fn display(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
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

/// An input's text on every keystroke.
fn text_input(set: Callback<String>) -> Callback<InputEvent> {
    Callback::from(move |event: InputEvent| {
        set.emit(event.target_unchecked_into::<HtmlInputElement>().value());
    })
}

/// An input's text once it is changed (for map keys, which would otherwise
/// move the entry on every keystroke).
fn changed_text(set: Callback<String>) -> Callback<Event> {
    Callback::from(move |event: Event| {
        set.emit(event.target_unchecked_into::<HtmlInputElement>().value());
    })
}
