//! The page's shared state: a reducer handed out through a context provider.
//! It is the one source of truth for calls too: every call that is running,
//! or a stream whose replies are still shown, is in [`AppState::calls`], keyed
//! by its sequence number, with the handle that cancels it; the sequence
//! numbers themselves come from the state's own counter.

use std::{cell::Cell, collections::BTreeMap, fmt, rc::Rc};

use futures::future::AbortHandle;
use yew::prelude::*;

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

/// A call before its record is final.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveCall {
    /// What was called, which says which panel shows it.
    pub replay: Replay,
    /// A stream's replies as they arrive, before and after it finishes;
    /// `None` for a one-shot call.
    pub replies: Option<Vec<String>>,
    /// Whether its record is in the timeline yet (a stream stays, to show its
    /// replies, until another stream of its panel starts).
    pub finished: bool,
    /// Ends the call while it runs (streams only).
    pub cancel: Option<Cancel>,
}

impl LiveCall {
    pub fn is_stream(&self) -> bool {
        self.replies.is_some()
    }
}

/// The handle that cancels a call, compared by identity.
#[derive(Clone)]
pub struct Cancel(Rc<AbortHandle>);

impl Cancel {
    pub fn new(handle: AbortHandle) -> Self {
        Self(Rc::new(handle))
    }

    pub fn cancel(&self) {
        self.0.abort();
    }
}

impl PartialEq for Cancel {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Cancel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cancel")
    }
}

/// Sequence numbers: unique and increasing, shared by every copy of the
/// state (the reducer clones it on each action), so two calls started in one
/// event never get the same.
#[derive(Debug, Clone, Default)]
pub struct CallIds(Rc<Cell<u64>>);

impl CallIds {
    /// Numbers from the clock on, so that they keep growing across reloads
    /// (a thousand a millisecond).
    pub fn from_clock() -> Self {
        Self(Rc::new(Cell::new(js_sys::Date::now() as u64 * 1_000)))
    }

    pub fn next(&self) -> u64 {
        let seq = self.0.get();
        self.0.set(seq + 1);
        seq
    }
}

impl PartialEq for CallIds {
    /// One counter for the page's lifetime: never a reason to render.
    fn eq(&self, _other: &Self) -> bool {
        true
    }
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
mod tests {
    use super::*;
    use crate::{capture::Captured, error::ApiError, history::HISTORY_LIMIT};

    fn record(seq: u64) -> CallRecord {
        CallRecord {
            seq,
            trace_id: "t".into(),
            replay: Replay::User(UsersRequest::default()),
            transport: Transport::Rest,
            target: String::new(),
            status: String::new(),
            result: Err(ApiError::Input(String::new())),
            latency_ms: 0.0,
            at_ms: 0.0,
            request: Captured::default(),
            response: None,
        }
    }

    fn state() -> Rc<AppState> {
        Rc::new(AppState::new(
            Settings::defaults_for("h"),
            Requests::default(),
            History::default(),
        ))
    }

    fn cancel() -> Cancel {
        Cancel::new(AbortHandle::new_pair().0)
    }

    #[test]
    fn finished_calls_leave_flight_and_keep_start_order() {
        let mut state = state();
        for seq in [1, 2, 3] {
            let replay = Replay::User(UsersRequest::default());
            state = state.reduce(Action::Started { seq, replay });
        }
        assert!(state.busy(Transport::Rest));
        assert!(!state.busy(Transport::Grpc));
        for seq in [2, 3, 1] {
            state = state.reduce(Action::Finished(Box::new(record(seq))));
        }
        assert!(!state.busy(Transport::Rest));
        assert!(state.calls.is_empty(), "a finished call stayed in the map");
        let order: Vec<u64> = state.timeline.iter().map(|r| r.seq).collect();
        assert_eq!(order, [3, 2, 1]);
        assert_eq!(state.latest(Transport::Rest).unwrap().seq, 3);
    }

    #[test]
    fn timeline_is_bounded() {
        let mut state = state();
        for seq in 0..(HISTORY_LIMIT as u64 + 10) {
            state = state.reduce(Action::Finished(Box::new(record(seq))));
        }
        assert_eq!(state.timeline.len(), HISTORY_LIMIT);
        assert_eq!(state.timeline[0].seq, HISTORY_LIMIT as u64 + 9);
    }

    #[test]
    fn stream_replies_gather_and_streams_stay_out_of_the_one_shot_panels() {
        let mut state = state();
        for seq in [1, 2] {
            let replay = Replay::GreetStream(GreeterRequest::default());
            state = state.reduce(Action::StreamStarted {
                seq,
                replay: replay.clone(),
                cancel: cancel(),
            });
            // The in-flight mark that follows does not make it one-shot.
            state = state.reduce(Action::Started { seq, replay });
        }
        for (seq, message) in [(1, "a"), (2, "b"), (2, "c"), (9, "lost")] {
            let message = message.to_owned();
            state = state.reduce(Action::StreamReply { seq, message });
        }
        assert!(
            !state.busy(Transport::Grpc),
            "a stream made the Greeter busy"
        );
        assert_eq!(
            state.calls[&2].replies.as_deref(),
            Some(&["b".to_owned(), "c".to_owned()][..])
        );

        let mut finished = record(2);
        finished.replay = Replay::GreetStream(GreeterRequest::default());
        finished.transport = Transport::Grpc;
        state = state.reduce(Action::Finished(Box::new(finished)));
        assert!(state.calls[&2].finished);
        assert_eq!(
            state.calls[&2].cancel, None,
            "a finished stream can still be cancelled"
        );
        assert_eq!(state.latest(Transport::Grpc), None);

        // A new stream replaces the finished one, not the one in flight.
        let replay = Replay::GreetStream(GreeterRequest::default());
        state = state.reduce(Action::StreamStarted {
            seq: 3,
            replay,
            cancel: cancel(),
        });
        let shown: Vec<u64> = state.calls.keys().copied().collect();
        assert_eq!(shown, [1, 3]);
    }

    #[test]
    fn sequence_numbers_are_shared_by_every_copy_of_the_state() {
        let state = state();
        let copy = state.clone().reduce(Action::Select(None));
        let first = state.ids.next();
        assert_eq!(copy.ids.next(), first + 1);
    }
}
