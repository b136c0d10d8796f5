//! The page's shared state: a reducer handed out through a context provider.
//! It is the one source of truth for calls too: every call that is running,
//! or a stream whose replies are still shown, is in [`AppState::calls`], keyed
//! by its sequence number, with the handle that cancels it; the sequence
//! numbers themselves come from the state's own counter.

mod calls;

use std::{collections::BTreeMap, rc::Rc};

use yew::prelude::*;

pub use calls::{CallIds, Cancel, LiveCall};

use crate::{
    config::Settings,
    history::{CallRecord, History, Record, Replay, Transport},
    hooks::use_runner::Run,
    requests::{GreeterRequest, GrpcCall, HttpDraft, PublishDraft, Requests, ToSave, UsersRequest},
};

/// State every panel can read.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub settings: Settings,
    /// The requests as edited in the panels.
    pub requests: Requests,
    /// Finished calls, newest first.
    pub timeline: History,
    /// Calls by sequence number: one-shot calls shown in flight, and streams
    /// in flight or finished but still shown, with their replies so far.
    pub calls: BTreeMap<u64, LiveCall>,
    /// Where sequence numbers come from.
    pub ids: CallIds,
    /// The call shown in detail.
    pub selected: Option<u64>,
    /// The gRPC console module, which loads when first opened.
    pub console: ConsoleSlot,
}

/// Where the gRPC console module stands, seen from the page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConsoleSlot {
    /// Opened: its module is loading or loaded.
    pub open: bool,
    /// Mounted and listening for calls.
    pub ready: bool,
    /// Calls to hand to it once it is ready (the timeline's "Run again").
    pub pending: Vec<Replay>,
    /// Requests of the page's panels for it to save in a collection.
    pub saves: Vec<ToSave>,
}

impl AppState {
    pub fn new(settings: Settings, requests: Requests, timeline: History) -> Self {
        // A share link with a console call opens the console.
        let console = ConsoleSlot {
            open: !requests.grpc.method.is_empty() || !requests.http.call.is_empty(),
            ..ConsoleSlot::default()
        };
        Self {
            settings,
            requests,
            timeline,
            calls: BTreeMap::new(),
            ids: CallIds::default(),
            selected: None,
            console,
        }
    }

    /// The newest finished one-shot call over `transport` of the page's own
    /// panels. Streams and the console's calls are left out: they have their
    /// own panels.
    pub fn latest(&self, transport: Transport) -> Option<&Record> {
        self.newest(|replay| panel_call(replay, transport))
    }

    /// The newest finished call that `owns` picks out.
    pub fn newest(&self, owns: impl Fn(&Replay) -> bool) -> Option<&Record> {
        self.timeline.iter().find(|record| owns(&record.replay))
    }

    /// Whether a call of the page's panels over `transport` is shown in
    /// flight (as in [`Self::latest`]).
    pub fn busy(&self, transport: Transport) -> bool {
        self.busy_with(|replay| panel_call(replay, transport))
    }

    /// Whether a one-shot call that `owns` picks out is shown in flight.
    pub fn busy_with(&self, owns: impl Fn(&Replay) -> bool) -> bool {
        self.calls
            .values()
            .any(|call| !call.is_stream() && !call.finished && owns(&call.replay))
    }

    pub fn selected_record(&self) -> Option<&Record> {
        let seq = self.selected?;
        self.timeline.iter().find(|record| record.seq == seq)
    }
}

/// Whether `replay` is a one-shot call of one of the page's own panels.
fn panel_call(replay: &Replay, transport: Transport) -> bool {
    replay.transport() == transport && !replay.is_stream() && !replay.in_console()
}

/// Ways the shared state changes.
#[derive(Debug)]
pub enum Action {
    SetSettings(Settings),
    EditUsers(UsersRequest),
    EditGreeter(GreeterRequest),
    EditStream(GreeterRequest),
    EditPublish(PublishDraft),
    EditGrpc(GrpcCall),
    EditHttp(HttpDraft),
    /// Replace every request (a share link was opened).
    SetRequests(Box<Requests>),
    /// One-shot call `seq` is taking a while: show it in flight.
    Started {
        seq: u64,
        replay: Replay,
    },
    /// Call `seq` is a stream: its replies follow, and `cancel` ends it.
    StreamStarted {
        seq: u64,
        replay: Replay,
        cancel: Cancel,
    },
    /// Stream `seq` received a reply.
    StreamReply {
        seq: u64,
        message: String,
    },
    Finished(Box<CallRecord>),
    Select(Option<u64>),
    ClearHistory,
    /// Open the gRPC console, loading its module.
    OpenConsole,
    /// The console module is listening.
    ConsoleReady,
    /// A console call for the module to make (from the timeline).
    ToConsole(Run),
    /// A request of the page's for the console to save, opening it.
    SaveInConsole(ToSave),
    /// The pending console calls and saves were handed over.
    ConsoleTook,
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetSettings(settings) => next.settings = settings,
            Action::EditUsers(request) => next.requests.users = request,
            Action::EditGreeter(request) => next.requests.greeter = request,
            Action::EditStream(request) => next.requests.stream = request,
            Action::EditPublish(draft) => next.requests.publish = draft,
            Action::EditGrpc(call) => next.requests.grpc = call,
            Action::EditHttp(call) => next.requests.http = call,
            Action::SetRequests(requests) => next.requests = *requests,
            Action::Started { seq, replay } => {
                // A stream is in the map already, from its start.
                next.calls.entry(seq).or_insert(LiveCall {
                    replay,
                    replies: None,
                    finished: false,
                    cancel: None,
                });
            }
            Action::StreamStarted {
                seq,
                replay,
                cancel,
            } => {
                // Only the newest stream of each panel is shown; forget the
                // finished ones.
                next.calls.retain(|_, call| !call.finished);
                let call = LiveCall {
                    replay,
                    replies: Some(Vec::new()),
                    finished: false,
                    cancel: Some(cancel),
                };
                next.calls.insert(seq, call);
            }
            Action::StreamReply { seq, message } => {
                if let Some(replies) = next.calls.get_mut(&seq).and_then(|c| c.replies.as_mut()) {
                    replies.push(message);
                }
            }
            Action::Finished(record) => {
                match next.calls.get_mut(&record.seq) {
                    Some(call) if call.is_stream() => {
                        call.finished = true;
                        call.cancel = None;
                    }
                    Some(_) => {
                        next.calls.remove(&record.seq);
                    }
                    None => {}
                }
                next.timeline.insert(*record);
            }
            Action::Select(seq) => next.selected = seq,
            Action::OpenConsole => next.console.open = true,
            Action::ConsoleReady => next.console.ready = true,
            Action::ToConsole(run) => {
                next.console.open = true;
                if run.replay.made_in_console() {
                    next.console.pending.push(run.replay);
                }
            }
            Action::SaveInConsole(request) => {
                next.console.open = true;
                next.console.saves.push(request);
            }
            Action::ConsoleTook => {
                next.console.pending.clear();
                next.console.saves.clear();
            }
            Action::ClearHistory => {
                next.timeline.clear();
                next.selected = None;
                next.calls.retain(|_, call| !call.finished);
            }
        }
        Rc::new(next)
    }
}

/// What `use_context::<AppContext>()` returns.
pub type AppContext = UseReducerHandle<AppState>;

#[cfg(test)]
mod tests;
