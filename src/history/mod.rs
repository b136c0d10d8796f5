//! The timeline: every call, whatever its transport, with what went over the
//! wire. It survives reloads in localStorage, bounded, and can be cleared.

mod timeline;

use serde::{Deserialize, Serialize};
use switchboard_wire::{PublishResponse, User};

use crate::{
    capture::{Captured, Traced},
    config::Settings,
    error::ApiError,
    requests::{
        GreeterRequest, GrpcCall, HttpDraft, PublishDraft, Route, SAY_HELLO_STREAM, UsersRequest,
    },
};

pub use timeline::{History, Record, groups, load, save};

/// How many calls the timeline keeps.
pub const HISTORY_LIMIT: usize = 100;

/// How a call travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Transport {
    Rest,
    Grpc,
    Amqp,
}

impl Transport {
    pub const ALL: [Self; 3] = [Self::Rest, Self::Grpc, Self::Amqp];

    pub fn label(self) -> &'static str {
        match self {
            Self::Rest => "REST",
            Self::Grpc => "gRPC-web",
            Self::Amqp => "AMQP",
        }
    }

    /// The CSS class and chart colour key.
    pub fn key(self) -> &'static str {
        match self {
            Self::Rest => "rest",
            Self::Grpc => "grpc",
            Self::Amqp => "amqp",
        }
    }
}

/// Everything needed to make a call again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Replay {
    User(UsersRequest),
    Greet(GreeterRequest),
    /// `SayHelloStream`: the Greeter stream panel's request.
    GreetStream(GreeterRequest),
    Publish(PublishDraft),
    /// Any method of any gRPC server, from the gRPC console.
    Grpc(GrpcCall),
    /// Any HTTP request, from the HTTP console.
    Http(HttpDraft),
}

impl Replay {
    pub fn transport(&self) -> Transport {
        match self {
            Self::User(_) | Self::Http(_) => Transport::Rest,
            Self::Greet(_) | Self::GreetStream(_) | Self::Grpc(_) => Transport::Grpc,
            Self::Publish(_) => Transport::Amqp,
        }
    }

    /// Whether the call's replies are shown as they arrive, in its own
    /// panel: the Greeter stream's, and every console call, whose method may
    /// stream.
    pub fn is_stream(&self) -> bool {
        matches!(self, Self::GreetStream(_) | Self::Grpc(_))
    }

    /// Whether the console module makes the call, rather than the page.
    pub fn in_console(&self) -> bool {
        matches!(self, Self::Grpc(_) | Self::Http(_))
    }

    /// Whether the console module makes the call: its own calls, and a
    /// publish that names `{{variables}}`, which only the console's
    /// environments fill in.
    pub fn made_in_console(&self) -> bool {
        match self {
            Self::Publish(draft) => [
                &draft.exchange,
                &draft.routing_key,
                &draft.payload,
                &draft.content_type,
                &draft.headers,
            ]
            .iter()
            .any(|field| field.contains("{{")),
            other => other.in_console(),
        }
    }

    /// What the call is aimed at, for the timeline.
    pub fn target(&self, settings: &Settings) -> String {
        match self {
            Self::User(request) => format!("GET /users/{}", request.id.trim()),
            Self::Greet(_) => "helloworld.Greeter/SayHello".to_owned(),
            Self::GreetStream(_) => SAY_HELLO_STREAM.to_owned(),
            Self::Http(draft) => draft.title.clone(),
            Self::Grpc(call) => match call.route {
                Route::Direct => call.method_name().to_owned(),
                Route::Bridge => format!("{} via the bridge", call.method_name()),
            },
            Self::Publish(draft) => {
                let exchange = if draft.exchange.trim().is_empty() {
                    "bridge default"
                } else {
                    draft.exchange.trim()
                };
                format!("exchange {exchange} via {}", settings.bridge_url)
            }
        }
    }
}

/// What a successful call returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    User(User),
    Greeting(String),
    /// Every reply of a stream that ended with OK, in arrival order.
    Greetings(Vec<String>),
    /// Every reply of a console call that ended with OK, as JSON.
    Replies(Vec<String>),
    Published(PublishResponse),
    /// An HTTP console request's 2xx answer: its status and body size (the
    /// timeline's capture holds the start of the body).
    Response {
        status: u16,
        size: usize,
    },
}

/// One finished call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallRecord {
    /// Unique and increasing: the order calls started in.
    pub seq: u64,
    /// The correlation id shared by the calls of one action.
    pub trace_id: String,
    pub replay: Replay,
    pub transport: Transport,
    pub target: String,
    /// HTTP status, gRPC status name, or the broker's confirm.
    pub status: String,
    pub result: Result<Answer, ApiError>,
    pub latency_ms: f64,
    /// Wall-clock start, in milliseconds since the epoch.
    pub at_ms: f64,
    pub request: Captured,
    pub response: Option<Captured>,
}

impl CallRecord {
    pub fn ok(&self) -> bool {
        self.result.is_ok()
    }

    /// Builds the record of a finished call.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        seq: u64,
        trace_id: String,
        replay: Replay,
        settings: &Settings,
        traced: Traced<Answer>,
        latency_ms: f64,
        at_ms: f64,
    ) -> Self {
        Self {
            seq,
            trace_id,
            transport: replay.transport(),
            target: replay.target(settings),
            status: traced.status(),
            replay,
            result: traced.result,
            latency_ms,
            at_ms,
            request: traced.request,
            response: traced.response,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(seq: u64, trace_id: &str) -> CallRecord {
        CallRecord {
            seq,
            trace_id: trace_id.to_owned(),
            replay: Replay::User(UsersRequest::default()),
            transport: Transport::Rest,
            target: String::new(),
            status: "200 OK".to_owned(),
            result: Err(ApiError::Input("x".into())),
            latency_ms: 1.0,
            at_ms: 0.0,
            request: Captured::default(),
            response: None,
        }
    }

    #[test]
    fn calls_sharing_an_id_form_one_group_in_newest_first_order() {
        let records = [
            record(4, "b"),
            record(3, "a"),
            record(2, "b"),
            record(1, "c"),
        ]
        .map(Record::from);
        let groups = groups(&records);
        let shape: Vec<(&str, Vec<u64>)> = groups
            .iter()
            .map(|(id, members)| (*id, members.iter().map(|r| r.seq).collect()))
            .collect();
        assert_eq!(shape, [("b", vec![4, 2]), ("a", vec![3]), ("c", vec![1])]);
    }

    #[test]
    fn a_stream_is_a_grpc_call_to_the_stream_method() {
        let replay = Replay::GreetStream(GreeterRequest::default());
        let settings = Settings::defaults_for("h");
        assert_eq!(replay.transport(), Transport::Grpc);
        assert_eq!(
            replay.target(&settings),
            "helloworld.Greeter/SayHelloStream"
        );
        assert!(replay.is_stream());
        assert!(!Replay::Greet(GreeterRequest::default()).is_stream());
    }
}
