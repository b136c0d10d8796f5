//! Faults the bridge must survive, each against the real RabbitMQ: a broker
//! restart and forced connection closes under load, a memory alarm, failover
//! to a second node, and graceful shutdown.
//!
//! These tests stop and reconfigure the shared broker, so they take a lock and
//! run one at a time, and each puts the broker back as it found it. They are
//! `#[ignore]`d so that a plain `cargo test` never restarts someone's broker;
//! `scripts/test.sh` runs them on their own with `--ignored`.

mod broker;
#[path = "../common/mod.rs"]
mod common;
mod load;

use std::{
    process::Stdio,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use broker::{Restore, SECOND_NODE_URL, SecondNode, ctl};
use common::{AMQP_URL, Bridge, unique};
use load::{CONCURRENCY, DurableQueue, Report, assert_survived, publish_numbered, under_load};
use serde_json::json;
use tokio::{io::AsyncBufReadExt, sync::Mutex};

/// One fault test at a time: they share the broker.
static BROKER: Mutex<()> = Mutex::const_new(());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "stops the shared broker; scripts/test.sh runs it with --ignored"]
async fn broker_restart_under_load_loses_no_confirmed_message() {
    let _serial = BROKER.lock().await;
    let _restore = Restore::new();
    let (report, recovery) = under_load("restart", async |bridge: &Bridge| {
        ctl(&["stop_app"]).await;
        // The publishers' own requests may all be waiting for the broker to
        // come back (that is allowed); a new one is refused, in bounded time.
        let refused = poll(Duration::from_secs(10), || async {
            let started = Instant::now();
            let reply = bridge
                .publish(json!({ "payload": "during the outage" }))
                .await;
            let took = started.elapsed();
            assert!(took < Duration::from_secs(6), "a request hung for {took:?}");
            (reply.status == 503).then_some(reply)
        })
        .await
        .expect("no request was refused while the broker was stopped");
        assert_eq!(refused.body["error"], "broker_unavailable", "{refused:?}");
        assert!(refused.headers.contains_key("retry-after"), "{refused:?}");
        tokio::time::sleep(Duration::from_secs(1)).await;
        ctl(&["start_app"]).await;
        Instant::now()
    })
    .await;
    assert_survived(&report, recovery);
    assert!(
        report.refused.keys().all(|status| *status >= 500),
        "{:?}",
        report.refused
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "stops the shared broker; scripts/test.sh runs it with --ignored"]
async fn forced_connection_close_under_load_loses_no_confirmed_message() {
    let _serial = BROKER.lock().await;
    let _restore = Restore::new();
    let (report, recovery) = under_load("close", async |_: &Bridge| {
        ctl(&["close_all_connections", "switchboard fault test"]).await;
        Instant::now()
    })
    .await;
    assert_survived(&report, recovery);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "stops the shared broker; scripts/test.sh runs it with --ignored"]
async fn memory_alarm_gives_bounded_503_and_publishing_recovers() {
    let _serial = BROKER.lock().await;
    let restore = Restore::new();
    let bridge = Bridge::connected(&["--publish-timeout-ms", "2000"]).await;
    let ok = json!({ "payload": "alarm", "mandatory": false });
    assert_eq!(bridge.publish(ok.clone()).await.status, 200);

    ctl(&["set_vm_memory_high_watermark", "0"]).await;
    let blocked = poll(Duration::from_secs(10), || async {
        let started = Instant::now();
        let reply = bridge.publish(ok.clone()).await;
        // Every answer during the alarm is bounded by the publish timeout.
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "took {:?}",
            started.elapsed()
        );
        (reply.status >= 500).then_some(reply)
    })
    .await
    .expect("publishing was never refused during the alarm");
    assert!([503, 504].contains(&blocked.status), "{blocked:?}");
    assert!(blocked.headers.contains_key("retry-after"));

    let watermark = restore.watermark();
    let mut args = vec!["set_vm_memory_high_watermark"];
    args.extend(watermark.split(' '));
    broker::rabbitmqctl(&args);
    poll(Duration::from_secs(10), || async {
        (bridge.publish(ok.clone()).await.status == 200).then_some(())
    })
    .await
    .expect("publishing did not recover after the alarm cleared");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "stops the shared broker; scripts/test.sh runs it with --ignored"]
async fn fails_over_between_broker_addresses() {
    let _serial = BROKER.lock().await;
    let second = tokio::task::spawn_blocking(SecondNode::start)
        .await
        .unwrap();
    // The first address never answers; the second node comes next; the main
    // broker last.
    let urls = format!("amqp://127.0.0.1:1/%2f,{SECOND_NODE_URL},{AMQP_URL}");
    let bridge = Bridge::connected(&["--amqp-url", &urls]).await;
    let ok = json!({ "payload": "failover", "mandatory": false });
    assert_eq!(bridge.publish(ok.clone()).await.status, 200);

    tokio::task::spawn_blocking(move || second.stop())
        .await
        .unwrap();
    let stopped = Instant::now();
    poll(Duration::from_secs(10), || async {
        (bridge.publish(ok.clone()).await.status == 200).then_some(())
    })
    .await
    .expect("the bridge did not fail over to the main broker");
    println!(
        "failover: publishing again {:?} after the node stopped",
        stopped.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "stops the shared broker; scripts/test.sh runs it with --ignored"]
async fn sigterm_drains_confirms_and_closes_the_connection() {
    let _serial = BROKER.lock().await;
    let exchange = unique("switchboard.faults.shutdown");
    let queue_exchange = exchange.clone();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_bridge-server"))
        .args([
            "--bind",
            "127.0.0.1:0",
            "--exchange",
            &exchange,
            "--rate-limit-per-second",
            "0",
        ])
        .env("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2f")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdout = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let line = stdout.next_line().await.unwrap().unwrap();
    let url = line.strip_prefix("listening on ").unwrap().to_owned();
    let stderr = tokio::spawn({
        let mut lines = tokio::io::BufReader::new(child.stderr.take().unwrap()).lines();
        async move {
            let mut all = String::new();
            while let Ok(Some(line)) = lines.next_line().await {
                all.push_str(&line);
                all.push('\n');
            }
            all
        }
    });
    let client = reqwest::Client::new();
    poll(Duration::from_secs(10), || async {
        let ready = client.get(format!("{url}/readyz")).send().await.ok()?;
        (ready.status() == 200).then_some(())
    })
    .await
    .expect("the bridge did not connect");
    let queue = DurableQueue::bind(&queue_exchange).await;

    let run = unique("shutdown");
    let stop = Arc::new(AtomicBool::new(false));
    let publishing = tokio::spawn({
        let (url, run, stop) = (url.clone(), run.clone(), stop.clone());
        async move { publish_numbered(&url, &run, CONCURRENCY, stop).await }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let pid = child.id().unwrap().to_string();
    let signalled = Instant::now();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("the bridge did not exit within 10 s of SIGTERM")
        .unwrap();
    let exited = signalled.elapsed();
    stop.store(true, Ordering::Relaxed);
    let outcomes = publishing.await.unwrap();
    let logs = stderr.await.unwrap();

    assert!(status.success(), "exit status {status:?}\n{logs}");
    let report = Report::new(&run, &outcomes, &queue.drain().await);
    println!(
        "shutdown: exited {exited:?} after SIGTERM; sent {}, 2xx {}, lost {}",
        report.sent,
        report.confirmed,
        report.lost.len()
    );
    assert!(report.confirmed > 0);
    assert!(
        report.lost.is_empty(),
        "lost 2xx messages: {:?}",
        report.lost
    );
    assert!(logs.contains("closing the AMQP connection"), "{logs}");
    assert!(logs.contains("AMQP connection closed"), "{logs}");
    assert!(
        !logs.contains("guest:guest"),
        "credentials in the logs:\n{logs}"
    );
}

/// Calls `check` until it returns `Some`, or `within` passes.
async fn poll<T, F, Fut>(within: Duration, mut check: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Some(found) = check().await {
            return Some(found);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}
