//! The users service through its router, as the page calls it.

use axum::{
    Router,
    body::Body,
    http::{Request, Response, StatusCode},
};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use switchboard_wire::{
    ErrorBody, User,
    users::{UserPage, ValidationErrors},
};
use tower::ServiceExt;
use users_service::{Config, OPENAPI_PATH, app};

fn router() -> Router {
    app(&Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        cors: switchboard_service::CorsArgs {
            allowed_origins: vec!["http://page.test".into()],
        },
    })
}

async fn send(router: &Router, request: Request<Body>) -> Response<Body> {
    router.clone().oneshot(request).await.unwrap()
}

async fn get(router: &Router, uri: &str) -> Response<Body> {
    send(router, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn send_json(router: &Router, method: &str, uri: &str, body: Value) -> Response<Body> {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(router, request).await
}

async fn json<T: serde::de::DeserializeOwned>(response: Response<Body>) -> T {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn known_user_is_returned_and_others_are_json_errors() {
    let router = router();
    let response = get(&router, "/users/2").await;
    assert_eq!(response.status(), StatusCode::OK);
    let user: User = json(response).await;
    assert_eq!(user.name, "Grace Hopper");

    let missing = get(&router, "/users/999").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let body: ErrorBody = json(missing).await;
    assert_eq!(
        (body.error.as_str(), body.message.as_str()),
        ("not_found", "no user with id 999")
    );
    for id in ["abc", "-1", "1.5"] {
        let response = get(&router, &format!("/users/{id}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "id {id}");
        assert_eq!(json::<ErrorBody>(response).await.error, "invalid_id");
    }
}

#[tokio::test]
async fn the_list_pages_and_filters() {
    let router = router();
    let page: UserPage = json(get(&router, "/users?per_page=2&page=2").await).await;
    assert_eq!((page.page, page.per_page, page.total), (2, 2, 5));
    let ids: Vec<u64> = page.items.iter().map(|user| user.id).collect();
    assert_eq!(ids, [3, 4]);

    let filtered: UserPage = json(get(&router, "/users?q=GRACE").await).await;
    assert_eq!(filtered.total, 1);
    assert_eq!(filtered.items[0].email, "grace@example.com");

    for query in ["page=0", "per_page=101", "per_page=x"] {
        let response = get(&router, &format!("/users?{query}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(json::<ErrorBody>(response).await.error, "invalid_query");
    }
}

#[tokio::test]
async fn create_update_and_delete_answer_with_their_status_codes() {
    let router = router();
    let created = send_json(
        &router,
        "POST",
        "/users",
        json!({"name": "Margaret Hamilton", "email": "margaret@example.com"}),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(created.headers()["location"], "/users/6");
    let user: User = json(created).await;
    assert_eq!(user.id, 6);
    assert_eq!(get(&router, "/users/6").await.status(), StatusCode::OK);

    let updated = send_json(
        &router,
        "PUT",
        "/users/6",
        json!({"name": "M. Hamilton", "email": "margaret@example.com"}),
    )
    .await;
    assert_eq!(updated.status(), StatusCode::OK);
    assert_eq!(json::<User>(updated).await.name, "M. Hamilton");
    let taken = send_json(
        &router,
        "PUT",
        "/users/6",
        json!({"name": "M", "email": "ada@example.com"}),
    )
    .await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert_eq!(json::<ErrorBody>(taken).await.error, "email_taken");

    let delete = || Request::delete("/users/6").body(Body::empty()).unwrap();
    assert_eq!(
        send(&router, delete()).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        send(&router, delete()).await.status(),
        StatusCode::NOT_FOUND
    );
    let gone = send_json(
        &router,
        "PUT",
        "/users/6",
        json!({"name": "M", "email": "m@example.com"}),
    )
    .await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn fields_that_do_not_validate_are_422_with_their_paths() {
    let router = router();
    let invalid = send_json(&router, "POST", "/users", json!({"name": "", "email": "x"})).await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: ValidationErrors = json(invalid).await;
    assert_eq!(body.error, "validation_failed");
    let fields: Vec<&str> = body
        .fields
        .iter()
        .map(|field| field.field.as_str())
        .collect();
    assert_eq!(fields, ["name", "email"]);

    let mistyped = send_json(
        &router,
        "POST",
        "/users",
        json!({"name": "Ada", "email": ["a@b.co"]}),
    )
    .await;
    assert_eq!(mistyped.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: ValidationErrors = json(mistyped).await;
    assert_eq!(body.fields[0].field, "email");

    let not_json = Request::post("/users")
        .header("content-type", "text/plain")
        .body(Body::from("Ada"))
        .unwrap();
    let response = send(&router, not_json).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        json::<ErrorBody>(response).await.error,
        "unsupported_media_type"
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_operation() {
    let document: Value = json(get(&router(), OPENAPI_PATH).await).await;
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = &document["paths"];
    let operations = |path: &str| -> Vec<String> {
        let mut methods: Vec<String> = paths[path].as_object().unwrap().keys().cloned().collect();
        methods.sort();
        methods
    };
    assert_eq!(operations("/users"), ["get", "post"]);
    assert_eq!(operations("/users/{id}"), ["delete", "get", "put"]);
    let create = &paths["/users"]["post"];
    assert!(create["responses"]["422"].is_object());
    let schemas = &document["components"]["schemas"];
    for schema in [
        "User",
        "UserFields",
        "UserPage",
        "ValidationErrors",
        "ErrorBody",
    ] {
        assert!(schemas[schema].is_object(), "{schema} missing");
    }
    assert_eq!(
        schemas["UserFields"]["properties"]["email"]["example"],
        "margaret@example.com"
    );
}

#[tokio::test]
async fn cors_allows_the_page_to_write_and_read_the_location() {
    let preflight = Request::options("/users/1")
        .header("origin", "http://page.test")
        .header("access-control-request-method", "DELETE")
        .body(Body::empty())
        .unwrap();
    let response = send(&router(), preflight).await;
    let methods = response.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap();
    assert!(methods.contains("DELETE"), "{methods}");

    let created = Request::post("/users")
        .header("origin", "http://page.test")
        .header("content-type", "application/json")
        .body(Body::from(r#"{"name":"Cy","email":"cy@example.com"}"#))
        .unwrap();
    let response = send(&router(), created).await;
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap();
    assert!(exposed.contains("location"), "{exposed}");

    let refused = Request::get("/users/1")
        .header("origin", "http://evil.test")
        .body(Body::empty())
        .unwrap();
    let response = send(&router(), refused).await;
    assert!(
        !response
            .headers()
            .contains_key("access-control-allow-origin")
    );
}

#[tokio::test]
async fn unknown_routes_and_methods_are_json_errors() {
    let router = router();
    let missing = get(&router, "/pets/1").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(json::<ErrorBody>(missing).await.error, "no_route");
    let patch = Request::patch("/users/1").body(Body::empty()).unwrap();
    let refused = send(&router, patch).await;
    assert_eq!(refused.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(json::<ErrorBody>(refused).await.error, "method_not_allowed");
}
