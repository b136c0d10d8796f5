//! `$ref`s into other files given at import, and recursive schemas.

use switchboard_openapi::{ImportError, import};
use switchboard_wire::openapi::ParameterLocation;

const SPLIT: &str = include_str!("fixtures/split/openapi.yaml");
const SPLIT_PETS: &str = include_str!("fixtures/split/schemas/pets.yaml");
const CIRCULAR: &str = include_str!("fixtures/schema-circular-3.0.json");

fn pets_file() -> Vec<(String, String)> {
    vec![("schemas/pets.yaml".to_owned(), SPLIT_PETS.to_owned())]
}

#[test]
fn refs_into_another_file_resolve() {
    let document = import(SPLIT, &pets_file()).unwrap();
    assert_eq!(document.title, "Split Petstore");
    assert_eq!(document.openapi, "3.1.0");
    assert_eq!(document.servers, ["https://eu.pets.example.com/v2"]);

    let show = &document.operations[0];
    assert_eq!(show.id, "showPetById");
    // The path item's parameter, through `#/components/parameters/PetId`.
    assert_eq!(show.parameters.len(), 1);
    assert_eq!(show.parameters[0].schema.format, "int64");
    // A response in the other file.
    assert_eq!(show.responses[1].description, "Something went wrong");

    let replace = &document.operations[1];
    assert_eq!(replace.id, "replacePet");
    // The operation's own `petId` replaces the path item's.
    let parameters: Vec<_> = replace
        .parameters
        .iter()
        .map(|parameter| {
            (
                parameter.name.as_str(),
                parameter.location,
                parameter.schema.format.as_str(),
            )
        })
        .collect();
    assert_eq!(
        parameters,
        [
            ("petId", ParameterLocation::Path, "uuid"),
            ("X-Trace", ParameterLocation::Header, "")
        ]
    );
    assert!(
        replace.parameters[0].required,
        "path parameters are always required"
    );
    assert_eq!(replace.parameters[1].example.as_deref(), Some("abc123"));

    // NewPet, Tag and Owner come from the other file, through its own
    // `#/…` refs; Owner's pets are NewPets again, which stops there.
    let body = replace.request_body.as_ref().unwrap();
    assert_eq!(
        body.example,
        r#"{
  "name": "Rex",
  "tag": "cat",
  "owner": {
    "email": "user@example.com",
    "pets": []
  }
}"#
    );
}

#[test]
fn a_file_may_be_named_as_the_ref_writes_it() {
    let others = vec![("./schemas/pets.yaml".to_owned(), SPLIT_PETS.to_owned())];
    let by_ref = import(SPLIT, &others).unwrap();
    assert_eq!(by_ref, import(SPLIT, &pets_file()).unwrap());
}

#[test]
fn a_missing_file_is_named_with_the_ref_and_where_it_is() {
    let error = import(SPLIT, &[]).unwrap_err();
    assert!(matches!(error, ImportError::Unresolved { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "the $ref `./schemas/pets.yaml#/responses/Error` at paths./pets/{petId}.get.responses.default \
         points into `./schemas/pets.yaml`, which is not among the files given with the document"
    );
}

#[test]
fn a_ref_to_nothing_in_the_other_file_says_so() {
    let broken = SPLIT.replace("pets.yaml#/NewPet", "pets.yaml#/NewPett");
    let error = import(&broken, &pets_file()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the $ref `schemas/pets.yaml#/NewPett` at \
         paths./pets/{petId}.put.requestBody.content.application/json.schema \
         leads nowhere: the top level of schemas/pets.yaml has no `NewPett`"
    );
}

#[test]
fn recursive_schemas_terminate() {
    let document = import(CIRCULAR, &[]).unwrap();
    assert_eq!(document.operations.len(), 3);
    for operation in &document.operations {
        if let Some(body) = &operation.request_body {
            serde_json::from_str::<serde_json::Value>(&body.example)
                .unwrap_or_else(|error| panic!("{}: {error}", operation.id));
        }
    }
}

#[test]
fn a_schema_that_is_its_own_item_builds_a_finite_body() {
    let document = import(
        r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/tree": {"post": {
              "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Tree"}}}},
              "responses": {"204": {"description": "ok"}}}}},
            "components": {"schemas": {"Tree": {"type": "object", "required": ["label"], "properties": {
              "label": {"type": "string"},
              "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
              "next": {"allOf": [{"$ref": "#/components/schemas/Tree"}], "nullable": true}}}}}}"##,
        &[],
    )
    .unwrap();
    let body = &document.operations[0]
        .request_body
        .as_ref()
        .unwrap()
        .example;
    let value: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        value,
        serde_json::json!({"label": "string", "children": [], "next": null})
    );
}

#[test]
fn a_circle_of_parameter_refs_is_an_error_not_a_hang() {
    let error = import(
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
         parameters: [{$ref: '#/components/parameters/A'}]\n      responses: {}\n\
         components:\n  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    \
         B: {$ref: '#/components/parameters/A'}\n",
        &[],
    )
    .unwrap_err();
    assert!(error.to_string().contains("a circle?"), "{error}");
    assert!(
        error.to_string().contains("paths./a.get.parameters[0]"),
        "{error}"
    );
}
