//! The requests a person edits in the panels. They are plain data, so they can
//! go into the timeline (to run again), into share links and into exports.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize, de::IgnoredAny};
use switchboard_wire::{HeaderValue, PublishRequest};

use crate::{schemas::Origin, trace::Trace};

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

/// `SayHello` (or `SayHelloStream`): the name, metadata as `name: value`
/// lines, and a deadline in milliseconds (empty for none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GreeterRequest {
    pub name: String,
    pub metadata: String,
    pub deadline_ms: String,
}

impl Default for GreeterRequest {
    fn default() -> Self {
        Self {
            name: "Ada".to_owned(),
            metadata: String::new(),
            deadline_ms: String::new(),
        }
    }
}

/// The Greeter's methods, fully qualified, as in the URL path.
pub const SAY_HELLO: &str = "helloworld.Greeter/SayHello";
pub const SAY_HELLO_STREAM: &str = "helloworld.Greeter/SayHelloStream";

/// `HelloRequest` in JSON, as grpcurl takes it.
#[derive(Serialize)]
struct NameJson<'a> {
    name: &'a str,
}

impl GreeterRequest {
    /// The deadline, if one is set.
    pub fn deadline(&self) -> Result<Option<u32>, String> {
        parse_deadline(&self.deadline_ms)
    }

    /// `{"name":…}`: the request as the timeline shows it and grpcurl takes it.
    pub fn json(&self) -> String {
        // Typed rather than `serde_json::json!`, which would link `Value` and
        // its serialiser; a struct of strings always serialises.
        serde_json::to_string(&NameJson { name: &self.name }).unwrap_or_default()
    }
}

/// How a gRPC call reaches its server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Route {
    /// gRPC-web straight from the page, for servers that speak it.
    #[default]
    Direct,
    /// gRPC-web to the bridge, which relays it as native gRPC to the server
    /// (one of the bridge's `GRPC_TARGETS`).
    Bridge,
}

/// A call of any method of any gRPC server, as edited in the gRPC console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GrpcCall {
    /// The server's base URL, which also keys its schema.
    pub target: String,
    pub route: Route,
    /// `/package.Service/Method`; empty until one is chosen.
    pub method: String,
    /// The request in the proto3 JSON mapping; for client-streaming and
    /// bidirectional methods, an array of requests.
    pub body: String,
    /// `name: value` lines.
    pub metadata: String,
    /// Milliseconds, empty for none.
    pub deadline_ms: String,
    /// Where the schema came from, for `grpcurl`'s `-proto` or `-protoset`.
    pub origin: Origin,
}

impl Default for GrpcCall {
    fn default() -> Self {
        Self {
            target: String::new(),
            route: Route::Direct,
            method: String::new(),
            body: "{}".to_owned(),
            metadata: String::new(),
            deadline_ms: String::new(),
            origin: Origin::Reflection,
        }
    }
}

impl GrpcCall {
    /// The deadline, if one is set.
    pub fn deadline(&self) -> Result<Option<u32>, String> {
        parse_deadline(&self.deadline_ms)
    }

    /// `package.Service/Method`, as grpcurl and the timeline name it.
    pub fn method_name(&self) -> &str {
        self.method.trim_start_matches('/')
    }
}

/// A deadline field: empty for none, else a positive number of milliseconds.
fn parse_deadline(text: &str) -> Result<Option<u32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(0) | Err(_) => Err(format!(
            "the deadline must be a positive number of milliseconds, not {text:?}"
        )),
        Ok(ms) => Ok(Some(ms)),
    }
}

/// How the publish payload is meant to be read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PayloadFormat {
    #[default]
    Text,
    /// JSON, checked in the page before it is sent.
    Json,
}

/// A publish through the bridge, as edited in the Publish panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishDraft {
    /// Empty for the bridge's own exchange.
    pub exchange: String,
    pub routing_key: String,
    pub payload: String,
    pub format: PayloadFormat,
    pub content_type: String,
    /// `name: value` lines; values that read as numbers or booleans are sent
    /// as such.
    pub headers: String,
    pub persistent: bool,
    pub mandatory: bool,
}

impl Default for PublishDraft {
    fn default() -> Self {
        Self {
            exchange: String::new(),
            routing_key: String::new(),
            payload: "hello from Switchboard".to_owned(),
            format: PayloadFormat::Text,
            content_type: String::new(),
            headers: String::new(),
            persistent: true,
            mandatory: true,
        }
    }
}

impl PublishDraft {
    /// The bridge request, carrying `trace` as the correlation id and as a
    /// `traceparent` header. Fails if the payload is not the JSON it claims to be.
    pub fn to_request(&self, trace: &Trace) -> Result<PublishRequest, String> {
        let mut content_type = self.content_type.trim().to_owned();
        if self.format == PayloadFormat::Json {
            // Checks the syntax without building a value.
            serde_json::from_str::<IgnoredAny>(&self.payload)
                .map_err(|error| format!("the payload is not valid JSON: {error}"))?;
            if content_type.is_empty() {
                content_type = "application/json".to_owned();
            }
        }
        // Inserted one by one (a later line wins, as with `collect`), since
        // `collect` sorts first and would add a sort to the page.
        let mut headers = BTreeMap::new();
        for (name, value) in parse_pairs(&self.headers)? {
            headers.insert(name, HeaderValue::typed(&value));
        }
        headers.insert(
            "traceparent".to_owned(),
            HeaderValue::Text(trace.traceparent()),
        );
        let mut request = PublishRequest::text(self.payload.clone());
        request.exchange = Some(self.exchange.trim().to_owned()).filter(|name| !name.is_empty());
        request.routing_key = self.routing_key.clone();
        request.content_type = Some(content_type).filter(|value| !value.is_empty());
        request.headers = headers;
        request.correlation_id = Some(trace.trace_id.clone());
        request.persistent = self.persistent;
        request.mandatory = self.mandatory;
        Ok(request)
    }
}

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
    use super::*;

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
