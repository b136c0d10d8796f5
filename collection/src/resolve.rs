//! Environments applied to saved requests: every text field of every kind of
//! request gets its `{{variables}}` replaced, and a variable the environment
//! lacks is an error that names it and the field. Disabled headers, fields
//! and parts are kept as written: they are not sent, so they need nothing.

use std::borrow::Cow;

use crate::{
    http::{Auth, Body, FilePart, HttpRequest, Part, PartContent},
    model::Environment,
    request::{GrpcCall, Pair, Publish, SavedRequest, Tail},
    vars::substitute,
};

/// What a secret's value is shown as.
pub const MASK: &str = "••••••";

/// A `{{name}}` the environment does not define, and where it was written:
/// `url`, `headers[1].value`, `body.json`, `auth.bearer.token`, `payload`…
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown variable {{{{{name}}}}} in {field}")]
pub struct UnknownVariable {
    pub name: String,
    pub field: String,
}

/// `request` with the environment's values in place of its variables: what
/// is sent.
pub fn resolve(request: &SavedRequest, env: &Environment) -> Result<SavedRequest, UnknownVariable> {
    Resolver { env, masked: false }.request(request)
}

/// `request` resolved as [`resolve`] does, except that secret variables are
/// replaced by [`MASK`]: what is shown.
pub fn resolve_masked(
    request: &SavedRequest,
    env: &Environment,
) -> Result<SavedRequest, UnknownVariable> {
    Resolver { env, masked: true }.request(request)
}

/// `text` with the value of every secret variable of `env` replaced by
/// [`MASK`]: for text that may repeat a secret without saying so, such as an
/// error message quoting a URL. Empty values are left alone, and longer
/// secrets are masked first, so that one that contains another is masked whole.
pub fn mask<'t>(text: &'t str, env: &Environment) -> Cow<'t, str> {
    let mut secrets: Vec<&str> = env
        .variables
        .iter()
        .filter(|variable| variable.secret && !variable.value.is_empty())
        .map(|variable| variable.value.as_str())
        .collect();
    secrets.sort_by_key(|secret| std::cmp::Reverse(secret.len()));
    let mut text = Cow::Borrowed(text);
    for secret in secrets {
        if text.contains(secret) {
            text = Cow::Owned(text.replace(secret, MASK));
        }
    }
    text
}

struct Resolver<'e> {
    env: &'e Environment,
    masked: bool,
}

impl Resolver<'_> {
    fn text(&self, field: impl FnOnce() -> String, text: &str) -> Result<String, UnknownVariable> {
        substitute(text, |name| {
            let variable = self.env.get(name)?;
            Some(if self.masked && variable.secret {
                MASK
            } else {
                variable.value.as_str()
            })
        })
        .map_err(|name| UnknownVariable {
            name,
            field: field(),
        })
    }

    fn request(&self, request: &SavedRequest) -> Result<SavedRequest, UnknownVariable> {
        Ok(match request {
            SavedRequest::Http(http) => SavedRequest::Http(self.http(http)?),
            SavedRequest::Grpc(call) => SavedRequest::Grpc(self.grpc(call)?),
            SavedRequest::Publish(publish) => SavedRequest::Publish(self.publish(publish)?),
            SavedRequest::Tail(tail) => SavedRequest::Tail(self.tail(tail)?),
        })
    }

    /// Enabled pairs resolved, disabled ones kept as written.
    fn pairs(&self, field: &str, pairs: &[Pair]) -> Result<Vec<Pair>, UnknownVariable> {
        pairs
            .iter()
            .enumerate()
            .map(|(index, pair)| {
                if !pair.enabled {
                    return Ok(pair.clone());
                }
                Ok(Pair {
                    name: self.text(|| format!("{field}[{index}].name"), &pair.name)?,
                    value: self.text(|| format!("{field}[{index}].value"), &pair.value)?,
                    enabled: true,
                })
            })
            .collect()
    }

    fn http(&self, request: &HttpRequest) -> Result<HttpRequest, UnknownVariable> {
        Ok(HttpRequest {
            method: self.text(|| "method".into(), &request.method)?,
            url: self.text(|| "url".into(), &request.url)?,
            headers: self.pairs("headers", &request.headers)?,
            body: self.body(&request.body)?,
            auth: self.auth(&request.auth)?,
            via_bridge: request.via_bridge,
        })
    }

    fn body(&self, body: &Body) -> Result<Body, UnknownVariable> {
        Ok(match body {
            Body::None => Body::None,
            Body::Json(text) => Body::Json(self.text(|| "body.json".into(), text)?),
            Body::Text(text) => Body::Text(self.text(|| "body.text".into(), text)?),
            Body::Form(pairs) => Body::Form(self.pairs("body.form", pairs)?),
            Body::Multipart(parts) => Body::Multipart(
                parts
                    .iter()
                    .enumerate()
                    .map(|(index, part)| self.part(index, part))
                    .collect::<Result<_, _>>()?,
            ),
        })
    }

    fn part(&self, index: usize, part: &Part) -> Result<Part, UnknownVariable> {
        if !part.enabled {
            return Ok(part.clone());
        }
        let at = |name: &str| format!("body.multipart[{index}].{name}");
        Ok(Part {
            name: self.text(|| at("name"), &part.name)?,
            content: match &part.content {
                PartContent::Text(text) => PartContent::Text(self.text(|| at("text"), text)?),
                // The bytes are data, not a template.
                PartContent::File(file) => PartContent::File(FilePart {
                    file_name: self.text(|| at("file.file_name"), &file.file_name)?,
                    content_type: self.text(|| at("file.content_type"), &file.content_type)?,
                    base64: file.base64.clone(),
                }),
            },
            enabled: true,
        })
    }

    fn auth(&self, auth: &Auth) -> Result<Auth, UnknownVariable> {
        Ok(match auth {
            Auth::None => Auth::None,
            Auth::Bearer { token } => Auth::Bearer {
                token: self.text(|| "auth.bearer.token".into(), token)?,
            },
            Auth::Basic { user, password } => Auth::Basic {
                user: self.text(|| "auth.basic.user".into(), user)?,
                password: self.text(|| "auth.basic.password".into(), password)?,
            },
            Auth::ApiKey {
                name,
                value,
                location,
            } => Auth::ApiKey {
                name: self.text(|| "auth.api_key.name".into(), name)?,
                value: self.text(|| "auth.api_key.value".into(), value)?,
                location: *location,
            },
        })
    }

    fn grpc(&self, call: &GrpcCall) -> Result<GrpcCall, UnknownVariable> {
        Ok(GrpcCall {
            target: self.text(|| "target".into(), &call.target)?,
            method: self.text(|| "method".into(), &call.method)?,
            body: self.text(|| "body".into(), &call.body)?,
            metadata: self.pairs("metadata", &call.metadata)?,
            deadline_ms: call.deadline_ms,
            via_bridge: call.via_bridge,
        })
    }

    fn publish(&self, publish: &Publish) -> Result<Publish, UnknownVariable> {
        Ok(Publish {
            exchange: self.text(|| "exchange".into(), &publish.exchange)?,
            routing_key: self.text(|| "routing_key".into(), &publish.routing_key)?,
            payload: self.text(|| "payload".into(), &publish.payload)?,
            format: publish.format,
            content_type: self.text(|| "content_type".into(), &publish.content_type)?,
            headers: self.pairs("headers", &publish.headers)?,
            persistent: publish.persistent,
            mandatory: publish.mandatory,
        })
    }

    fn tail(&self, tail: &Tail) -> Result<Tail, UnknownVariable> {
        Ok(Tail {
            exchange: self.text(|| "exchange".into(), &tail.exchange)?,
            binding_key: self.text(|| "binding_key".into(), &tail.binding_key)?,
            filter: self.text(|| "filter".into(), &tail.filter)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{http::ApiKeyLocation, model::Variable};

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
}
