//! Sends a resolved HTTP item with reqwest, the way the page would: enabled
//! headers only, the auth helper written out, and a body checked against its
//! kind before anything goes out.

use std::time::Instant;

use base64::{Engine, engine::general_purpose::STANDARD};
use reqwest::{
    Client, Method, Url,
    header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue},
    multipart,
};
use serde::de::IgnoredAny;

use super::report::{Answer, Failure};
use crate::http::{Body, HttpRequest, PartContent};

/// Sends `request` (resolved, auth not yet applied) and reads the answer.
pub async fn send(client: &Client, request: &HttpRequest) -> Result<Answer, Failure> {
    let request = request.with_auth();
    let method = Method::from_bytes(request.method.trim().as_bytes())
        .map_err(|_| Failure::NotSent(format!("{:?} is not an HTTP method", request.method)))?;
    let url = Url::parse(request.url.trim())
        .map_err(|error| Failure::NotSent(format!("{:?} is not a URL: {error}", request.url)))?;
    let mut headers = HeaderMap::new();
    for header in request.enabled_headers() {
        let name = HeaderName::from_bytes(header.name.trim().as_bytes()).map_err(|_| {
            Failure::NotSent(format!("{:?} is not a valid header name", header.name))
        })?;
        let value = HeaderValue::from_str(header.value.trim()).map_err(|_| {
            Failure::NotSent(format!(
                "the value of header {:?} is not a valid header value",
                header.name
            ))
        })?;
        headers.append(name, value);
    }
    let mut builder = client.request(method, url);
    match &request.body {
        Body::None => {}
        Body::Json(text) => {
            serde_json::from_str::<IgnoredAny>(text).map_err(|error| {
                Failure::NotSent(format!("the body is not valid JSON: {error}"))
            })?;
            default_type(&mut headers, "application/json");
            builder = builder.body(text.clone());
        }
        Body::Text(text) => {
            default_type(&mut headers, "text/plain; charset=utf-8");
            builder = builder.body(text.clone());
        }
        Body::Form(fields) => {
            let mut form = form_urlencoded::Serializer::new(String::new());
            for field in fields.iter().filter(|field| field.enabled) {
                form.append_pair(&field.name, &field.value);
            }
            default_type(&mut headers, "application/x-www-form-urlencoded");
            builder = builder.body(form.finish());
        }
        Body::Multipart(parts) => {
            // reqwest writes the content type with its boundary.
            headers.remove(CONTENT_TYPE);
            builder = builder.multipart(multipart_form(parts)?);
        }
    }
    let started = Instant::now();
    let response = builder
        .headers(headers)
        .send()
        .await
        .map_err(|error| Failure::NoAnswer(describe(&error)))?;
    let status = response.status().as_u16();
    let body = response
        .bytes()
        .await
        .map_err(|error| Failure::NoAnswer(describe(&error)))?;
    Ok(Answer {
        status,
        elapsed: started.elapsed(),
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// Sets the content type a body kind implies, unless a header gave one.
fn default_type(headers: &mut HeaderMap, value: &'static str) {
    if !headers.contains_key(CONTENT_TYPE) {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(value));
    }
}

fn multipart_form(parts: &[crate::http::Part]) -> Result<multipart::Form, Failure> {
    let mut form = multipart::Form::new();
    for part in parts.iter().filter(|part| part.enabled) {
        let content = match &part.content {
            PartContent::Text(text) => multipart::Part::text(text.clone()),
            PartContent::File(file) => {
                let bytes = STANDARD.decode(file.base64.trim()).map_err(|error| {
                    Failure::NotSent(format!(
                        "the file of part {:?} is not valid base64: {error}",
                        part.name
                    ))
                })?;
                let content = multipart::Part::bytes(bytes).file_name(file.file_name.clone());
                if file.content_type.is_empty() {
                    content
                } else {
                    content.mime_str(&file.content_type).map_err(|_| {
                        Failure::NotSent(format!(
                            "{:?} (part {:?}) is not a content type",
                            file.content_type, part.name
                        ))
                    })?
                }
            }
        };
        form = form.part(part.name.clone(), content);
    }
    Ok(form)
}

/// reqwest's error with its causes, which say what actually went wrong
/// (connection refused, timed out…), without the URL.
pub fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    // The item's line shows the URL already.
    if let Some(url) = error.url() {
        text = text.replace(&format!(" for url ({url})"), "");
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
