//! The auth helpers written out as what they send: an `Authorization` header,
//! or an API key as a header or a query parameter.

use base64::{Engine, engine::general_purpose::STANDARD};

use crate::{
    http::{ApiKeyLocation, Auth, HttpRequest},
    request::Pair,
};

impl Auth {
    /// The header this auth sends, if it sends one.
    pub fn header(&self) -> Option<Pair> {
        match self {
            Auth::None => None,
            Auth::Bearer { token } => Some(Pair::new("Authorization", format!("Bearer {token}"))),
            Auth::Basic { user, password } => Some(Pair::new(
                "Authorization",
                format!("Basic {}", STANDARD.encode(format!("{user}:{password}"))),
            )),
            Auth::ApiKey {
                name,
                value,
                location: ApiKeyLocation::Header,
            } => Some(Pair::new(name.clone(), value.clone())),
            Auth::ApiKey { .. } => None,
        }
    }

    /// The query parameter this auth adds, if it adds one.
    pub fn query(&self) -> Option<(&str, &str)> {
        match self {
            Auth::ApiKey {
                name,
                value,
                location: ApiKeyLocation::Query,
            } => Some((name, value)),
            _ => None,
        }
    }
}

impl HttpRequest {
    /// The request as it is sent: the auth written into its header or query
    /// parameter, and `auth` set to none. Call it on a resolved request (see
    /// [`crate::resolve`]), so that the values are the real ones. A header the
    /// auth writes replaces enabled headers of the same name: the helper is
    /// what the person chose last.
    pub fn with_auth(&self) -> HttpRequest {
        let mut request = self.clone();
        request.auth = Auth::None;
        if let Some(header) = self.auth.header() {
            request
                .headers
                .retain(|h| !(h.enabled && h.name.eq_ignore_ascii_case(&header.name)));
            request.headers.push(header);
        }
        if let Some((name, value)) = self.auth.query() {
            request.url = add_query(&self.url, name, value);
        }
        request
    }
}

/// `url` with `name=value` appended to its query, both percent-encoded as a
/// form does, before any `#fragment`.
fn add_query(url: &str, name: &str, value: &str) -> String {
    let (base, fragment) = match url.find('#') {
        Some(at) => url.split_at(at),
        None => (url, ""),
    };
    let pair = form_urlencoded::Serializer::new(String::new())
        .append_pair(name, value)
        .finish();
    let separator = match base.find('?') {
        None => "?",
        Some(_) if base.ends_with('?') || base.ends_with('&') => "",
        Some(_) => "&",
    };
    format!("{base}{separator}{pair}{fragment}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(auth: Auth) -> HttpRequest {
        HttpRequest {
            auth,
            headers: vec![
                Pair::new("authorization", "old"),
                Pair::disabled("Authorization", "kept"),
                Pair::new("Accept", "application/json"),
            ],
            ..HttpRequest::new("GET", "http://h/users?page=2#top")
        }
    }

    #[test]
    fn bearer_replaces_an_enabled_authorization_header() {
        let sent = request(Auth::Bearer {
            token: "t0k".into(),
        })
        .with_auth();
        assert_eq!(sent.auth, Auth::None);
        assert_eq!(
            sent.headers,
            [
                Pair::disabled("Authorization", "kept"),
                Pair::new("Accept", "application/json"),
                Pair::new("Authorization", "Bearer t0k"),
            ]
        );
    }

    #[test]
    fn basic_is_base64_of_user_and_password() {
        let auth = Auth::Basic {
            user: "Aladdin".into(),
            password: "open sesame".into(),
        };
        // RFC 7617's own example.
        assert_eq!(
            auth.header().unwrap().value,
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }

    #[test]
    fn api_key_goes_in_a_header_or_the_query() {
        let header = request(Auth::ApiKey {
            name: "X-API-Key".into(),
            value: "k".into(),
            location: ApiKeyLocation::Header,
        })
        .with_auth();
        assert_eq!(header.headers.last(), Some(&Pair::new("X-API-Key", "k")));
        assert_eq!(header.url, "http://h/users?page=2#top");

        let query = request(Auth::ApiKey {
            name: "api key".into(),
            value: "a&b=c".into(),
            location: ApiKeyLocation::Query,
        })
        .with_auth();
        assert_eq!(query.url, "http://h/users?page=2&api+key=a%26b%3Dc#top");
        assert_eq!(query.headers.len(), 3, "no header is added");
    }

    #[test]
    fn query_starts_or_continues_the_query_string() {
        assert_eq!(add_query("http://h/x", "k", "v"), "http://h/x?k=v");
        assert_eq!(add_query("http://h/x?", "k", "v"), "http://h/x?k=v");
        assert_eq!(add_query("http://h/x?a=1&", "k", "v"), "http://h/x?a=1&k=v");
    }

    #[test]
    fn no_auth_changes_nothing() {
        let request = request(Auth::None);
        assert_eq!(request.with_auth(), request);
    }
}
