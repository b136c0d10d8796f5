//! The users REST API, called straight from the browser with gloo-net.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use switchboard_wire::User;

use super::error::ApiError;

/// `GET {base}/users/{id}`.
pub async fn fetch_user(base: &str, id: &str) -> Result<User, ApiError> {
    let url = format!("{base}/users/{}", encode_segment(id.trim()));
    let response = Request::get(&url).send().await.map_err(network(&url))?;
    json(response).await
}

/// Turns a request that got no response into [`ApiError::Network`].
pub fn network(url: &str) -> impl FnOnce(gloo_net::Error) -> ApiError + '_ {
    move |error| ApiError::Network {
        url: url.to_owned(),
        detail: error.to_string(),
    }
}

/// The JSON body of a 2xx response, or the error the service answered with.
pub async fn json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|error| ApiError::Decode(error.to_string()))?;
    if !response.ok() {
        return Err(ApiError::from_http(status, &body));
    }
    serde_json::from_str(&body).map_err(|error| ApiError::Decode(error.to_string()))
}

/// Percent-encodes one URL path segment.
fn encode_segment(segment: &str) -> String {
    js_sys::encode_uri_component(segment).into()
}
