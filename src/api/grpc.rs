//! The Greeter, `helloworld.Greeter`, the first target of the schema worker:
//! its calls go through the worker like any method of any server, with the
//! schema build.rs compiled from `protos/helloworld.proto`, so the page's first
//! load carries no gRPC code of its own.

use std::borrow::Cow;

use base64::{Engine as _, engine::general_purpose::STANDARD};
use futures::future::{AbortHandle, AbortRegistration};
use serde::Deserialize;

use super::{
    capture::Traced,
    dynamic::{self, Bridge, InWorker, SchemaRef},
    error::ApiError,
};
use crate::{
    requests::{GreeterRequest, GrpcCall, Route, SAY_HELLO, SAY_HELLO_STREAM},
    schemas::Origin,
    trace::Trace,
};

/// Where the worker keeps the Greeter's schema; no target's URL looks so.
const SCHEMA_KEY: &str = "builtin:helloworld";

/// `protos/helloworld.proto`, compiled by build.rs into a FileDescriptorSet.
const DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/helloworld.pb"));

/// `HelloReply` in JSON, as grpcurl prints it.
#[derive(Deserialize)]
struct MessageJson<'a> {
    #[serde(borrow)]
    message: Cow<'a, str>,
}

/// The message of a `HelloReply` in JSON, if `json` is one.
pub fn reply_from_json(json: &str) -> Option<String> {
    let reply: MessageJson = serde_json::from_str(json).ok()?;
    Some(reply.message.into_owned())
}

/// The replies in a response body, one JSON object per line (lines cut short
/// by the timeline's body limit are skipped).
pub fn replies_in(body: &str) -> Vec<String> {
    body.lines().filter_map(reply_from_json).collect()
}

/// `helloworld.Greeter/SayHello`: the greeting.
pub async fn say_hello(
    worker: InWorker<'_>,
    base: &str,
    request: &GreeterRequest,
    trace: &Trace,
) -> Traced<String> {
    // A unary call has no Cancel button: its handle is dropped unused.
    let (_, cancel) = AbortHandle::new_pair();
    let traced = greet(worker, base, SAY_HELLO, request, trace, cancel, |_| {}).await;
    let Traced {
        result,
        ok_status,
        request,
        response,
    } = traced;
    let result = result.and_then(|replies| {
        replies
            .first()
            .and_then(|reply| reply_from_json(reply))
            .ok_or_else(|| ApiError::Decode("the Greeter sent no greeting".to_owned()))
    });
    Traced {
        result,
        ok_status,
        request,
        response,
    }
}

/// `helloworld.Greeter/SayHelloStream`: each greeting is handed to
/// `on_reply` as it arrives; `cancel` ends the stream.
pub async fn say_hello_stream(
    worker: InWorker<'_>,
    base: &str,
    request: &GreeterRequest,
    trace: &Trace,
    cancel: AbortRegistration,
    on_reply: impl Fn(&str),
) -> Traced<Vec<String>> {
    let on_reply = |json: &str| {
        if let Some(message) = reply_from_json(json) {
            on_reply(&message);
        }
    };
    greet(
        worker,
        base,
        SAY_HELLO_STREAM,
        request,
        trace,
        cancel,
        on_reply,
    )
    .await
    .map(|replies| {
        replies
            .iter()
            .filter_map(|reply| reply_from_json(reply))
            .collect()
    })
}

/// A Greeter call as any call of the worker, straight to the greeter's
/// gRPC-web.
async fn greet(
    worker: InWorker<'_>,
    base: &str,
    method: &str,
    request: &GreeterRequest,
    trace: &Trace,
    cancel: AbortRegistration,
    on_reply: impl Fn(&str),
) -> Traced<Vec<String>> {
    let call = GrpcCall {
        target: base.to_owned(),
        route: Route::Direct,
        method: format!("/{method}"),
        body: request.json(),
        metadata: request.metadata.clone(),
        deadline_ms: request.deadline_ms.clone(),
        origin: Origin::Protos(vec!["protos/helloworld.proto".to_owned()]),
    };
    let descriptor_set = STANDARD.encode(DESCRIPTOR_SET);
    let schema = SchemaRef {
        key: SCHEMA_KEY,
        descriptor_set: &descriptor_set,
    };
    // The Greeter is called directly: the bridge plays no part.
    let bridge = Bridge { url: "", token: "" };
    dynamic::call(worker, &call, Some(schema), bridge, trace, cancel, on_reply).await
}
