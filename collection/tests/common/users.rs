//! A users service in miniature for `switchboard-run` to call on a free
//! port, which counts the requests it gets, and the environment, workspace
//! and expectations the runner's tests build their files from.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    routing::{get, post, put},
};
use serde_json::{Value, json};
use switchboard_collection::{
    Collection, Environment, Expect, ExpectedStatus, Item, Variable, Workspace,
};
use tokio::net::TcpListener;

/// The bearer token the service wants, kept as a secret by [`local`].
pub const TOKEN: &str = "tok-3e7b1c";

/// The running service: where it listens, and how many requests it got.
pub struct Server {
    pub url: String,
    requests: Arc<AtomicUsize>,
}

impl Server {
    /// How many requests reached the service.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

pub async fn server() -> Server {
    let requests = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route("/users/{id}", get(get_user))
        .route("/users", post(create_user))
        .route("/search", post(search))
        .route("/users/{id}/avatar", put(avatar))
        .layer(axum::middleware::from_fn_with_state(
            requests.clone(),
            count,
        ))
        .with_state(());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server { url, requests }
}

async fn count(
    State(requests): State<Arc<AtomicUsize>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    requests.fetch_add(1, Ordering::SeqCst);
    next.run(request).await
}

async fn get_user(Path(id): Path<u64>) -> (StatusCode, Json<Value>) {
    if id == 1 {
        (StatusCode::OK, Json(json!({"id": 1, "name": "Ada"})))
    } else {
        (
            StatusCode::NOT_FOUND,
            Json(json!({"error": "not_found", "message": format!("no user {id}")})),
        )
    }
}

/// 201 for a named user with the right bearer token; 401 or 422 otherwise.
async fn create_user(headers: HeaderMap, Json(body): Json<Value>) -> (StatusCode, Json<Value>) {
    if headers.get("authorization").and_then(|v| v.to_str().ok())
        != Some(&format!("Bearer {TOKEN}"))
    {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "unauthorized", "message": "bad token"})),
        );
    }
    match body["name"].as_str() {
        Some(name) if !name.is_empty() => {
            (StatusCode::CREATED, Json(json!({"id": 2, "name": name})))
        }
        _ => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"error": "invalid", "message": "name: must not be empty"})),
        ),
    }
}

/// A form body and an API key in the query.
async fn search(
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
    headers: HeaderMap,
    body: String,
) -> StatusCode {
    let form = headers.get("content-type").and_then(|v| v.to_str().ok())
        == Some("application/x-www-form-urlencoded");
    if form && body == "q=ada+lovelace" && query.get("key").map(String::as_str) == Some(TOKEN) {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    }
}

/// A multipart body with a text part and the file's bytes.
async fn avatar(headers: HeaderMap, body: String) -> StatusCode {
    let multipart = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data; boundary="));
    if multipart
        && body.contains("name=\"caption\"\r\n\r\nme\r\n")
        && body.contains("filename=\"avatar.txt\"")
        && body.contains("hello")
    {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::BAD_REQUEST
    }
}

fn local(base_url: &str) -> Environment {
    Environment {
        name: "local".into(),
        variables: vec![
            Variable::new("base_url", base_url),
            Variable::secret("token", TOKEN),
        ],
    }
}

pub fn expect(item: Item, status: ExpectedStatus) -> Item {
    Item {
        expect: Some(Expect::status(status)),
        ..item
    }
}

pub fn workspace(collections: Vec<Collection>, base_url: &str) -> Workspace {
    Workspace {
        collections,
        environments: vec![local(base_url)],
        ..Workspace::default()
    }
}
