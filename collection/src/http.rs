//! A saved HTTP request: any method, URL, headers, a body of one of five
//! kinds, and an auth helper that writes a header or a query parameter
//! (see `auth.rs`).

use serde::{Deserialize, Serialize};

use crate::request::{Pair, is_true, yes};

/// Any HTTP request. The query string stays in `url`, its single source of
/// truth; a form that shows it as a table reads it from there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpRequest {
    /// Any method, including custom ones; `GET` when absent.
    pub method: String,
    pub url: String,
    pub headers: Vec<Pair>,
    pub body: Body,
    pub auth: Auth,
    /// Whether the page sends it through the bridge's HTTP relay, for a
    /// target that refuses the page's origin. The runner is no browser: it
    /// always goes straight.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub via_bridge: bool,
}

impl Default for HttpRequest {
    fn default() -> Self {
        Self {
            method: "GET".to_owned(),
            url: String::new(),
            headers: Vec::new(),
            body: Body::None,
            auth: Auth::None,
            via_bridge: false,
        }
    }
}

impl HttpRequest {
    /// A request with no headers, body or auth.
    pub fn new(method: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            method: method.into(),
            url: url.into(),
            ..Self::default()
        }
    }

    /// The enabled headers, as sent.
    pub fn enabled_headers(&self) -> impl Iterator<Item = &Pair> {
        self.headers.iter().filter(|header| header.enabled)
    }
}

/// The body. In the file: `"none"`, `{"json": "…"}`, `{"text": "…"}`,
/// `{"form": [pairs]}` or `{"multipart": [parts]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    #[default]
    None,
    /// JSON text, kept as written (with its `{{variables}}`); checked when
    /// sent. `Content-Type: application/json` unless a header says otherwise.
    Json(String),
    /// `text/plain; charset=utf-8` unless a header says otherwise.
    Text(String),
    /// `application/x-www-form-urlencoded`.
    Form(Vec<Pair>),
    /// `multipart/form-data`.
    Multipart(Vec<Part>),
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub name: String,
    pub content: PartContent,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
}

/// What a part holds: `{"text": "…"}` or `{"file": {…}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartContent {
    Text(String),
    File(FilePart),
}

/// A file sent as a part, carried in the collection itself so that the
/// collection runs anywhere.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FilePart {
    pub file_name: String,
    /// Empty for `application/octet-stream`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub content_type: String,
    /// The file's bytes in standard base64.
    pub base64: String,
}

/// An auth helper. In the file: `"none"`, `{"bearer": {"token": "…"}}`,
/// `{"basic": {"user": "…", "password": "…"}}` or
/// `{"api_key": {"name": "…", "value": "…", "in": "header"}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Auth {
    #[default]
    None,
    Bearer {
        token: String,
    },
    Basic {
        user: String,
        #[serde(default)]
        password: String,
    },
    ApiKey {
        name: String,
        value: String,
        #[serde(rename = "in", default)]
        location: ApiKeyLocation,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiKeyLocation {
    #[default]
    Header,
    Query,
}
