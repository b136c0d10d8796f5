//! One Postman request turned into Switchboard's: its URL, headers, body and
//! auth. What cannot be carried over is said in a warning.

use serde_json::Value;

use super::schema::{self, KeyValue, OrString, attribute, text};
use crate::{
    expect::ExpectedStatus,
    http::{ApiKeyLocation, Auth, Body, FilePart, Part, PartContent},
    request::Pair,
};

/// The request's URL: its raw text when Postman kept it, else put together
/// from the parts; with path variables (`/users/:id`) filled in where they
/// have a value.
pub fn url(url: &OrString<schema::Url>) -> String {
    let url = match url {
        OrString::Text(raw) => return raw.clone(),
        OrString::Value(url) => url,
    };
    let raw = url.raw.clone().unwrap_or_else(|| assemble(url));
    fill_path_variables(&raw, url.variable.as_deref().unwrap_or_default())
}

fn assemble(url: &schema::Url) -> String {
    let mut out = String::new();
    if let Some(protocol) = &url.protocol {
        out.push_str(protocol);
        out.push_str("://");
    }
    match &url.host {
        Some(OrString::Text(host)) => out.push_str(host),
        Some(OrString::Value(parts)) => out.push_str(&parts.join(".")),
        None => {}
    }
    if let Some(port) = url.port.as_deref().filter(|port| !port.is_empty()) {
        out.push(':');
        out.push_str(port);
    }
    match &url.path {
        Some(OrString::Text(path)) => {
            if !path.starts_with('/') {
                out.push('/');
            }
            out.push_str(path);
        }
        Some(OrString::Value(segments)) => {
            for segment in segments {
                out.push('/');
                match segment {
                    OrString::Text(segment) => out.push_str(segment),
                    OrString::Value(segment) => {
                        out.push_str(segment.value.as_deref().unwrap_or_default());
                    }
                }
            }
        }
        None => {}
    }
    let query: Vec<String> = url
        .query
        .iter()
        .flatten()
        .filter(|parameter| parameter.disabled != Some(true))
        .map(|parameter| match &parameter.value {
            None | Some(Value::Null) => parameter.key.clone().unwrap_or_default(),
            value => format!(
                "{}={}",
                parameter.key.as_deref().unwrap_or_default(),
                text(value.as_ref())
            ),
        })
        .collect();
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query.join("&"));
    }
    out
}

/// Replaces each path segment `:name` by the value of the path variable
/// `name`, when it has one; the query and fragment are left alone.
fn fill_path_variables(url: &str, variables: &[KeyValue]) -> String {
    if variables.is_empty() {
        return url.to_owned();
    }
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let (path, rest) = url.split_at(end);
    let filled: Vec<String> = path
        .split('/')
        .map(|segment| {
            let value = segment.strip_prefix(':').and_then(|name| {
                variables
                    .iter()
                    .find(|variable| variable.key.as_deref() == Some(name))
                    .map(|variable| text(variable.value.as_ref()))
                    .filter(|value| !value.is_empty())
            });
            value.unwrap_or_else(|| segment.to_owned())
        })
        .collect();
    format!("{}{rest}", filled.join("/"))
}

/// Headers, disabled ones kept as disabled. The older text form, one
/// `Name: value` a line, marks a disabled one with a leading `//`.
pub fn headers(headers: &OrString<Vec<schema::Header>>) -> Vec<Pair> {
    match headers {
        OrString::Value(headers) => headers
            .iter()
            .map(|header| Pair {
                name: header.key.clone(),
                value: text(header.value.as_ref()),
                enabled: header.disabled != Some(true),
            })
            .collect(),
        OrString::Text(lines) => lines
            .lines()
            .filter_map(|line| {
                let line = line.trim();
                let (enabled, line) = match line.strip_prefix("//") {
                    Some(rest) => (false, rest.trim()),
                    None => (true, line),
                };
                let (name, value) = line.split_once(':')?;
                Some(Pair {
                    name: name.trim().to_owned(),
                    value: value.trim().to_owned(),
                    enabled,
                })
            })
            .collect(),
    }
}

/// The body, and what could not be carried over.
pub fn body(body: &schema::Body, warnings: &mut Vec<String>) -> Body {
    if body.disabled == Some(true) {
        return Body::None;
    }
    let mode = body
        .mode
        .as_deref()
        .unwrap_or(if body.raw.is_some() { "raw" } else { "" });
    match mode {
        "raw" => raw(body),
        "urlencoded" => Body::Form(
            body.urlencoded
                .iter()
                .flatten()
                .map(|field| Pair {
                    name: field.key.clone().unwrap_or_default(),
                    value: text(field.value.as_ref()),
                    enabled: field.disabled != Some(true),
                })
                .collect(),
        ),
        "formdata" => Body::Multipart(
            body.formdata
                .iter()
                .flatten()
                .map(|parameter| part(parameter, warnings))
                .collect(),
        ),
        "graphql" => {
            let graphql = body.graphql.as_ref();
            let query = graphql.and_then(|g| g.query.clone()).unwrap_or_default();
            let variables = graphql
                .and_then(|g| g.variables.as_deref())
                .filter(|variables| !variables.trim().is_empty())
                .map(|variables| {
                    serde_json::from_str(variables)
                        .unwrap_or_else(|_| Value::String(variables.to_owned()))
                });
            let mut json = serde_json::Map::new();
            json.insert("query".into(), Value::String(query));
            if let Some(variables) = variables {
                json.insert("variables".into(), variables);
            }
            Body::Json(Value::Object(json).to_string())
        }
        "" => Body::None,
        other => {
            warnings.push(format!(
                "its {other} body is not imported: a Postman export does not hold the file"
            ));
            Body::None
        }
    }
}

/// A raw body is JSON when Postman's language option says so, or when it
/// reads as JSON; otherwise text.
fn raw(body: &schema::Body) -> Body {
    let raw = body.raw.clone().unwrap_or_default();
    if raw.is_empty() {
        return Body::None;
    }
    let language = body
        .options
        .as_ref()
        .and_then(|options| options.pointer("/raw/language"))
        .and_then(Value::as_str);
    let looks_like_json = matches!(raw.trim_start().chars().next(), Some('{' | '['))
        && serde_json::from_str::<serde::de::IgnoredAny>(&raw).is_ok();
    if language == Some("json") || (language.is_none() && looks_like_json) {
        Body::Json(raw)
    } else {
        Body::Text(raw)
    }
}

fn part(parameter: &schema::FormParameter, warnings: &mut Vec<String>) -> Part {
    let name = parameter.key.clone().unwrap_or_default();
    let enabled = parameter.disabled != Some(true);
    if parameter.kind.as_deref() != Some("file") {
        return Part {
            name,
            content: PartContent::Text(text(parameter.value.as_ref())),
            enabled,
        };
    }
    // `src` is a path on the exporter's disk (or a list of them), which does
    // not travel with the collection.
    let source = match &parameter.src {
        Some(Value::Array(sources)) => text(sources.first()),
        other => text(other.as_ref()),
    };
    let file_name = source
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .to_owned();
    warnings.push(format!(
        "its file part {name:?} ({}) is imported empty: a Postman export does not hold the file; \
         choose it again",
        if file_name.is_empty() {
            "no file"
        } else {
            &file_name
        }
    ));
    Part {
        name,
        content: PartContent::File(FilePart {
            file_name,
            content_type: parameter.content_type.clone().unwrap_or_default(),
            base64: String::new(),
        }),
        enabled,
    }
}

/// The auth helper, or none with a warning for a kind that is not carried
/// over.
pub fn auth(auth: &schema::Auth, warnings: &mut Vec<String>) -> Auth {
    let empty = Vec::new();
    match auth.kind.as_deref().unwrap_or("noauth") {
        "noauth" => Auth::None,
        "bearer" => Auth::Bearer {
            token: attribute(auth.bearer.as_ref().unwrap_or(&empty), "token"),
        },
        "basic" => {
            let attributes = auth.basic.as_ref().unwrap_or(&empty);
            Auth::Basic {
                user: attribute(attributes, "username"),
                password: attribute(attributes, "password"),
            }
        }
        "apikey" => {
            let attributes = auth.apikey.as_ref().unwrap_or(&empty);
            Auth::ApiKey {
                name: attribute(attributes, "key"),
                value: attribute(attributes, "value"),
                location: if attribute(attributes, "in") == "query" {
                    ApiKeyLocation::Query
                } else {
                    ApiKeyLocation::Header
                },
            }
        }
        other => {
            warnings.push(format!(
                "its {other} auth is not imported (bearer, basic and API key are)"
            ));
            Auth::None
        }
    }
}

/// The status a Postman test asserts with `pm.response.to.have.status(201)`,
/// the common form; tests themselves are not run.
pub fn expected_status(lines: &[String]) -> Option<ExpectedStatus> {
    const CALL: &str = "to.have.status(";
    lines.iter().find_map(|line| {
        let start = line.find(CALL)? + CALL.len();
        let digits: String = line[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    })
}
