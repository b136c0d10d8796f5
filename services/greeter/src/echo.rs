//! The Echo service (`protos/echo.proto`): every reply holds the sample the
//! server decoded and the `x-echo-*` metadata it saw, so that a client that
//! learned the schema at run time (the page's console, the bridge's relay, the
//! schema engine) can check its encoding against the server's, with every
//! field type and all four method kinds. A sample can also ask for a failure,
//! with a rich error detail and trailing metadata, to check how a client shows
//! one.
//!
//! The streams are made lazily as tonic polls them, like `SayHelloStream`'s:
//! when the client goes away, tonic drops them and nothing more is done.

use std::{collections::HashMap, time::Duration};

use futures::stream::{self, BoxStream};
use tonic::{
    Code, Request, Response, Status, Streaming,
    metadata::{MetadataMap, MetadataValue},
};
use tonic_types::{ErrorDetails, StatusExt};

use crate::{
    pace::{self, Pace},
    proto::echo::{Echoed, Sample, echo_server::Echo},
};

/// Request metadata whose key starts with this is echoed in `Echoed.metadata`.
pub const METADATA_PREFIX: &str = "x-echo-";
/// The message of a failure a sample asked for with `fail_with`.
pub const FAILED_MESSAGE: &str = "failing as asked";
/// The `ErrorInfo` reason of a failure a sample asked for.
pub const FAILED_REASON: &str = "ASKED";
/// The `ErrorInfo` domain: the service that failed.
pub const ERROR_DOMAIN: &str = "echo.Echo";
/// The metadata a failure carries (in the trailers), with the value `asked`.
pub const FAILED_HEADER: &str = "x-echo-failed";
/// The most replies one `ServerStream` sends, whatever `repeat` asks.
pub const MAX_REPEAT: u32 = 100;

/// The Echo implementation.
#[derive(Debug, Clone)]
pub struct EchoService {
    /// The time between two `ServerStream` replies.
    pub stream_interval: Duration,
}

impl Default for EchoService {
    /// The 100 ms between replies that `echo.proto` promises.
    fn default() -> Self {
        Self {
            stream_interval: Duration::from_millis(100),
        }
    }
}

type EchoStream = BoxStream<'static, Result<Echoed, Status>>;

#[tonic::async_trait]
impl Echo for EchoService {
    async fn unary(&self, request: Request<Sample>) -> Result<Response<Echoed>, Status> {
        let call = Call::new("Unary", request.metadata());
        let sample = request.into_inner();
        call.check(&sample)?;
        Ok(Response::new(call.echo(Some(sample), 1, 1)))
    }

    type ServerStreamStream = EchoStream;

    async fn server_stream(
        &self,
        request: Request<Sample>,
    ) -> Result<Response<EchoStream>, Status> {
        let call = Call::new("ServerStream", request.metadata());
        let pace = Pace::new(self.stream_interval, pace::timeout(request.metadata()));
        let sample = request.into_inner();
        call.check(&sample)?;
        let repeats = Repeats {
            count: sample.repeat.clamp(1, MAX_REPEAT),
            sent: 0,
            call,
            sample,
            pace,
        };
        Ok(Response::new(Box::pin(stream::unfold(
            Some(repeats),
            |repeats| async move { repeats?.next().await },
        ))))
    }

    async fn client_stream(
        &self,
        request: Request<Streaming<Sample>>,
    ) -> Result<Response<Echoed>, Status> {
        let call = Call::new("ClientStream", request.metadata());
        let mut samples = request.into_inner();
        let (mut received, mut last) = (0, None);
        while let Some(sample) = samples.message().await? {
            received += 1;
            call.check(&sample)?;
            last = Some(sample);
        }
        Ok(Response::new(call.echo(last, 1, received)))
    }

    type BidiStream = EchoStream;

    async fn bidi(
        &self,
        request: Request<Streaming<Sample>>,
    ) -> Result<Response<EchoStream>, Status> {
        let call = Call::new("Bidi", request.metadata());
        let answers = Answers {
            call,
            samples: request.into_inner(),
            received: 0,
        };
        Ok(Response::new(Box::pin(stream::unfold(
            Some(answers),
            |answers| async move { answers?.next().await },
        ))))
    }
}

/// What one call keeps from its request for every reply.
#[derive(Debug)]
struct Call {
    method: &'static str,
    traceparent: Option<String>,
    /// The request's `x-echo-*` metadata, echoed in every reply.
    metadata: HashMap<String, String>,
}

impl Call {
    fn new(method: &'static str, metadata: &MetadataMap) -> Self {
        let traceparent = crate::traceparent(metadata);
        tracing::info!(method, traceparent = traceparent.as_deref(), "Echo");
        Self {
            method,
            traceparent,
            metadata: echoed_metadata(metadata),
        }
    }

    fn echo(&self, sample: Option<Sample>, seq: u32, received: u32) -> Echoed {
        Echoed {
            sample,
            seq,
            received,
            metadata: self.metadata.clone(),
        }
    }

    /// The failure `sample` asks for, if it asks for one.
    fn check(&self, sample: &Sample) -> Result<(), Status> {
        let Some(status) = failure(sample) else {
            return Ok(());
        };
        tracing::info!(
            method = self.method,
            code = ?status.code(),
            traceparent = self.traceparent.as_deref(),
            "Echo failing as asked"
        );
        Err(status)
    }
}

/// The metadata whose key starts with [`METADATA_PREFIX`], as sent: a
/// binary (`-bin`) value stays in base64, and repeated keys are joined
/// with `, ` as HTTP joins them.
fn echoed_metadata(metadata: &MetadataMap) -> HashMap<String, String> {
    let mut echoed: HashMap<String, String> = HashMap::new();
    let headers = metadata.as_ref();
    for (key, value) in headers {
        let Some(value) = value
            .to_str()
            .ok()
            .filter(|_| key.as_str().starts_with(METADATA_PREFIX))
        else {
            continue;
        };
        echoed
            .entry(key.as_str().to_owned())
            .and_modify(|joined| {
                joined.push_str(", ");
                joined.push_str(value);
            })
            .or_insert_with(|| value.to_owned());
    }
    echoed
}

/// The status `fail_with` asks for, with its `ErrorInfo` detail and the
/// `x-echo-failed` metadata; `INVALID_ARGUMENT` if it names no status code.
fn failure(sample: &Sample) -> Option<Status> {
    let code = match sample.fail_with {
        0 => return None,
        code @ 1..=16 => Code::from(code as i32),
        other => {
            return Some(Status::invalid_argument(format!(
                "fail_with must be a status code from 1 to 16, not {other}"
            )));
        }
    };
    let details = ErrorDetails::with_error_info(
        FAILED_REASON,
        ERROR_DOMAIN,
        [("text".to_owned(), sample.text.clone())],
    );
    let mut metadata = MetadataMap::new();
    metadata.insert(FAILED_HEADER, MetadataValue::from_static("asked"));
    Some(Status::with_error_details_and_metadata(
        code,
        FAILED_MESSAGE,
        details,
        metadata,
    ))
}

/// The state of one `ServerStream` between two replies.
struct Repeats {
    call: Call,
    sample: Sample,
    pace: Pace,
    count: u32,
    sent: u32,
}

impl Repeats {
    /// The next reply in its turn and the state after it; `None` once all
    /// were sent. The deadline ends the stream with `DEADLINE_EXCEEDED`.
    async fn next(mut self) -> Option<(Result<Echoed, Status>, Option<Self>)> {
        if self.sent == self.count {
            return None;
        }
        if self.pace.next_turn().await.is_err() {
            let status = Status::deadline_exceeded(format!(
                "the deadline passed after {} of {} replies",
                self.sent, self.count
            ));
            return Some((Err(status), None));
        }
        self.sent += 1;
        let reply = self.call.echo(Some(self.sample.clone()), self.sent, 1);
        Some((Ok(reply), Some(self)))
    }
}

/// The state of one `Bidi` call between two samples.
struct Answers {
    call: Call,
    samples: Streaming<Sample>,
    received: u32,
}

impl Answers {
    /// The answer to the next sample as soon as it arrives, and the state
    /// after it; `None` when the client's stream ends. A failure, the
    /// client's or one a sample asks for, ends the call.
    async fn next(mut self) -> Option<(Result<Echoed, Status>, Option<Self>)> {
        let sample = match self.samples.message().await {
            Ok(Some(sample)) => sample,
            Ok(None) => return None,
            Err(status) => return Some((Err(status), None)),
        };
        self.received += 1;
        if let Err(status) = self.call.check(&sample) {
            return Some((Err(status), None));
        }
        let reply = self.call.echo(Some(sample), self.received, self.received);
        Some((Ok(reply), Some(self)))
    }
}
