//! bridge-server's HTTP API: publishing to RabbitMQ and the broker's readiness.

use gloo_net::http::{Method, Request};
use switchboard_wire::{
    PublishResponse, Readiness,
    diagnose::{DiagnoseReport, DiagnoseRequest, ProbeKind},
    grpc::{ReflectRequest, ReflectResponse},
};

use super::{
    capture::{Captured, Traced},
    error::ApiError,
    http,
};
use crate::{requests::PublishDraft, trace::Trace};

/// `POST {base}/api/publish`: resolves once RabbitMQ confirmed the message.
/// `token`, when not empty, is sent as a bearer token.
pub async fn publish(
    base: &str,
    token: &str,
    draft: &PublishDraft,
    trace: &Trace,
) -> Traced<PublishResponse> {
    let url = format!("{base}/api/publish");
    let body = draft
        .to_request(trace)
        .and_then(|request| serde_json::to_string_pretty(&request).map_err(|e| e.to_string()));
    let body = match body {
        Ok(body) => body,
        Err(error) => {
            let sent = Captured::new(format!("POST {url}"), vec![], &draft.payload);
            return Traced::refused(sent, ApiError::Input(error));
        }
    };
    let mut headers = bearer(token);
    headers.push(("traceparent".to_owned(), trace.traceparent()));
    let mut traced = http::json(http::call(Method::POST, &url, headers, Some(body)).await);
    traced.ok_status = "confirmed".to_owned();
    traced
}

/// `GET {base}/readyz`: whether the bridge is connected to RabbitMQ. A 503 still
/// carries a readiness body, with the reason.
pub async fn readiness(base: &str) -> Result<Readiness, ApiError> {
    let url = format!("{base}/readyz");
    let response = Request::get(&url)
        .send()
        .await
        .map_err(|error| ApiError::Network {
            url: url.clone(),
            detail: error.to_string(),
        })?;
    let body = response
        .text()
        .await
        .map_err(|error| ApiError::Decode(error.to_string()))?;
    serde_json::from_str(&body).map_err(|_| ApiError::from_http(response.status(), &body))
}

/// `POST {base}/api/diagnose`: the bridge checks `target`'s CORS answers for
/// this page's origin and reports what is missing.
pub async fn diagnose(
    base: &str,
    token: &str,
    target: &str,
    kind: ProbeKind,
) -> Result<DiagnoseReport, ApiError> {
    let request = DiagnoseRequest {
        url: target.to_owned(),
        kind,
        origin: None,
        headers: Vec::new(),
    };
    let body =
        serde_json::to_string(&request).map_err(|error| ApiError::Input(error.to_string()))?;
    let url = format!("{base}/api/diagnose");
    http::json(http::call(Method::POST, &url, bearer(token), Some(body)).await).result
}

/// `POST {base}/api/grpc/reflect`: the bridge asks `target` for its schema by
/// server reflection (a bidirectional stream, which gRPC-web cannot carry)
/// and answers with a FileDescriptorSet.
pub async fn reflect(base: &str, token: &str, target: &str) -> Result<ReflectResponse, ApiError> {
    let request = ReflectRequest {
        target: target.to_owned(),
        services: Vec::new(),
    };
    let body =
        serde_json::to_string(&request).map_err(|error| ApiError::Input(error.to_string()))?;
    let url = format!("{base}/api/grpc/reflect");
    http::json(http::call(Method::POST, &url, bearer(token), Some(body)).await).result
}

/// The `authorization` header for the bridge's `token`, if there is one.
fn bearer(token: &str) -> Vec<(String, String)> {
    if token.is_empty() {
        return Vec::new();
    }
    vec![("authorization".to_owned(), format!("Bearer {token}"))]
}
