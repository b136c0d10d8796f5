//! One call of any method, over gRPC-web: the request is encoded from JSON
//! with the schema, the replies are reported one by one as they arrive, and
//! the call ends with its status, details and trailers.
//!
//! tonic does the gRPC part with the schema's dynamic codec, and
//! tonic-web-wasm-client the gRPC-web part over `fetch`. A browser cannot
//! stream a request body, so client-streaming and bidirectional calls send
//! their messages as one body; the bridge's relay hands them to the server as
//! a stream.

use std::{pin::pin, time::Duration};

use futures::{
    future::{AbortRegistration, Abortable, Either, select},
    stream,
};
use gloo_timers::future::TimeoutFuture;
use http::uri::PathAndQuery;
use switchboard_schema::{
    DynamicCodec, MethodKind, Schema, SchemaError, prost_reflect::DynamicMessage,
};
use tonic::{
    Code,
    client::Grpc,
    metadata::{MetadataKey, MetadataMap, MetadataValue},
};
use tonic_web_wasm_client::Client;

use crate::{
    protocol::{Call, Event, Status},
    reply::{from_status, local_status, pairs, to_json},
};

/// How long past its deadline the worker waits before ending a call itself.
/// The server enforces `grpc-timeout` and its DEADLINE_EXCEEDED, with
/// trailers, normally arrives first; this covers a server that ignores it.
const DEADLINE_GRACE_MS: u32 = 250;

/// A call ready to go.
struct Prepared {
    kind: MethodKind,
    path: PathAndQuery,
    codec: DynamicCodec,
    requests: Requests,
    metadata: MetadataMap,
    deadline_ms: Option<u32>,
}

/// What the call sends: one request, or a stream of them.
enum Requests {
    One(DynamicMessage),
    Many(Vec<DynamicMessage>),
}

/// Makes `call`, reporting through `emit`: [`Event::Refused`] if it cannot be
/// sent, otherwise its headers, each message, then [`Event::Finished`].
pub async fn run(
    schema: &Schema,
    call: Call,
    registration: AbortRegistration,
    emit: impl Fn(Event),
) {
    let prepared = match prepare(schema, &call) {
        Ok(prepared) => prepared,
        Err(refusal) => return emit(Event::Refused(refusal)),
    };
    let deadline_ms = prepared.deadline_ms;
    // Counted for the status of a call the worker ends itself.
    let replies = std::cell::Cell::new(0_usize);
    let emit = |event: Event| {
        if let Event::Message(_) = event {
            replies.set(replies.get() + 1);
        }
        emit(event);
    };
    let exchange = pin!(exchange(schema, &call.base_url, prepared, &emit));
    let timer = pin!(async move {
        match deadline_ms {
            Some(ms) => TimeoutFuture::new(ms.saturating_add(DEADLINE_GRACE_MS)).await,
            None => futures::future::pending().await,
        }
    });
    let status = match Abortable::new(select(exchange, timer), registration).await {
        Ok(Either::Left((status, _))) => status,
        Ok(Either::Right(((), _))) => local_status(
            Code::DeadlineExceeded,
            format!(
                "no status within the {} ms deadline; the page ended the call after {}",
                deadline_ms.unwrap_or_default(),
                count(replies.get())
            ),
        ),
        Err(_aborted) => local_status(
            Code::Cancelled,
            format!("cancelled in the page after {}", count(replies.get())),
        ),
    };
    emit(Event::Finished(status));
}

/// `1 reply`, `2 replies`.
fn count(replies: usize) -> String {
    format!("{replies} repl{}", if replies == 1 { "y" } else { "ies" })
}

/// The request's messages, metadata and codec, or why it cannot be sent.
fn prepare(schema: &Schema, call: &Call) -> Result<Prepared, String> {
    prepare_request(schema, call).map_err(|error| match error {
        Refusal::Schema(error) => error.to_string(),
        Refusal::Metadata(message) => message,
    })
}

/// Why a request cannot be sent.
enum Refusal {
    Schema(SchemaError),
    Metadata(String),
}

impl From<SchemaError> for Refusal {
    fn from(error: SchemaError) -> Self {
        Self::Schema(error)
    }
}

fn prepare_request(schema: &Schema, call: &Call) -> Result<Prepared, Refusal> {
    let method = schema.method(&call.method)?;
    let requests = if method.kind.client_streams() {
        Requests::Many(schema.parse_requests(&method.path, &call.body)?)
    } else {
        Requests::One(schema.parse_request(&method.path, &call.body)?)
    };
    let mut metadata = MetadataMap::new();
    for (name, value) in &call.metadata {
        let invalid = |what: &str| {
            Refusal::Metadata(format!("{what} of {name:?} is not valid gRPC metadata"))
        };
        let key = MetadataKey::from_bytes(name.trim().to_ascii_lowercase().as_bytes())
            .map_err(|_| invalid("the name"))?;
        let value = MetadataValue::try_from(value.trim()).map_err(|_| invalid("the value"))?;
        metadata.append(key, value);
    }
    let path = PathAndQuery::try_from(method.path.as_str())
        .map_err(|_| Refusal::Metadata(format!("{} is not a valid path", method.path)))?;
    Ok(Prepared {
        kind: method.kind,
        codec: DynamicCodec::for_method(&schema.method_descriptor(&method.path)?),
        path,
        requests,
        metadata,
        deadline_ms: call.deadline_ms,
    })
}

/// Sends the request and reads the response to its end.
async fn exchange(
    schema: &Schema,
    base_url: &str,
    prepared: Prepared,
    emit: &impl Fn(Event),
) -> Status {
    let Prepared {
        kind,
        path,
        codec,
        requests,
        metadata,
        deadline_ms,
    } = prepared;
    let mut grpc = Grpc::new(Client::new(base_url.to_owned()));
    let request = |body| request(body, &metadata, deadline_ms);
    let requests_of = |body| request_of(body, &metadata, deadline_ms);
    let reply = |message: &DynamicMessage| emit(Event::Message(to_json(message)));
    let headers = |metadata: &MetadataMap| emit(Event::Headers(pairs(metadata)));
    if let Err(error) = grpc.ready().await {
        return local_status(Code::Unavailable, error.to_string());
    }
    let outcome = match (kind, requests) {
        (MethodKind::Unary, Requests::One(message)) => grpc
            .unary(request(message), path, codec)
            .await
            .map(|response| {
                headers(response.metadata());
                reply(response.get_ref());
                Vec::new()
            }),
        (MethodKind::ServerStreaming, Requests::One(message)) => {
            match grpc.server_streaming(request(message), path, codec).await {
                Ok(response) => read_stream(response, &headers, &reply).await,
                Err(status) => Err(status),
            }
        }
        (MethodKind::ClientStreaming, Requests::Many(messages)) => grpc
            .client_streaming(requests_of(messages), path, codec)
            .await
            .map(|response| {
                headers(response.metadata());
                reply(response.get_ref());
                Vec::new()
            }),
        (MethodKind::Bidi, Requests::Many(messages)) => {
            match grpc.streaming(requests_of(messages), path, codec).await {
                Ok(response) => read_stream(response, &headers, &reply).await,
                Err(status) => Err(status),
            }
        }
        // `prepare` reads one request exactly for the kinds that take one.
        (_, Requests::One(_) | Requests::Many(_)) => Err(tonic::Status::internal(
            "the requests do not fit the method's kind",
        )),
    };
    match outcome {
        Ok(trailers) => Status {
            code: 0,
            message: String::new(),
            details: Vec::new(),
            trailers,
            network: false,
            ended_here: false,
        },
        Err(status) => from_status(schema, &status),
    }
}

/// A request with the call's metadata and deadline.
fn request<T>(body: T, metadata: &MetadataMap, deadline_ms: Option<u32>) -> tonic::Request<T> {
    let mut request = tonic::Request::new(body);
    *request.metadata_mut() = metadata.clone();
    if let Some(ms) = deadline_ms {
        request.set_timeout(Duration::from_millis(ms.into()));
    }
    request
}

/// A stream of requests, all of them sent at once: a browser cannot stream a
/// request body.
fn request_of(
    messages: Vec<DynamicMessage>,
    metadata: &MetadataMap,
    deadline_ms: Option<u32>,
) -> tonic::Request<stream::Iter<std::vec::IntoIter<DynamicMessage>>> {
    request(stream::iter(messages), metadata, deadline_ms)
}

/// Reports a response stream's headers and messages as they arrive; its
/// trailers, once it ends with OK.
async fn read_stream(
    response: tonic::Response<tonic::Streaming<DynamicMessage>>,
    headers: &impl Fn(&MetadataMap),
    reply: &impl Fn(&DynamicMessage),
) -> Result<Vec<(String, String)>, tonic::Status> {
    headers(response.metadata());
    let mut stream = response.into_inner();
    while let Some(message) = stream.message().await? {
        reply(&message);
    }
    Ok(stream
        .trailers()
        .await?
        .map(|trailers| pairs(&trailers))
        .unwrap_or_default())
}
