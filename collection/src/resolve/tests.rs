//! Resolution of every kind of request, the field an unknown variable names,
//! and masking of secrets.

use std::borrow::Cow;

use super::*;
use crate::{
    http::{ApiKeyLocation, Auth, Body, HttpRequest, Part, PartContent},
    model::Variable,
    request::{GrpcCall, Pair, Publish, Tail},
};

fn env() -> Environment {
    Environment {
        name: "local".into(),
        variables: vec![
            Variable::new("base_url", "http://127.0.0.1:3001"),
            Variable::new("id", "7"),
            Variable::secret("token", "s3cr3t"),
            Variable::secret("password", "s3cr3t-longer"),
        ],
    }
}

fn http() -> HttpRequest {
    HttpRequest {
        method: "POST".into(),
        url: "{{base_url}}/users/{{ id }}".into(),
        headers: vec![
            Pair::new("X-Id", "{{id}}"),
            Pair::disabled("X-Off", "{{not_defined}}"),
        ],
        body: Body::Json(r#"{"id": {{id}}}"#.into()),
        auth: Auth::Bearer {
            token: "{{token}}".into(),
        },
        via_bridge: true,
    }
}

#[test]
fn every_field_of_an_http_request_is_resolved() {
    let SavedRequest::Http(sent) = resolve(&http().into(), &env()).unwrap() else {
        panic!("still HTTP");
    };
    assert_eq!(sent.url, "http://127.0.0.1:3001/users/7");
    assert_eq!(sent.headers[0], Pair::new("X-Id", "7"));
    assert_eq!(sent.headers[1], Pair::disabled("X-Off", "{{not_defined}}"));
    assert_eq!(sent.body, Body::Json(r#"{"id": 7}"#.into()));
    assert_eq!(
        sent.auth,
        Auth::Bearer {
            token: "s3cr3t".into()
        }
    );
}

#[test]
fn an_unknown_variable_names_itself_and_its_field() {
    let cases: Vec<(SavedRequest, &str)> = vec![
        (HttpRequest::new("GET", "{{host}}/x").into(), "url"),
        (
            HttpRequest {
                headers: vec![Pair::new("A", "1"), Pair::new("B", "{{ host }}")],
                ..HttpRequest::new("GET", "http://x")
            }
            .into(),
            "headers[1].value",
        ),
        (
            HttpRequest {
                body: Body::Multipart(vec![Part {
                    name: "n".into(),
                    content: PartContent::Text("{{host}}".into()),
                    enabled: true,
                }]),
                ..HttpRequest::new("GET", "http://x")
            }
            .into(),
            "body.multipart[0].text",
        ),
        (
            HttpRequest {
                auth: Auth::ApiKey {
                    name: "k".into(),
                    value: "{{host}}".into(),
                    location: ApiKeyLocation::Query,
                },
                ..HttpRequest::new("GET", "http://x")
            }
            .into(),
            "auth.api_key.value",
        ),
        (
            GrpcCall {
                metadata: vec![Pair::new("{{host}}", "v")],
                ..GrpcCall::default()
            }
            .into(),
            "metadata[0].name",
        ),
        (
            Publish {
                routing_key: "orders.{{host}}".into(),
                ..Publish::default()
            }
            .into(),
            "routing_key",
        ),
        (
            Tail {
                filter: "{{host}}".into(),
                ..Tail::default()
            }
            .into(),
            "filter",
        ),
    ];
    for (request, field) in cases {
        let error = resolve(&request, &env()).unwrap_err();
        assert_eq!(
            error,
            UnknownVariable {
                name: "host".into(),
                field: field.into()
            }
        );
        assert_eq!(
            error.to_string(),
            format!("unknown variable {{{{host}}}} in {field}")
        );
    }
}

#[test]
fn grpc_publish_and_tail_fields_are_resolved() {
    let call = GrpcCall {
        target: "{{base_url}}".into(),
        method: "/helloworld.Greeter/SayHello".into(),
        body: r#"{"name":"{{id}}"}"#.into(),
        metadata: vec![Pair::new("authorization", "Bearer {{token}}")],
        deadline_ms: Some(500),
        via_bridge: true,
    };
    let SavedRequest::Grpc(call) = resolve(&call.into(), &env()).unwrap() else {
        panic!("still gRPC");
    };
    assert_eq!(call.target, "http://127.0.0.1:3001");
    assert_eq!(call.body, r#"{"name":"7"}"#);
    assert_eq!(call.metadata[0].value, "Bearer s3cr3t");

    let publish = Publish {
        exchange: "ex-{{id}}".into(),
        payload: "user {{id}}".into(),
        headers: vec![Pair::new("attempt", "{{id}}")],
        ..Publish::default()
    };
    let SavedRequest::Publish(publish) = resolve(&publish.into(), &env()).unwrap() else {
        panic!("still a publish");
    };
    assert_eq!(
        (publish.exchange.as_str(), publish.payload.as_str()),
        ("ex-7", "user 7")
    );
    assert_eq!(publish.headers[0].value, "7");
}

#[test]
fn masked_resolution_shows_secrets_as_the_mask() {
    let SavedRequest::Http(shown) = resolve_masked(&http().into(), &env()).unwrap() else {
        panic!("still HTTP");
    };
    assert_eq!(shown.url, "http://127.0.0.1:3001/users/7");
    assert_eq!(shown.auth, Auth::Bearer { token: MASK.into() });
}

#[test]
fn mask_hides_secret_values_in_any_text() {
    let env = env();
    assert_eq!(
        mask("error for http://h/?k=s3cr3t-longer and s3cr3t", &env),
        format!("error for http://h/?k={MASK} and {MASK}")
    );
    assert!(matches!(mask("nothing here: 7", &env), Cow::Borrowed(_)));
    let empty = Environment {
        name: "e".into(),
        variables: vec![Variable::secret("blank", "")],
    };
    assert_eq!(mask("abc", &empty), "abc");
}
