//! The replies of one `SayHelloStream` call, produced lazily as tonic polls
//! for them. Nothing runs in the background: when the client goes away, tonic
//! drops the stream, the pending timer goes with it, and nothing more is made.

use std::time::Duration;

use futures::stream::{self, BoxStream};
use tonic::Status;

use crate::{pace::Pace, proto::HelloReply};

/// How many greetings one stream sends.
pub const STREAM_REPLIES: u32 = 5;
/// A name starting with this ends its stream with `ABORTED`…
pub const FAIL_PREFIX: &str = "fail";
/// …after this many replies, so clients can show an error that arrives partway.
pub const FAIL_AFTER: u32 = 2;

/// The state of one stream between two replies.
#[derive(Debug)]
struct Replies {
    name: String,
    /// The caller's `traceparent`, repeated in the stream's log lines.
    traceparent: Option<String>,
    /// When the next reply is due, and the client's deadline.
    pace: Pace,
    sent: u32,
    ended: bool,
}

/// The replies to `name`, spaced by `interval`, ending early at `deadline`.
pub fn replies(
    name: String,
    traceparent: Option<String>,
    interval: Duration,
    deadline: Option<Duration>,
) -> BoxStream<'static, Result<HelloReply, Status>> {
    let replies = Replies {
        name,
        traceparent,
        pace: Pace::new(interval, deadline),
        sent: 0,
        ended: false,
    };
    Box::pin(stream::unfold(replies, |mut replies| async move {
        let item = replies.next().await?;
        Some((item, replies))
    }))
}

impl Replies {
    /// Waits for the next reply's turn and makes it; `None` once the stream is over.
    async fn next(&mut self) -> Option<Result<HelloReply, Status>> {
        if self.ended {
            return None;
        }
        if self.sent == STREAM_REPLIES {
            self.ended = true;
            tracing::info!(name = %self.name, sent = self.sent, "SayHelloStream finished");
            return None;
        }
        if self.pace.next_turn().await.is_err() {
            return Some(Err(self.end(Status::deadline_exceeded(format!(
                "the deadline passed after {} of {STREAM_REPLIES} replies",
                self.sent
            )))));
        }
        if self.sent == FAIL_AFTER && self.name.starts_with(FAIL_PREFIX) {
            return Some(Err(self.end(Status::aborted(format!(
                "failed after {FAIL_AFTER} replies, as asked by a name starting with {FAIL_PREFIX:?}"
            )))));
        }
        self.sent += 1;
        Some(Ok(HelloReply {
            message: format!("Hello, {}! ({}/{STREAM_REPLIES})", self.name, self.sent),
        }))
    }

    /// Ends the stream with `status`.
    fn end(&mut self, status: Status) -> Status {
        self.ended = true;
        tracing::info!(
            name = %self.name,
            sent = self.sent,
            code = ?status.code(),
            traceparent = self.traceparent.as_deref(),
            "SayHelloStream ended with an error"
        );
        status
    }
}

impl Drop for Replies {
    /// Dropped before it ended: the client cancelled or disconnected.
    fn drop(&mut self) {
        if !self.ended {
            tracing::info!(
                name = %self.name,
                sent = self.sent,
                traceparent = self.traceparent.as_deref(),
                "SayHelloStream stopped: the client went away"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use futures::StreamExt;
    use tokio::time::Instant;
    use tonic::Code;

    use super::*;

    const INTERVAL: Duration = Duration::from_millis(300);

    /// Each item with the (virtual) time it arrived, from the stream's start.
    async fn collect(
        name: &str,
        deadline: Option<Duration>,
    ) -> Vec<(Duration, Result<String, Code>)> {
        let start = Instant::now();
        replies(name.to_owned(), None, INTERVAL, deadline)
            .map(|item| {
                let item = item
                    .map(|reply| reply.message)
                    .map_err(|status| status.code());
                (start.elapsed(), item)
            })
            .collect()
            .await
    }

    #[tokio::test(start_paused = true)]
    async fn five_replies_the_first_at_once_then_spaced() {
        let items = collect("Ada", None).await;
        let expected: Vec<_> = (1..=5)
            .map(|n| (INTERVAL * (n - 1), Ok(format!("Hello, Ada! ({n}/5)"))))
            .collect();
        assert_eq!(items, expected);
    }

    #[tokio::test(start_paused = true)]
    async fn a_fail_name_aborts_after_two_replies() {
        let items = collect("failing", None).await;
        let codes: Vec<_> = items.iter().map(|(_, item)| item.clone()).collect();
        assert_eq!(
            codes,
            [
                Ok("Hello, failing! (1/5)".to_owned()),
                Ok("Hello, failing! (2/5)".to_owned()),
                Err(Code::Aborted),
            ]
        );
        assert_eq!(items[2].0, INTERVAL * 2);
    }

    #[tokio::test(start_paused = true)]
    async fn the_deadline_ends_the_stream_when_it_passes() {
        let items = collect("Ada", Some(Duration::from_millis(500))).await;
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[2],
            (Duration::from_millis(500), Err(Code::DeadlineExceeded))
        );
    }
}
