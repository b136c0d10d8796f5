//! A request to start from: every field present, so that a person sees the
//! shape of the message and only changes values.

use std::collections::HashSet;

use prost_reflect::{Kind, MessageDescriptor};
use serde_json::{Map, Value, json};
use switchboard_wire::schema::WellKnown;

use crate::forms::value_kind;

/// A template of `message`: scalars at their defaults (64-bit integers as
/// `"0"`), enums at their first value, nested messages filled, lists with one
/// element, maps with one entry (under the key `"key"` for string keys), only
/// the first member of each oneof, and well-known types as samples. A message
/// already being filled further up is left out, so recursion ends.
pub fn message(message: &MessageDescriptor) -> Value {
    let mut stack = Vec::new();
    message_value(message, message, &mut stack)
}

/// `container` is the message holding the field this value is for: an `Any`
/// names it as its sample payload when the schema has no `Empty`.
fn message_value(
    message: &MessageDescriptor,
    container: &MessageDescriptor,
    stack: &mut Vec<String>,
) -> Value {
    if let Some(wkt) = WellKnown::from_full_name(message.full_name()) {
        return well_known(wkt, message, container);
    }
    stack.push(message.full_name().to_owned());
    let mut object = Map::new();
    let mut oneofs = HashSet::new();
    for field in message.fields() {
        let kind = value_kind(&field);
        if let Kind::Message(inner) = &kind
            && stack.iter().any(|name| name == inner.full_name())
        {
            continue;
        }
        if let Some(oneof) = field
            .containing_oneof()
            .filter(|oneof| !oneof.is_synthetic())
            && !oneofs.insert(oneof.name().to_owned())
        {
            continue;
        }
        let value = single(&kind, message, stack);
        let value = match field.kind() {
            Kind::Message(entry) if field.is_map() => {
                let mut map = Map::new();
                map.insert(map_key(&entry.map_entry_key_field().kind()), value);
                Value::Object(map)
            }
            _ if field.is_list() => Value::Array(vec![value]),
            _ => value,
        };
        object.insert(field.json_name().to_owned(), value);
    }
    stack.pop();
    Value::Object(object)
}

fn single(kind: &Kind, container: &MessageDescriptor, stack: &mut Vec<String>) -> Value {
    match kind {
        Kind::Double | Kind::Float => json!(0.0),
        Kind::Int32 | Kind::Uint32 | Kind::Sint32 | Kind::Fixed32 | Kind::Sfixed32 => json!(0),
        Kind::Int64 | Kind::Uint64 | Kind::Sint64 | Kind::Fixed64 | Kind::Sfixed64 => json!("0"),
        Kind::Bool => json!(false),
        Kind::String | Kind::Bytes => json!(""),
        Kind::Enum(enumeration) => json!(enumeration.default_value().name()),
        Kind::Message(message) => message_value(message, container, stack),
    }
}

/// A map key as JSON writes it: always a string.
fn map_key(kind: &Kind) -> String {
    match kind {
        Kind::String => "key".to_owned(),
        Kind::Bool => "false".to_owned(),
        _ => "0".to_owned(),
    }
}

fn well_known(wkt: WellKnown, message: &MessageDescriptor, container: &MessageDescriptor) -> Value {
    match wkt {
        WellKnown::Timestamp => json!("1970-01-01T00:00:00Z"),
        WellKnown::Duration => json!("0s"),
        WellKnown::FieldMask | WellKnown::StringValue | WellKnown::BytesValue => json!(""),
        WellKnown::Struct | WellKnown::Empty => json!({}),
        WellKnown::Value => Value::Null,
        WellKnown::ListValue => json!([]),
        WellKnown::Int64Value | WellKnown::UInt64Value => json!("0"),
        WellKnown::Int32Value | WellKnown::UInt32Value => json!(0),
        WellKnown::DoubleValue | WellKnown::FloatValue => json!(0.0),
        WellKnown::BoolValue => json!(false),
        WellKnown::Any => any(message, container),
    }
}

/// An `Any` must name the type it holds, and that type must be in the
/// schema: `Empty` when it is there, else the message holding the field,
/// with all its fields at their defaults (so written with none).
fn any(any: &MessageDescriptor, container: &MessageDescriptor) -> Value {
    const EMPTY: &str = "google.protobuf.Empty";
    if any.parent_pool().get_message_by_name(EMPTY).is_some() {
        return json!({ "@type": format!("type.googleapis.com/{EMPTY}"), "value": {} });
    }
    if container.full_name() == any.full_name() {
        return json!({});
    }
    json!({ "@type": format!("type.googleapis.com/{}", container.full_name()) })
}
