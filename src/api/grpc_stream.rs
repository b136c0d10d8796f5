//! `helloworld.Greeter/SayHelloStream` over gRPC-web, reply by reply.
//!
//! tonic-web-wasm-client reads the fetch body as a stream, so each reply is
//! handed on the moment its frame arrives. The response stream owns the
//! client's abort guard: dropping it aborts the fetch, which is how both a
//! cancel and a passed deadline stop the call (the server then sees the
//! connection close and stops producing).

use std::pin::pin;

use futures::future::{AbortRegistration, Abortable, Aborted, Either, select};
use gloo_timers::future::TimeoutFuture;
use tonic::{Code, Status};
use tonic_web_wasm_client::Client;

use super::{
    capture::{Captured, Traced},
    error::ApiError,
    grpc::{
        failed, pairs, prepare, proto::greeter_client::GreeterClient, reply_from_json, reply_json,
    },
};
use crate::{requests::GreeterRequest, trace::Trace};

/// The fully qualified method, as in the URL path.
pub const SAY_HELLO_STREAM: &str = "helloworld.Greeter/SayHelloStream";

/// How long past its deadline the page waits before ending a stream itself.
/// The server enforces `grpc-timeout` and its DEADLINE_EXCEEDED, with
/// trailers, normally arrives first; this covers a server that ignores it.
const DEADLINE_GRACE_MS: u32 = 250;

/// How a stream ended.
#[derive(Debug)]
enum Ending {
    /// The server closed it with OK, with these trailers.
    Completed(Vec<(String, String)>),
    /// The server (or the network) ended it with a non-OK status.
    Failed(Status),
    /// The page cancelled it.
    Cancelled,
    /// The deadline (in ms) passed and no status had arrived.
    TimedOut(u32),
}

/// Calls `SayHelloStream`, passing each reply to `on_reply` as it arrives.
/// Ends with every reply on OK; otherwise with the error, the replies received
/// before it kept in the response body. Aborting `cancel` ends the call as
/// CANCELLED.
pub async fn say_hello_stream(
    base: &str,
    request: &GreeterRequest,
    trace: &Trace,
    cancel: AbortRegistration,
    mut on_reply: impl FnMut(&str),
) -> Traced<Vec<String>> {
    let (grpc, sent) = match prepare(base, SAY_HELLO_STREAM, request, trace) {
        Ok(prepared) => prepared,
        Err(refused) => return refused.map(|()| Vec::new()),
    };
    let deadline = request.deadline().ok().flatten();
    let mut replies = Vec::new();
    let mut headers = None;
    let ending = {
        let receive = async {
            let mut client = GreeterClient::new(Client::new(base.to_owned()));
            let response = client.say_hello_stream(grpc).await?;
            headers = Some(pairs(response.metadata()));
            let mut stream = response.into_inner();
            while let Some(reply) = stream.message().await? {
                on_reply(&reply.message);
                replies.push(reply.message);
            }
            let trailers = stream.trailers().await?;
            Ok::<_, Status>(
                trailers
                    .map(|trailers| pairs(&trailers))
                    .unwrap_or_default(),
            )
        };
        let receive = pin!(Abortable::new(receive, cancel));
        let timer = pin!(expiry(deadline));
        match select(receive, timer).await {
            Either::Left((Ok(Ok(trailers)), _)) => Ending::Completed(trailers),
            Either::Left((Ok(Err(status)), _)) => Ending::Failed(status),
            Either::Left((Err(Aborted), _)) => Ending::Cancelled,
            Either::Right(((), _)) => Ending::TimedOut(deadline.unwrap_or_default()),
        }
        // The response stream is dropped here, and its fetch aborted.
    };
    finish(base, sent, headers, replies, ending)
}

/// Resolves once the deadline and its grace have passed; never without one.
async fn expiry(deadline: Option<u32>) {
    match deadline {
        Some(ms) => TimeoutFuture::new(ms.saturating_add(DEADLINE_GRACE_MS)).await,
        None => std::future::pending().await,
    }
}

/// The finished call. Whatever the ending, the replies received are kept in
/// the response body, one JSON object per line as grpcurl prints a stream.
fn finish(
    base: &str,
    request: Captured,
    headers: Option<Vec<(String, String)>>,
    replies: Vec<String>,
    ending: Ending,
) -> Traced<Vec<String>> {
    let body = replies_body(&replies);
    let count = replies.len();
    match ending {
        Ending::Completed(trailers) => {
            let mut response =
                Captured::new("grpc-status 0 OK", headers.unwrap_or_default(), &body);
            response.trailers = trailers;
            Traced {
                result: Ok(replies),
                ok_status: "OK".to_owned(),
                request,
                response: Some(response),
            }
        }
        Ending::Failed(status) => {
            let mut traced = failed(base, request, &status);
            match (&mut traced.response, headers) {
                // The status came in trailers after the replies, or alone.
                (Some(response), headers) => {
                    let trailers = std::mem::take(&mut response.trailers);
                    let line = std::mem::take(&mut response.line);
                    *response = Captured::new(line, headers.unwrap_or_default(), &body);
                    response.trailers = trailers;
                }
                // The connection broke off after the stream had started.
                (None, Some(headers)) => {
                    traced.response = Some(Captured::new(
                        "no grpc-status: the response broke off",
                        headers,
                        &body,
                    ));
                }
                (None, None) => {}
            }
            traced
        }
        Ending::Cancelled => ended_by_page(
            request,
            headers,
            &body,
            Code::Cancelled,
            format!("cancelled in the page after {}", replies_count(count)),
        ),
        Ending::TimedOut(ms) => ended_by_page(
            request,
            headers,
            &body,
            Code::DeadlineExceeded,
            format!(
                "no status within the {ms} ms deadline; the page ended the stream after {}",
                replies_count(count)
            ),
        ),
    }
}

/// A stream the page ended itself, with the status a gRPC client reports then.
fn ended_by_page(
    request: Captured,
    headers: Option<Vec<(String, String)>>,
    body: &str,
    code: Code,
    message: String,
) -> Traced<Vec<String>> {
    Traced {
        result: Err(ApiError::Grpc {
            code: code as i32,
            message,
        }),
        ok_status: String::new(),
        request,
        response: headers.map(|headers| Captured::new("ended by the page", headers, body)),
    }
}

/// `1 reply`, `2 replies`.
fn replies_count(count: usize) -> String {
    format!("{count} repl{}", if count == 1 { "y" } else { "ies" })
}

/// Replies as grpcurl prints a stream: one `{"message": …}` object per line.
fn replies_body(replies: &[String]) -> String {
    replies
        .iter()
        .map(|message| reply_json(message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The replies in a body made by [`replies_body`] (lines cut short by the
/// timeline's body limit are skipped).
pub fn replies_in(body: &str) -> Vec<String> {
    body.lines().filter_map(reply_from_json).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replies(count: usize) -> Vec<String> {
        (1..=count)
            .map(|n| format!("Hello, Ada! ({n}/5)"))
            .collect()
    }

    fn end(replies: Vec<String>, ending: Ending) -> Traced<Vec<String>> {
        let headers = Some(vec![(
            "content-type".into(),
            "application/grpc-web+proto".into(),
        )]);
        finish("http://g", Captured::default(), headers, replies, ending)
    }

    #[test]
    fn a_completed_stream_keeps_every_reply_in_order() {
        let traced = end(replies(5), Ending::Completed(vec![]));
        assert_eq!(traced.status(), "OK");
        assert_eq!(traced.result, Ok(replies(5)));
        let body = traced.response.unwrap().body;
        assert!(
            body.starts_with(r#"{"message":"Hello, Ada! (1/5)"}"#),
            "{body}"
        );
        assert_eq!(replies_in(&body), replies(5));
    }

    #[test]
    fn an_error_partway_keeps_the_replies_before_it() {
        let status = Status::aborted("failed after 2 replies");
        let traced = end(replies(2), Ending::Failed(status));
        assert_eq!(traced.status(), "ABORTED");
        let response = traced.response.unwrap();
        assert_eq!(response.line, "grpc-status 10 ABORTED");
        assert_eq!(replies_in(&response.body), replies(2));
        assert!(
            response
                .headers
                .iter()
                .any(|(name, _)| name == "content-type")
        );
        assert!(
            response
                .trailers
                .contains(&("grpc-message".into(), "failed after 2 replies".into()))
        );
    }

    #[test]
    fn an_error_before_any_reply_has_no_body() {
        let status = Status::invalid_argument("name must not be empty");
        let traced = finish(
            "http://g",
            Captured::default(),
            None,
            vec![],
            Ending::Failed(status),
        );
        assert_eq!(traced.status(), "INVALID_ARGUMENT");
        assert_eq!(traced.response.unwrap().body, "");
    }

    #[test]
    fn cancelling_and_the_deadline_are_reported_as_grpc_statuses() {
        let cancelled = end(replies(1), Ending::Cancelled);
        assert_eq!(cancelled.status(), "CANCELLED");
        assert_eq!(cancelled.response.unwrap().body.lines().count(), 1);
        let late = end(replies(2), Ending::TimedOut(500));
        assert_eq!(late.status(), "DEADLINE_EXCEEDED");
        assert!(late.result.unwrap_err().to_string().contains("500 ms"));
    }
}
