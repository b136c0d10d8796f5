//! One HTTP call with gloo-net, captured for the timeline.

use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;

use super::{
    capture::{Captured, Traced},
    error::ApiError,
};

/// Sends `method url` with `headers` and an optional JSON `body`. A 2xx answer
/// is `Ok(body text)`; any other status is the service's error.
pub async fn call(
    method: Method,
    url: &str,
    headers: Vec<(String, String)>,
    body: Option<String>,
) -> Traced<String> {
    let request = Captured::new(
        format!("{method} {url}"),
        headers.iter().map(masked).collect(),
        body.as_deref().unwrap_or_default(),
    );
    let mut builder = RequestBuilder::new(url).method(method);
    for (name, value) in &headers {
        builder = builder.header(name, value);
    }
    let sent = match body {
        Some(body) => match builder
            .header("content-type", "application/json")
            .body(body)
        {
            Ok(request) => request.send().await,
            Err(error) => return Traced::refused(request, ApiError::Input(error.to_string())),
        },
        None => builder.send().await,
    };
    let response = match sent {
        Ok(response) => response,
        Err(error) => {
            let error = ApiError::Network {
                url: url.to_owned(),
                detail: error.to_string(),
            };
            return Traced::refused(request, error);
        }
    };
    let status = response.status();
    let line = format!("HTTP {status} {}", response.status_text());
    let headers = response.headers().entries().collect();
    let text = match response.text().await {
        Ok(text) => text,
        Err(error) => {
            return Traced {
                result: Err(ApiError::Decode(error.to_string())),
                ok_status: String::new(),
                request,
                response: Some(Captured::new(line, headers, "")),
            };
        }
    };
    Traced {
        result: if response.ok() {
            Ok(text.clone())
        } else {
            Err(ApiError::from_http(status, &text))
        },
        ok_status: format!("{status} {}", response.status_text())
            .trim()
            .to_owned(),
        request,
        response: Some(Captured::new(line, headers, &text)),
    }
}

/// Parses a successful body as JSON.
pub fn json<T: DeserializeOwned>(traced: Traced<String>) -> Traced<T> {
    let Traced {
        result,
        ok_status,
        request,
        response,
    } = traced;
    let result = result.and_then(|body| {
        serde_json::from_str(&body).map_err(|error| ApiError::Decode(error.to_string()))
    });
    Traced {
        result,
        ok_status,
        request,
        response,
    }
}

/// A header as shown in the timeline: credentials are never kept.
fn masked((name, value): &(String, String)) -> (String, String) {
    if name.eq_ignore_ascii_case("authorization") {
        (name.clone(), "Bearer ***".to_owned())
    } else {
        (name.clone(), value.clone())
    }
}
