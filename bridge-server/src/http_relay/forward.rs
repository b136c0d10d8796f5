//! Sending one relayed request and bringing its answer back whole. The body
//! is read up to its limit before anything reaches the page, so an answer
//! too large or broken off is refused with a status of its own instead of
//! arriving cut short under the upstream's 200.

use std::time::Duration;

use axum::{
    body::Body,
    http::{HeaderMap, Method},
    response::Response,
};
use bytes::{Bytes, BytesMut};
use reqwest::{Client, Url, redirect::Policy};

use super::{HttpRelayError, HttpTargets, headers};
use crate::{
    causes::causes,
    upstream_ca::{self, UpstreamCa},
};

/// The relay: where it may send, how long it waits, how much it carries.
#[derive(Debug, Clone)]
pub struct HttpRelay {
    targets: HttpTargets,
    client: Client,
    timeout: Duration,
    body_limit: usize,
    response_limit: usize,
}

/// The relay's limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The longest wait for the whole answer, connecting included.
    pub timeout: Duration,
    /// The largest request body, in bytes.
    pub body: usize,
    /// The largest answer body, in bytes.
    pub response: usize,
}

impl HttpRelay {
    /// `https` targets are checked against the system's trusted roots and
    /// `ca`, if given.
    pub fn new(targets: HttpTargets, limits: Limits, ca: Option<&UpstreamCa>) -> Self {
        // No redirects: a 3xx goes back to the page as it is, so an allowed
        // target cannot point the bridge somewhere that is not. No proxies
        // from the environment, no cookie jar: each call stands alone.
        let client = Client::builder()
            .redirect(Policy::none())
            .no_proxy()
            .timeout(limits.timeout)
            .connect_timeout(limits.timeout);
        let client = upstream_ca::trusting(client, ca)
            .build()
            .expect("an HTTP client with checked certificates builds");
        Self {
            targets,
            client,
            timeout: limits.timeout,
            body_limit: limits.body,
            response_limit: limits.response,
        }
    }

    pub fn targets(&self) -> &HttpTargets {
        &self.targets
    }

    /// The largest request body, in bytes.
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// Sends `method url` with `headers` (already stripped) and `body`, and
    /// answers with the upstream's status, headers (stripped) and body.
    pub async fn send(
        &self,
        method: Method,
        url: Url,
        headers: HeaderMap,
        body: Bytes,
    ) -> Result<Response, HttpRelayError> {
        let target = url.to_string();
        let mut request = self.client.request(method, url).headers(headers);
        if !body.is_empty() {
            request = request.body(body);
        }
        let mut answer = request
            .send()
            .await
            .map_err(|error| self.failed(&target, &error, false))?;
        let too_large = || HttpRelayError::ResponseTooLarge {
            target: target.clone(),
            limit: self.response_limit,
        };
        if answer
            .content_length()
            .is_some_and(|length| length > self.response_limit as u64)
        {
            return Err(too_large());
        }
        let mut body = BytesMut::new();
        while let Some(chunk) = answer
            .chunk()
            .await
            .map_err(|error| self.failed(&target, &error, true))?
        {
            if body.len() + chunk.len() > self.response_limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let mut response = Response::new(Body::from(body.freeze()));
        *response.status_mut() = answer.status();
        *response.headers_mut() = answer.headers().clone();
        headers::strip_response(response.headers_mut());
        Ok(response)
    }

    /// What a failure of reqwest's means: a timeout, a request it cannot
    /// send, or an upstream it cannot reach or that broke off (`began`: the
    /// answer had started).
    fn failed(&self, target: &str, error: &reqwest::Error, began: bool) -> HttpRelayError {
        let target = target.to_owned();
        let cause = causes(error);
        tracing::debug!(%target, error = cause, began, "relay failed");
        if error.is_timeout() {
            HttpRelayError::Timeout {
                target,
                millis: self.timeout.as_millis(),
            }
        } else if error.is_builder() {
            HttpRelayError::InvalidHeader(cause)
        } else if began {
            HttpRelayError::BrokeOff { target, cause }
        } else {
            HttpRelayError::Unreachable { target, cause }
        }
    }
}
