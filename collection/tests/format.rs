//! The collections file: the documented example reads, every kind survives
//! a round trip, and what is not a file of this format and version is
//! refused with a message that says where and why.

use switchboard_collection::{
    Auth, Body, Environment, Error, Expect, ExpectedStatus, FORMAT, GrpcCall, HttpRequest, Item,
    Pair, Publish, SavedRequest, Tail, VERSION, Variable, Workspace,
};

const EXAMPLE: &str = include_str!("fixtures/example.json");

#[test]
fn the_documented_example_reads() {
    let workspace = Workspace::from_json(EXAMPLE).unwrap();
    let items = &workspace.collections[0].items;
    assert_eq!(items.len(), 7);
    let kinds: Vec<&str> = items.iter().map(|item| item.request.kind()).collect();
    assert_eq!(
        kinds,
        ["HTTP", "HTTP", "HTTP", "HTTP", "gRPC", "publish", "tail"]
    );
    let SavedRequest::Http(create) = &items[1].request else {
        panic!("HTTP");
    };
    assert_eq!(create.headers[1], Pair::disabled("X-Debug", "1"));
    assert_eq!(
        create.auth,
        Auth::Bearer {
            token: "{{ token }}".into()
        }
    );
    assert_eq!(
        items[2].expect,
        Some(Expect::status(ExpectedStatus::Class(2)))
    );
    let token = workspace
        .environment("local")
        .unwrap()
        .get("token")
        .unwrap();
    assert!(token.secret);
}

#[test]
fn every_kind_round_trips() {
    let mut workspace = Workspace::default();
    let mut collection = switchboard_collection::Collection::new("all");
    collection.add_item(Item {
        expect: Some(Expect::status(ExpectedStatus::Exact(201))),
        ..Item::new(
            "http",
            HttpRequest {
                headers: vec![Pair::new("A", "1"), Pair::disabled("B", "2")],
                body: Body::Form(vec![Pair::new("q", "{{x}}")]),
                auth: Auth::Basic {
                    user: "u".into(),
                    password: "p".into(),
                },
                ..HttpRequest::new("PATCH", "{{base}}/x?y=1")
            },
        )
    });
    collection.add_item(Item::new(
        "grpc",
        GrpcCall {
            deadline_ms: Some(5),
            via_bridge: true,
            ..GrpcCall::default()
        },
    ));
    collection.add_item(Item::new("publish", Publish::default()));
    collection.add_item(Item::new("tail", Tail::default()));
    workspace.push_collection(collection).unwrap();
    workspace
        .push_environment(Environment {
            name: "e".into(),
            variables: vec![Variable::new("x", "1"), Variable::secret("s", "2")],
        })
        .unwrap();
    let json = workspace.to_json();
    assert!(
        json.contains(r#""format": "switchboard.collections""#),
        "{json}"
    );
    assert_eq!(Workspace::from_json(&json).unwrap(), workspace);
}

#[test]
fn a_written_file_always_names_the_current_format_and_version() {
    let workspace = Workspace {
        format: "something else".into(),
        version: 0,
        ..Workspace::default()
    };
    let value: serde_json::Value = serde_json::from_str(&workspace.to_json()).unwrap();
    assert_eq!(value["format"], FORMAT);
    assert_eq!(value["version"], VERSION);
}

fn refusal(json: &str) -> Error {
    Workspace::from_json(json).unwrap_err()
}

#[test]
fn other_formats_and_newer_versions_are_refused_first() {
    assert!(matches!(refusal("{"), Error::Syntax(_)));
    assert_eq!(
        refusal(r#"{"version": 1}"#).to_string(),
        "this is not a Switchboard collections file: its \"format\" is absent, \
         not \"switchboard.collections\""
    );
    assert!(matches!(
        refusal(r#"{"info": {"schema": "postman"}, "item": []}"#),
        Error::UnknownFormat { .. }
    ));
    assert!(matches!(refusal("[1, 2]"), Error::UnknownFormat { .. }));
    // A newer version is refused before its (unknown) fields are read.
    let newer =
        refusal(r#"{"format": "switchboard.collections", "version": 2, "collections": "changed"}"#);
    assert_eq!(
        newer,
        Error::NewerVersion {
            found: 2,
            supported: 1
        }
    );
    assert!(
        newer.to_string().contains("written by a newer Switchboard"),
        "{newer}"
    );
    for version in ["0", "\"1\"", "1.5", "-1", "null"] {
        let error = refusal(&format!(
            r#"{{"format": "switchboard.collections", "version": {version}}}"#
        ));
        assert!(
            matches!(error, Error::BadVersion { .. }),
            "{version}: {error}"
        );
    }
}

#[test]
fn a_bad_field_is_named_by_its_path() {
    let file = EXAMPLE.replace(r#""method": "POST""#, r#""method": 7"#);
    let Error::Invalid { path, message } = refusal(&file) else {
        panic!("an invalid field");
    };
    assert_eq!(path, "collections[0].items[1].request.http.method");
    assert!(message.contains("expected a string"), "{message}");

    let file = EXAMPLE.replace(r#""status": 201"#, r#""status": "20x""#);
    let Error::Invalid { path, message } = refusal(&file) else {
        panic!("an invalid status");
    };
    assert_eq!(path, "collections[0].items[1].expect.status");
    assert!(message.contains("such as 201"), "{message}");

    let file = EXAMPLE.replace(r#""tail": {"#, r#""tial": {"#);
    let Error::Invalid { path, message } = refusal(&file) else {
        panic!("an unknown kind");
    };
    assert_eq!(path, "collections[0].items[6].request");
    assert!(message.contains("unknown variant `tial`"), "{message}");

    let file = EXAMPLE.replace(r#""file_name""#, r#""filename""#);
    let Error::Invalid { path, message } = refusal(&file) else {
        panic!("an unknown field");
    };
    assert!(
        path.starts_with("collections[0].items[3].request.http.body.multipart[1]"),
        "{path}"
    );
    assert!(message.contains("unknown field `filename`"), "{message}");
}

#[test]
fn names_that_choose_must_be_unique() {
    let twice = EXAMPLE.replace(r#""name": "token""#, r#""name": "base_url""#);
    assert_eq!(
        refusal(&twice),
        Error::DuplicateVariable {
            environment: "local".into(),
            name: "base_url".into()
        }
    );
    let workspace = r#"{"format": "switchboard.collections", "version": 1,
        "collections": [{"name": "a"}, {"name": "a"}]}"#;
    assert_eq!(refusal(workspace), Error::DuplicateCollection("a".into()));
}
