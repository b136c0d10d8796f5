//! The walk through each kind of saved request that substitutes every text
//! field, naming each field as an error would: `headers[1].value`,
//! `body.multipart[0].text`, `auth.basic.password`…

use super::{MASK, UnknownVariable};
use crate::{
    http::{Auth, Body, FilePart, HttpRequest, Part, PartContent},
    model::Environment,
    request::{GrpcCall, Pair, Publish, SavedRequest, Tail},
    vars::substitute,
};

/// Resolves with `env`'s values, or with [`MASK`] for secrets when `masked`.
pub(super) struct Resolver<'e> {
    pub(super) env: &'e Environment,
    pub(super) masked: bool,
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

    pub(super) fn request(&self, request: &SavedRequest) -> Result<SavedRequest, UnknownVariable> {
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
