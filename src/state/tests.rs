//! The reducer's actions, each against the state it must leave.

use futures::future::AbortHandle;

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
