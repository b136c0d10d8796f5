//! Which headers cross the relay. Everything a person set goes on, both ways,
//! except what belongs to one hop or to the bridge:
//!
//! - hop-by-hop headers (RFC 9110 section 7.6.1) and those `Connection` names;
//! - towards the upstream, `host` (the target's own is sent), `origin` (the
//!   relay is a server-to-server call, which the upstream must not refuse for
//!   the page's origin), `content-length` (recomputed), the bridge's own
//!   `x-http-target` and `x-bridge-authorization` (so the bridge's token never
//!   leaves it), and `cookie`: a page cannot set that header, so any cookie
//!   that arrives is the browser's own for the bridge's host, nothing meant
//!   for the upstream;
//! - back to the page, `set-cookie`, which would land in the browser's jar
//!   for the bridge's host (and which a page cannot read anyway), and the
//!   upstream's `access-control-*`: what the page may do with the relay's
//!   answer is the bridge's CORS policy, not the upstream's.

use axum::http::{
    HeaderMap, HeaderName,
    header::{
        CONNECTION, CONTENT_LENGTH, COOKIE, HOST, ORIGIN, PROXY_AUTHENTICATE, PROXY_AUTHORIZATION,
        SET_COOKIE, TE, TRAILER, TRANSFER_ENCODING, UPGRADE,
    },
};
use switchboard_wire::http::{BRIDGE_AUTHORIZATION_HEADER, HTTP_TARGET_HEADER};

/// Headers that belong to one connection (RFC 9110 section 7.6.1), and
/// `proxy-connection`, which older clients still send.
const HOP_BY_HOP: &[&str] = &["keep-alive", "proxy-connection"];

/// Removes what must not reach the upstream.
pub fn strip_request(headers: &mut HeaderMap) {
    strip_hop_by_hop(headers);
    for name in [HOST, ORIGIN, CONTENT_LENGTH, COOKIE] {
        headers.remove(name);
    }
    for name in [HTTP_TARGET_HEADER, BRIDGE_AUTHORIZATION_HEADER] {
        headers.remove(name);
    }
}

/// Removes what must not reach the page. `content-length` stays: the body
/// comes back whole, and a `HEAD` answer keeps the size it announces.
pub fn strip_response(headers: &mut HeaderMap) {
    strip_hop_by_hop(headers);
    headers.remove(SET_COOKIE);
    let cors: Vec<HeaderName> = headers
        .keys()
        .filter(|name| name.as_str().starts_with("access-control-"))
        .cloned()
        .collect();
    for name in cors {
        headers.remove(name);
    }
}

fn strip_hop_by_hop(headers: &mut HeaderMap) {
    crate::hop_by_hop::remove_connection_named(headers);
    for name in [
        CONNECTION,
        TE,
        TRAILER,
        TRANSFER_ENCODING,
        UPGRADE,
        PROXY_AUTHENTICATE,
        PROXY_AUTHORIZATION,
    ] {
        headers.remove(name);
    }
    for name in HOP_BY_HOP {
        headers.remove(*name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(HeaderName::try_from(*name).unwrap(), value.parse().unwrap());
        }
        headers
    }

    fn names(headers: &HeaderMap) -> Vec<&str> {
        let mut names: Vec<&str> = headers.keys().map(HeaderName::as_str).collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn a_request_keeps_what_a_person_set_and_loses_hops_and_the_bridges_own() {
        let mut request = headers(&[
            ("connection", "keep-alive, x-hop"),
            ("x-hop", "1"),
            ("keep-alive", "timeout=5"),
            ("te", "trailers"),
            ("trailer", "x-sum"),
            ("transfer-encoding", "chunked"),
            ("upgrade", "websocket"),
            ("proxy-authorization", "Basic eA=="),
            ("proxy-connection", "keep-alive"),
            ("host", "bridge:3000"),
            ("origin", "http://page.test"),
            ("cookie", "session=bridge"),
            ("content-length", "3"),
            ("x-http-target", "http://127.0.0.1:3001/"),
            ("x-bridge-authorization", "Bearer bridge"),
            ("authorization", "Bearer upstream"),
            ("accept", "application/json"),
            ("x-tenant-id", "7"),
        ]);
        strip_request(&mut request);
        assert_eq!(names(&request), ["accept", "authorization", "x-tenant-id"]);
        assert_eq!(request["authorization"], "Bearer upstream");
    }

    #[test]
    fn an_answer_keeps_the_upstreams_headers_but_not_its_hops_cookies_or_cors() {
        let mut response = headers(&[
            ("connection", "close"),
            ("transfer-encoding", "chunked"),
            ("proxy-authenticate", "Basic"),
            ("set-cookie", "session=upstream"),
            ("access-control-allow-origin", "*"),
            ("access-control-expose-headers", "x-a"),
            ("content-type", "application/json"),
            ("content-length", "2"),
            ("etag", "\"v1\""),
            ("x-request-id", "r"),
            ("x-request-id", "s"),
        ]);
        strip_response(&mut response);
        assert_eq!(
            names(&response),
            ["content-length", "content-type", "etag", "x-request-id"]
        );
        assert_eq!(response.get_all("x-request-id").iter().count(), 2);
    }
}
