//! Any HTTP request, from the HTTP console: straight from the browser, or
//! through the bridge's relay to a target that refuses the page's origin.
//! The whole response comes back for the console to show; the timeline gets a
//! cut of it.

use base64::Engine as _;
use gloo_net::http::{Method, RequestBuilder, Response};
use js_sys::{Array, Uint8Array};
use switchboard_collection::{Part, PartContent, Prepared, PreparedBody};
use switchboard_wire::http::{
    BRIDGE_AUTHORIZATION_HEADER, HTTP_RELAY_PATH, HTTP_TARGET_HEADER, RELAY_REFUSED_HEADER,
};
use web_sys::{Blob, BlobPropertyBag, FormData};

use super::{
    capture::{Captured, Traced},
    error::ApiError,
};
use crate::http_reply::{HttpReply, READ_LIMIT};

/// The bridge's relay, for a request that goes through it.
#[derive(Debug, Clone, Copy)]
pub struct Relay<'a> {
    pub bridge_url: &'a str,
    pub token: &'a str,
}

/// Sends `prepared`, through `relay` if given. Any HTTP status is a response
/// (`Ok`); only a request that got none, or that the bridge refused, fails.
pub async fn send(prepared: &Prepared, relay: Option<Relay<'_>>) -> Traced<HttpReply> {
    let captured = Captured::new(
        format!("{} {}", prepared.method, prepared.url),
        prepared.headers.iter().map(masked).collect(),
        &body_summary(&prepared.body),
    );
    let refuse = |error: ApiError| Traced::refused(captured.clone(), error);
    let method = match Method::from_bytes(prepared.method.as_bytes()) {
        Ok(method) => method,
        Err(error) => return refuse(ApiError::Input(error.to_string())),
    };
    let (url, via) = match relay {
        Some(relay) => (
            format!("{}{HTTP_RELAY_PATH}", relay.bridge_url),
            Some(relay),
        ),
        None => (prepared.url.clone(), None),
    };
    let mut builder = RequestBuilder::new(&url).method(method);
    for (name, value) in &prepared.headers {
        builder = builder.header(name, value);
    }
    if let Some(relay) = via {
        builder = builder.header(HTTP_TARGET_HEADER, &prepared.url);
        if !relay.token.is_empty() {
            builder = builder.header(
                BRIDGE_AUTHORIZATION_HEADER,
                &format!("Bearer {}", relay.token),
            );
        }
    }
    let request = match &prepared.body {
        PreparedBody::None => builder.build(),
        PreparedBody::Text(text) => builder.body(text.as_str()),
        PreparedBody::Multipart(parts) => match form_data(parts) {
            Ok(form) => builder.body(form),
            Err(error) => return refuse(error),
        },
    };
    let response = match request {
        Ok(request) => request.send().await,
        Err(error) => return refuse(ApiError::Input(error.to_string())),
    };
    let response = match response {
        Ok(response) => response,
        Err(error) => {
            return refuse(ApiError::Network {
                url,
                detail: error.to_string(),
            });
        }
    };
    read(response, captured, via.is_some()).await
}

async fn read(response: Response, request: Captured, relayed: bool) -> Traced<HttpReply> {
    let status = response.status();
    let status_text = response.status_text();
    let headers: Vec<(String, String)> = response.headers().entries().collect();
    let line = format!("HTTP {status} {status_text}");
    let declared = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse::<usize>().ok());
    let (body, unread) = match declared {
        Some(size) if size > READ_LIMIT => (Vec::new(), true),
        _ => match response.binary().await {
            Ok(body) => (body, false),
            Err(error) => {
                return Traced {
                    result: Err(ApiError::Decode(error.to_string())),
                    ok_status: String::new(),
                    request,
                    response: Some(Captured::new(line, headers, "")),
                };
            }
        },
    };
    let size = if unread {
        declared.unwrap_or_default()
    } else {
        body.len()
    };
    let shown = match std::str::from_utf8(&body) {
        Ok(text) => text.to_owned(),
        Err(_) => format!("({size} bytes of binary data)"),
    };
    let refused_by_bridge = relayed
        && headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(RELAY_REFUSED_HEADER));
    let result = if refused_by_bridge {
        Err(ApiError::from_http(status, &shown))
    } else {
        Ok(HttpReply {
            status,
            status_text: status_text.clone(),
            headers: headers.clone(),
            body,
            size,
            unread,
        })
    };
    Traced {
        result,
        ok_status: format!("{status} {status_text}").trim().to_owned(),
        request,
        response: Some(Captured::new(line, headers, &shown)),
    }
}

/// The parts as the browser's `FormData`, files as blobs with their names.
fn form_data(parts: &[Part]) -> Result<FormData, ApiError> {
    let failed = |_| ApiError::Input("the browser could not build the multipart body".to_owned());
    let form = FormData::new().map_err(failed)?;
    for part in parts {
        let name = part.name.trim();
        match &part.content {
            PartContent::Text(text) => form.append_with_str(name, text).map_err(failed)?,
            PartContent::File(file) => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(&file.base64)
                    .map_err(|error| {
                        ApiError::Input(format!("part {name}: the file did not decode: {error}"))
                    })?;
                let array = Array::of1(&Uint8Array::from(bytes.as_slice()));
                let options = BlobPropertyBag::new();
                if !file.content_type.is_empty() {
                    options.set_type(&file.content_type);
                }
                let blob = Blob::new_with_u8_array_sequence_and_options(&array, &options)
                    .map_err(failed)?;
                form.append_with_blob_and_filename(name, &blob, &file.file_name)
                    .map_err(failed)?;
            }
        }
    }
    Ok(form)
}

/// The body as the timeline shows it: files by name and size.
fn body_summary(body: &PreparedBody) -> String {
    match body {
        PreparedBody::None => String::new(),
        PreparedBody::Text(text) => text.clone(),
        PreparedBody::Multipart(parts) => parts
            .iter()
            .map(|part| match &part.content {
                PartContent::Text(text) => format!("{}={text}", part.name),
                PartContent::File(file) => format!(
                    "{}=@{} ({}, {} base64 chars)",
                    part.name,
                    file.file_name,
                    file.content_type,
                    file.base64.len()
                ),
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// A header as the timeline keeps it: credentials are never kept.
fn masked((name, value): &(String, String)) -> (String, String) {
    if name.eq_ignore_ascii_case("authorization") {
        let scheme = value.split_once(' ').map_or("", |(scheme, _)| scheme);
        (name.clone(), format!("{scheme} ***").trim().to_owned())
    } else {
        (name.clone(), value.clone())
    }
}
