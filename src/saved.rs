//! The console's requests as a collection saves them, and back: one model of
//! a saved request (the collections file's), and the panels' drafts, which
//! hold what a person is typing (metadata as lines, a deadline as text).

use switchboard_collection::{
    self as collection, Environment, Pair, SavedRequest, UnknownVariable,
};

use crate::{
    http_call::HttpCall,
    requests::{GrpcCall, PayloadFormat, PublishDraft, Route, parse_pairs},
    schemas::Origin,
};

/// `request` as it will go out, secrets masked, when it names variables;
/// `None` when it names none, so there is nothing to show.
pub fn preview(
    request: &SavedRequest,
    env: &Environment,
) -> Option<Result<SavedRequest, UnknownVariable>> {
    let text = serde_json::to_string(request).unwrap_or_default();
    let names_variables = !collection::references(&text).is_empty();
    names_variables.then(|| collection::resolve_masked(request, env))
}

impl HttpCall {
    pub fn saved(&self) -> SavedRequest {
        SavedRequest::Http(self.request.clone())
    }

    /// This call with the environment's values in place of its variables.
    pub fn resolved(&self, env: &Environment) -> Result<HttpCall, UnknownVariable> {
        match collection::resolve(&self.saved(), env)? {
            SavedRequest::Http(request) => Ok(HttpCall { request }),
            _ => Ok(self.clone()),
        }
    }
}

impl GrpcCall {
    pub fn saved(&self) -> collection::GrpcCall {
        collection::GrpcCall {
            target: self.target.clone(),
            method: self.method.clone(),
            body: self.body.clone(),
            metadata: pairs(&self.metadata),
            deadline_ms: self.deadline().ok().flatten(),
            via_bridge: self.route == Route::Bridge,
        }
    }

    /// A saved call as the console edits it; `origin` says where its schema
    /// comes from, which a collection does not keep.
    pub fn from_saved(saved: &collection::GrpcCall, origin: Origin) -> Self {
        Self {
            target: saved.target.clone(),
            route: if saved.via_bridge {
                Route::Bridge
            } else {
                Route::Direct
            },
            method: saved.method.clone(),
            body: saved.body.clone(),
            metadata: lines(&saved.metadata),
            deadline_ms: saved
                .deadline_ms
                .map(|ms| ms.to_string())
                .unwrap_or_default(),
            origin,
        }
    }

    /// This call with the environment's values in place of its variables.
    pub fn resolved(&self, env: &Environment) -> Result<GrpcCall, UnknownVariable> {
        match collection::resolve(&SavedRequest::Grpc(self.saved()), env)? {
            SavedRequest::Grpc(saved) => Ok(Self {
                // A deadline that does not parse stays as typed, to be refused.
                deadline_ms: self.deadline_ms.clone(),
                ..Self::from_saved(&saved, self.origin.clone())
            }),
            _ => Ok(self.clone()),
        }
    }
}

impl PublishDraft {
    pub fn saved(&self) -> collection::Publish {
        collection::Publish {
            exchange: self.exchange.clone(),
            routing_key: self.routing_key.clone(),
            payload: self.payload.clone(),
            format: match self.format {
                PayloadFormat::Text => collection::PayloadFormat::Text,
                PayloadFormat::Json => collection::PayloadFormat::Json,
            },
            content_type: self.content_type.clone(),
            headers: pairs(&self.headers),
            persistent: self.persistent,
            mandatory: self.mandatory,
        }
    }

    /// This draft with the environment's values in place of its variables.
    pub fn resolved(&self, env: &Environment) -> Result<PublishDraft, UnknownVariable> {
        match collection::resolve(&SavedRequest::Publish(self.saved()), env)? {
            SavedRequest::Publish(saved) => Ok(Self::from_saved(&saved)),
            _ => Ok(self.clone()),
        }
    }

    pub fn from_saved(saved: &collection::Publish) -> Self {
        Self {
            exchange: saved.exchange.clone(),
            routing_key: saved.routing_key.clone(),
            payload: saved.payload.clone(),
            format: match saved.format {
                collection::PayloadFormat::Text => PayloadFormat::Text,
                collection::PayloadFormat::Json => PayloadFormat::Json,
            },
            content_type: saved.content_type.clone(),
            headers: lines(&saved.headers),
            persistent: saved.persistent,
            mandatory: saved.mandatory,
        }
    }
}

/// `name: value` lines as pairs; a line that is not one is kept whole as a
/// name, switched off, so that nothing typed is lost.
fn pairs(text: &str) -> Vec<Pair> {
    match parse_pairs(text) {
        Ok(pairs) => pairs
            .into_iter()
            .map(|(name, value)| Pair::new(name, value))
            .collect(),
        Err(_) => text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| match line.split_once(':') {
                Some((name, value)) if !name.trim().is_empty() => {
                    Pair::new(name.trim(), value.trim())
                }
                _ => Pair::disabled(line.trim(), ""),
            })
            .collect(),
    }
}

/// The enabled pairs as `name: value` lines.
fn lines(pairs: &[Pair]) -> String {
    pairs
        .iter()
        .filter(|pair| pair.enabled)
        .map(|pair| format!("{}: {}", pair.name, pair.value))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use switchboard_collection::Variable;

    use super::*;

    fn env() -> Environment {
        Environment {
            name: "local".into(),
            variables: vec![
                Variable::new("host", "http://127.0.0.1:50051"),
                Variable::secret("token", "s3cret"),
            ],
        }
    }

    #[test]
    fn a_grpc_call_saves_and_comes_back_whole() {
        let call = GrpcCall {
            target: "{{host}}".into(),
            route: Route::Bridge,
            method: "/echo.Echo/Unary".into(),
            body: "{}".into(),
            metadata: "authorization: Bearer {{token}}\nx-team: a".into(),
            deadline_ms: "250".into(),
            origin: Origin::Reflection,
        };
        let saved = call.saved();
        assert_eq!(saved.deadline_ms, Some(250));
        assert!(saved.via_bridge);
        assert_eq!(GrpcCall::from_saved(&saved, Origin::Reflection), call);
        let resolved = call.resolved(&env()).unwrap();
        assert_eq!(resolved.target, "http://127.0.0.1:50051");
        assert!(resolved.metadata.contains("Bearer s3cret"));
        let mut unknown = call.clone();
        unknown.body = r#"{"name":"{{who}}"}"#.into();
        let error = unknown.resolved(&env()).unwrap_err();
        assert_eq!((error.name.as_str(), error.field.as_str()), ("who", "body"));
    }

    #[test]
    fn a_publish_draft_saves_comes_back_whole_and_resolves() {
        let draft = PublishDraft {
            routing_key: "orders.{{region}}".into(),
            headers: "attempt: 3".into(),
            format: PayloadFormat::Json,
            payload: "{}".into(),
            ..PublishDraft::default()
        };
        assert_eq!(PublishDraft::from_saved(&draft.saved()), draft);
        let mut env = env();
        env.variables.push(Variable::new("region", "eu"));
        assert_eq!(draft.resolved(&env).unwrap().routing_key, "orders.eu");
    }
}
