//! Share links: the current requests, encoded in the URL fragment. A fragment
//! never reaches a server, so the link leaks nothing to the page's host.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

use crate::requests::Requests;

/// The fragment parameter that carries the requests.
const PARAM: &str = "requests=";

/// `#requests=<base64url JSON>` for `requests`.
pub fn fragment(requests: &Requests) -> String {
    let json = serde_json::to_string(requests).unwrap_or_default();
    format!("#{PARAM}{}", URL_SAFE_NO_PAD.encode(json))
}

/// The requests in a fragment made by [`fragment`], if it holds any.
pub fn parse(fragment: &str) -> Option<Requests> {
    let encoded = fragment.trim_start_matches('#').strip_prefix(PARAM)?;
    let json = String::from_utf8(URL_SAFE_NO_PAD.decode(encoded).ok()?).ok()?;
    // From a `str`, as everything else the page reads: `from_slice` would be a
    // second copy of the whole deserialiser.
    serde_json::from_str(&json).ok()
}

/// The requests in the page's own URL fragment, if any.
pub fn from_location() -> Option<Requests> {
    let hash = web_sys::window()?.location().hash().ok()?;
    parse(&hash)
}

/// A link to this page that restores `requests`.
pub fn link(requests: &Requests) -> String {
    let Some(location) = web_sys::window().map(|window| window.location()) else {
        return fragment(requests);
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    format!("{origin}{path}{search}{}", fragment(requests))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::PayloadFormat;

    #[test]
    fn requests_survive_the_round_trip() {
        let mut requests = Requests::default();
        requests.users.id = "42".into();
        requests.greeter.metadata = "x-team: núcleo".into();
        requests.stream.deadline_ms = "500".into();
        requests.publish.payload = "{\"a\": [1, 2]}".into();
        requests.publish.format = PayloadFormat::Json;
        requests.publish.mandatory = false;
        let fragment = fragment(&requests);
        assert!(fragment.starts_with("#requests="));
        assert!(!fragment.contains('+') && !fragment.contains('/'));
        assert_eq!(parse(&fragment), Some(requests));
    }

    #[test]
    fn other_fragments_restore_nothing() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("#top"), None);
        assert_eq!(parse("#requests=!!!"), None);
    }
}
