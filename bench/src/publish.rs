//! The bridge's `POST /api/publish` as a load client: every message carries a
//! unique number in its `message_id`, so that an independent consumer can say
//! which confirmed messages reached the queue and which arrived twice.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use bytes::Bytes;
use futures::{StreamExt, TryStreamExt};
use switchboard_wire::PublishRequest;

use crate::{http1::Http1Conn, load::Client, stats::Outcome};

/// Message numbers shared by every client of one run: `<run>-<n>`, with `n`
/// counting up from 0 across all clients.
#[derive(Debug, Clone)]
pub struct Numbering {
    run: Arc<str>,
    next: Arc<AtomicU64>,
}

impl Numbering {
    /// A run name no other run uses, so that stray messages are recognisable.
    pub fn new(prefix: &str) -> Self {
        Self {
            run: format!("{prefix}-{}", uuid::Uuid::new_v4()).into(),
            next: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn run(&self) -> &str {
        &self.run
    }

    /// The next message number and its id.
    fn take(&self) -> (u64, String) {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        (n, format!("{}-{n}", self.run))
    }

    /// How many numbers were handed out.
    pub fn issued(&self) -> u64 {
        self.next.load(Ordering::Relaxed)
    }

    /// The number in a message id of this run, if it is one.
    pub fn number_of(&self, message_id: &str) -> Option<u64> {
        message_id
            .strip_prefix(&*self.run)?
            .strip_prefix('-')?
            .parse()
            .ok()
    }
}

/// One caller publishing numbered messages through the bridge over its own
/// keep-alive connection.
#[derive(Debug)]
pub struct BridgePublisher {
    pub conn: Http1Conn,
    numbering: Numbering,
    payload: Arc<str>,
    /// The numbers of the messages the bridge answered 2xx for.
    pub confirmed: Vec<u64>,
}

impl BridgePublisher {
    pub async fn connect(
        bridge: SocketAddr,
        numbering: Numbering,
        payload: Arc<str>,
        timeout: Duration,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            conn: Http1Conn::connect(bridge, timeout).await?,
            numbering,
            payload,
            confirmed: Vec::new(),
        })
    }

    /// `count` publishers, each with its own connection. Connections are opened
    /// a hundred at a time so that a thousand do not overflow the listener's
    /// accept backlog at once.
    pub async fn connect_many(
        count: usize,
        bridge: SocketAddr,
        numbering: &Numbering,
        payload: Arc<str>,
        timeout: Duration,
    ) -> anyhow::Result<Vec<Self>> {
        futures::stream::iter(0..count)
            .map(|_| Self::connect(bridge, numbering.clone(), payload.clone(), timeout))
            .buffer_unordered(100)
            .try_collect()
            .await
    }
}

impl Client for BridgePublisher {
    async fn call(&mut self) -> Outcome {
        let (n, message_id) = self.numbering.take();
        let message = PublishRequest {
            message_id: Some(message_id),
            ..PublishRequest::text(&*self.payload)
        };
        let body = serde_json::to_vec(&message).expect("a publish request serialises");
        let request = self.conn.post_json("/api/publish", Bytes::from(body));
        match self.conn.send(request).await {
            Ok((status, _)) if status.is_success() => {
                self.confirmed.push(n);
                Outcome::Ok
            }
            Ok((status, _)) => Outcome::Status(status.as_u16()),
            Err(error) => Outcome::Error(format!("{error:#}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_through_message_ids() {
        let numbering = Numbering::new("soak");
        let (first, first_id) = numbering.take();
        let (second, second_id) = numbering.take();
        assert_eq!((first, second), (0, 1));
        assert_eq!(numbering.number_of(&first_id), Some(0));
        assert_eq!(numbering.number_of(&second_id), Some(1));
        assert_eq!(numbering.issued(), 2);
        assert_eq!(numbering.number_of("soak-other-run-1"), None);
        assert_eq!(numbering.number_of(numbering.run()), None);
    }
}
