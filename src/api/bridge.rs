//! bridge-server's HTTP API: publishing to RabbitMQ and the broker's readiness.

use gloo_net::http::Request;
use switchboard_wire::{PublishRequest, PublishResponse, Readiness};

use super::{
    error::ApiError,
    rest::{json, network},
};

/// `POST {base}/api/publish`: resolves once RabbitMQ confirmed the message.
/// `token`, when not empty, is sent as a bearer token.
pub async fn publish(
    base: &str,
    token: &str,
    request: &PublishRequest,
) -> Result<PublishResponse, ApiError> {
    let url = format!("{base}/api/publish");
    let mut builder = Request::post(&url);
    if !token.is_empty() {
        builder = builder.header("authorization", &format!("Bearer {token}"));
    }
    let response = builder
        .json(request)
        .map_err(|error| ApiError::Decode(error.to_string()))?
        .send()
        .await
        .map_err(network(&url))?;
    json(response).await
}

/// `GET {base}/readyz`: whether the bridge is connected to RabbitMQ. A 503 still
/// carries a readiness body, with the reason.
pub async fn readiness(base: &str) -> Result<Readiness, ApiError> {
    let url = format!("{base}/readyz");
    let response = Request::get(&url).send().await.map_err(network(&url))?;
    let body = response
        .text()
        .await
        .map_err(|error| ApiError::Decode(error.to_string()))?;
    serde_json::from_str(&body).map_err(|_| ApiError::from_http(response.status(), &body))
}
