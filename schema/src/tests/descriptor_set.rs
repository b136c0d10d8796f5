//! Descriptor sets: kept and read back, completed, refused.

use super::fixtures::*;
use crate::*;

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
