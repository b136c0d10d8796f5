//! Sends a resolved publish item through the bridge's `POST /api/publish`,
//! as the Publish panel does; the bridge answers once the broker confirmed.

use std::time::Instant;

use reqwest::Client;
use switchboard_wire::ErrorBody;

use super::{
    http::describe,
    report::{Answer, Failure},
};
use crate::request::Publish;

/// Publishes `publish` through the bridge at `bridge` (its base URL).
pub async fn send(
    client: &Client,
    bridge: &str,
    token: Option<&str>,
    publish: &Publish,
) -> Result<Answer, Failure> {
    let body = publish
        .to_wire()
        .map_err(|error| Failure::NotSent(error.to_string()))?;
    let mut request = client
        .post(format!("{}/api/publish", bridge.trim_end_matches('/')))
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let started = Instant::now();
    let response = request
        .send()
        .await
        .map_err(|error| Failure::NoAnswer(describe(&error)))?;
    let status = response.status().as_u16();
    let text = response
        .text()
        .await
        .map_err(|error| Failure::NoAnswer(describe(&error)))?;
    // The bridge's refusals say their code and a sentence: show those.
    let body = match serde_json::from_str::<ErrorBody>(&text) {
        Ok(error) => format!("{}: {}", error.error, error.message),
        Err(_) => text,
    };
    Ok(Answer {
        status,
        elapsed: started.elapsed(),
        body,
    })
}

/// What a publish is called in its line: `PUBLISH to orders with order.created`.
pub fn describe_publish(publish: &Publish) -> String {
    let exchange = if publish.exchange.trim().is_empty() {
        "the bridge's exchange"
    } else {
        publish.exchange.trim()
    };
    if publish.routing_key.is_empty() {
        format!("PUBLISH to {exchange}")
    } else {
        format!("PUBLISH to {exchange} with {}", publish.routing_key)
    }
}
