//! A memory alarm: the broker blocks publishers, and the bridge says so.

use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_testing::wait_until;

use crate::{
    BROKER,
    broker::{Restore, ctl, rabbitmqctl},
    common::Bridge,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "alarms the shared broker; scripts/test.sh runs it with --ignored"]
async fn memory_alarm_is_503_broker_blocked_and_publishing_recovers() {
    let _serial = BROKER.lock().await;
    let restore = Restore::new();
    let bridge = Bridge::connected(&["--publish-timeout-ms", "2000"]).await;
    let ok = json!({ "payload": "alarm", "mandatory": false });
    assert_eq!(bridge.publish(ok.clone()).await.status, 200);

    ctl(&["set_vm_memory_high_watermark", "0"]).await;
    // RabbitMQ blocks a connection, and tells it so (connection.blocked), at
    // its first publish during the alarm. That publish may still be
    // confirmed, or time out; either way it is answered within its timeout.
    let started = Instant::now();
    let first = bridge.publish(ok.clone()).await;
    assert!(
        matches!(
            (first.status, first.code()),
            (200, _) | (504, "confirm_timeout")
        ),
        "{first:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(3), "{first:?}");
    // From then on the bridge refuses at once, rather than publish into a
    // connection that the broker no longer reads.
    let reason = wait_until(Duration::from_secs(10), async || {
        let readiness = bridge.get("/readyz").await;
        readiness.body["blocked"].as_str().map(str::to_owned)
    })
    .await
    .expect("the bridge never learnt of the alarm");
    let started = Instant::now();
    let refused = bridge.publish(ok.clone()).await;
    let took = started.elapsed();
    assert_eq!(
        (refused.status, refused.code()),
        (503, "broker_blocked"),
        "{refused:?}"
    );
    assert_eq!(refused.headers["retry-after"], "5", "{refused:?}");
    assert!(
        refused.body["message"].as_str().unwrap().contains(&reason),
        "{refused:?}"
    );
    assert!(took < Duration::from_secs(1), "a refusal took {took:?}");

    let watermark = restore.watermark();
    let mut args = vec!["set_vm_memory_high_watermark"];
    args.extend(watermark.split(' '));
    rabbitmqctl(&args);
    wait_until(Duration::from_secs(10), async || {
        (bridge.publish(ok.clone()).await.status == 200).then_some(())
    })
    .await
    .expect("publishing did not recover after the alarm cleared");
    assert_eq!(bridge.get("/readyz").await.body.get("blocked"), None);
}
