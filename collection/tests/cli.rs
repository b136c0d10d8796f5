//! `switchboard-run` against a users-like axum server on a free port: PASS
//! and FAIL lines, secrets masked, the exit code, and nothing sent when the
//! file or a variable is wrong.

mod common;

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
use common::{File, run};
use serde_json::{Value, json};
use switchboard_collection::{
    ApiKeyLocation, Auth, Body, Collection, Environment, Expect, ExpectedStatus, FilePart,
    GrpcCall, HttpRequest, Item, Pair, Part, PartContent, Tail, Variable, Workspace,
};
use tokio::net::TcpListener;

const TOKEN: &str = "tok-3e7b1c";

/// A users service in miniature, which counts the requests it gets.
struct Server {
    url: String,
    requests: Arc<AtomicUsize>,
}

async fn server() -> Server {
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

fn expect(item: Item, status: ExpectedStatus) -> Item {
    Item {
        expect: Some(Expect::status(status)),
        ..item
    }
}

fn smoke_collection() -> Collection {
    let mut c = Collection::new("smoke");
    c.add_item(Item::new(
        "get",
        HttpRequest::new("GET", "{{base_url}}/users/1"),
    ));
    c.add_item(expect(
        Item::new(
            "create",
            HttpRequest {
                body: Body::Json(r#"{"name": "Grace"}"#.into()),
                auth: Auth::Bearer {
                    token: "{{token}}".into(),
                },
                ..HttpRequest::new("POST", "{{ base_url }}/users")
            },
        ),
        ExpectedStatus::Exact(201),
    ));
    c.add_item(Item::new(
        "search",
        HttpRequest {
            headers: vec![Pair::disabled("Content-Type", "text/plain")],
            body: Body::Form(vec![
                Pair::new("q", "ada lovelace"),
                Pair::disabled("page", "2"),
            ]),
            auth: Auth::ApiKey {
                name: "key".into(),
                value: "{{token}}".into(),
                location: ApiKeyLocation::Query,
            },
            ..HttpRequest::new("POST", "{{base_url}}/search")
        },
    ));
    c.add_item(Item::new(
        "avatar",
        HttpRequest {
            body: Body::Multipart(vec![
                Part {
                    name: "caption".into(),
                    content: PartContent::Text("me".into()),
                    enabled: true,
                },
                Part {
                    name: "file".into(),
                    content: PartContent::File(FilePart {
                        file_name: "avatar.txt".into(),
                        content_type: "text/plain".into(),
                        base64: "aGVsbG8=".into(),
                    }),
                    enabled: true,
                },
            ]),
            ..HttpRequest::new("PUT", "{{base_url}}/users/1/avatar")
        },
    ));
    c.add_item(expect(
        Item::new("missing", HttpRequest::new("GET", "{{base_url}}/users/9")),
        ExpectedStatus::Class(4),
    ));
    c.add_item(Item::new(
        "hello",
        GrpcCall {
            target: "{{base_url}}".into(),
            method: "/helloworld.Greeter/SayHello".into(),
            ..GrpcCall::default()
        },
    ));
    c.add_item(Item::new("watch", Tail::default()));
    c
}

fn workspace(collections: Vec<Collection>, base_url: &str) -> Workspace {
    Workspace {
        collections,
        environments: vec![local(base_url)],
        ..Workspace::default()
    }
}

#[tokio::test]
async fn every_http_item_passes_and_grpc_and_tail_are_not_run() {
    let server = server().await;
    let file = File::workspace(&workspace(vec![smoke_collection()], &server.url));
    let run = run(&file, &["--env", "local"]).await;
    assert_eq!(run.code, 0, "{run:?}");
    let url = &server.url;
    assert!(
        run.line("PASS  200  ", "get")
            .contains(&format!("GET {url}/users/1  ("))
    );
    assert!(
        run.line("PASS  201  ", "create")
            .contains(&format!("POST {url}/users  ("))
    );
    // The API key is in the query, and masked there.
    assert!(
        run.line("PASS  200  ", "search")
            .contains(&format!("POST {url}/search?key=••••••  ("))
    );
    run.line("PASS  204  ", "avatar");
    run.line("PASS  404  ", "missing");
    run.line(
        "NOT RUN  gRPC items need the page or a gRPC client: hello",
        "/helloworld.Greeter/SayHello",
    );
    run.line("NOT RUN  tail items need the page: watch", "");
    assert!(
        run.stdout.ends_with("5 passed, 0 failed, 2 not run\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(TOKEN), "{}", run.stdout);
    assert_eq!(server.requests.load(Ordering::SeqCst), 5);
}

#[tokio::test]
async fn a_wrong_status_or_no_answer_fails_the_run() {
    let server = server().await;
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let mut c = Collection::new("failing");
    c.add_item(expect(
        Item::new(
            "create nameless",
            HttpRequest {
                body: Body::Json(r#"{"name": ""}"#.into()),
                auth: Auth::Bearer {
                    token: "{{token}}".into(),
                },
                ..HttpRequest::new("POST", "{{base_url}}/users")
            },
        ),
        ExpectedStatus::Exact(201),
    ));
    c.add_item(Item::new(
        "unreachable",
        HttpRequest::new("GET", format!("{closed}/x")),
    ));
    c.add_item(Item::new(
        "bad json",
        HttpRequest {
            body: Body::Json("{oops".into()),
            ..HttpRequest::new("POST", "{{base_url}}/users")
        },
    ));
    c.add_item(Item::new(
        "bad header",
        HttpRequest {
            headers: vec![Pair::new("Bad Name", "x")],
            ..HttpRequest::new("GET", "{{base_url}}/users/1")
        },
    ));
    c.add_item(Item::new(
        "still runs",
        HttpRequest::new("GET", "{{base_url}}/users/1"),
    ));
    let file = File::workspace(&workspace(vec![c], &server.url));
    let run = run(&file, &["--env", "local", "--timeout-ms", "3000"]).await;
    assert_eq!(run.code, 1, "{run:?}");
    let fail = run.line("FAIL  422 expected 201  ", "create nameless");
    assert!(
        fail.contains(&format!("POST {}/users", server.url)),
        "{fail}"
    );
    assert!(
        run.stdout.contains(
            "      answer: {\"error\":\"invalid\",\"message\":\"name: must not be empty\"}"
        ),
        "{}",
        run.stdout
    );
    run.line("FAIL  no answer  ", "unreachable");
    assert!(run.stdout.contains("Connection refused"), "{}", run.stdout);
    run.line("FAIL  not sent  ", "bad json");
    assert!(
        run.stdout.contains("the body is not valid JSON"),
        "{}",
        run.stdout
    );
    run.line("FAIL  not sent  ", "bad header");
    assert!(
        run.stdout
            .contains("\"Bad Name\" is not a valid header name"),
        "{}",
        run.stdout
    );
    run.line("PASS  200  ", "still runs");
    assert!(
        run.stdout.ends_with("1 passed, 4 failed, 0 not run\n"),
        "{}",
        run.stdout
    );
    // Only the two well-formed requests to the server were sent.
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn collections_are_chosen_by_name_and_vars_override_the_environment() {
    let server = server().await;
    let mut first = Collection::new("first");
    first.add_item(Item::new(
        "one",
        HttpRequest::new("GET", "{{base_url}}/users/1"),
    ));
    let mut second = Collection::new("second");
    second.add_item(expect(
        Item::new(
            "by id",
            HttpRequest::new("GET", "{{base_url}}/users/{{id}}"),
        ),
        ExpectedStatus::Exact(200),
    ));
    let mut w = workspace(vec![first, second], "http://127.0.0.1:9");
    w.environments[0].variables.push(Variable::new("id", "5"));
    let file = File::workspace(&w);
    let run = run(
        &file,
        &[
            "--env",
            "local",
            "--collection",
            "second",
            "--var",
            &format!("base_url={}", server.url),
            "--var",
            "id=1",
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .starts_with("Collection \"second\", environment \"local\"\n"),
        "{}",
        run.stdout
    );
    run.line("PASS  200  ", "by id");
    assert!(!run.stdout.contains("one"), "{}", run.stdout);
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_secret_given_with_var_stays_masked() {
    let server = server().await;
    let mut c = Collection::new("c");
    c.add_item(expect(
        Item::new(
            "echo the key",
            HttpRequest::new("GET", "{{base_url}}/users/{{token}}"),
        ),
        ExpectedStatus::Exact(200),
    ));
    let mut w = workspace(vec![c], &server.url);
    w.environments[0].variables[1].value = String::new();
    let file = File::workspace(&w);
    let run = run(&file, &["--env", "local", "--var", "token=424242"]).await;
    // The server answers 404 for that user and quotes the id back.
    assert_eq!(run.code, 1, "{run:?}");
    let line = run.line("FAIL  404 expected 200  ", "echo the key");
    assert!(line.contains("/users/••••••"), "{line}");
    assert!(run.stdout.contains("no user ••••••"), "{}", run.stdout);
}

#[tokio::test]
async fn nothing_is_sent_when_the_file_a_name_or_a_variable_is_wrong() {
    let server = server().await;
    let mut c = Collection::new("c");
    c.add_item(Item::new(
        "fine",
        HttpRequest::new("GET", "{{base_url}}/users/1"),
    ));
    c.add_item(Item::new(
        "typo",
        HttpRequest {
            headers: vec![Pair::new("Authorization", "Bearer {{tokn}}")],
            ..HttpRequest::new("GET", "{{base_url}}/users/1")
        },
    ));
    let file = File::workspace(&workspace(vec![c], &server.url));

    let unknown = run(&file, &["--env", "local"]).await;
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(
        unknown
            .stderr
            .contains("\"c\" / \"typo\": unknown variable {{tokn}} in headers[0].value"),
        "{}",
        unknown.stderr
    );
    assert!(unknown.stdout.is_empty(), "{}", unknown.stdout);

    let no_env = run(&file, &[]).await;
    assert_eq!(no_env.code, 2);
    assert!(
        no_env.stderr.contains("(no --env was given)"),
        "{}",
        no_env.stderr
    );

    let wrong_env = run(&file, &["--env", "staging"]).await;
    assert_eq!(wrong_env.code, 2);
    assert!(
        wrong_env
            .stderr
            .contains("has no environment called \"staging\"; it has \"local\""),
        "{}",
        wrong_env.stderr
    );

    let wrong_collection = run(&file, &["--env", "local", "--collection", "d"]).await;
    assert_eq!(wrong_collection.code, 2);
    assert!(
        wrong_collection
            .stderr
            .contains("no collection called \"d\"")
    );

    let newer = File::text(r#"{"format": "switchboard.collections", "version": 9}"#);
    let refused = run(&newer, &[]).await;
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("version 9"), "{}", refused.stderr);

    let bad_var = run(&file, &["--env", "local", "--var", "novalue"]).await;
    assert_eq!(bad_var.code, 2, "clap's usage error");

    assert_eq!(server.requests.load(Ordering::SeqCst), 0);
}
