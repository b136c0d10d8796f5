//! The public Petstore documents (tests/fixtures/README.md) import whole:
//! 3.0 and 3.1, JSON and YAML, with their parameters and bodies.

use switchboard_openapi::{ApiDocument, import};
use switchboard_wire::openapi::{Operation, ParameterLocation, SecurityKind, SecurityScheme};

const PETSTORE_3_0_JSON: &str = include_str!("fixtures/petstore-3.0.json");
const PETSTORE_3_0_YAML: &str = include_str!("fixtures/petstore-3.0.yaml");
const PETSTORE_3_1_JSON: &str = include_str!("fixtures/petstore-3.1.json");
const PETSTORE_3_1_YAML: &str = include_str!("fixtures/petstore-3.1.yaml");
const EXPANDED_3_0_YAML: &str = include_str!("fixtures/petstore-expanded-3.0.yaml");

fn operation<'a>(document: &'a ApiDocument, id: &str) -> &'a Operation {
    document
        .operations
        .iter()
        .find(|operation| operation.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

/// The body example of `id`, parsed; it must be JSON.
fn body(document: &ApiDocument, id: &str) -> serde_json::Value {
    let body = operation(document, id)
        .request_body
        .as_ref()
        .expect("a body");
    serde_json::from_str(&body.example).unwrap_or_else(|error| panic!("{error}: {}", body.example))
}

/// What both Swagger Petstores (3.0 and 3.1) hold.
fn assert_swagger_petstore(document: &ApiDocument, openapi: &str) {
    assert_eq!(document.title, "Swagger Petstore");
    assert_eq!(document.version, "1.0.0");
    assert_eq!(document.openapi, openapi);
    assert_eq!(document.servers, ["http://petstore.swagger.io/v2"]);
    assert_eq!(document.operations.len(), 20);
    // Grouped by tag in the order the document declares them.
    let tags: Vec<&str> = document
        .operations
        .iter()
        .map(|operation| operation.tags[0].as_str())
        .collect();
    assert_eq!(tags.iter().filter(|tag| **tag == "pet").count(), 8);
    assert_eq!(tags.iter().filter(|tag| **tag == "store").count(), 4);
    assert_eq!(tags.iter().filter(|tag| **tag == "user").count(), 8);
    assert!(tags.is_sorted_by_key(|tag| {
        ["pet", "store", "user"]
            .iter()
            .position(|known| known == tag)
    }));
    assert_eq!(document.operations[0].id, "addPet");

    let by_status = operation(document, "findPetsByStatus");
    assert_eq!(
        (by_status.method.as_str(), by_status.path.as_str()),
        ("GET", "/pet/findByStatus")
    );
    let status = &by_status.parameters[0];
    assert_eq!(status.name, "status");
    assert_eq!(status.location, ParameterLocation::Query);
    assert!(status.required);
    assert_eq!(status.schema.kind, "array");
    let items = status.schema.items.as_ref().expect("the items' summary");
    assert_eq!(items.enum_values, ["available", "pending", "sold"]);
    assert_eq!(items.default.as_deref(), Some("available"));

    let delete = operation(document, "deletePet");
    let locations: Vec<_> = delete
        .parameters
        .iter()
        .map(|parameter| {
            (
                parameter.name.as_str(),
                parameter.location,
                parameter.required,
            )
        })
        .collect();
    assert_eq!(
        locations,
        [
            ("api_key", ParameterLocation::Header, false),
            ("petId", ParameterLocation::Path, true)
        ]
    );
    assert_eq!(delete.parameters[1].schema.format, "int64");

    let by_id = operation(document, "getPetById");
    let statuses: Vec<_> = by_id
        .responses
        .iter()
        .map(|response| response.status.as_str())
        .collect();
    assert_eq!(statuses, ["200", "400", "404", "default"]);
    assert_eq!(by_id.responses[2].description, "Pet not found");
    // Its first security requirement: the API key in a header.
    assert_eq!(
        by_id.security,
        [SecurityScheme {
            name: "api_key".into(),
            kind: SecurityKind::ApiKey {
                name: "api_key".into(),
                location: ParameterLocation::Header,
            },
        }]
    );
    let oauth = &operation(document, "addPet").security;
    assert_eq!(oauth[0].kind, SecurityKind::Other("oauth2".into()));

    // The body comes from `#/components/requestBodies/Pet`, its schema from
    // `#/components/schemas/Pet`, which refers to Category and Tag.
    let add = operation(document, "addPet").request_body.as_ref().unwrap();
    assert!(add.required);
    assert_eq!(add.content_types, ["application/json", "application/xml"]);
    assert_eq!(add.example_content_type, "application/json");
    let pet = body(document, "addPet");
    assert_eq!(pet["name"], "doggie");
    assert_eq!(pet["photoUrls"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        pet["category"],
        serde_json::json!({"id": 0, "name": "string"})
    );
    assert_eq!(
        pet["tags"],
        serde_json::json!([{"id": 0, "name": "string"}])
    );
    assert_eq!(pet["status"], "available");
    // `id` is read-only: the server assigns it.
    assert!(pet.get("id").is_none(), "{pet}");
    // Required properties first, then the rest in document order.
    let text = &operation(document, "addPet")
        .request_body
        .as_ref()
        .unwrap()
        .example;
    let order: Vec<usize> = [
        "\"name\"",
        "\"photoUrls\"",
        "\"category\"",
        "\"tags\"",
        "\"status\"",
    ]
    .iter()
    .map(|key| text.find(key).unwrap())
    .collect();
    assert!(order.is_sorted(), "{text}");

    let users = body(document, "createUsersWithArrayInput");
    assert_eq!(users[0]["username"], "string");
    assert_eq!(users[0]["userStatus"], 0);
    let order = body(document, "placeOrder");
    assert_eq!(order["shipDate"], "2024-01-01T12:00:00Z");
    assert_eq!(order["complete"], false);
}

#[test]
fn petstore_3_0_imports() {
    let document = import(PETSTORE_3_0_JSON, &[]).unwrap();
    assert_swagger_petstore(&document, "3.0.0");
    let form = operation(&document, "updatePetWithForm")
        .request_body
        .as_ref()
        .unwrap();
    assert_eq!(
        form.example_content_type,
        "application/x-www-form-urlencoded"
    );
    let fields: serde_json::Value = serde_json::from_str(&form.example).unwrap();
    assert_eq!(
        fields,
        serde_json::json!({"name": "string", "status": "string"})
    );
}

#[test]
fn petstore_3_1_imports() {
    let document = import(PETSTORE_3_1_JSON, &[]).unwrap();
    assert_swagger_petstore(&document, "3.1.0");
    let upload = operation(&document, "uploadFile")
        .request_body
        .as_ref()
        .unwrap();
    assert_eq!(upload.content_types, ["application/octet-stream"]);
}

#[test]
fn json_and_yaml_import_alike() {
    assert_eq!(
        import(PETSTORE_3_0_YAML, &[]).unwrap(),
        import(PETSTORE_3_0_JSON, &[]).unwrap()
    );
    assert_eq!(
        import(PETSTORE_3_1_YAML, &[]).unwrap(),
        import(PETSTORE_3_1_JSON, &[]).unwrap()
    );
}

#[test]
fn petstore_expanded_merges_all_of_and_names_untagged_operations() {
    let document = import(EXPANDED_3_0_YAML, &[]).unwrap();
    assert_eq!(document.operations.len(), 4);
    let ids: Vec<_> = document
        .operations
        .iter()
        .map(|operation| operation.id.as_str())
        .collect();
    assert_eq!(ids, ["findPets", "addPet", "find pet by id", "deletePet"]);
    let find = operation(&document, "findPets");
    assert!(find.tags.is_empty());
    assert_eq!(find.parameters[1].name, "limit");
    assert_eq!(find.parameters[1].schema.kind, "integer");
    assert_eq!(find.parameters[1].schema.format, "int32");
    assert_eq!(find.responses[1].status, "default");
    // NewPet: `name` is required, `tag` is not.
    assert_eq!(
        operation(&document, "addPet")
            .request_body
            .as_ref()
            .unwrap()
            .example,
        "{\n  \"name\": \"string\",\n  \"tag\": \"string\"\n}"
    );
}

#[test]
fn the_imported_document_crosses_to_the_page_as_json() {
    let document = import(PETSTORE_3_0_JSON, &[]).unwrap();
    let json = serde_json::to_string(&document).unwrap();
    assert_eq!(
        serde_json::from_str::<ApiDocument>(&json).unwrap(),
        document
    );
}
