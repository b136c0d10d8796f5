//! The shape of a message, enough to render a form for it.

use serde::{Deserialize, Serialize};

/// How to render a message as a form.
///
/// Forms come as a flat map from full message name to `MessageForm`, holding
/// every message reachable from a request; a field refers to another message
/// by name, so recursive messages need no special case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageForm {
    /// The full name, such as `echo.Sample`.
    pub name: String,
    /// The leading comment in the .proto, trimmed.
    pub comments: String,
    /// In declaration order.
    pub fields: Vec<FieldForm>,
}

/// One field of a message form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldForm {
    /// The name in the .proto, such as `unsigned_big`.
    pub name: String,
    /// The name in JSON, such as `unsignedBig`.
    pub json_name: String,
    /// The leading comment in the .proto, trimmed.
    pub comments: String,
    pub number: u32,
    /// The type of the field, or of a map's values.
    pub kind: FieldKind,
    pub label: FieldLabel,
    /// The oneof this field is a member of, by its short name (`choice`); at
    /// most one member of a oneof may be set. `None` for proto3 `optional`
    /// fields, whose oneof is only an encoding device.
    pub oneof: Option<String>,
    /// Whether the field tracks presence on its own (proto3 `optional`, or a
    /// proto2 optional), so that "unset" differs from its default.
    pub optional: bool,
}

/// How many values a field holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldLabel {
    /// One value.
    Single,
    /// A list, written as a JSON array.
    Repeated,
    /// A map, written as a JSON object whose keys are strings of `key`'s type.
    Map { key: ScalarType },
}

/// The type of a field's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Scalar(ScalarType),
    /// An enum, written in JSON by value name.
    Enum {
        /// The enum's full name, such as `echo.Priority`.
        name: String,
        /// Its value names in declaration order; the first is the default.
        values: Vec<String>,
    },
    /// A message, described under `name` in the same map of forms.
    Message {
        name: String,
    },
    /// A well-known type, which JSON writes in a form of its own.
    WellKnown(WellKnown),
}

/// The scalar types of protobuf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScalarType {
    Double,
    Float,
    Int32,
    /// Written in JSON as a string, so that no digit is lost.
    Int64,
    Uint32,
    /// Written in JSON as a string.
    Uint64,
    Sint32,
    /// Written in JSON as a string.
    Sint64,
    Fixed32,
    /// Written in JSON as a string.
    Fixed64,
    Sfixed32,
    /// Written in JSON as a string.
    Sfixed64,
    Bool,
    String,
    /// Written in JSON as base64.
    Bytes,
}

impl ScalarType {
    /// The name in a .proto, such as `sint64`.
    pub fn proto_name(self) -> &'static str {
        match self {
            ScalarType::Double => "double",
            ScalarType::Float => "float",
            ScalarType::Int32 => "int32",
            ScalarType::Int64 => "int64",
            ScalarType::Uint32 => "uint32",
            ScalarType::Uint64 => "uint64",
            ScalarType::Sint32 => "sint32",
            ScalarType::Sint64 => "sint64",
            ScalarType::Fixed32 => "fixed32",
            ScalarType::Fixed64 => "fixed64",
            ScalarType::Sfixed32 => "sfixed32",
            ScalarType::Sfixed64 => "sfixed64",
            ScalarType::Bool => "bool",
            ScalarType::String => "string",
            ScalarType::Bytes => "bytes",
        }
    }

    /// Whether JSON writes it as a string of digits rather than a number.
    pub fn is_64_bit_integer(self) -> bool {
        matches!(
            self,
            ScalarType::Int64
                | ScalarType::Uint64
                | ScalarType::Sint64
                | ScalarType::Fixed64
                | ScalarType::Sfixed64
        )
    }
}

/// The `google.protobuf` types that the JSON mapping writes specially.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WellKnown {
    /// An RFC 3339 string, such as `"2026-12-01T10:00:00.5Z"`.
    Timestamp,
    /// Seconds with an `s`, such as `"-1.5s"`.
    Duration,
    /// Comma-separated camelCase paths, such as `"point.x,tags"`.
    FieldMask,
    /// Any JSON object.
    Struct,
    /// Any JSON value.
    Value,
    /// Any JSON array.
    ListValue,
    /// An object with `"@type"` naming the message, and its fields.
    Any,
    /// `{}`.
    Empty,
    /// The wrappers: the wrapped value, or `null` for none.
    DoubleValue,
    FloatValue,
    Int64Value,
    UInt64Value,
    Int32Value,
    UInt32Value,
    BoolValue,
    StringValue,
    BytesValue,
}

impl WellKnown {
    /// The well-known type of a message's full name, if it is one.
    pub fn from_full_name(name: &str) -> Option<WellKnown> {
        Some(match name.strip_prefix("google.protobuf.")? {
            "Timestamp" => WellKnown::Timestamp,
            "Duration" => WellKnown::Duration,
            "FieldMask" => WellKnown::FieldMask,
            "Struct" => WellKnown::Struct,
            "Value" => WellKnown::Value,
            "ListValue" => WellKnown::ListValue,
            "Any" => WellKnown::Any,
            "Empty" => WellKnown::Empty,
            "DoubleValue" => WellKnown::DoubleValue,
            "FloatValue" => WellKnown::FloatValue,
            "Int64Value" => WellKnown::Int64Value,
            "UInt64Value" => WellKnown::UInt64Value,
            "Int32Value" => WellKnown::Int32Value,
            "UInt32Value" => WellKnown::UInt32Value,
            "BoolValue" => WellKnown::BoolValue,
            "StringValue" => WellKnown::StringValue,
            "BytesValue" => WellKnown::BytesValue,
            _ => return None,
        })
    }

    /// Its full name, such as `google.protobuf.Timestamp`.
    pub fn full_name(self) -> &'static str {
        match self {
            WellKnown::Timestamp => "google.protobuf.Timestamp",
            WellKnown::Duration => "google.protobuf.Duration",
            WellKnown::FieldMask => "google.protobuf.FieldMask",
            WellKnown::Struct => "google.protobuf.Struct",
            WellKnown::Value => "google.protobuf.Value",
            WellKnown::ListValue => "google.protobuf.ListValue",
            WellKnown::Any => "google.protobuf.Any",
            WellKnown::Empty => "google.protobuf.Empty",
            WellKnown::DoubleValue => "google.protobuf.DoubleValue",
            WellKnown::FloatValue => "google.protobuf.FloatValue",
            WellKnown::Int64Value => "google.protobuf.Int64Value",
            WellKnown::UInt64Value => "google.protobuf.UInt64Value",
            WellKnown::Int32Value => "google.protobuf.Int32Value",
            WellKnown::UInt32Value => "google.protobuf.UInt32Value",
            WellKnown::BoolValue => "google.protobuf.BoolValue",
            WellKnown::StringValue => "google.protobuf.StringValue",
            WellKnown::BytesValue => "google.protobuf.BytesValue",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_round_trip_through_json() {
        let form = MessageForm {
            name: "echo.Sample".into(),
            comments: String::new(),
            fields: vec![FieldForm {
                name: "counts".into(),
                json_name: "counts".into(),
                comments: String::new(),
                number: 12,
                kind: FieldKind::Scalar(ScalarType::Int64),
                label: FieldLabel::Map {
                    key: ScalarType::String,
                },
                oneof: None,
                optional: false,
            }],
        };
        let text = serde_json::to_string(&form).unwrap();
        assert!(
            text.contains(r#""label":{"map":{"key":"string"}}"#),
            "{text}"
        );
        assert!(text.contains(r#""kind":{"scalar":"int64"}"#), "{text}");
        assert_eq!(serde_json::from_str::<MessageForm>(&text).unwrap(), form);
    }

    #[test]
    fn well_known_names_round_trip() {
        for wkt in [WellKnown::Timestamp, WellKnown::UInt64Value, WellKnown::Any] {
            assert_eq!(WellKnown::from_full_name(wkt.full_name()), Some(wkt));
        }
        assert_eq!(WellKnown::from_full_name("echo.Sample"), None);
        assert_eq!(
            WellKnown::from_full_name("google.protobuf.FileDescriptorSet"),
            None
        );
    }
}
