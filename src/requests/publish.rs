//! A publish through the bridge, as the Publish panel edits it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize, de::IgnoredAny};
use switchboard_wire::{HeaderValue, PublishRequest};

use super::parse_pairs;
use crate::trace::Trace;

/// How the publish payload is meant to be read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PayloadFormat {
    #[default]
    Text,
    /// JSON, checked in the page before it is sent.
    Json,
}

/// A publish through the bridge, as edited in the Publish panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishDraft {
    /// Empty for the bridge's own exchange.
    pub exchange: String,
    pub routing_key: String,
    pub payload: String,
    pub format: PayloadFormat,
    pub content_type: String,
    /// `name: value` lines; values that read as numbers or booleans are sent
    /// as such.
    pub headers: String,
    pub persistent: bool,
    pub mandatory: bool,
}

impl Default for PublishDraft {
    fn default() -> Self {
        Self {
            exchange: String::new(),
            routing_key: String::new(),
            payload: "hello from Switchboard".to_owned(),
            format: PayloadFormat::Text,
            content_type: String::new(),
            headers: String::new(),
            persistent: true,
            mandatory: true,
        }
    }
}

impl PublishDraft {
    /// The bridge request, carrying `trace` as the correlation id and as a
    /// `traceparent` header. Fails if the payload is not the JSON it claims to be.
    pub fn to_request(&self, trace: &Trace) -> Result<PublishRequest, String> {
        let mut content_type = self.content_type.trim().to_owned();
        if self.format == PayloadFormat::Json {
            // Checks the syntax without building a value.
            serde_json::from_str::<IgnoredAny>(&self.payload)
                .map_err(|error| format!("the payload is not valid JSON: {error}"))?;
            if content_type.is_empty() {
                content_type = "application/json".to_owned();
            }
        }
        // Inserted one by one (a later line wins, as with `collect`), since
        // `collect` sorts first and would add a sort to the page.
        let mut headers = BTreeMap::new();
        for (name, value) in parse_pairs(&self.headers)? {
            headers.insert(name, HeaderValue::typed(&value));
        }
        headers.insert(
            "traceparent".to_owned(),
            HeaderValue::Text(trace.traceparent()),
        );
        let mut request = PublishRequest::text(self.payload.clone());
        request.exchange = Some(self.exchange.trim().to_owned()).filter(|name| !name.is_empty());
        request.routing_key = self.routing_key.clone();
        request.content_type = Some(content_type).filter(|value| !value.is_empty());
        request.headers = headers;
        request.correlation_id = Some(trace.trace_id.clone());
        request.persistent = self.persistent;
        request.mandatory = self.mandatory;
        Ok(request)
    }
}
