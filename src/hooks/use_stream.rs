//! Streaming calls: the runner hands `SayHelloStream` calls to [`receive`],
//! which puts each reply into the shared state as it arrives; the Greeter
//! stream panel and the gRPC console read them, and cancel, through
//! [`use_stream`].

use std::{cell::RefCell, collections::HashMap};

use futures::future::{AbortHandle, AbortRegistration};
use yew::prelude::*;

use super::use_app::use_app;
use crate::{
    api::{capture::Traced, grpc},
    history::{Answer, Record, Replay},
    state::{Action, AppContext, AppState},
};

thread_local! {
    /// How to cancel each stream in flight, by sequence number. Kept out of
    /// the reducer state: a handle is neither data to compare nor to store.
    static CANCELS: RefCell<HashMap<u64, AbortHandle>> = RefCell::new(HashMap::new());
}

/// Makes streaming call `seq` with `call`, which gets the cancel signal and
/// a function to hand each reply to: that dispatches it as
/// [`Action::StreamReply`]. The runner sends [`Action::StreamStarted`] and
/// records the result, as for any call.
pub async fn receive<F: Future<Output = Traced<Vec<String>>>>(
    app: &AppContext,
    seq: u64,
    call: impl FnOnce(AbortRegistration, Box<dyn Fn(&str)>) -> F,
) -> Traced<Vec<String>> {
    let (handle, registration) = AbortHandle::new_pair();
    CANCELS.with_borrow_mut(|cancels| cancels.insert(seq, handle));
    let on_reply = {
        let app = app.clone();
        Box::new(move |message: &str| {
            let message = message.to_owned();
            app.dispatch(Action::StreamReply { seq, message });
        })
    };
    let traced = call(registration, on_reply).await;
    CANCELS.with_borrow_mut(|cancels| cancels.remove(&seq));
    traced
}

/// Cancels stream `seq` if it is still in flight: its future ends at once,
/// dropping the response stream, which aborts the fetch.
fn cancel(seq: u64) {
    if let Some(handle) = CANCELS.with_borrow_mut(|cancels| cancels.remove(&seq)) {
        handle.abort();
    }
}

/// What a streaming panel shows: its newest stream.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamView {
    /// Its replies, in arrival order.
    pub replies: Vec<String>,
    /// Its sequence number while it is in flight.
    pub in_flight: Option<u64>,
    /// Its record, once it finished.
    pub last: Option<Record>,
}

impl StreamView {
    /// The newest stream whose call `owns` picks out.
    pub fn of(state: &AppState, owns: fn(&Replay) -> bool) -> Self {
        if let Some(progress) = state
            .streams
            .iter()
            .rev()
            .find(|stream| owns(&stream.replay))
        {
            return Self {
                replies: progress.replies.clone(),
                in_flight: (!progress.finished).then_some(progress.seq),
                last: state
                    .timeline
                    .iter()
                    .find(|record| record.seq == progress.seq)
                    .cloned(),
            };
        }
        // After a reload only the history is left: show its newest stream.
        let last = state
            .timeline
            .iter()
            .find(|record| owns(&record.replay))
            .cloned();
        let replies = match last
            .as_ref()
            .map(|record| (&record.result, &record.response))
        {
            Some((Ok(Answer::Greetings(replies) | Answer::Replies(replies)), _)) => replies.clone(),
            Some((Err(_), Some(response))) => grpc::replies_in(&response.body),
            _ => Vec::new(),
        };
        Self {
            replies,
            in_flight: None,
            last,
        }
    }
}

/// The newest stream whose call `owns` picks out, and a callback that cancels
/// it while it is in flight.
#[hook]
pub fn use_stream(owns: fn(&Replay) -> bool) -> (StreamView, Callback<()>) {
    let app = use_app();
    let view = StreamView::of(&app, owns);
    let in_flight = view.in_flight;
    let cancel = Callback::from(move |()| {
        if let Some(seq) = in_flight {
            cancel(seq);
        }
    });
    (view, cancel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        api::{capture::Captured, error::ApiError},
        config::Settings,
        history::{CallRecord, Transport},
        requests::{GreeterRequest, Requests},
    };

    fn stream_record(seq: u64, result: Result<Answer, ApiError>, body: &str) -> CallRecord {
        CallRecord {
            seq,
            trace_id: "t".into(),
            replay: Replay::GreetStream(GreeterRequest::default()),
            transport: Transport::Grpc,
            target: String::new(),
            status: String::new(),
            result,
            latency_ms: 0.0,
            at_ms: 0.0,
            request: Captured::default(),
            response: Some(Captured::new("", vec![], body)),
        }
    }

    fn state(timeline: Vec<CallRecord>) -> AppState {
        AppState::new(
            Settings::defaults_for("h"),
            Requests::default(),
            timeline.into(),
        )
    }

    fn greeter_stream(replay: &Replay) -> bool {
        matches!(replay, Replay::GreetStream(_))
    }

    #[test]
    fn shows_the_stream_in_flight_with_its_replies_so_far() {
        let mut state = state(vec![stream_record(1, Ok(Answer::Greetings(vec![])), "")]);
        state.streams.push(crate::state::StreamProgress {
            seq: 2,
            replay: Replay::GreetStream(GreeterRequest::default()),
            replies: vec!["a".into()],
            finished: false,
        });
        let view = StreamView::of(&state, greeter_stream);
        assert_eq!(view.replies, ["a"]);
        assert_eq!(view.in_flight, Some(2));
        assert_eq!(view.last, None, "an older stream's status was shown");
    }

    #[test]
    fn after_a_reload_shows_the_replies_before_an_error() {
        let error = ApiError::Grpc {
            code: 1,
            message: "cancelled".into(),
        };
        let body = "{\"message\":\"a\"}\n{\"message\":\"b\"}";
        let view = StreamView::of(
            &state(vec![stream_record(1, Err(error), body)]),
            greeter_stream,
        );
        assert_eq!(view.replies, ["a", "b"]);
        assert_eq!(view.in_flight, None);
        assert_eq!(view.last.map(|record| record.seq), Some(1));
    }
}
