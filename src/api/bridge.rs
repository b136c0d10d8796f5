//! bridge-server's HTTP API: publishing to RabbitMQ and the broker's readiness.

use gloo_net::http::{Method, Request};
use switchboard_wire::{
    PublishResponse, Readiness,
    diagnose::{DiagnoseReport, DiagnoseRequest, ProbeKind},
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
    let mut headers = vec![("traceparent".to_owned(), trace.traceparent())];
    if !token.is_empty() {
        headers.push(("authorization".to_owned(), format!("Bearer {token}")));
    }
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
    let mut headers = Vec::new();
    if !token.is_empty() {
        headers.push(("authorization".to_owned(), format!("Bearer {token}")));
    }
    let url = format!("{base}/api/diagnose");
    http::json(http::call(Method::POST, &url, headers, Some(body)).await).result
}
