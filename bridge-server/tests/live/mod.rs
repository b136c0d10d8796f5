//! Helpers for the live-tail tests: publishing straight over AMQP, an SSE
//! reader, whether a queue exists, and the bridge as a child process, so that
//! its memory alone can be measured.

use std::{
    net::SocketAddr,
    pin::Pin,
    process::Stdio,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use bytes::Bytes;
use eventsource_stream::{Event, Eventsource};
use futures::{Stream, StreamExt};
use http::header::{ACCEPT, HOST};
use http_body_util::{BodyStream, Empty};
use hyper_util::rt::TokioIo;
use lapin::{
    BasicProperties, Channel, Connection, ErrorKind, ExchangeKind,
    options::{BasicPublishOptions, ExchangeDeclareOptions},
    protocol::{AMQPErrorKind, AMQPSoftError},
};
use serde_json::Value;
use switchboard_testing::{
    amqp::{connect, declare_exchange, message_count},
    wait_until,
};
use switchboard_wire::live::{Delivery, Ready};
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    net::TcpSocket,
    process::{Child, Command},
    time::timeout,
};

use crate::common::AMQP_URL;

type Events = Pin<Box<dyn Stream<Item = Result<Event, String>> + Send>>;

/// `GET {base}/api/subscribe{query}`, answered but not read.
pub async fn subscribe(base: &str, query: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{base}/api/subscribe{query}"))
        .header("accept", "text/event-stream")
        .send()
        .await
        .unwrap()
}

/// A live-tail stream being read.
pub struct Live {
    events: Events,
}

impl Live {
    /// Reads `response`, which must be a 200 event stream.
    pub fn read(response: reqwest::Response) -> Self {
        assert_eq!(response.status(), 200, "subscription refused");
        let content_type = response.headers()["content-type"].to_str().unwrap();
        assert_eq!(content_type, "text/event-stream");
        Self {
            events: Box::pin(
                response
                    .bytes_stream()
                    .eventsource()
                    .map(|event| event.map_err(|error| error.to_string())),
            ),
        }
    }

    /// Subscribes over a socket whose receive buffer is fixed at 16 KiB. That
    /// turns off the kernel's autotuning, so until the test reads, the bridge
    /// can hand over little more than its own send buffer: a reader that does
    /// not read is then a slow reader however large this machine lets TCP
    /// buffers grow.
    pub async fn open_with_small_window(base: &str, query: &str) -> (Self, Ready) {
        let addr: SocketAddr = base.trim_start_matches("http://").parse().unwrap();
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(16 * 1024).unwrap();
        let stream = socket.connect(addr).await.unwrap();
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .unwrap();
        tokio::spawn(connection);
        let request = http::Request::get(format!("/api/subscribe{query}"))
            .header(HOST, addr.to_string())
            .header(ACCEPT, "text/event-stream")
            .body(Empty::<Bytes>::new())
            .unwrap();
        let response = sender.send_request(request).await.unwrap();
        assert_eq!(response.status(), 200, "subscription refused");
        let data = BodyStream::new(response.into_body()).filter_map(async |frame| match frame {
            Ok(frame) => frame.into_data().ok().map(Ok),
            Err(error) => Some(Err(error)),
        });
        let mut live = Self {
            events: Box::pin(
                data.eventsource()
                    .map(|event| event.map_err(|error| error.to_string())),
            ),
        };
        let ready = live.ready().await;
        (live, ready)
    }

    /// Subscribes and reads the `ready` event.
    pub async fn open(base: &str, query: &str) -> (Self, Ready) {
        let mut live = Self::read(subscribe(base, query).await);
        let ready = live.ready().await;
        (live, ready)
    }

    /// The next event's name and JSON data; `None` once the stream ended.
    pub async fn next(&mut self) -> Option<(String, Value)> {
        let event = timeout(Duration::from_secs(10), self.events.next())
            .await
            .expect("no live event within 10 s")?
            .expect("the event stream is well-formed");
        let data = serde_json::from_str(&event.data).expect("event data is JSON");
        Some((event.event, data))
    }

    pub async fn ready(&mut self) -> Ready {
        let (name, data) = self.next().await.expect("a ready event");
        assert_eq!(name, "ready", "{data}");
        serde_json::from_value(data).unwrap()
    }

    /// The delivery of `message_id`, skipping other traffic.
    pub async fn delivery(&mut self, message_id: &str) -> Delivery {
        loop {
            let (name, data) = self.next().await.expect("the stream goes on");
            if name == "message" && data["properties"]["message_id"] == message_id {
                return serde_json::from_value(data).unwrap();
            }
        }
    }
}

/// A channel of a connection of the test's own, straight to the broker.
pub async fn amqp() -> (Connection, Channel) {
    let connection = connect(AMQP_URL, "test publisher").await.unwrap();
    let channel = connection.create_channel().await.unwrap();
    (connection, channel)
}

/// Declares an auto-delete exchange: it goes when its last queue unbinds.
pub async fn temporary_exchange(channel: &Channel, name: &str, kind: ExchangeKind) {
    let options = ExchangeDeclareOptions {
        auto_delete: true,
        ..ExchangeDeclareOptions::default()
    };
    declare_exchange(channel, name, kind, options)
        .await
        .unwrap();
}

/// Publishes without waiting for a confirm (the channel is not in confirm mode).
pub async fn publish(
    channel: &Channel,
    exchange: &str,
    key: &str,
    body: &[u8],
    p: BasicProperties,
) {
    channel
        .basic_publish(
            exchange.into(),
            key.into(),
            BasicPublishOptions::default(),
            body,
            p,
        )
        .await
        .unwrap();
}

pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// Whether `queue` exists. Another connection's exclusive queue cannot even be
/// declared passively: the broker answers RESOURCE_LOCKED, which still says
/// that it exists.
pub async fn queue_exists(queue: &str) -> bool {
    let connection = connect(AMQP_URL, "test check").await.unwrap();
    let channel = connection.create_channel().await.unwrap();
    let declared = message_count(&channel, queue).await;
    let _ = connection.close(200, "checked".into()).await;
    match declared {
        Ok(_) => true,
        Err(error) => match error.kind() {
            ErrorKind::ProtocolError(amqp) => match amqp.kind() {
                AMQPErrorKind::Soft(AMQPSoftError::NOTFOUND) => false,
                AMQPErrorKind::Soft(AMQPSoftError::RESOURCELOCKED) => true,
                other => panic!("passive declare of {queue}: {other:?}"),
            },
            _ => panic!("passive declare of {queue}: {error}"),
        },
    }
}

/// Waits until `queue` is gone, up to `within`.
pub async fn wait_deleted(queue: &str, within: Duration) -> bool {
    wait_until(within, async || (!queue_exists(queue).await).then_some(()))
        .await
        .is_some()
}

/// The bridge binary, running on a free port.
pub struct Process {
    pub url: String,
    child: Child,
}

impl Process {
    pub async fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bridge-server"))
            .args(args)
            .env("BRIDGE_BIND", "127.0.0.1:0")
            .env("RUST_LOG", "warn,tower_http=off")
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = timeout(Duration::from_secs(20), async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(url) = line.strip_prefix("listening on ") {
                    return url.to_owned();
                }
            }
            panic!("the bridge exited before listening");
        })
        .await
        .expect("the bridge listens within 20 s");
        let process = Self { url, child };
        process.wait_ready().await;
        process
    }

    async fn wait_ready(&self) {
        wait_until(Duration::from_secs(10), async || {
            let ready = reqwest::get(format!("{}/readyz", self.url)).await;
            ready
                .is_ok_and(|response| response.status() == 200)
                .then_some(())
        })
        .await
        .expect("the bridge did not connect to RabbitMQ");
    }

    /// Asks the bridge to shut down (SIGTERM) and waits until it exits;
    /// returns how long that took.
    pub async fn terminate(&mut self) -> Duration {
        let pid = self.child.id().unwrap().to_string();
        let started = tokio::time::Instant::now();
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status();
        assert!(sent.unwrap().success());
        timeout(Duration::from_secs(30), self.child.wait())
            .await
            .expect("the bridge exits")
            .unwrap();
        started.elapsed()
    }

    /// A field of `/proc/<pid>/status` in bytes, such as `VmRSS` (resident
    /// memory now) or `VmHWM` (the most it ever was).
    pub fn memory(&self, field: &str) -> u64 {
        let pid = self.child.id().unwrap();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        let line = status
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{field}:")))
            .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"));
        let kib: u64 = line.trim().trim_end_matches("kB").trim().parse().unwrap();
        kib * 1024
    }
}
