//! Forms of messages.

use super::fixtures::*;
use crate::*;

#[test]
fn forms_describe_every_field() {
    let forms = echo().forms("echo.Sample").unwrap();
    assert_eq!(
        forms.keys().collect::<Vec<_>>(),
        ["echo.Point", "echo.Sample"]
    );
    let sample = &forms["echo.Sample"];
    let field = |name: &str| sample.fields.iter().find(|f| f.name == name).unwrap();
    assert_eq!(field("big").kind, FieldKind::Scalar(ScalarType::Int64));
    assert_eq!(
        field("big").comments,
        "Written as a JSON string, so that no digit is lost."
    );
    assert_eq!(field("unsigned_big").json_name, "unsignedBig");
    assert_eq!(
        field("priority").kind,
        FieldKind::Enum {
            name: "echo.Priority".into(),
            values: vec![
                "PRIORITY_UNSPECIFIED".into(),
                "PRIORITY_LOW".into(),
                "PRIORITY_HIGH".into()
            ],
        }
    );
    assert_eq!(field("path").label, FieldLabel::Repeated);
    assert_eq!(
        field("path").kind,
        FieldKind::Message {
            name: "echo.Point".into()
        }
    );
    assert_eq!(
        field("counts").label,
        FieldLabel::Map {
            key: ScalarType::String
        }
    );
    assert_eq!(field("counts").kind, FieldKind::Scalar(ScalarType::Int64));
    assert_eq!(field("spot").oneof.as_deref(), Some("choice"));
    assert_eq!(field("text").oneof, None);
    assert_eq!(field("at").kind, FieldKind::WellKnown(WellKnown::Timestamp));
    assert_eq!(field("extra").kind, FieldKind::WellKnown(WellKnown::Struct));
    assert_eq!(field("fail_with").number, 20);
}

#[test]
fn forms_mark_proto3_optional_and_map_keys() {
    let forms = shop().forms("shop.v1.Order").unwrap();
    let order = &forms["shop.v1.Order"];
    let field = |name: &str| order.fields.iter().find(|f| f.name == name).unwrap();
    assert!(field("quantity").optional);
    assert_eq!(field("quantity").oneof, None);
    assert!(!field("id").optional);
    assert_eq!(
        field("by_line").label,
        FieldLabel::Map {
            key: ScalarType::Int32
        }
    );
    assert_eq!(
        field("by_line").kind,
        FieldKind::Message {
            name: "shop.v1.Money".into()
        }
    );
    assert_eq!(
        field("limit").kind,
        FieldKind::WellKnown(WellKnown::Int64Value)
    );
    assert_eq!(field("values").kind, FieldKind::WellKnown(WellKnown::Value));
}
