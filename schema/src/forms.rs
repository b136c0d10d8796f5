//! Messages described as forms: every field with its type, label and oneof.

use std::collections::BTreeMap;

use prost_reflect::{FieldDescriptor, Kind, MessageDescriptor};
use switchboard_wire::schema::{
    FieldForm, FieldKind, FieldLabel, MessageForm, ScalarType, WellKnown,
};

use crate::comments;

/// The form of `root` and of every message reachable from it, by full name.
/// Each message is described once, so recursive messages end.
pub fn reachable(root: &MessageDescriptor) -> BTreeMap<String, MessageForm> {
    let mut forms = BTreeMap::new();
    let mut pending = vec![root.clone()];
    while let Some(message) = pending.pop() {
        if forms.contains_key(message.full_name()) {
            continue;
        }
        let form = describe(&message);
        for field in message.fields() {
            if let Some(next) = expanded_message(&value_kind(&field)) {
                pending.push(next);
            }
        }
        forms.insert(form.name.clone(), form);
    }
    forms
}

/// The message a field's value is, unless it is a well-known type (the page
/// edits those as text, so they need no form).
fn expanded_message(kind: &Kind) -> Option<MessageDescriptor> {
    match kind {
        Kind::Message(message) if WellKnown::from_full_name(message.full_name()).is_none() => {
            Some(message.clone())
        }
        _ => None,
    }
}

fn describe(message: &MessageDescriptor) -> MessageForm {
    let file = message.parent_file_descriptor_proto();
    MessageForm {
        name: message.full_name().to_owned(),
        comments: comments::of(file, message.path()),
        fields: message
            .fields()
            .map(|field| FieldForm {
                name: field.name().to_owned(),
                json_name: field.json_name().to_owned(),
                comments: comments::of(file, field.path()),
                number: field.number(),
                kind: field_kind(&value_kind(&field)),
                label: label(&field),
                oneof: field
                    .containing_oneof()
                    .filter(|oneof| !oneof.is_synthetic())
                    .map(|oneof| oneof.name().to_owned()),
                optional: is_optional(&field),
            })
            .collect(),
    }
}

/// A scalar or enum field with presence of its own: proto3 `optional`, or
/// proto2 `optional`. (Message fields always have presence; oneof members
/// have the oneof's.)
fn is_optional(field: &FieldDescriptor) -> bool {
    let own_presence = field
        .containing_oneof()
        .is_none_or(|oneof| oneof.is_synthetic());
    field.supports_presence()
        && !field.is_list()
        && !matches!(field.kind(), Kind::Message(_))
        && own_presence
}

/// The kind of a field's values: for a map, of the map's values.
pub fn value_kind(field: &FieldDescriptor) -> Kind {
    match field.kind() {
        Kind::Message(entry) if field.is_map() => entry.map_entry_value_field().kind(),
        kind => kind,
    }
}

fn label(field: &FieldDescriptor) -> FieldLabel {
    match field.kind() {
        Kind::Message(entry) if field.is_map() => {
            let key = scalar(&entry.map_entry_key_field().kind()).unwrap_or(ScalarType::String);
            FieldLabel::Map { key }
        }
        _ if field.is_list() => FieldLabel::Repeated,
        _ => FieldLabel::Single,
    }
}

pub fn field_kind(kind: &Kind) -> FieldKind {
    let scalar = match kind {
        Kind::Enum(enumeration) => {
            return FieldKind::Enum {
                name: enumeration.full_name().to_owned(),
                values: enumeration
                    .values()
                    .map(|value| value.name().to_owned())
                    .collect(),
            };
        }
        Kind::Message(message) => {
            return match WellKnown::from_full_name(message.full_name()) {
                Some(wkt) => FieldKind::WellKnown(wkt),
                None => FieldKind::Message {
                    name: message.full_name().to_owned(),
                },
            };
        }
        Kind::Double => ScalarType::Double,
        Kind::Float => ScalarType::Float,
        Kind::Int32 => ScalarType::Int32,
        Kind::Int64 => ScalarType::Int64,
        Kind::Uint32 => ScalarType::Uint32,
        Kind::Uint64 => ScalarType::Uint64,
        Kind::Sint32 => ScalarType::Sint32,
        Kind::Sint64 => ScalarType::Sint64,
        Kind::Fixed32 => ScalarType::Fixed32,
        Kind::Fixed64 => ScalarType::Fixed64,
        Kind::Sfixed32 => ScalarType::Sfixed32,
        Kind::Sfixed64 => ScalarType::Sfixed64,
        Kind::Bool => ScalarType::Bool,
        Kind::String => ScalarType::String,
        Kind::Bytes => ScalarType::Bytes,
    };
    FieldKind::Scalar(scalar)
}

/// The scalar type of a kind, if it is one (map keys always are).
pub fn scalar(kind: &Kind) -> Option<ScalarType> {
    match kind {
        Kind::Message(_) | Kind::Enum(_) => None,
        _ => match field_kind(kind) {
            FieldKind::Scalar(scalar) => Some(scalar),
            _ => None,
        },
    }
}
