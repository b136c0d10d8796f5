//! `switchboard-run` against a users-like axum server on a free port: PASS
//! and FAIL lines, secrets masked, the exit code, and what is sent when some
//! items fail.

mod common;

use common::{
    File, run,
    users::{TOKEN, expect, server, workspace},
};
use switchboard_collection::{
    ApiKeyLocation, Auth, Body, Collection, ExpectedStatus, FilePart, GrpcCall, HttpRequest, Item,
    Pair, Part, PartContent, Tail,
};

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
    assert_eq!(server.requests(), 5);
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
    assert_eq!(server.requests(), 2);
}
