//! Streaming calls: the runner hands `SayHelloStream` calls to [`receive`],
//! which puts each reply into the shared state as it arrives; the Greeter
//! stream panel and the gRPC console read them, and cancel, through
//! [`use_stream`].

use yew::prelude::*;

use super::use_app::use_app;
use crate::{
    api::{capture::Traced, grpc},
    history::{Answer, Record, Replay},
    state::{Action, AppContext, AppState},
};

/// Makes streaming call `seq` with `call`, which gets a function to hand
/// each reply to: that dispatches it as [`Action::StreamReply`]. The runner
/// sends [`Action::StreamStarted`], with the handle that cancels the call, and
/// records the result, as for any call.
pub async fn receive<F: Future<Output = Traced<Vec<String>>>>(
    app: &AppContext,
    seq: u64,
    call: impl FnOnce(Box<dyn Fn(&str)>) -> F,
) -> Traced<Vec<String>> {
    let app = app.clone();
    call(Box::new(move |message: &str| {
        let message = message.to_owned();
        app.dispatch(Action::StreamReply { seq, message });
    }))
    .await
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
        let newest = state
            .calls
            .iter()
            .rev()
            .find(|(_, call)| call.is_stream() && owns(&call.replay));
        if let Some((&seq, call)) = newest {
            return Self {
                replies: call.replies.clone().unwrap_or_default(),
                in_flight: (!call.finished).then_some(seq),
                last: state
                    .timeline
                    .iter()
                    .find(|record| record.seq == seq)
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
/// it while it is in flight: its future ends at once, dropping the response
/// stream, which aborts the fetch.
#[hook]
pub fn use_stream(owns: fn(&Replay) -> bool) -> (StreamView, Callback<()>) {
    let app = use_app();
    let view = StreamView::of(&app, owns);
    let cancel = view
        .in_flight
        .and_then(|seq| app.calls.get(&seq))
        .and_then(|call| call.cancel.clone());
    let cancel = Callback::from(move |()| {
        if let Some(cancel) = &cancel {
            cancel.cancel();
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
        let call = crate::state::LiveCall {
            replay: Replay::GreetStream(GreeterRequest::default()),
            replies: Some(vec!["a".into()]),
            finished: false,
            cancel: None,
        };
        state.calls.insert(2, call);
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
