//! The requests a person edits in the panels. They are plain data, so they can
//! go into the timeline (to run again), into share links and into exports.

mod grpc;
mod publish;

use serde::{Deserialize, Serialize};

/// `GET /users/{id}`, with extra headers as `Name: value` lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UsersRequest {
    pub id: String,
    pub headers: String,
}

impl Default for UsersRequest {
    fn default() -> Self {
        Self {
            id: "1".to_owned(),
            headers: String::new(),
        }
    }
}

pub use grpc::{GreeterRequest, GrpcCall, Route, SAY_HELLO, SAY_HELLO_STREAM};
pub use publish::{PayloadFormat, PublishDraft};

/// A request of one of the page's own panels, for the console to save in a
/// collection (collections live in the console module).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToSave {
    Publish(PublishDraft),
    /// A live tail's settings.
    Tail {
        exchange: String,
        binding_key: String,
    },
}

/// Every request the page can make, for share links.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Requests {
    pub users: UsersRequest,
    pub greeter: GreeterRequest,
    /// The Greeter stream panel's `SayHelloStream` request.
    pub stream: GreeterRequest,
    pub publish: PublishDraft,
    /// The gRPC console's call.
    pub grpc: GrpcCall,
    /// The HTTP console's request.
    pub http: HttpDraft,
}

/// An HTTP console request as the page carries it, for share links and the
/// timeline. The console module, loaded on demand, reads and writes `call`;
/// the page keeps it as text, with what it shows, so that the request's
/// decoder stays out of the page's first load.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpDraft {
    /// The console's request, as JSON.
    pub call: String,
    /// `METHOD url`, for the timeline.
    pub title: String,
    /// The request as `curl`, for a call that was made.
    pub curl: String,
}

/// Parses `Name: value` lines; blank lines are skipped.
pub fn parse_pairs(text: &str) -> Result<Vec<(String, String)>, String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| match line.split_once(':') {
            Some((name, value)) if !name.trim().is_empty() => {
                Ok((name.trim().to_owned(), value.trim().to_owned()))
            }
            _ => Err(format!("{line:?} is not a `name: value` line")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use switchboard_wire::HeaderValue;

    use super::*;
    use crate::trace::Trace;

    fn trace() -> Trace {
        Trace::from_bytes([0x11; 16], [0x22; 8])
    }

    #[test]
    fn pairs_are_parsed_and_bad_lines_named() {
        let pairs = parse_pairs("X-One: 1\n\n  x-two :  a: b  \n").unwrap();
        assert_eq!(
            pairs,
            [
                ("X-One".into(), "1".into()),
                ("x-two".into(), "a: b".into())
            ]
        );
        assert!(parse_pairs("no colon").unwrap_err().contains("no colon"));
        assert!(parse_pairs(": empty name").is_err());
    }

    #[test]
    fn publish_draft_carries_the_trace_and_typed_headers() {
        let draft = PublishDraft {
            headers: "attempt: 3\nurgent: true\nratio: 0.5\nsource: page".into(),
            ..PublishDraft::default()
        };
        let request = draft.to_request(&trace()).unwrap();
        assert_eq!(request.exchange, None);
        assert_eq!(
            request.correlation_id.as_deref(),
            Some("11111111111111111111111111111111")
        );
        assert_eq!(request.headers["attempt"], HeaderValue::Int(3));
        assert_eq!(request.headers["urgent"], HeaderValue::Bool(true));
        assert_eq!(request.headers["ratio"], HeaderValue::Float(0.5));
        assert_eq!(request.headers["source"], HeaderValue::Text("page".into()));
        assert_eq!(
            request.headers["traceparent"],
            HeaderValue::Text(trace().traceparent())
        );
    }

    #[test]
    fn json_payload_is_validated_and_typed() {
        let mut draft = PublishDraft {
            payload: "{\"a\": 1".into(),
            format: PayloadFormat::Json,
            ..PublishDraft::default()
        };
        assert!(
            draft
                .to_request(&trace())
                .unwrap_err()
                .contains("not valid JSON")
        );
        draft.payload = "{\"a\": 1}".into();
        let request = draft.to_request(&trace()).unwrap();
        assert_eq!(request.content_type.as_deref(), Some("application/json"));
    }

    #[test]
    fn deadline_must_be_positive_milliseconds() {
        let mut request = GreeterRequest::default();
        assert_eq!(request.deadline(), Ok(None));
        request.deadline_ms = "250".into();
        assert_eq!(request.deadline(), Ok(Some(250)));
        request.deadline_ms = "0".into();
        assert!(request.deadline().is_err());
        request.deadline_ms = "soon".into();
        assert!(request.deadline().is_err());
    }
}
