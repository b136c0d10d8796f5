//! The page's shared state: a reducer handed out through a context provider.

use std::rc::Rc;

use yew::prelude::*;

use crate::{
    config::Settings,
    history::{CallRecord, History, Record, Replay, Transport},
    hooks::use_runner::Run,
    requests::{GreeterRequest, GrpcCall, PublishDraft, Requests, UsersRequest},
};

/// State every panel can read.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub settings: Settings,
    /// The requests as edited in the panels.
    pub requests: Requests,
    /// Finished calls, newest first.
    pub timeline: History,
    /// Calls in flight: their sequence numbers and transports.
    pub in_flight: Vec<(u64, Transport)>,
    /// The call shown in detail.
    pub selected: Option<u64>,
    /// Streaming calls in flight and the newest finished one, oldest first,
    /// with the replies received so far.
    pub streams: Vec<StreamProgress>,
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
    pub pending: Vec<GrpcCall>,
}

/// A streaming call's replies as they arrive, before and after it finishes.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamProgress {
    pub seq: u64,
    /// What was called, which says which panel shows it.
    pub replay: Replay,
    pub replies: Vec<String>,
    /// Whether its record is in the timeline yet.
    pub finished: bool,
}

impl AppState {
    pub fn new(settings: Settings, requests: Requests, timeline: History) -> Self {
        // A share link with a console call opens the console.
        let console = ConsoleSlot {
            open: !requests.grpc.method.is_empty(),
            ..ConsoleSlot::default()
        };
        Self {
            settings,
            requests,
            timeline,
            in_flight: Vec::new(),
            selected: None,
            streams: Vec::new(),
            console,
        }
    }

    /// The newest finished one-shot call over `transport`. Streams are left
    /// out: they have their own panel.
    pub fn latest(&self, transport: Transport) -> Option<&Record> {
        self.timeline
            .iter()
            .find(|record| record.transport == transport && !record.replay.is_stream())
    }

    /// Whether a one-shot call over `transport` is in flight (streams are
    /// left out, as in [`Self::latest`]).
    pub fn busy(&self, transport: Transport) -> bool {
        self.in_flight.iter().any(|(seq, busy)| {
            *busy == transport && !self.streams.iter().any(|stream| stream.seq == *seq)
        })
    }

    pub fn selected_record(&self) -> Option<&Record> {
        let seq = self.selected?;
        self.timeline.iter().find(|record| record.seq == seq)
    }
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
    /// Replace every request (a share link was opened).
    SetRequests(Box<Requests>),
    Started {
        seq: u64,
        transport: Transport,
    },
    /// Call `seq` is a stream: its replies follow. Sent before its `Started`.
    StreamStarted {
        seq: u64,
        replay: Replay,
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
    /// The pending console calls were handed over.
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
            Action::SetRequests(requests) => next.requests = *requests,
            Action::Started { seq, transport } => next.in_flight.push((seq, transport)),
            Action::StreamStarted { seq, replay } => {
                // Only the newest stream of each panel is shown; forget the
                // finished ones.
                next.streams.retain(|stream| !stream.finished);
                next.streams.push(StreamProgress {
                    seq,
                    replay,
                    replies: Vec::new(),
                    finished: false,
                });
            }
            Action::StreamReply { seq, message } => {
                if let Some(stream) = next.streams.iter_mut().find(|stream| stream.seq == seq) {
                    stream.replies.push(message);
                }
            }
            Action::Finished(record) => {
                next.in_flight.retain(|(seq, _)| *seq != record.seq);
                if let Some(stream) = next.streams.iter_mut().find(|s| s.seq == record.seq) {
                    stream.finished = true;
                }
                next.timeline.insert(*record);
            }
            Action::Select(seq) => next.selected = seq,
            Action::OpenConsole => next.console.open = true,
            Action::ConsoleReady => next.console.ready = true,
            Action::ToConsole(run) => {
                next.console.open = true;
                if let Replay::Grpc(call) = run.replay {
                    next.console.pending.push(call);
                }
            }
            Action::ConsoleTook => next.console.pending.clear(),
            Action::ClearHistory => {
                next.timeline.clear();
                next.selected = None;
                next.streams.retain(|stream| !stream.finished);
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
    use crate::{
        api::{capture::Captured, error::ApiError},
        history::HISTORY_LIMIT,
    };

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

    #[test]
    fn finished_calls_leave_flight_and_keep_start_order() {
        let mut state = state();
        for seq in [1, 2, 3] {
            state = state.reduce(Action::Started {
                seq,
                transport: Transport::Rest,
            });
        }
        assert!(state.busy(Transport::Rest));
        for seq in [2, 3, 1] {
            state = state.reduce(Action::Finished(Box::new(record(seq))));
        }
        assert!(!state.busy(Transport::Rest));
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
            state = state.reduce(Action::StreamStarted { seq, replay });
            state = state.reduce(Action::Started {
                seq,
                transport: Transport::Grpc,
            });
        }
        for (seq, message) in [(1, "a"), (2, "b"), (2, "c"), (9, "lost")] {
            let message = message.to_owned();
            state = state.reduce(Action::StreamReply { seq, message });
        }
        assert!(
            !state.busy(Transport::Grpc),
            "a stream made the Greeter busy"
        );
        assert_eq!(state.streams[1].replies, ["b", "c"]);

        let mut finished = record(2);
        finished.replay = Replay::GreetStream(GreeterRequest::default());
        finished.transport = Transport::Grpc;
        state = state.reduce(Action::Finished(Box::new(finished)));
        assert!(state.streams[1].finished);
        assert_eq!(state.latest(Transport::Grpc), None);

        // A new stream replaces the finished one, not the one in flight.
        let replay = Replay::GreetStream(GreeterRequest::default());
        state = state.reduce(Action::StreamStarted { seq: 3, replay });
        let shown: Vec<u64> = state.streams.iter().map(|stream| stream.seq).collect();
        assert_eq!(shown, [1, 3]);
    }
}
