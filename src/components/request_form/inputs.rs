//! The inputs for single values: scalars, enums and the well-known types.

use serde_json::Value;
use switchboard_wire::schema::{ScalarType, WellKnown};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{Form, Path, testid};

impl Form {
    /// An input that fits a scalar type.
    pub(super) fn scalar(&self, scalar: ScalarType, value: Option<&Value>, path: Path) -> Html {
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
    pub(super) fn enumeration(&self, values: &[String], value: Option<&Value>, path: Path) -> Html {
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
    pub(super) fn well_known(&self, known: WellKnown, value: Option<&Value>, path: Path) -> Html {
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

/// An input's text on every keystroke.
fn text_input(set: Callback<String>) -> Callback<InputEvent> {
    Callback::from(move |event: InputEvent| {
        set.emit(event.target_unchecked_into::<HtmlInputElement>().value());
    })
}

/// An input's text once it is changed (for map keys, which would otherwise
/// move the entry on every keystroke).
pub(super) fn changed_text(set: Callback<String>) -> Callback<Event> {
    Callback::from(move |event: Event| {
        set.emit(event.target_unchecked_into::<HtmlInputElement>().value());
    })
}
