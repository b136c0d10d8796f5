//! Unit tests of the engine on `protos/echo.proto` and a small shop schema
//! that imports its own files and the well-known types.

use serde_json::json;

use super::*;

pub const ECHO: &str = include_str!("../../protos/echo.proto");

const MONEY: &str = r#"syntax = "proto3";
package shop.v1;

// An amount of one currency.
message Money {
  string currency = 1;
  int64 units = 2;
  int32 nanos = 3; // Billionths of a unit.
}
"#;

const ORDER: &str = r#"syntax = "proto3";
package shop.v1;

import "google/protobuf/any.proto";
import "google/protobuf/empty.proto";
import "google/protobuf/field_mask.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";
import "shop/v1/money.proto";

// Takes orders.
service Orders {
  // Places one order.
  rpc Place (Order) returns (google.protobuf.Empty);
}

message Order {
  string id = 1;
  Money total = 2;
  google.protobuf.Timestamp at = 3;
  google.protobuf.FieldMask mask = 4;
  google.protobuf.Int64Value limit = 5;
  google.protobuf.StringValue note = 6;
  google.protobuf.BoolValue gift = 7;
  google.protobuf.Any detail = 8;
  google.protobuf.Value anything = 9;
  google.protobuf.ListValue list = 10;
  google.protobuf.Empty nothing = 11;
  optional int32 quantity = 12;
  map<int32, Money> by_line = 13;
  google.protobuf.UInt64Value big = 14;
  repeated google.protobuf.Value values = 15;
  Node tree = 16;
}

// A tree, to show that recursion ends.
message Node {
  string name = 1;
  repeated Node children = 2;
  Node parent = 3;
}
"#;

pub fn echo() -> Schema {
    Schema::from_protos(&[file("echo.proto", ECHO)]).unwrap()
}

fn shop() -> Schema {
    Schema::from_protos(&[
        file("shop/v1/order.proto", ORDER),
        file("shop/v1/money.proto", MONEY),
    ])
    .unwrap()
}

fn file(name: &str, source: &str) -> ProtoFile {
    ProtoFile {
        name: name.to_owned(),
        source: source.to_owned(),
    }
}

fn compile_error(files: &[ProtoFile]) -> (String, Option<u32>, Option<u32>, String) {
    match Schema::from_protos(files) {
        Err(SchemaError::Compile {
            file,
            line,
            column,
            message,
        }) => (file, line, column, message),
        other => panic!("expected a compile error, got {other:?}"),
    }
}

fn invalid_json<T: std::fmt::Debug>(result: Result<T, SchemaError>) -> (String, String) {
    match result {
        Err(SchemaError::InvalidJson { path, message }) => (path, message),
        other => panic!("expected invalid JSON, got {other:?}"),
    }
}

#[test]
fn echo_lists_its_service_methods_kinds_and_comments() {
    let services = echo().services();
    assert_eq!(services.len(), 1);
    let service = &services[0];
    assert_eq!(service.name, "echo.Echo");
    assert_eq!(service.comments, "Sends back what it was sent.");
    let kinds: Vec<(&str, &str, MethodKind)> = service
        .methods
        .iter()
        .map(|method| (method.name.as_str(), method.path.as_str(), method.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Unary", "/echo.Echo/Unary", MethodKind::Unary),
            (
                "ServerStream",
                "/echo.Echo/ServerStream",
                MethodKind::ServerStreaming
            ),
            (
                "ClientStream",
                "/echo.Echo/ClientStream",
                MethodKind::ClientStreaming
            ),
            ("Bidi", "/echo.Echo/Bidi", MethodKind::Bidi),
        ]
    );
    let stream = &service.methods[1];
    assert_eq!(
        (stream.input.as_str(), stream.output.as_str()),
        ("echo.Sample", "echo.Echoed")
    );
    assert_eq!(
        stream.comments,
        "Answers with the sample it decoded `repeat` times (once if 0), 100 ms\napart, each reply numbered from 1."
    );
}

#[test]
fn methods_are_found_by_path_or_name() {
    let schema = echo();
    for name in ["/echo.Echo/Bidi", "echo.Echo/Bidi", "echo.Echo.Bidi"] {
        assert_eq!(
            schema.method(name).unwrap().path,
            "/echo.Echo/Bidi",
            "{name}"
        );
    }
    assert_eq!(
        schema.method("/echo.Nope/Bidi"),
        Err(SchemaError::UnknownService {
            name: "echo.Nope".into()
        })
    );
    assert_eq!(
        schema.method("echo.Echo.Nope"),
        Err(SchemaError::UnknownMethod {
            service: "echo.Echo".into(),
            name: "Nope".into()
        })
    );
    assert_eq!(
        schema.forms("echo.Nope"),
        Err(SchemaError::UnknownMessage {
            name: "echo.Nope".into()
        })
    );
}

#[test]
fn files_import_each_other_and_the_well_known_types() {
    let schema = shop();
    let services = schema.services();
    assert_eq!(services[0].name, "shop.v1.Orders");
    assert_eq!(services[0].comments, "Takes orders.");
    assert_eq!(services[0].methods[0].output, "google.protobuf.Empty");
    let forms = schema.forms("shop.v1.Order").unwrap();
    let names: Vec<&str> = forms.keys().map(String::as_str).collect();
    assert_eq!(names, ["shop.v1.Money", "shop.v1.Node", "shop.v1.Order"]);
    let money = &forms["shop.v1.Money"];
    assert_eq!(money.comments, "An amount of one currency.");
    assert_eq!(money.fields[2].comments, "Billionths of a unit.");
}

#[test]
fn a_syntax_error_points_at_its_line_and_column() {
    let source = "syntax = \"proto3\";\n\nmessage A {\n  int32 x = 1\n}\n";
    let (file_name, line, column, message) = compile_error(&[file("a.proto", source)]);
    assert_eq!(file_name, "a.proto");
    assert_eq!((line, column), (Some(5), Some(1)), "{message}");
    assert!(message.contains("expected"), "{message}");
}

#[test]
fn a_syntax_error_in_an_imported_file_names_that_file() {
    let broken = file(
        "shop/v1/money.proto",
        "syntax = \"proto3\";\nmessage Money {\n  int64 = 2;\n}\n",
    );
    let (file_name, line, column, _) = compile_error(&[file("shop/v1/order.proto", ORDER), broken]);
    assert_eq!(file_name, "shop/v1/money.proto");
    assert_eq!((line, column), (Some(3), Some(9)));
}

#[test]
fn a_missing_import_names_the_importing_file_and_the_import() {
    let source = "syntax = \"proto3\";\n\nimport \"missing/thing.proto\";\n";
    let (file_name, line, column, message) = compile_error(&[file("b.proto", source)]);
    assert_eq!(file_name, "b.proto");
    assert_eq!((line, column), (Some(3), Some(1)));
    assert!(message.contains("missing/thing.proto"), "{message}");
}

#[test]
fn an_unknown_type_points_at_its_name() {
    let source = "syntax = \"proto3\";\npackage p;\nmessage A {\n  Nope x = 1;\n}\n";
    let (file_name, line, column, message) = compile_error(&[file("c.proto", source)]);
    assert_eq!(file_name, "c.proto");
    assert_eq!((line, column), (Some(4), Some(3)), "{message}");
    assert!(message.contains("Nope"), "{message}");
}

#[test]
fn a_descriptor_set_round_trips_with_its_comments() {
    let schema = shop();
    let again = Schema::from_descriptor_set(&schema.descriptor_set()).unwrap();
    assert_eq!(again.services(), schema.services());
    assert_eq!(
        again.forms("shop.v1.Order").unwrap(),
        schema.forms("shop.v1.Order").unwrap()
    );
}

#[test]
fn a_descriptor_set_without_the_well_known_types_gets_them() {
    use prost::Message;
    let schema = shop();
    let mut set =
        prost_types::FileDescriptorSet::decode(schema.descriptor_set().as_slice()).unwrap();
    set.file.retain(|file| !file.name().starts_with("google/"));
    assert_eq!(set.file.len(), 2);
    let again = Schema::from_descriptor_set(&set.encode_to_vec()).unwrap();
    assert_eq!(again.services(), schema.services());
    let bytes = again
        .encode_request("/shop.v1.Orders/Place", r#"{"at":"2026-12-01T10:00:00Z"}"#)
        .unwrap();
    assert!(!bytes.is_empty());
}

#[test]
fn bytes_that_are_no_descriptor_set_are_refused() {
    assert!(matches!(
        Schema::from_descriptor_set(b"\x0a\x05hello"),
        Err(SchemaError::InvalidDescriptorSet { .. })
    ));
    let mut set = prost_types::FileDescriptorSet::default();
    set.file.push(prost_types::FileDescriptorProto {
        name: Some("a.proto".into()),
        dependency: vec!["elsewhere.proto".into()],
        ..Default::default()
    });
    let bytes = prost::Message::encode_to_vec(&set);
    match Schema::from_descriptor_set(&bytes) {
        Err(SchemaError::InvalidDescriptorSet { message }) => {
            assert!(message.contains("elsewhere.proto"), "{message}")
        }
        other => panic!("expected an invalid set, got {other:?}"),
    }
}

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

#[test]
fn the_echo_template_shows_every_field_and_encodes() {
    let schema = echo();
    let template = schema.template("echo.Sample").unwrap();
    assert_eq!(
        template,
        json!({
            "text": "",
            "small": 0,
            "big": "0",
            "unsignedBig": "0",
            "flag": false,
            "ratio": 0.0,
            "blob": "",
            "priority": "PRIORITY_UNSPECIFIED",
            "point": { "x": 0.0, "y": 0.0 },
            "path": [{ "x": 0.0, "y": 0.0 }],
            "tags": [""],
            "counts": { "key": "0" },
            "label": "",
            "at": "1970-01-01T00:00:00Z",
            "wait": "0s",
            "extra": {},
            "repeat": 0,
            "failWith": 0,
        })
    );
    schema
        .encode_request("/echo.Echo/Unary", &template.to_string())
        .unwrap();
    let both = json!([template, template]).to_string();
    assert_eq!(
        schema
            .encode_requests("/echo.Echo/Bidi", &both)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_shop_template_has_samples_of_well_known_types_and_ends_recursion() {
    let schema = shop();
    let template = schema.template("shop.v1.Order").unwrap();
    assert_eq!(template["tree"], json!({ "name": "" }));
    assert_eq!(
        template["byLine"],
        json!({ "0": { "currency": "", "units": "0", "nanos": 0 } })
    );
    assert_eq!(
        template["detail"],
        json!({ "@type": "type.googleapis.com/google.protobuf.Empty", "value": {} })
    );
    assert_eq!(template["limit"], json!("0"));
    assert_eq!(template["mask"], json!(""));
    assert_eq!(template["anything"], json!(null));
    assert_eq!(template["quantity"], json!(0));
    schema
        .encode_request("shop.v1.Orders/Place", &template.to_string())
        .unwrap();
    let node = schema.template("shop.v1.Node").unwrap();
    assert_eq!(node, json!({ "name": "" }));
}

#[test]
fn well_known_types_round_trip_through_the_canonical_json() {
    let schema = shop();
    let order = json!({
        "id": "o-1",
        "total": { "currency": "EUR", "units": "-9223372036854775808", "nanos": 5 },
        "at": "2026-12-01T10:00:00.123456789Z",
        "mask": "total.units,id",
        "limit": "9223372036854775807",
        "note": "",
        "gift": true,
        "detail": { "@type": "type.googleapis.com/shop.v1.Money", "currency": "USD", "units": "3" },
        "anything": { "deep": [1.5, "two", null, { "three": false }] },
        "list": [1.0, "a"],
        "nothing": {},
        "quantity": 0,
        "byLine": { "7": { "currency": "CHF" } },
        "big": "18446744073709551615",
        "values": [null, 2.0, "x"],
        "tree": { "name": "root", "children": [{ "name": "leaf" }] },
    });
    let bytes = schema
        .encode_request("/shop.v1.Orders/Place", &order.to_string())
        .unwrap();
    let message = DynamicMessage::decode(
        schema.message_descriptor("shop.v1.Order").unwrap(),
        bytes.as_slice(),
    )
    .unwrap();
    assert_eq!(
        response_json(&message, JsonOptions::default()).unwrap(),
        order
    );
}

#[test]
fn responses_leave_defaults_out_unless_asked() {
    let schema = echo();
    let bytes = schema
        .encode_request("/echo.Echo/Unary", r#"{"text":"hi"}"#)
        .unwrap();
    let echoed = {
        let message =
            DynamicMessage::decode(schema.message_descriptor("echo.Echoed").unwrap(), &[][..])
                .unwrap();
        let mut message = message;
        let sample = DynamicMessage::decode(
            schema.message_descriptor("echo.Sample").unwrap(),
            bytes.as_slice(),
        )
        .unwrap();
        message.set_field_by_name("sample", prost_reflect::Value::Message(sample));
        prost::Message::encode_to_vec(&message)
    };
    let plain = schema
        .decode_response("/echo.Echo/Unary", &echoed, JsonOptions::default())
        .unwrap();
    assert_eq!(plain, json!({ "sample": { "text": "hi" } }));
    let full = schema
        .decode_response(
            "/echo.Echo/Unary",
            &echoed,
            JsonOptions {
                emit_defaults: true,
            },
        )
        .unwrap();
    assert_eq!(full["seq"], json!(0));
    assert_eq!(full["sample"]["big"], json!("0"));
    assert_eq!(full["sample"]["priority"], json!("PRIORITY_UNSPECIFIED"));
    assert_eq!(full["metadata"], json!({}));
}

#[test]
fn bytes_that_are_not_the_response_do_not_decode() {
    let result = echo().decode_response("/echo.Echo/Unary", b"\x0a\xff", JsonOptions::default());
    assert!(
        matches!(result, Err(SchemaError::Decode { .. })),
        "{result:?}"
    );
}

#[test]
fn invalid_json_names_the_path_of_the_error() {
    let schema = echo();
    let unary = |json: &str| invalid_json(schema.encode_request("/echo.Echo/Unary", json));
    let (path, message) = unary(r#"{"point": {"x": "far"}}"#);
    assert_eq!(path, "point.x");
    assert!(!message.contains("line 1"), "{message}");
    assert_eq!(unary(r#"{"priority": "PRIORITY_URGENT"}"#).0, "priority");
    assert_eq!(unary(r#"{"big": "12x"}"#).0, "big");
    assert_eq!(unary(r#"{"unsignedBig": "-1"}"#).0, "unsignedBig");
    assert_eq!(unary(r#"{"path": [{}, {}, {"y": true}]}"#).0, "path[2].y");
    assert_eq!(unary(r#"{"counts": {"a": "many"}}"#).0, "counts.a");
    let (path, message) = unary(r#"{"point": {"z": 1}}"#);
    assert_eq!(path, "point.z", "{message}");
    assert!(message.contains('z'), "{message}");
    let streams = invalid_json(schema.encode_requests(
        "/echo.Echo/Bidi",
        r#"[{"text": "ok"}, {"point": {"x": "far"}}]"#,
    ));
    assert_eq!(streams.0, "[1].point.x");
}

#[test]
fn json_that_is_no_json_says_where() {
    let schema = echo();
    let (path, message) = invalid_json(schema.encode_request("/echo.Echo/Unary", r#"{"text": "#));
    assert_eq!(path, "text");
    assert!(
        message.contains("EOF") && message.contains("line 1 column 9"),
        "{message}"
    );
    let (path, message) = invalid_json(schema.encode_request("/echo.Echo/Unary", r#"{"nope": 1}"#));
    assert_eq!(path, "nope");
    assert_eq!(message, "unrecognized field name 'nope'");
    let (path, _) = invalid_json(schema.encode_request("/echo.Echo/Unary", r#"{} {}"#));
    assert_eq!(path, "");
    let (path, message) =
        invalid_json(schema.encode_requests("/echo.Echo/Bidi", r#"{"text": "a"}"#));
    assert_eq!(path, "");
    assert!(message.contains("array"), "{message}");
}

#[test]
fn error_details_are_read_with_google_rpc_types() {
    let files: Vec<ProtoFile> = [
        (
            "google/rpc/status.proto",
            include_str!("../protos/google/rpc/status.proto"),
        ),
        (
            "google/rpc/error_details.proto",
            include_str!("../protos/google/rpc/error_details.proto"),
        ),
    ]
    .into_iter()
    .map(|(name, source)| file(name, source))
    .collect();
    let rpc = Schema::from_protos(&files).unwrap();
    let status = json!({
        "code": 5,
        "message": "failing as asked",
        "details": [{
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "ASKED",
            "metadata": { "text": "why" },
        }, {
            "@type": "type.googleapis.com/google.rpc.RetryInfo",
            "retryDelay": "1.500s",
        }],
    });
    let message = json::parse_message(
        &rpc.message_descriptor("google.rpc.Status").unwrap(),
        &status.to_string(),
    )
    .unwrap();
    let bytes = prost::Message::encode_to_vec(&message);
    assert_eq!(echo().status_details(&bytes).unwrap(), status);
    // A schema that has the types itself reads them just as well.
    assert_eq!(rpc.status_details(&bytes).unwrap(), status);
    assert!(matches!(
        echo().status_details(b"\x12\xff"),
        Err(SchemaError::Decode { .. })
    ));
}
