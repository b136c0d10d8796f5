//! The users REST API, called straight from the browser with gloo-net.

use gloo_net::http::Method;
use switchboard_wire::User;

use super::{
    capture::{Captured, Traced},
    error::ApiError,
    http,
};
use crate::{
    requests::{UsersRequest, parse_pairs},
    trace::Trace,
};

/// `GET {base}/users/{id}` with the request's headers and a `traceparent`.
pub async fn fetch_user(base: &str, request: &UsersRequest, trace: &Trace) -> Traced<User> {
    let url = format!("{base}/users/{}", encode_segment(request.id.trim()));
    let mut headers = match parse_pairs(&request.headers) {
        Ok(headers) => headers,
        Err(error) => {
            let sent = Captured::new(format!("GET {url}"), vec![], "");
            return Traced::refused(sent, ApiError::Input(error));
        }
    };
    headers.push(("traceparent".to_owned(), trace.traceparent()));
    http::json(http::call(Method::GET, &url, headers, None).await)
}

/// Percent-encodes one URL path segment.
fn encode_segment(segment: &str) -> String {
    js_sys::encode_uri_component(segment).into()
}
