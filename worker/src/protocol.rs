//! What the page and the worker say to each other. Plain serde data, sent as
//! JSON text ([`Json`]): the page already links serde_json, where gloo-worker's
//! default, bincode, would add a second serialiser to the first load.

use gloo_worker::Codec;
use serde::{Deserialize, Serialize};
use switchboard_wire::schema::{MessageForm, ProtoFile};
use wasm_bindgen::JsValue;

/// A job for the worker. `id` ties the replies to it: one reply for a
/// schema job, a series of them for a call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub id: u64,
    pub job: Job,
}

/// What the worker can do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// Compiles or reads a schema and keeps it under `key` (the target it
    /// describes), replacing the one there. Answered by [`Event::Loaded`].
    Load { key: String, source: Source },
    /// The form and a template of `method`'s request, from the schema under
    /// `key`. Answered by [`Event::Described`].
    Describe { key: String, method: String },
    /// Calls a method; answered by [`Event::Headers`], each
    /// [`Event::Message`], then [`Event::Finished`].
    Call(Call),
    /// Ends call `id` at once, if it is still running; it finishes with
    /// `CANCELLED`.
    Cancel,
    /// A benchmark, which the page never sends: times this many Greeter
    /// calls' encoding and decoding with the schema against prost's compiled
    /// code (`bench.rs`). Answered by one [`Event::Message`] holding a
    /// [`Timings`](crate::bench::Timings) as JSON: an event of its own would
    /// put its decoder in the page's first load.
    Bench(u32),
    /// Imports an OpenAPI 3.0 or 3.1 document, JSON or YAML (its text), with
    /// the files its `$ref`s may point into, as (name or URL as the refs
    /// write it, text) pairs. Answered by [`Event::Imported`].
    ImportOpenApi {
        document: String,
        others: Vec<(String, String)>,
    },
}

/// Where a schema comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Source {
    /// .proto files, which may import each other and the well-known types.
    Protos(Vec<ProtoFile>),
    /// A FileDescriptorSet in standard base64: from server reflection, or a
    /// protoset made by `protoc -o` or `buf build -o`.
    DescriptorSet(String),
}

/// A call of any method of a loaded schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    /// The schema to encode and decode with.
    pub key: String,
    /// `/package.Service/Method`.
    pub method: String,
    /// Where the gRPC-web request goes: the server itself, or the bridge's
    /// relay (`{bridge}/grpc`).
    pub base_url: String,
    /// The request in the proto3 JSON mapping: an object, or for client
    /// streaming and bidirectional methods an array of them.
    pub body: String,
    /// Request metadata, the bridge's own headers included.
    pub metadata: Vec<(String, String)>,
    /// Milliseconds the server has, sent as `grpc-timeout`.
    pub deadline_ms: Option<u32>,
}

/// The worker's answer to a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    pub id: u64,
    pub event: Event,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// The schema is loaded: its services (a JSON list of
    /// [`ServiceInfo`](switchboard_wire::schema::ServiceInfo), left as text
    /// so that the page, which loads the Greeter's schema too, does not carry
    /// their decoder in its first load), and its FileDescriptorSet in base64,
    /// for the page to keep.
    Loaded {
        services: String,
        descriptor_set: String,
    },
    /// A method's request: every message form reachable from it, keyed by
    /// full name, the input's name, and a template with every field.
    Described {
        input: String,
        forms: std::collections::BTreeMap<String, MessageForm>,
        template: String,
    },
    /// An OpenAPI document's operations: a
    /// [`ApiDocument`](switchboard_wire::openapi::ApiDocument) as JSON, left
    /// as text so that the page's first load does not carry its decoder.
    Imported(String),
    /// The job could not be done, and why; for a call, nothing was sent.
    Refused(String),
    /// A call's response headers.
    Headers(Vec<(String, String)>),
    /// One response message, in the proto3 JSON mapping, on one line.
    Message(String),
    /// The call ended with this gRPC status.
    Finished(Status),
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Status {
    /// As in `grpc-status`; 0 is OK.
    pub code: i32,
    pub message: String,
    /// The rich error details of `grpc-status-details-bin`, each as JSON
    /// (`{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"ASKED",…}`).
    pub details: Vec<String>,
    pub trailers: Vec<(String, String)>,
    /// Whether the browser got no response at all (a network error), as
    /// opposed to a status sent by a server.
    pub network: bool,
    /// Whether the worker ended the call itself (cancelled, or past its
    /// deadline with no status from the server).
    pub ended_here: bool,
}

/// Messages as JSON text in a JS string.
#[derive(Debug)]
pub struct Json;

impl Codec for Json {
    fn encode<I: Serialize>(input: I) -> JsValue {
        // Every message is plain data with string keys: it always serialises.
        JsValue::from_str(&serde_json::to_string(&input).unwrap_or_default())
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        // gloo-worker's codec cannot fail softly. Both sides are built from
        // this one crate in the same build, so a message that does not read
        // means a page and a worker from different builds.
        let text = input.as_string().unwrap_or_default();
        serde_json::from_str(&text)
            .expect("the page and the schema worker come from different builds; reload the page")
    }
}
