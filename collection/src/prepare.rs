//! An HTTP request as it goes on the wire, checked first: the one place that
//! says what the page and the runner send. The method and header names are
//! tokens, values hold no line breaks, the URL is http or https, the auth
//! helper is written out, a JSON body is JSON, and each body kind sets its
//! content type unless a header gives one (multipart's, with its boundary,
//! is the sender's to write).

use serde::de::IgnoredAny;

use crate::http::{Body, HttpRequest, Part};

/// What is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// Upper case.
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: PreparedBody,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PreparedBody {
    None,
    Text(String),
    /// The enabled parts, for the sender to encode with a boundary of its own.
    Multipart(Vec<Part>),
}

impl HttpRequest {
    /// The request as sent, or why it cannot be: every refusal names what is
    /// wrong. Call it on a resolved request (see [`crate::resolve`]).
    pub fn prepare(&self) -> Result<Prepared, String> {
        let method = self.method.trim().to_uppercase();
        if method.is_empty() || !method.bytes().all(is_token_byte) {
            return Err(format!("{:?} is not an HTTP method", self.method));
        }
        let sent = self.with_auth();
        let url = sent.url.trim().to_owned();
        let scheme_ok = url.starts_with("http://") || url.starts_with("https://");
        if !scheme_ok
            || url
                .split_once("://")
                .is_none_or(|(_, rest)| rest.is_empty())
        {
            return Err(format!(
                "{url:?} is not a URL: it must start with http:// or https://"
            ));
        }
        let mut headers = Vec::new();
        for header in sent.enabled_headers() {
            let name = header.name.trim();
            if name.is_empty() && header.value.trim().is_empty() {
                continue;
            }
            check_header(name, &header.value)?;
            headers.push((name.to_owned(), header.value.trim().to_owned()));
        }
        let given_type = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, value)| value.to_ascii_lowercase());
        let has_content_type = given_type.is_some();
        // A header that names another kind of body than the one written.
        let clash = |kind: &str, fits: fn(&str) -> bool| match &given_type {
            Some(given) if !fits(given) => Err(format!(
                "the body is {kind}, but the content-type header says {given:?}: change one of them"
            )),
            _ => Ok(()),
        };
        let mut content_type = |value: &str| {
            if !has_content_type {
                headers.push(("content-type".to_owned(), value.to_owned()));
            }
        };
        let body = match &sent.body {
            Body::None => PreparedBody::None,
            Body::Json(text) => {
                clash("JSON", |given| given.contains("json"))?;
                serde_json::from_str::<IgnoredAny>(text)
                    .map_err(|error| format!("the body is not valid JSON: {error}"))?;
                content_type("application/json");
                PreparedBody::Text(text.clone())
            }
            Body::Text(text) => {
                content_type("text/plain; charset=utf-8");
                PreparedBody::Text(text.clone())
            }
            Body::Form(fields) => {
                clash("a form", |given| {
                    given.starts_with("application/x-www-form-urlencoded")
                })?;
                let enabled = fields.iter().filter(|field| field.enabled);
                let encoded = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(enabled.map(|field| (field.name.trim(), field.value.as_str())))
                    .finish();
                content_type("application/x-www-form-urlencoded");
                PreparedBody::Text(encoded)
            }
            Body::Multipart(parts) => {
                if has_content_type {
                    return Err("remove the content-type header: a multipart body's, with \
                                its boundary, is written when it is sent"
                        .to_owned());
                }
                PreparedBody::Multipart(parts.iter().filter(|part| part.enabled).cloned().collect())
            }
        };
        Ok(Prepared {
            method,
            url,
            headers,
            body,
        })
    }

    /// The query's parameters, in order, decoded.
    pub fn query(&self) -> Vec<(String, String)> {
        let (_, query, _) = split_url(&self.url);
        form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }

    /// Replaces the query with `params`, encoded as a form encodes them. A
    /// parameter without a name stays, so that a table being filled in keeps
    /// its new row.
    pub fn set_query(&mut self, params: &[(String, String)]) {
        let (base, _, fragment) = split_url(&self.url);
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        let mut url = base.to_owned();
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        url.push_str(fragment);
        self.url = url;
    }
}

/// The URL before its query, the query, and the fragment (with its `#`).
fn split_url(url: &str) -> (&str, &str, &str) {
    let (rest, fragment) = match url.find('#') {
        Some(at) => url.split_at(at),
        None => (url, ""),
    };
    match rest.split_once('?') {
        Some((base, query)) => (base, query, fragment),
        None => (rest, "", fragment),
    }
}

/// RFC 9110's `tchar`: what a method or a header name is made of.
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

fn check_header(name: &str, value: &str) -> Result<(), String> {
    if name.is_empty() || !name.bytes().all(is_token_byte) {
        return Err(format!(
            "{name:?} is not a valid header name: use letters, digits and - _ . ! # $ % & ' * + ^ ` | ~"
        ));
    }
    if value.chars().any(|c| matches!(c, '\r' | '\n' | '\0')) {
        return Err(format!(
            "the value of header {name} holds a line break, which no header may"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Auth, Pair, http::PartContent};

    fn request(method: &str, url: &str) -> HttpRequest {
        HttpRequest::new(method, url)
    }

    #[test]
    fn the_query_table_and_the_url_stay_in_step() {
        let mut request = request("GET", "http://h.test/users?q=ada%20l&page=2#top");
        assert_eq!(
            request.query(),
            [("q".into(), "ada l".into()), ("page".into(), "2".into())]
        );
        request.set_query(&[
            ("q".into(), "grace & co".into()),
            (String::new(), String::new()),
        ]);
        assert_eq!(request.url, "http://h.test/users?q=grace+%26+co&=#top");
        assert_eq!(request.query().len(), 2);
        request.set_query(&[]);
        assert_eq!(request.url, "http://h.test/users#top");
    }

    #[test]
    fn each_body_kind_gets_its_content_type_and_json_is_checked() {
        let mut request = request("post", "http://h.test/users");
        request.body = Body::Json("{\"name\": ".into());
        let error = request.prepare().unwrap_err();
        assert!(
            error.contains("not valid JSON") && error.contains("line 1"),
            "{error}"
        );
        request.body = Body::Json("{\"name\": \"Ada\"}".into());
        let prepared = request.prepare().unwrap();
        assert_eq!(prepared.method, "POST");
        assert_eq!(
            prepared.headers,
            [("content-type".into(), "application/json".into())]
        );
        request.body = Body::Form(vec![Pair::new("name", "Ada L"), Pair::new("x", "&")]);
        let prepared = request.prepare().unwrap();
        assert_eq!(prepared.body, PreparedBody::Text("name=Ada+L&x=%26".into()));
        // A header may name the type, as long as it fits the body.
        request.headers = vec![Pair::new("Content-Type", "text/csv")];
        let error = request.prepare().unwrap_err();
        assert!(
            error.contains("the body is a form") && error.contains("text/csv"),
            "{error}"
        );
        request.body = Body::Text("a,b".into());
        let prepared = request.prepare().unwrap();
        assert_eq!(
            prepared.headers,
            [("Content-Type".into(), "text/csv".into())]
        );
        request.body = Body::Json("{}".into());
        assert!(request.prepare().unwrap_err().contains("the body is JSON"));
        request.headers = vec![Pair::new("content-type", "application/merge-patch+json")];
        assert!(request.prepare().is_ok());
        request.body = Body::Multipart(vec![crate::Part {
            name: "a".into(),
            content: PartContent::Text("1".into()),
            enabled: true,
        }]);
        assert!(request.prepare().unwrap_err().contains("boundary"));
    }

    #[test]
    fn bad_methods_urls_and_headers_are_named() {
        assert!(request("GE T", "http://h.test").prepare().is_err());
        assert!(request("PURGE", "http://h.test/cache").prepare().is_ok());
        let error = request("GET", "h.test/x").prepare().unwrap_err();
        assert!(error.contains("http://"), "{error}");
        assert!(request("GET", "http://").prepare().is_err());
        let mut bad = request("GET", "http://h.test/x");
        bad.headers = vec![Pair::new("x bad", "1")];
        assert!(bad.prepare().unwrap_err().contains("\"x bad\""));
        bad.headers = vec![Pair::new("x-ok", "a\nb")];
        assert!(bad.prepare().unwrap_err().contains("x-ok"));
        bad.headers[0].enabled = false;
        assert!(bad.prepare().is_ok());
    }

    #[test]
    fn the_auth_helper_is_written_out() {
        let mut request = request("GET", "http://h.test/x");
        request.auth = Auth::Bearer { token: "t".into() };
        let prepared = request.prepare().unwrap();
        assert_eq!(
            prepared.headers,
            [("Authorization".into(), "Bearer t".into())]
        );
    }
}
