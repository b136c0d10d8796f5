//! Postman v2.1 import, against a collection written as Postman exports one
//! and against the Petstore collection made by Postman's own converter.

use switchboard_collection::{
    ApiKeyLocation, Auth, Body, Error, Expect, ExpectedStatus, FilePart, HttpRequest, Item, Pair,
    Part, PartContent, SavedRequest, Variable, import_postman, import_postman_environment,
};

const USERS: &str = include_str!("fixtures/postman-users-v2.1.json");
const PETSTORE: &str = include_str!("fixtures/postman-petstore-v2.1.json");
const ENVIRONMENT: &str = include_str!("fixtures/postman-local.postman_environment.json");

fn http(item: &Item) -> &HttpRequest {
    match &item.request {
        SavedRequest::Http(request) => request,
        other => panic!("{} is {}", item.name, other.kind()),
    }
}

fn bearer() -> Auth {
    Auth::Bearer {
        token: "{{token}}".into(),
    }
}

#[test]
fn folders_are_flattened_in_order() {
    let import = import_postman(USERS).unwrap();
    assert_eq!(import.collection.name, "Users API");
    let names: Vec<&str> = import
        .collection
        .items
        .iter()
        .map(|item| item.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Users / List users",
            "Users / Create user",
            "Users / Get user",
            "Users / Create user (form)",
            "Users / Upload avatar",
            "Users / Admin / Delete user",
            "Users / Admin / Audit log",
            "Health",
            "Echo text",
            "Echo JSON without options",
            "GraphQL users",
            "Signed call",
            "Shorthand",
        ]
    );
}

#[test]
fn urls_headers_and_auth_are_carried_over() {
    let items = import_postman(USERS).unwrap().collection.items;
    let list = http(&items[0]);
    assert_eq!(list.method, "GET");
    assert_eq!(list.url, "{{base_url}}/users?page=1&per_page=20");
    assert_eq!(
        list.headers,
        [
            Pair::new("Accept", "application/json"),
            Pair::disabled("X-Debug", "1")
        ]
    );
    // Inherited from the collection.
    assert_eq!(list.auth, bearer());
    // A path variable with a value is filled in.
    assert_eq!(http(&items[2]).url, "{{base_url}}/users/1");
    // The folder's basic auth, and a request's own API key in the query.
    assert_eq!(
        http(&items[5]).auth,
        Auth::Basic {
            user: "admin".into(),
            password: "{{admin_password}}".into()
        }
    );
    assert_eq!(
        http(&items[6]).auth,
        Auth::ApiKey {
            name: "api_key".into(),
            value: "{{audit_key}}".into(),
            location: ApiKeyLocation::Query
        }
    );
    // `noauth` overrides the collection's; a URL put together from its parts
    // leaves disabled query parameters out; header lines, `//` disabled.
    let health = http(&items[7]);
    assert_eq!(health.auth, Auth::None);
    assert_eq!(health.url, "http://127.0.0.1:3001/healthz?verbose");
    assert_eq!(
        health.headers,
        [
            Pair::new("Accept", "text/plain"),
            Pair::disabled("X-Trace", "off")
        ]
    );
    assert_eq!(
        http(&items[12]),
        &HttpRequest {
            auth: bearer(),
            ..HttpRequest::new("GET", "{{base_url}}/users/1")
        }
    );
}

#[test]
fn every_body_mode_is_carried_over() {
    let items = import_postman(USERS).unwrap().collection.items;
    assert_eq!(
        http(&items[1]).body,
        Body::Json("{\n    \"name\": \"Ada\",\n    \"email\": \"{{email}}\"\n}".into())
    );
    assert_eq!(
        http(&items[3]).body,
        Body::Form(vec![
            Pair::new("name", "Grace"),
            Pair::new("email", "grace@example.com"),
            Pair::disabled("admin", "true"),
        ])
    );
    assert_eq!(
        http(&items[4]).body,
        Body::Multipart(vec![
            Part {
                name: "caption".into(),
                content: PartContent::Text("holiday".into()),
                enabled: true
            },
            Part {
                name: "avatar".into(),
                content: PartContent::File(FilePart {
                    file_name: "avatar.png".into(),
                    content_type: String::new(),
                    base64: String::new()
                }),
                enabled: true
            },
            Part {
                name: "note".into(),
                content: PartContent::Text("unused".into()),
                enabled: false
            },
        ])
    );
    assert_eq!(http(&items[8]).body, Body::Text("hello {{name}}".into()));
    assert_eq!(http(&items[9]).body, Body::Json("[1, 2, 3]".into()));
    let Body::Json(graphql) = &http(&items[10]).body else {
        panic!("GraphQL is sent as JSON");
    };
    let graphql: serde_json::Value = serde_json::from_str(graphql).unwrap();
    assert_eq!(
        graphql,
        serde_json::json!({"query": "query { users { id } }", "variables": {"first": 2}})
    );
}

#[test]
fn a_tested_status_becomes_the_expectation_and_the_rest_is_warned_about() {
    let import = import_postman(USERS).unwrap();
    assert_eq!(
        import.collection.items[1].expect,
        Some(Expect::status(ExpectedStatus::Exact(201)))
    );
    assert_eq!(import.collection.items[0].expect, None);
    let warnings = import.warnings.join("\n");
    for expected in [
        "\"Users / Create user\": its scripts are not run; the status its test expects (201) is checked",
        "\"Users / Upload avatar\": its file part \"avatar\" (avatar.png) is imported empty",
        "\"Health\": its scripts are not run",
        "\"Signed call\": its jwt auth is not imported",
    ] {
        assert!(
            warnings.contains(expected),
            "{expected}\nnot in:\n{warnings}"
        );
    }
    // The collection's scripts are blank: nothing to warn about.
    assert!(!warnings.contains("the collection's scripts"), "{warnings}");
    assert_eq!(import.warnings.len(), 4, "{warnings}");
}

#[test]
fn the_collections_variables_become_an_environment() {
    let environment = import_postman(USERS).unwrap().environment.unwrap();
    assert_eq!(environment.name, "Users API");
    assert_eq!(
        environment.variables,
        [
            Variable::new("base_url", "http://127.0.0.1:3001"),
            Variable::new("token", "dev-token"),
            Variable::new("retries", "3"),
        ]
    );
}

#[test]
fn the_petstore_made_by_postmans_converter_imports() {
    let import = import_postman(PETSTORE).unwrap();
    assert_eq!(import.collection.name, "Swagger Petstore");
    assert_eq!(import.collection.items.len(), 20);
    assert_eq!(import.environment, None);
    let item = |name: &str| {
        import
            .collection
            .items
            .iter()
            .find(|item| item.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let find = http(item("pet / Find pet by ID"));
    assert_eq!(find.url, "https://petstore.swagger.io/v2/pet/{{petId}}");
    let by_status = http(item("pet / Finds Pets by status"));
    assert_eq!(
        by_status.url,
        "https://petstore.swagger.io/v2/pet/findByStatus?status={{status}}"
    );
    // An empty raw body is no body.
    assert_eq!(by_status.body, Body::None);
    let form = http(item("pet / Updates a pet in the store with form data"));
    assert_eq!(
        form.body,
        Body::Form(vec![
            Pair::new("name", "{{name}}"),
            Pair::new("status", "{{status}}")
        ])
    );
    // Its "JSON" body is a sentence, so it is text.
    assert_eq!(
        http(item("pet / Add a new pet to the store")).body,
        Body::Text("Pet object that needs to be added to the store".into())
    );
    assert!(import.warnings.is_empty(), "{:?}", import.warnings);
}

#[test]
fn what_is_not_a_v2_1_collection_is_refused_clearly() {
    assert!(matches!(import_postman("{"), Err(Error::Syntax(_))));
    assert!(matches!(import_postman("[]"), Err(Error::NotPostman(_))));
    assert!(matches!(
        import_postman(r#"{"format": "switchboard.collections"}"#),
        Err(Error::NotPostman(_))
    ));
    let older = PETSTORE.replace("v2.1.0", "v2.0.0");
    let error = import_postman(&older).unwrap_err();
    assert!(error.to_string().contains("only v2.1.0 is read"), "{error}");
    let broken = USERS.replace(
        r#""key": "X-Debug", "value": "1""#,
        r#""key": 7, "value": "1""#,
    );
    let Err(Error::Invalid { path, message }) = import_postman(&broken) else {
        panic!("a header name that is not a string");
    };
    assert_eq!(path, "item[0].item[0].request.header[1].key");
    assert!(message.contains("expected a string"), "{message}");
}

#[test]
fn a_postman_environment_keeps_secrets_secret() {
    let environment = import_postman_environment(ENVIRONMENT).unwrap();
    assert_eq!(environment.name, "Local");
    assert_eq!(
        environment.variables,
        [
            Variable::new("base_url", "http://127.0.0.1:3001"),
            Variable::secret("token", "dev-token"),
        ]
    );
    assert!(matches!(
        import_postman_environment(r#"{"name": "x"}"#),
        Err(Error::NotPostman(_))
    ));
}
