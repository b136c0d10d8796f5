//! The bridge's own OpenAPI document: open to anyone, readable from the
//! page, generated from the routes it describes.

use serde_json::Value;
use switchboard_wire::{
    grpc::REFLECT_PATH,
    http::{HTTP_RELAY_PATH, OPENAPI_PATH},
    live::SUBSCRIBE_PATH,
};

use crate::{Bridge, Reply};

const PAGE: &str = "http://page.test";

async fn document(bridge: &Bridge) -> Reply {
    Reply::send(
        bridge
            .client
            .get(format!("{}{OPENAPI_PATH}", bridge.url))
            .header("origin", PAGE),
    )
    .await
}

#[tokio::test]
async fn the_document_is_open_openapi_3_1_and_lists_every_route() {
    let bridge = Bridge::start(&["--token", "s3cret", "--allowed-origins", PAGE]).await;
    let reply = document(&bridge).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.bytes)
    );
    assert_eq!(reply.header("access-control-allow-origin"), Some(PAGE));
    let document = reply.json();
    let version = document["openapi"].as_str().unwrap();
    assert!(version.starts_with("3.1"), "{version}");
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/publish",
        SUBSCRIBE_PATH,
        "/api/diagnose",
        REFLECT_PATH,
        "/grpc/{service}/{method}",
        HTTP_RELAY_PATH,
        "/healthz",
        "/readyz",
    ] {
        assert!(paths.contains_key(path), "{path} not in {:?}", paths.keys());
    }
    let relay = &paths[HTTP_RELAY_PATH];
    for method in ["get", "post", "put", "patch", "delete", "head", "options"] {
        assert!(relay.get(method).is_some(), "{method} not documented");
    }
    // Every operation has an id of its own, as OpenAPI requires.
    let mut ids: Vec<&str> = paths
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter_map(|operation| operation["operationId"].as_str())
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "{ids:?}");
    let refused = &relay["post"]["responses"]["403"];
    assert!(
        refused["headers"].get("x-relay-refused").is_some(),
        "{refused}"
    );
}

#[tokio::test]
async fn the_schemas_are_the_wire_types() {
    let bridge = Bridge::start(&[]).await;
    let document = document(&bridge).await.json();
    let schemas = &document["components"]["schemas"];
    let properties = |name: &str| -> Vec<String> {
        let properties: &Value = &schemas[name]["properties"];
        properties
            .as_object()
            .unwrap_or_else(|| panic!("{name}: {}", schemas[name]))
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(properties("ErrorBody"), ["error", "message"]);
    assert!(properties("DiagnoseReport").contains(&"relay_available".to_owned()));
    assert!(properties("PublishRequest").contains(&"payload".to_owned()));
    let required = &schemas["PublishRequest"]["required"];
    assert_eq!(required, &serde_json::json!(["payload"]), "{required}");
    let security = document["components"]["securitySchemes"]
        .as_object()
        .unwrap();
    assert!(security.contains_key("bearer") && security.contains_key("bridge_authorization"));
}
