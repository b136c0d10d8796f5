//! Numbered publishes at high concurrency while a fault happens, and an
//! independent count of what really reached a durable queue.

use std::{
    collections::{BTreeMap, HashMap},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use futures::StreamExt;
use lapin::{
    Connection,
    options::{ExchangeDeleteOptions, QueueDeleteOptions},
};
use serde_json::json;
use switchboard_testing::{
    amqp::{Ack, QueueSpec, connect, consume, message_count},
    wait_until,
};
use tokio::{task::JoinHandle, time::timeout};

use crate::common::{AMQP_URL, Bridge, unique};

/// What happened to each numbered message.
#[derive(Debug, Default)]
pub struct Outcomes {
    /// Message number → HTTP status (0: no HTTP answer at all).
    pub status: BTreeMap<u64, u16>,
    /// When each 2xx arrived.
    pub confirmed_at: Vec<Instant>,
}

/// Numbered publishes from `concurrency` tasks, running until stopped.
/// Refused messages are not retried: each number is published once, so the
/// queue tells exactly which were delivered.
pub struct Load {
    stop: Arc<AtomicBool>,
    confirmed: Arc<AtomicUsize>,
    workers: Vec<JoinHandle<()>>,
    outcomes: Arc<Mutex<Outcomes>>,
}

impl Load {
    /// Publishes `<run>-<n>` with increasing `n` to the bridge at `url`.
    pub fn start(url: &str, run: &str, concurrency: usize) -> Self {
        let next = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let confirmed = Arc::new(AtomicUsize::new(0));
        let outcomes = Arc::new(Mutex::new(Outcomes::default()));
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(concurrency)
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let workers = (0..concurrency)
            .map(|_| {
                let (next, outcomes, stop, confirmed, client) = (
                    next.clone(),
                    outcomes.clone(),
                    stop.clone(),
                    confirmed.clone(),
                    client.clone(),
                );
                let (endpoint, readiness) = (format!("{url}/api/publish"), format!("{url}/readyz"));
                let run = run.to_owned();
                tokio::spawn(async move {
                    while !stop.load(Ordering::Relaxed) {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        let body =
                            json!({ "payload": n.to_string(), "message_id": format!("{run}-{n}") });
                        let status = match client.post(&endpoint).json(&body).send().await {
                            Ok(response) => response.status().as_u16(),
                            Err(_) => 0,
                        };
                        let ok = (200..300).contains(&status);
                        {
                            let mut outcomes = outcomes.lock().unwrap();
                            outcomes.status.insert(n, status);
                            if ok {
                                outcomes.confirmed_at.push(Instant::now());
                            }
                        }
                        if ok {
                            confirmed.fetch_add(1, Ordering::Relaxed);
                        } else {
                            // A polite client retries once the bridge is ready
                            // again, rather than burn through numbers during an
                            // outage.
                            wait_until(Duration::from_secs(30), || {
                                let stopped = stop.load(Ordering::Relaxed);
                                let ready = client.get(&readiness).send();
                                async move {
                                    let ready = ready.await.is_ok_and(|r| r.status().is_success());
                                    (stopped || ready).then_some(())
                                }
                            })
                            .await;
                        }
                    }
                })
            })
            .collect();
        Self {
            stop,
            confirmed,
            workers,
            outcomes,
        }
    }

    /// 2xx answers so far.
    pub fn confirmed(&self) -> usize {
        self.confirmed.load(Ordering::Relaxed)
    }

    /// Waits until `count` messages in all have had a 2xx; panics after `within`.
    pub async fn wait_confirmed(&self, count: usize, within: Duration) {
        wait_until(within, async || (self.confirmed() >= count).then_some(()))
            .await
            .unwrap_or_else(|| {
                panic!(
                    "only {} of {count} publishes confirmed within {within:?}",
                    self.confirmed()
                )
            });
    }

    /// Stops publishing and answers what happened to each message.
    pub async fn stop(self) -> Outcomes {
        self.stop.store(true, Ordering::Relaxed);
        for worker in self.workers {
            worker.await.unwrap();
        }
        Arc::into_inner(self.outcomes)
            .unwrap()
            .into_inner()
            .unwrap()
    }
}

/// A durable queue bound to `exchange`, read by its own connection afterwards.
pub struct DurableQueue {
    pub name: String,
}

impl DurableQueue {
    pub async fn bind(exchange: &str) -> Self {
        let name = unique("switchboard.faults");
        let connection = connect_main().await;
        let channel = connection.create_channel().await.unwrap();
        QueueSpec::durable(&name)
            .bind(&channel, exchange, "")
            .await
            .unwrap();
        let _ = connection.close(200, "bound".into()).await;
        Self { name }
    }

    /// How many messages wait in the queue now.
    pub async fn depth(&self) -> u32 {
        let connection = connect_main().await;
        let channel = connection.create_channel().await.unwrap();
        let depth = message_count(&channel, &self.name).await.unwrap();
        let _ = connection.close(200, "counted".into()).await;
        depth
    }

    /// How many times each message id is in the queue; deletes the queue.
    /// A confirmed message is already in the queue, so its depth now is all
    /// there is to read.
    pub async fn drain(self) -> HashMap<String, usize> {
        let connection = connect_main().await;
        let channel = connection.create_channel().await.unwrap();
        let depth = message_count(&channel, &self.name).await.unwrap();
        let mut consumer = consume(&channel, &self.name, Ack::Auto).await.unwrap();
        let mut seen = HashMap::new();
        for _ in 0..depth {
            let delivery = timeout(Duration::from_secs(10), consumer.next())
                .await
                .expect("a message in the queue is delivered")
                .unwrap()
                .unwrap();
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

/// Connects to the main broker, waiting while it finishes starting.
pub async fn connect_main() -> Connection {
    wait_until(Duration::from_secs(30), async || {
        connect(AMQP_URL, "fault test").await.ok()
    })
    .await
    .expect("cannot reach RabbitMQ within 30 s")
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
/// 2xx answers before the fault, so that it strikes a steady load.
const BEFORE_FAULT: usize = 300;
/// 2xx answers after the broker is back, before publishing stops.
const AFTER_FAULT: usize = 700;

/// Runs numbered publishes at `CONCURRENCY` while `fault` runs against the
/// bridge; `fault` starts once publishing is under way and returns when the
/// broker is back. Publishing goes on until [`AFTER_FAULT`] more messages are
/// confirmed, then the durable queue is checked. Returns the report and the
/// recovery time: from the broker being back to the next 2xx.
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
    let load = Load::start(&bridge.url, &run, CONCURRENCY);

    load.wait_confirmed(BEFORE_FAULT, Duration::from_secs(20))
        .await;
    let back = fault(&bridge).await;
    let before = load.confirmed();
    load.wait_confirmed(before + AFTER_FAULT, Duration::from_secs(30))
        .await;
    let outcomes = load.stop().await;

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
    // The bridge declared it durable; a run leaves nothing behind.
    let connection = connect_main().await;
    let channel = connection.create_channel().await.unwrap();
    channel
        .exchange_delete(exchange.as_str().into(), ExchangeDeleteOptions::default())
        .await
        .unwrap();
    let _ = connection.close(200, "cleaned up".into()).await;
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
