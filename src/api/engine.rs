//! The page's end of the schema worker (crate `switchboard-worker`): the
//! worker is started when a person shows they may call through it (pointing
//! at or focusing a gRPC panel, [`Engine::warm`]) or else the first time a
//! schema is needed, so its code (protox, prost-reflect, tonic; about 490 KB
//! gzip) is fetched then and not with the page, nor by people who never
//! call gRPC.
//!
//! One [`Engine`] is shared through a context. It hands each job an id and
//! routes the worker's replies back to whoever waits for that id.

use std::{
    cell::{Cell, RefCell},
    collections::{HashMap, HashSet},
    fmt,
    rc::Rc,
};

use futures::{
    StreamExt,
    channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded},
};
use gloo_worker::{Spawnable, WorkerBridge};
use switchboard_wire::schema::MessageForm;
use switchboard_worker::{
    SchemaWorker,
    protocol::{Event, Job, Json, Request, Source},
};

/// Where trunk puts the worker's loader (index.html, `data-loader-shim`).
const WORKER_LOADER: &str = "./worker_loader.js";

/// The schema worker, started on intent or on first use.
#[derive(Clone, Default)]
pub struct Engine(Rc<Inner>);

#[derive(Default)]
struct Inner {
    worker: RefCell<Option<WorkerBridge<SchemaWorker>>>,
    /// Who waits for the replies to each job.
    waiting: Rc<RefCell<HashMap<u64, UnboundedSender<Event>>>>,
    /// The schemas the running worker holds, by key.
    loaded: RefCell<HashSet<String>>,
    /// Ids for jobs that are not calls; calls use their sequence number,
    /// which starts far above these.
    next_id: Cell<u64>,
}

impl PartialEq for Engine {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let started = self.0.worker.borrow().is_some();
        f.debug_struct("Engine").field("started", &started).finish()
    }
}

/// A loaded schema: its services (a JSON list of `ServiceInfo`s, which only
/// the console reads), and its FileDescriptorSet in base64.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub services: String,
    pub descriptor_set: String,
}

/// A method's request form and template.
#[derive(Debug, Clone, PartialEq)]
pub struct Described {
    pub input: String,
    /// Shared: the form's properties compare it by pointer.
    pub forms: Rc<std::collections::BTreeMap<String, MessageForm>>,
    pub template: String,
}

impl Engine {
    /// Whether the worker has been started.
    pub fn started(&self) -> bool {
        self.0.worker.borrow().is_some()
    }

    /// Starts the worker if it is not running, so that a call made soon
    /// finds its code fetched and compiled. A call made before it is ready
    /// waits for it: the bridge keeps what is sent until the worker is up.
    pub fn warm(&self) {
        self.with_worker(|_| {});
    }

    /// Sends `job` as `id`; the receiver gets its replies.
    pub fn send(&self, id: u64, job: Job) -> UnboundedReceiver<Event> {
        let (sender, receiver) = unbounded();
        self.0.waiting.borrow_mut().insert(id, sender);
        self.with_worker(|worker| worker.send(Request { id, job }));
        receiver
    }

    /// Stops waiting for the replies to `id`.
    pub fn forget(&self, id: u64) {
        self.0.waiting.borrow_mut().remove(&id);
    }

    /// Cancels call `id`: it finishes with `CANCELLED`.
    pub fn cancel(&self, id: u64) {
        if self.started() {
            self.with_worker(|worker| {
                worker.send(Request {
                    id,
                    job: Job::Cancel,
                })
            });
        }
    }

    /// Compiles or reads a schema and keeps it in the worker under `key`.
    pub async fn load(&self, key: &str, source: Source) -> Result<Loaded, String> {
        let key = key.to_owned();
        let event = self
            .ask(Job::Load {
                key: key.clone(),
                source,
            })
            .await;
        match event {
            Event::Loaded {
                services,
                descriptor_set,
            } => {
                self.0.loaded.borrow_mut().insert(key);
                Ok(Loaded {
                    services,
                    descriptor_set,
                })
            }
            other => Err(unexpected(other)),
        }
    }

    /// Makes sure the worker holds the schema under `key`, loading the saved
    /// `descriptor_set` if it does not (after a reload, say).
    pub async fn ensure(&self, key: &str, descriptor_set: &str) -> Result<(), String> {
        if self.0.loaded.borrow().contains(key) {
            return Ok(());
        }
        let source = Source::DescriptorSet(descriptor_set.to_owned());
        self.load(key, source).await.map(drop)
    }

    /// The form and template of `method`'s request.
    pub async fn describe(&self, key: &str, method: &str) -> Result<Described, String> {
        let job = Job::Describe {
            key: key.to_owned(),
            method: method.to_owned(),
        };
        match self.ask(job).await {
            Event::Described {
                input,
                forms,
                template,
            } => Ok(Described {
                input,
                forms: Rc::new(forms),
                template,
            }),
            other => Err(unexpected(other)),
        }
    }

    /// Reads an OpenAPI document (JSON or YAML) with the other files its
    /// `$ref`s may point into: its operations, as JSON (an
    /// `switchboard_wire::openapi::ApiDocument`), or why it does not read.
    pub async fn import_openapi(
        &self,
        document: String,
        others: Vec<(String, String)>,
    ) -> Result<String, String> {
        match self.ask(Job::ImportOpenApi { document, others }).await {
            Event::Imported(json) => Ok(json),
            other => Err(unexpected(other)),
        }
    }

    /// Sends a job that has one reply, and waits for it.
    async fn ask(&self, job: Job) -> Event {
        let id = self.0.next_id.get() + 1;
        self.0.next_id.set(id);
        let mut replies = self.send(id, job);
        let event = replies.next().await;
        self.forget(id);
        event.unwrap_or_else(|| Event::Refused("the schema worker stopped".to_owned()))
    }

    /// Runs `f` with the worker, starting it first if need be.
    fn with_worker(&self, f: impl FnOnce(&WorkerBridge<SchemaWorker>)) {
        let mut worker = self.0.worker.borrow_mut();
        let worker = worker.get_or_insert_with(|| {
            let waiting = Rc::downgrade(&self.0.waiting);
            SchemaWorker::spawner()
                .encoding::<Json>()
                .callback(move |reply| {
                    let Some(waiting) = waiting.upgrade() else {
                        return;
                    };
                    let finished = matches!(
                        reply.event,
                        Event::Finished(_) | Event::Refused(_) | Event::Loaded { .. }
                    );
                    let mut waiting = waiting.borrow_mut();
                    if let Some(sender) = waiting.get(&reply.id) {
                        let _ = sender.unbounded_send(reply.event);
                    }
                    if finished {
                        waiting.remove(&reply.id);
                    }
                })
                .spawn_with_loader(WORKER_LOADER)
        });
        f(worker);
    }
}

/// A reply that does not answer the job (only a refusal should get here).
fn unexpected(event: Event) -> String {
    match event {
        Event::Refused(error) => error,
        other => format!("the schema worker answered out of turn: {other:?}"),
    }
}
