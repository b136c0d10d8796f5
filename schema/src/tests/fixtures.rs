//! The schemas the unit tests use: `protos/echo.proto`, and a small shop
//! whose files import each other and the well-known types.

use crate::{ProtoFile, Schema, SchemaError};

const ECHO: &str = include_str!("../../../protos/echo.proto");

pub const MONEY: &str = r#"syntax = "proto3";
package shop.v1;

// An amount of one currency.
message Money {
  string currency = 1;
  int64 units = 2;
  int32 nanos = 3; // Billionths of a unit.
}
"#;

pub const ORDER: &str = r#"syntax = "proto3";
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

pub fn shop() -> Schema {
    Schema::from_protos(&[
        file("shop/v1/order.proto", ORDER),
        file("shop/v1/money.proto", MONEY),
    ])
    .unwrap()
}

pub fn file(name: &str, source: &str) -> ProtoFile {
    ProtoFile {
        name: name.to_owned(),
        source: source.to_owned(),
    }
}

pub fn compile_error(files: &[ProtoFile]) -> (String, Option<u32>, Option<u32>, String) {
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

pub fn invalid_json<T: std::fmt::Debug>(result: Result<T, SchemaError>) -> (String, String) {
    match result {
        Err(SchemaError::InvalidJson { path, message }) => (path, message),
        other => panic!("expected invalid JSON, got {other:?}"),
    }
}
