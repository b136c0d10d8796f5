//! Where the HTTP relay may send requests (`HTTP_TARGETS`): origins, each
//! optionally narrowed to a path prefix. Entries and requested URLs are both
//! read by the WHATWG URL parser, so every spelling of one place (`HTTP://Host:80/`,
//! `http://host`, an IP in hex, `/a/../b`) is compared in one normal form
//! and nothing slips past the allowlist by spelling.

use std::{fmt, str::FromStr};

use reqwest::Url;

use super::HttpRelayError;

/// One allowed place: `scheme://host[:port]` and an optional path prefix,
/// which matches itself and whatever lies below it (`/api` allows `/api` and
/// `/api/users`, not `/apis`).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpTarget {
    https: bool,
    /// As the URL parser writes it: lower case, IPv6 in brackets.
    host: String,
    /// The port, the scheme's default when none is written.
    port: u16,
    /// Without a trailing `/`; empty for the whole origin.
    prefix: String,
}

impl HttpTarget {
    /// Whether `url` (already checked by [`checked_url`]) lies within this target.
    fn allows(&self, url: &Url) -> bool {
        let path = url.path();
        (url.scheme() == "https") == self.https
            && url.host_str() == Some(self.host.as_str())
            && url.port_or_known_default() == Some(self.port)
            && (self.prefix.is_empty()
                || path
                    .strip_prefix(&self.prefix)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
    }
}

/// Parses an allowlist entry: an origin, or an origin and a path prefix;
/// no credentials, query or fragment.
impl FromStr for HttpTarget {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let url = checked_url(text).map_err(|reason| format!("{text:?}: {reason}"))?;
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!(
                "{text:?} must be an origin, optionally with a path prefix, without a query or \
                 fragment, such as http://127.0.0.1:3001 or https://api.test/v1"
            ));
        }
        Ok(Self {
            https: url.scheme() == "https",
            host: url.host_str().unwrap_or_default().to_owned(),
            port: url.port_or_known_default().unwrap_or_default(),
            prefix: url.path().trim_end_matches('/').to_owned(),
        })
    }
}

impl fmt::Display for HttpTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (scheme, default_port) = if self.https {
            ("https", 443)
        } else {
            ("http", 80)
        };
        write!(f, "{scheme}://{}", self.host)?;
        if self.port != default_port {
            write!(f, ":{}", self.port)?;
        }
        f.write_str(&self.prefix)
    }
}

impl fmt::Debug for HttpTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// An absolute `http://` or `https://` URL with a host and no credentials,
/// in the URL parser's normal form; or why `text` is none.
pub fn checked_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|error| format!("not a URL: {error}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("only http:// and https:// URLs are relayed".to_owned());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it names no host".to_owned());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("it carries credentials; send them in a header instead".to_owned());
    }
    Ok(url)
}

/// The allowlist.
#[derive(Debug, Clone, Default)]
pub struct HttpTargets(Vec<HttpTarget>);

impl HttpTargets {
    pub fn new(targets: Vec<HttpTarget>) -> Self {
        Self(targets)
    }

    /// The URL `spelled` names, in normal form, if it lies within an allowed target.
    pub fn check(&self, spelled: &str) -> Result<Url, HttpRelayError> {
        let spelled = spelled.trim();
        let url = checked_url(spelled).map_err(|reason| HttpRelayError::InvalidTarget {
            target: spelled.to_owned(),
            reason,
        })?;
        if self.allows(&url) {
            Ok(url)
        } else {
            Err(HttpRelayError::NotAllowed(url.to_string()))
        }
    }

    /// Whether `url` lies within an allowed target.
    pub fn allows(&self, url: &Url) -> bool {
        self.0.iter().any(|target| target.allows(url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(entries: &[&str]) -> HttpTargets {
        HttpTargets::new(entries.iter().map(|entry| entry.parse().unwrap()).collect())
    }

    fn normal(text: &str) -> String {
        text.parse::<HttpTarget>().unwrap().to_string()
    }

    #[test]
    fn entries_are_kept_in_normal_form() {
        assert_eq!(normal(" http://127.0.0.1:3001/ "), "http://127.0.0.1:3001");
        assert_eq!(normal("HTTP://Users.Test:80"), "http://users.test");
        assert_eq!(normal("https://api.test:443/v1/"), "https://api.test/v1");
        assert_eq!(normal("http://[::1]:3001"), "http://[::1]:3001");
    }

    #[test]
    fn anything_but_an_origin_and_a_prefix_is_refused() {
        for (text, reason) in [
            ("127.0.0.1:3001", "not a URL"),
            ("localhost:3001", "only http"),
            ("ftp://files.test", "only http"),
            ("file:///etc/passwd", "only http"),
            ("http://user:pw@api.test", "credentials"),
            ("http://api.test/?a=1", "without a query"),
            ("http://api.test/#top", "without a query"),
            ("", "not a URL"),
        ] {
            let error = text.parse::<HttpTarget>().unwrap_err();
            assert!(error.contains(reason), "{text:?}: {error}");
        }
    }

    #[test]
    fn an_origin_allows_every_path_and_only_its_own_scheme_host_and_port() {
        let allowed = targets(&["http://127.0.0.1:3001"]);
        for url in [
            "http://127.0.0.1:3001",
            "http://127.0.0.1:3001/users/1?verbose=true",
            "HTTP://127.0.0.1:3001/a/../b",
            "http://0x7f.0.0.1:3001/",
        ] {
            assert!(allowed.check(url).is_ok(), "{url}");
        }
        for url in [
            "https://127.0.0.1:3001/",
            "http://127.0.0.1:3002/",
            "http://127.0.0.1/",
            "http://localhost:3001/",
            "http://127.0.0.1:3001@evil.test/",
            "http://evil.test/?http://127.0.0.1:3001",
        ] {
            assert!(allowed.check(url).is_err(), "{url}");
        }
    }

    #[test]
    fn a_prefix_allows_itself_and_below_on_a_segment_boundary() {
        let allowed = targets(&["https://api.test/v1"]);
        for url in ["https://api.test/v1", "https://api.test:443/v1/users?x=1"] {
            assert!(allowed.check(url).is_ok(), "{url}");
        }
        for url in [
            "https://api.test/",
            "https://api.test/v10",
            "https://api.test/v1/../admin",
            "https://api.test/v1/%2e%2e/admin",
        ] {
            assert!(allowed.check(url).is_err(), "{url}");
        }
    }

    #[test]
    fn a_url_that_cannot_be_relayed_says_why() {
        let allowed = targets(&["http://127.0.0.1:3001"]);
        for (url, reason) in [
            ("/users/1", "not a URL"),
            ("ws://127.0.0.1:3001/", "only http"),
            ("http://a:b@127.0.0.1:3001/", "credentials"),
        ] {
            match allowed.check(url) {
                Err(HttpRelayError::InvalidTarget { reason: why, .. }) => {
                    assert!(why.contains(reason), "{url}: {why}");
                }
                other => panic!("{url}: {other:?}"),
            }
        }
    }
}
