//! The inputs for many values: repeated fields, maps and oneofs.

use serde_json::{Map, Value};
use switchboard_wire::schema::{
    FieldForm, FieldKind, FieldLabel, MessageForm, ScalarType, WellKnown,
};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::{Form, Path, Step, inputs::changed_text, testid};

impl Form {
    /// A list: each element with a remove button, and an add button.
    pub(super) fn repeated(
        &self,
        field: &FieldForm,
        value: Option<&Value>,
        path: Path,
        depth: usize,
    ) -> Html {
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
    pub(super) fn map(
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
    pub(super) fn oneof(
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
