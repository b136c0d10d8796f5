//! The relay's CORS, and how its answers tell the bridge's refusals from the
//! upstream's. A page may send any method and any header through the relay,
//! and read every header of the answer; the origins allowed are the bridge's
//! (`ALLOWED_ORIGINS`), as on every other route.
//!
//! tower-http answers every `OPTIONS` request as a preflight. A relayed
//! `OPTIONS` (one without `access-control-request-method`, which a preflight
//! always has) is therefore carried past the CORS layer under a stand-in
//! method, its own kept in [`RelayedMethod`].

use axum::{
    extract::Request,
    http::{HeaderValue, Method, header::ACCESS_CONTROL_REQUEST_METHOD},
    middleware::Next,
    response::Response,
};
use switchboard_service::{ANY_HEADER, CorsArgs};
use switchboard_wire::{ErrorBody, http::RELAY_REFUSED_HEADER};
use tower_http::cors::{AllowMethods, CorsLayer};

/// Response headers the page may read: through `*`, every header of the
/// upstream's (the bridge allows no credentials, so the wildcard applies),
/// and, named for older browsers, the bridge's own.
const EXPOSE_HEADERS: &[&str] = &[RELAY_REFUSED_HEADER, "retry-after", "www-authenticate", "*"];

/// Any method (the preflight's own, mirrored), any request header.
pub fn layer(cors: &CorsArgs) -> CorsLayer {
    cors.layer(&[], &[ANY_HEADER], EXPOSE_HEADERS)
        .allow_methods(AllowMethods::mirror_request())
}

/// The method a request came with, when the router saw a stand-in.
#[derive(Debug, Clone)]
pub struct RelayedMethod(pub Method);

/// Outside the CORS layer: a relayed `OPTIONS` passes it as a request, not a
/// preflight.
pub async fn relayed_options(mut request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS
        && !request
            .headers()
            .contains_key(ACCESS_CONTROL_REQUEST_METHOD)
    {
        *request.method_mut() = stand_in();
        request
            .extensions_mut()
            .insert(RelayedMethod(Method::OPTIONS));
    }
    next.run(request).await
}

fn stand_in() -> Method {
    Method::from_bytes(b"RELAYED-OPTIONS").expect("a token is a method")
}

/// Marks every refusal of the bridge's own (its JSON errors, which carry their
/// [`ErrorBody`]) with `x-relay-refused: <code>`; the upstream's answers
/// never carry it.
pub async fn mark_refusals(mut response: Response) -> Response {
    let code = response
        .extensions()
        .get::<ErrorBody>()
        .and_then(|refusal| HeaderValue::from_str(&refusal.error).ok());
    if let Some(code) = code {
        response.headers_mut().insert(RELAY_REFUSED_HEADER, code);
    }
    response
}
