//! The schema worker: everything that needs a schema, in a wasm of its own
//! that the page starts the first time a schema is needed. It compiles .proto
//! files (protox), reads descriptor sets, maps JSON to protobuf and back
//! (prost-reflect) and makes the gRPC-web calls (tonic-web-wasm-client), so
//! none of that, nor tonic itself, weighs on the page's first load. It also
//! imports OpenAPI documents (`switchboard-openapi`), whose YAML parser is
//! heavy for the same reason.
//!
//! The page sends [`protocol::Request`]s and gets [`protocol::Reply`]s; trunk
//! builds `src/bin/worker.rs` as the worker (`data-type="worker"` in
//! index.html).

pub mod bench;
mod call;
mod openapi;
pub mod protocol;
mod reply;

use std::{collections::HashMap, rc::Rc};

use base64::{Engine, engine::general_purpose::STANDARD};
use futures::future::AbortHandle;
use gloo_worker::{HandlerId, Worker, WorkerScope};
use switchboard_schema::{Schema, SchemaError};

use crate::protocol::{Event, Job, Reply, Request, Source};

/// The worker's state: the loaded schemas, by target, and the calls running.
#[derive(Debug, Default)]
pub struct SchemaWorker {
    schemas: HashMap<String, Rc<Schema>>,
    calls: HashMap<(HandlerId, u64), AbortHandle>,
}

/// A call ended (or was cancelled): forget its abort handle.
#[derive(Debug)]
pub struct CallEnded(HandlerId, u64);

impl Worker for SchemaWorker {
    type Message = CallEnded;
    type Input = Request;
    type Output = Reply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self::default()
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, CallEnded(who, id): CallEnded) {
        self.calls.remove(&(who, id));
    }

    fn received(
        &mut self,
        scope: &WorkerScope<Self>,
        Request { id, job }: Request,
        who: HandlerId,
    ) {
        let respond = |event| scope.respond(who, Reply { id, event });
        match job {
            Job::Load { key, source } => respond(self.load(key, source)),
            Job::Describe { key, method } => respond(self.describe(&key, &method)),
            Job::Call(call) => {
                let Some(schema) = self.schemas.get(&call.key).cloned() else {
                    return respond(no_schema(&call.key));
                };
                let (handle, registration) = AbortHandle::new_pair();
                self.calls.insert((who, id), handle);
                let scope = scope.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let emit = |event| scope.respond(who, Reply { id, event });
                    call::run(&schema, call, registration, emit).await;
                    scope.send_message(CallEnded(who, id));
                });
            }
            Job::Cancel => {
                if let Some(handle) = self.calls.remove(&(who, id)) {
                    handle.abort();
                }
            }
            Job::Bench(iterations) => respond(benchmark(iterations)),
            Job::ImportOpenApi { document, others } => {
                respond(openapi::import(&document, &others));
            }
        }
    }
}

impl SchemaWorker {
    fn load(&mut self, key: String, source: Source) -> Event {
        let schema = match source {
            Source::Protos(files) => Schema::from_protos(&files),
            Source::DescriptorSet(base64) => STANDARD
                .decode(base64.trim())
                .map_err(|error| SchemaError::InvalidDescriptorSet {
                    message: format!("not base64: {error}"),
                })
                .and_then(|bytes| Schema::from_descriptor_set(&bytes)),
        };
        match schema {
            Ok(schema) => {
                let event = Event::Loaded {
                    services: serde_json::to_string(&schema.services()).unwrap_or_default(),
                    descriptor_set: STANDARD.encode(schema.descriptor_set()),
                };
                self.schemas.insert(key, Rc::new(schema));
                event
            }
            Err(error) => Event::Refused(error.to_string()),
        }
    }

    fn describe(&self, key: &str, method: &str) -> Event {
        let Some(schema) = self.schemas.get(key) else {
            return no_schema(key);
        };
        let described = schema.method(method).and_then(|method| {
            let input = method.input.clone();
            let template = schema.template(&input)?;
            Ok(Event::Described {
                forms: schema.forms(&input)?,
                template: serde_json::to_string_pretty(&template).unwrap_or_default(),
                input,
            })
        });
        described.unwrap_or_else(|error: SchemaError| Event::Refused(error.to_string()))
    }
}

/// Runs the codec benchmark job on the worker's clock, `performance.now()`.
fn benchmark(iterations: u32) -> Event {
    match bench::run(iterations, performance_now) {
        Ok(timings) => Event::Message(serde_json::to_string(&timings).unwrap_or_default()),
        Err(error) => Event::Refused(error),
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The worker's `performance.now()`, in ms.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// The refusal for a key with no schema loaded.
fn no_schema(key: &str) -> Event {
    Event::Refused(format!(
        "no schema is loaded for {key}: load it by reflection, from .proto files or from a protoset"
    ))
}
