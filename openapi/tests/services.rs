//! The documents Switchboard's own services and bridge generate (utoipa)
//! import, as the page fetches them.

use switchboard_openapi::import;
use utoipa::OpenApi;

#[test]
fn the_users_service_document_imports() {
    let text = users_service::ApiDoc::openapi().to_json().unwrap();
    let document = import(&text, &[]).unwrap();
    assert_eq!(document.title, "Switchboard users");
    assert!(document.openapi.starts_with("3.1"), "{}", document.openapi);
    let ids: Vec<_> = document
        .operations
        .iter()
        .map(|operation| format!("{} {}", operation.method, operation.path))
        .collect();
    for expected in [
        "GET /users",
        "POST /users",
        "GET /users/{id}",
        "PUT /users/{id}",
        "DELETE /users/{id}",
    ] {
        assert!(ids.contains(&expected.to_owned()), "{expected} in {ids:?}");
    }
    for operation in &document.operations {
        for parameter in &operation.parameters {
            assert!(
                !parameter.schema.kind.is_empty(),
                "{}: {parameter:?}",
                operation.id
            );
        }
        if let Some(body) = &operation.request_body {
            let value: serde_json::Value = serde_json::from_str(&body.example)
                .unwrap_or_else(|error| panic!("{}: {error}: {}", operation.id, body.example));
            assert!(value.is_object(), "{}: {value}", operation.id);
        }
    }
}

#[test]
fn the_bridge_document_imports() {
    let text = bridge_server::openapi::document().to_json().unwrap();
    let document = import(&text, &[]).unwrap();
    assert_eq!(document.title, "Switchboard bridge");
    let publish = document
        .operations
        .iter()
        .find(|operation| operation.method == "POST" && operation.path == "/api/publish")
        .expect("POST /api/publish");
    let body = publish.request_body.as_ref().expect("a body");
    let value: serde_json::Value = serde_json::from_str(&body.example).unwrap();
    assert!(value.get("payload").is_some(), "{value}");
    for operation in &document.operations {
        let Some(body) = &operation.request_body else {
            continue;
        };
        // The relays take any body (gRPC-web frames, whatever a target
        // accepts), so theirs start empty.
        if body.example_content_type.ends_with("json") {
            serde_json::from_str::<serde_json::Value>(&body.example)
                .unwrap_or_else(|error| panic!("{}: {error}: {}", operation.id, body.example));
        }
    }
}
