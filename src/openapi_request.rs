//! A request from an OpenAPI operation: its path parameters put into the
//! path, its query and header parameters added when they have a value, and
//! its body prefilled from the document's example.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use switchboard_collection::{ApiKeyLocation, Auth, Body, HttpRequest, Pair};
use switchboard_wire::openapi::{Operation, ParameterLocation, SecurityKind, SecurityScheme};

/// What a path parameter's value escapes: all but RFC 3986's unreserved
/// characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The request for `operation` on the server at `base` (no trailing slash),
/// with `values` by parameter name.
pub fn request(
    operation: &Operation,
    base: &str,
    values: &BTreeMap<String, String>,
) -> HttpRequest {
    let value = |name: &str| {
        values
            .get(name)
            .map(|value| value.trim())
            .unwrap_or_default()
    };
    let mut path = operation.path.clone();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for parameter in &operation.parameters {
        let given = value(&parameter.name);
        match parameter.location {
            ParameterLocation::Path => {
                let encoded = utf8_percent_encode(given, SEGMENT).to_string();
                path = path.replace(&format!("{{{}}}", parameter.name), &encoded);
            }
            ParameterLocation::Query if !given.is_empty() => {
                query.push((parameter.name.clone(), given.to_owned()));
            }
            ParameterLocation::Header if !given.is_empty() => {
                headers.push(Pair::new(parameter.name.clone(), given));
            }
            ParameterLocation::Query | ParameterLocation::Header | ParameterLocation::Cookie => {}
        }
    }
    let base = base.trim().trim_end_matches('/');
    let mut request = HttpRequest::new(operation.method.clone(), format!("{base}{path}"));
    request.set_query(&query);
    request.headers = headers;
    request.auth = auth(&operation.security);
    if let Some(body) = &operation.request_body {
        let content_type = &body.example_content_type;
        request.body = if content_type.contains("json") {
            Body::Json(body.example.clone())
        } else {
            if !content_type.is_empty() {
                request
                    .headers
                    .push(Pair::new("content-type", content_type.clone()));
            }
            Body::Text(body.example.clone())
        };
    }
    request
}

/// The auth helper for the first scheme a browser can send, its secret a
/// variable named after the scheme (`{{api_key}}`), for an environment to fill.
pub fn auth(security: &[SecurityScheme]) -> Auth {
    security
        .iter()
        .find_map(|scheme| {
            let secret = format!("{{{{{}}}}}", scheme.name);
            match &scheme.kind {
                SecurityKind::ApiKey { name, location } => {
                    let location = match location {
                        ParameterLocation::Header => ApiKeyLocation::Header,
                        ParameterLocation::Query => ApiKeyLocation::Query,
                        // A page cannot set cookies on another origin.
                        ParameterLocation::Path | ParameterLocation::Cookie => return None,
                    };
                    Some(Auth::ApiKey {
                        name: name.clone(),
                        value: secret,
                        location,
                    })
                }
                SecurityKind::Bearer => Some(Auth::Bearer { token: secret }),
                SecurityKind::Basic => Some(Auth::Basic {
                    user: String::new(),
                    password: String::new(),
                }),
                SecurityKind::Other(_) => None,
            }
        })
        .unwrap_or_default()
}

/// The base URL of a document's server: `server` as the document gives it,
/// resolved against the address the document came from when it is relative
/// (`/api/v3`, or `/` when the document names none).
pub fn base_url(server: &str, document_url: Option<&str>) -> String {
    let server = server.trim().trim_end_matches('/');
    if server.starts_with("http://") || server.starts_with("https://") {
        return server.to_owned();
    }
    let Some(origin) = document_url.and_then(origin) else {
        return server.to_owned();
    };
    format!("{origin}{server}")
}

/// `scheme://host:port` of `url`.
pub fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use switchboard_wire::openapi::{ApiDocument, Operation};

    use super::*;

    fn petstore() -> ApiDocument {
        let json = include_str!("../openapi/tests/fixtures/petstore-3.0.json");
        switchboard_openapi::import(json, &[]).unwrap()
    }

    fn operation<'a>(document: &'a ApiDocument, id: &str) -> &'a Operation {
        document
            .operations
            .iter()
            .find(|operation| operation.id == id)
            .unwrap()
    }

    #[test]
    fn parameters_go_where_the_document_says() {
        let document = petstore();
        let delete = operation(&document, "deletePet");
        let values = BTreeMap::from([
            ("petId".to_owned(), "7 8".to_owned()),
            ("api_key".to_owned(), "k".to_owned()),
        ]);
        let request = request(delete, "http://h.test/api/v3/", &values);
        assert_eq!(request.method, "DELETE");
        assert_eq!(request.url, "http://h.test/api/v3/pet/7%208");
        assert_eq!(request.headers, [Pair::new("api_key", "k")]);

        let find = operation(&document, "findPetsByStatus");
        let values = BTreeMap::from([("status".to_owned(), "sold".to_owned())]);
        let request = super::request(find, "http://h.test", &values);
        assert_eq!(request.url, "http://h.test/pet/findByStatus?status=sold");
    }

    #[test]
    fn the_auth_helper_follows_the_security_scheme() {
        let document = petstore();
        let by_id = request(
            operation(&document, "getPetById"),
            "http://h.test",
            &BTreeMap::new(),
        );
        assert_eq!(
            by_id.auth,
            Auth::ApiKey {
                name: "api_key".into(),
                value: "{{api_key}}".into(),
                location: ApiKeyLocation::Header,
            }
        );
        // OAuth 2.0 has no helper yet.
        let add = request(
            operation(&document, "addPet"),
            "http://h.test",
            &BTreeMap::new(),
        );
        assert_eq!(add.auth, Auth::None);
    }

    #[test]
    fn the_body_is_the_documents_example() {
        let document = petstore();
        let add = operation(&document, "addPet");
        let request = request(add, "http://h.test", &BTreeMap::new());
        let Body::Json(text) = &request.body else {
            panic!("expected a JSON body, got {:?}", request.body);
        };
        let body: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(body["name"], "doggie");
    }

    #[test]
    fn relative_servers_resolve_against_the_documents_address() {
        let at = Some("http://127.0.0.1:3001/openapi.json");
        assert_eq!(base_url("/", at), "http://127.0.0.1:3001");
        assert_eq!(base_url("/api/v3", at), "http://127.0.0.1:3001/api/v3");
        assert_eq!(
            base_url("https://petstore3.swagger.io/api/v3", at),
            "https://petstore3.swagger.io/api/v3"
        );
        assert_eq!(base_url("/api/v3", None), "/api/v3");
    }
}
