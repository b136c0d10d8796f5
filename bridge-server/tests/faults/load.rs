//! Numbered publishes at high concurrency while a fault happens, and an
//! independent count of what really reached a durable queue.

use std::{
    collections::{BTreeMap, HashMap},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use futures::StreamExt;
use lapin::{
    Connection, ConnectionProperties,
    options::{BasicConsumeOptions, QueueBindOptions, QueueDeclareOptions, QueueDeleteOptions},
    types::FieldTable,
};
use serde_json::json;
use tokio::time::timeout;

use crate::common::{AMQP_URL, Bridge, unique};

/// What happened to each numbered message.
#[derive(Debug, Default)]
pub struct Outcomes {
    /// Message number → HTTP status (0: no HTTP answer at all).
    pub status: BTreeMap<u64, u16>,
    /// When each 2xx arrived.
    pub confirmed_at: Vec<Instant>,
}

/// Publishes `message-<run>-<n>` with increasing `n` from `concurrency` tasks
/// until `stop` is set. Refused messages are not retried: each number is
/// published once, so the queue tells exactly which were delivered.
pub async fn publish_numbered(
    url: &str,
    run: &str,
    concurrency: usize,
    stop: Arc<AtomicBool>,
) -> Outcomes {
    let next = Arc::new(AtomicU64::new(0));
    let outcomes = Arc::new(Mutex::new(Outcomes::default()));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (next, outcomes, stop, client) =
                (next.clone(), outcomes.clone(), stop.clone(), client.clone());
            let (endpoint, run) = (format!("{url}/api/publish"), run.to_owned());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let body =
                        json!({ "payload": n.to_string(), "message_id": format!("{run}-{n}") });
                    let status = match client.post(&endpoint).json(&body).send().await {
                        Ok(response) => response.status().as_u16(),
                        Err(_) => 0,
                    };
                    let confirmed = (200..300).contains(&status);
                    {
                        let mut outcomes = outcomes.lock().unwrap();
                        outcomes.status.insert(n, status);
                        if confirmed {
                            outcomes.confirmed_at.push(Instant::now());
                        }
                    }
                    if !confirmed {
                        // Back off like a polite client, so the outage does not
                        // burn through numbers in a tight loop.
                        tokio::time::sleep(Duration::from_millis(25)).await;
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    Arc::into_inner(outcomes).unwrap().into_inner().unwrap()
}

/// A durable queue bound to `exchange`, read by its own connection afterwards.
pub struct DurableQueue {
    pub name: String,
}

impl DurableQueue {
    pub async fn bind(exchange: &str) -> Self {
        let name = crate::common::unique("switchboard.faults");
        let connection = connect().await;
        let channel = connection.create_channel().await.unwrap();
        let durable = QueueDeclareOptions {
            durable: true,
            ..QueueDeclareOptions::default()
        };
        channel
            .queue_declare(name.as_str().into(), durable, FieldTable::default())
            .await
            .unwrap();
        channel
            .queue_bind(
                name.as_str().into(),
                exchange.into(),
                "".into(),
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await
            .unwrap();
        let _ = connection.close(200, "bound".into()).await;
        Self { name }
    }

    /// How many times each message id is in the queue; deletes the queue.
    pub async fn drain(self) -> HashMap<String, usize> {
        let connection = connect().await;
        let channel = connection.create_channel().await.unwrap();
        let options = BasicConsumeOptions {
            no_ack: true,
            ..BasicConsumeOptions::default()
        };
        let mut consumer = channel
            .basic_consume(
                self.name.as_str().into(),
                "".into(),
                options,
                FieldTable::default(),
            )
            .await
            .unwrap();
        let mut seen = HashMap::new();
        while let Ok(Some(delivery)) = timeout(Duration::from_secs(2), consumer.next()).await {
            let delivery = delivery.unwrap();
            let id = delivery
                .properties
                .message_id()
                .clone()
                .unwrap()
                .to_string();
            *seen.entry(id).or_default() += 1;
        }
        channel
            .queue_delete(self.name.as_str().into(), QueueDeleteOptions::default())
            .await
            .unwrap();
        seen
    }
}

/// Connects, retrying while the broker finishes starting.
async fn connect() -> Connection {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match Connection::connect(AMQP_URL, ConnectionProperties::default()).await {
            Ok(connection) => return connection,
            Err(error) if Instant::now() > deadline => panic!("cannot reach RabbitMQ: {error}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// The figures a fault test prints and checks.
#[derive(Debug)]
pub struct Report {
    pub sent: usize,
    pub confirmed: usize,
    pub refused: BTreeMap<u16, usize>,
    pub lost: Vec<String>,
    pub duplicates: usize,
}

impl Report {
    pub fn new(run: &str, outcomes: &Outcomes, seen: &HashMap<String, usize>) -> Self {
        let mut refused = BTreeMap::new();
        let mut lost = Vec::new();
        for (n, status) in &outcomes.status {
            let id = format!("{run}-{n}");
            if (200..300).contains(status) {
                if !seen.contains_key(&id) {
                    lost.push(id);
                }
            } else {
                *refused.entry(*status).or_default() += 1;
            }
        }
        Self {
            sent: outcomes.status.len(),
            confirmed: outcomes
                .status
                .values()
                .filter(|s| (200..300).contains(*s))
                .count(),
            refused,
            lost,
            duplicates: seen.values().map(|count| count - 1).sum(),
        }
    }
}

/// Concurrent publishers during the load tests.
pub const CONCURRENCY: usize = 16;

/// Runs numbered publishes at `CONCURRENCY` while `fault` runs against the
/// bridge; `fault` returns when the broker is back. Publishing goes on for 3 s more, then the
/// durable queue is checked. Returns the report and the recovery time: from
/// the broker being back to the next 2xx.
pub async fn under_load(
    name: &str,
    fault: impl AsyncFnOnce(&Bridge) -> Instant,
) -> (Report, Duration) {
    let exchange = unique(&format!("switchboard.faults.{name}"));
    let args = [
        "--exchange",
        exchange.as_str(),
        "--rate-limit-per-second",
        "0",
    ];
    let bridge = Bridge::connected(&args).await;
    let queue = DurableQueue::bind(&exchange).await;
    let run = unique(name);
    let stop = Arc::new(AtomicBool::new(false));
    let publishing = tokio::spawn({
        let (url, run, stop) = (bridge.url.clone(), run.clone(), stop.clone());
        async move { publish_numbered(&url, &run, CONCURRENCY, stop).await }
    });

    tokio::time::sleep(Duration::from_millis(800)).await;
    let back = fault(&bridge).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, Ordering::Relaxed);
    let outcomes = publishing.await.unwrap();

    let recovery = outcomes
        .confirmed_at
        .iter()
        .filter(|at| **at > back)
        .min()
        .map_or(Duration::MAX, |first| *first - back);
    let report = Report::new(&run, &outcomes, &queue.drain().await);
    println!(
        "{name}: sent {}, 2xx {}, refused {:?}, lost {}, duplicated {}, recovery {:?}",
        report.sent,
        report.confirmed,
        report.refused,
        report.lost.len(),
        report.duplicates,
        recovery
    );
    (report, recovery)
}

pub fn assert_survived(report: &Report, recovery: Duration) {
    assert!(
        report.lost.is_empty(),
        "lost 2xx messages: {:?}",
        report.lost
    );
    assert!(report.sent >= 1_000, "only {} messages sent", report.sent);
    assert!(
        report.confirmed >= 500,
        "only {} confirmed",
        report.confirmed
    );
    assert!(
        recovery <= Duration::from_secs(5),
        "recovery took {recovery:?}"
    );
}
