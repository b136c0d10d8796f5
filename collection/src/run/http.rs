//! Sends a resolved HTTP item with reqwest, as prepared for the page too
//! (`HttpRequest::prepare`): enabled headers only, the auth helper written
//! out, and a body checked against its kind before anything goes out.

use std::time::Instant;

use base64::{Engine, engine::general_purpose::STANDARD};
use reqwest::{
    Client, Method, Url,
    header::{HeaderMap, HeaderName, HeaderValue},
    multipart,
};

use super::report::{Answer, Failure};
use crate::{
    PreparedBody,
    http::{HttpRequest, PartContent},
};

/// Sends `request` (resolved, auth not yet applied) and reads the answer.
pub async fn send(client: &Client, request: &HttpRequest) -> Result<Answer, Failure> {
    let prepared = request.prepare().map_err(Failure::NotSent)?;
    let method = Method::from_bytes(prepared.method.as_bytes())
        .map_err(|_| Failure::NotSent(format!("{:?} is not an HTTP method", prepared.method)))?;
    let url = Url::parse(&prepared.url)
        .map_err(|error| Failure::NotSent(format!("{:?} is not a URL: {error}", prepared.url)))?;
    let mut headers = HeaderMap::new();
    for (name, value) in &prepared.headers {
        // `prepare` checked both; what reqwest refuses beyond that is named.
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Failure::NotSent(format!("{name:?} is not a valid header name")))?;
        let value = HeaderValue::from_str(value).map_err(|_| {
            Failure::NotSent(format!(
                "the value of header {name:?} is not a valid header value"
            ))
        })?;
        headers.append(name, value);
    }
    let mut builder = client.request(method, url);
    match &prepared.body {
        PreparedBody::None => {}
        PreparedBody::Text(text) => builder = builder.body(text.clone()),
        // reqwest writes the content type with its boundary.
        PreparedBody::Multipart(parts) => builder = builder.multipart(multipart_form(parts)?),
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

fn multipart_form(parts: &[crate::http::Part]) -> Result<multipart::Form, Failure> {
    let mut form = multipart::Form::new();
    for part in parts {
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
