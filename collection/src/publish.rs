//! A saved publish as the bridge's `POST /api/publish` body, with the same
//! rules as the Publish panel: JSON payloads checked, header values typed.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use switchboard_wire::{HeaderValue, PublishRequest};

use crate::{
    error::Error,
    request::{PayloadFormat, Publish},
};

impl Publish {
    /// The bridge's request for this (resolved) publish. Fails if the
    /// payload is not the JSON its format says.
    pub fn to_wire(&self) -> Result<PublishRequest, Error> {
        let mut content_type = self.content_type.trim().to_owned();
        if self.format == PayloadFormat::Json {
            serde_json::from_str::<IgnoredAny>(&self.payload)
                .map_err(|error| Error::InvalidJson(format!("the payload: {error}")))?;
            if content_type.is_empty() {
                content_type = "application/json".to_owned();
            }
        }
        let headers: BTreeMap<String, HeaderValue> = self
            .headers
            .iter()
            .filter(|header| header.enabled)
            .map(|header| (header.name.clone(), HeaderValue::typed(&header.value)))
            .collect();
        let mut request = PublishRequest::text(self.payload.clone());
        request.exchange = Some(self.exchange.trim().to_owned()).filter(|name| !name.is_empty());
        request.routing_key = self.routing_key.clone();
        request.content_type = Some(content_type).filter(|value| !value.is_empty());
        request.headers = headers;
        request.persistent = self.persistent;
        request.mandatory = self.mandatory;
        Ok(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Pair;

    #[test]
    fn a_publish_becomes_the_bridge_request() {
        let publish = Publish {
            exchange: " orders ".into(),
            routing_key: "order.created".into(),
            payload: r#"{"id":1}"#.into(),
            format: PayloadFormat::Json,
            headers: vec![
                Pair::new("attempt", "3"),
                Pair::new("urgent", "true"),
                Pair::new("ratio", "0.5"),
                Pair::new("source", "ci"),
                Pair::disabled("skipped", "x"),
            ],
            mandatory: false,
            ..Publish::default()
        };
        let request = publish.to_wire().unwrap();
        assert_eq!(request.exchange.as_deref(), Some("orders"));
        assert_eq!(request.routing_key, "order.created");
        assert_eq!(request.content_type.as_deref(), Some("application/json"));
        assert_eq!(request.headers["attempt"], HeaderValue::Int(3));
        assert_eq!(request.headers["urgent"], HeaderValue::Bool(true));
        assert_eq!(request.headers["ratio"], HeaderValue::Float(0.5));
        assert_eq!(request.headers["source"], HeaderValue::Text("ci".into()));
        assert!(!request.headers.contains_key("skipped"));
        assert!(request.persistent);
        assert!(!request.mandatory);
    }

    #[test]
    fn an_empty_exchange_is_the_bridges_own() {
        let request = Publish::default().to_wire().unwrap();
        assert_eq!(request.exchange, None);
        assert_eq!(request.content_type, None);
    }

    #[test]
    fn a_json_payload_that_is_not_json_is_refused() {
        let publish = Publish {
            payload: "{oops".into(),
            format: PayloadFormat::Json,
            ..Publish::default()
        };
        let error = publish.to_wire().unwrap_err();
        assert!(error.to_string().contains("not valid JSON"), "{error}");
    }
}
