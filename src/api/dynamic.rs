//! Any method of any gRPC server, the Greeter's included: the schema worker
//! encodes the JSON request, makes the gRPC-web call (to the server, or to the
//! bridge's relay) and hands back each reply as JSON; this module turns that
//! into a call the timeline records like any other.

use futures::{
    StreamExt,
    channel::mpsc::UnboundedReceiver,
    future::{AbortRegistration, Abortable},
};
use switchboard_wire::grpc::{BRIDGE_AUTHORIZATION_HEADER, RELAY_PREFIX, TARGET_HEADER};
use switchboard_worker::protocol::{Call, Event, Job, Status};

use super::{
    capture::{Captured, Traced},
    engine::Engine,
    error::{ApiError, grpc_code_name},
};
use crate::{
    requests::{GrpcCall, Route, parse_pairs},
    trace::Trace,
};

/// Where the bridge relays gRPC-web as native gRPC.
pub fn relay_url(bridge_url: &str) -> String {
    format!("{bridge_url}{RELAY_PREFIX}")
}

/// The bridge's part of a call through it: its URL and its token.
#[derive(Debug, Clone, Copy)]
pub struct Bridge<'a> {
    pub url: &'a str,
    pub token: &'a str,
}

/// The worker's part of a call: the engine, and the id of the call's job
/// (its sequence number).
#[derive(Debug, Clone, Copy)]
pub struct InWorker<'a> {
    pub engine: &'a Engine,
    pub seq: u64,
}

/// The schema a call is encoded with: where the worker keeps it, and the
/// FileDescriptorSet (base64) to load there if it does not hold it yet.
#[derive(Debug, Clone, Copy)]
pub struct SchemaRef<'a> {
    pub key: &'a str,
    pub descriptor_set: &'a str,
}

/// Makes `call` with `schema` (none: the call is refused, saying how to load
/// one), passing each reply to `on_reply` as it arrives. `cancel` ends it with
/// `CANCELLED`.
#[allow(clippy::too_many_arguments)]
pub async fn call(
    InWorker { engine, seq }: InWorker<'_>,
    call: &GrpcCall,
    schema: Option<SchemaRef<'_>>,
    bridge: Bridge<'_>,
    trace: &Trace,
    cancel: AbortRegistration,
    on_reply: impl Fn(&str),
) -> Traced<Vec<String>> {
    let base_url = match call.route {
        Route::Direct => call.target.clone(),
        Route::Bridge => relay_url(bridge.url),
    };
    let line = format!("POST {base_url}/{}", call.method_name());
    let refuse = |error: String, metadata: Vec<(String, String)>| {
        Traced::refused(
            Captured::new(&line, metadata, &call.body),
            ApiError::Input(error),
        )
    };
    let Some(schema) = schema else {
        let error = format!(
            "no schema is loaded for {}: load it by reflection, from .proto files or from a protoset",
            call.target
        );
        return refuse(error, vec![]);
    };
    let (metadata, shown) = match metadata(call, bridge, trace) {
        Ok(metadata) => metadata,
        Err(error) => return refuse(error, vec![]),
    };
    let deadline_ms = match call.deadline() {
        Ok(deadline) => deadline,
        Err(error) => return refuse(error, shown),
    };
    if let Err(error) = engine.ensure(schema.key, schema.descriptor_set).await {
        return refuse(error, shown);
    }
    let sent = Captured::new(&line, shown, &call.body);
    let job = Call {
        key: schema.key.to_owned(),
        method: call.method.clone(),
        base_url: base_url.clone(),
        body: call.body.clone(),
        metadata,
        deadline_ms,
    };
    let mut events = engine.send(seq, Job::Call(job));
    let mut headers = None;
    let mut replies = Vec::new();
    let received = Abortable::new(
        receive(&mut events, &mut headers, &mut replies, &on_reply),
        cancel,
    )
    .await;
    let ending = match received {
        Ok(ending) => ending,
        // Cancelled in the page: the worker ends the call and reports how.
        Err(_aborted) => {
            engine.cancel(seq);
            finish(&mut events).await
        }
    };
    engine.forget(seq);
    match ending {
        Ok(status) => traced(&base_url, sent, headers, replies, status),
        Err(error) => Traced::refused(sent, ApiError::Input(error)),
    }
}

/// Reads a call's events up to its ending, keeping its headers and replies.
async fn receive(
    events: &mut UnboundedReceiver<Event>,
    headers: &mut Option<Vec<(String, String)>>,
    replies: &mut Vec<String>,
    on_reply: &impl Fn(&str),
) -> Result<Status, String> {
    while let Some(event) = events.next().await {
        match event {
            Event::Headers(pairs) => *headers = Some(pairs),
            Event::Message(json) => {
                on_reply(&json);
                replies.push(json);
            }
            Event::Finished(status) => return Ok(status),
            Event::Refused(error) => return Err(error),
            Event::Loaded { .. } | Event::Described { .. } | Event::Imported(_) => {}
        }
    }
    Err("the schema worker stopped".to_owned())
}

/// Reads the events of a cancelled call up to its ending.
async fn finish(events: &mut UnboundedReceiver<Event>) -> Result<Status, String> {
    while let Some(event) = events.next().await {
        if let Event::Finished(status) = event {
            return Ok(status);
        }
    }
    Err("the schema worker stopped".to_owned())
}

/// The metadata to send, and the metadata to show (the bridge's token
/// masked).
type Metadata = (Vec<(String, String)>, Vec<(String, String)>);

/// The request metadata: the person's, the `traceparent`, and through the
/// bridge, the upstream's name and the bridge's token.
fn metadata(call: &GrpcCall, bridge: Bridge<'_>, trace: &Trace) -> Result<Metadata, String> {
    let mut metadata = parse_pairs(&call.metadata)?;
    metadata.push(("traceparent".to_owned(), trace.traceparent()));
    let mut shown = metadata.clone();
    if call.route == Route::Bridge {
        metadata.push((TARGET_HEADER.to_owned(), call.target.clone()));
        shown.push((TARGET_HEADER.to_owned(), call.target.clone()));
        if !bridge.token.is_empty() {
            let token = format!("Bearer {}", bridge.token);
            metadata.push((BRIDGE_AUTHORIZATION_HEADER.to_owned(), token));
            shown.push((
                BRIDGE_AUTHORIZATION_HEADER.to_owned(),
                "Bearer …".to_owned(),
            ));
        }
    }
    if let Ok(Some(ms)) = call.deadline() {
        shown.push(("grpc-timeout".to_owned(), format!("{ms}m")));
    }
    Ok((metadata, shown))
}

/// The finished call, as the timeline records it. Whatever the ending, the
/// replies received are kept in the response body, one JSON object per line,
/// as grpcurl prints a stream.
fn traced(
    base_url: &str,
    request: Captured,
    headers: Option<Vec<(String, String)>>,
    replies: Vec<String>,
    status: Status,
) -> Traced<Vec<String>> {
    let body = replies.join("\n");
    let line = if status.ended_here {
        "ended by the page".to_owned()
    } else {
        format!(
            "grpc-status {} {}",
            status.code,
            grpc_code_name(status.code)
        )
    };
    // No response at all: a network error, or a call the page ended before
    // any header arrived.
    let answered = !status.network && (headers.is_some() || !status.ended_here);
    let response = answered.then(|| {
        let mut response = Captured::new(line, headers.unwrap_or_default(), &body);
        if !status.ended_here {
            response.trailers = status.trailers.clone();
            if !status.message.is_empty() {
                let message = ("grpc-message".to_owned(), status.message.clone());
                response.trailers.push(message);
            }
            for detail in &status.details {
                let detail = ("grpc-status-details-bin".to_owned(), detail.clone());
                response.trailers.push(detail);
            }
        }
        response
    });
    let result = match status.code {
        0 => Ok(replies),
        _ if status.network => Err(ApiError::Network {
            url: base_url.to_owned(),
            detail: status.message,
        }),
        code => {
            let mut message = status.message;
            for detail in &status.details {
                message.push_str(&format!("\n{detail}"));
            }
            Err(ApiError::Grpc { code, message })
        }
    };
    Traced {
        ok_status: if result.is_ok() {
            "OK".to_owned()
        } else {
            String::new()
        },
        result,
        request,
        response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: i32, message: &str) -> Status {
        Status {
            code,
            message: message.to_owned(),
            details: Vec::new(),
            trailers: Vec::new(),
            network: false,
            ended_here: false,
        }
    }

    fn replies(count: usize) -> Vec<String> {
        (1..=count)
            .map(|n| format!(r#"{{"message":"Hello, Ada! ({n}/5)"}}"#))
            .collect()
    }

    fn end(replies: Vec<String>, status: Status) -> Traced<Vec<String>> {
        let headers = Some(vec![("content-type".into(), "application/grpc-web".into())]);
        traced("http://g", Captured::default(), headers, replies, status)
    }

    #[test]
    fn a_completed_stream_keeps_every_reply_in_order() {
        let traced = end(replies(5), status(0, ""));
        assert_eq!(traced.status(), "OK");
        assert_eq!(traced.result, Ok(replies(5)));
        let response = traced.response.unwrap();
        assert_eq!(response.line, "grpc-status 0 OK");
        assert_eq!(response.body.lines().count(), 5);
    }

    #[test]
    fn an_error_partway_keeps_the_replies_and_the_details() {
        let mut failed = status(10, "failed after 2 replies");
        failed.details = vec![r#"{"reason":"ASKED"}"#.to_owned()];
        let traced = end(replies(2), failed);
        assert_eq!(traced.status(), "ABORTED");
        let error = traced.result.clone().unwrap_err().to_string();
        assert!(
            error.contains("failed after 2 replies") && error.contains("ASKED"),
            "{error}"
        );
        let response = traced.response.unwrap();
        assert_eq!(response.line, "grpc-status 10 ABORTED");
        assert_eq!(response.body.lines().count(), 2);
        assert!(
            response
                .trailers
                .contains(&("grpc-message".into(), "failed after 2 replies".into()))
        );
    }

    #[test]
    fn a_call_the_page_ended_says_so_and_a_network_error_has_no_response() {
        let mut cancelled = status(1, "cancelled in the page after 1 reply");
        cancelled.ended_here = true;
        let traced = end(replies(1), cancelled.clone());
        assert_eq!(traced.status(), "CANCELLED");
        assert_eq!(traced.response.unwrap().line, "ended by the page");
        let before_headers = traced_without_headers(cancelled);
        assert_eq!(before_headers.response, None);

        let mut unreachable = status(14, "Failed to fetch");
        unreachable.network = true;
        let traced = traced_without_headers(unreachable);
        assert_eq!(traced.response, None);
        assert!(
            matches!(traced.result, Err(ApiError::Network { ref url, .. }) if url == "http://g")
        );
    }

    fn traced_without_headers(status: Status) -> Traced<Vec<String>> {
        traced("http://g", Captured::default(), None, Vec::new(), status)
    }
}
