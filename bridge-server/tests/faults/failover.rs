//! Failover between broker addresses, with a second RabbitMQ node the test
//! starts: messages go where the bridge is connected, and are counted there.

use std::{
    collections::BTreeSet,
    time::{Duration, Instant},
};

use futures::StreamExt;
use lapin::{ExchangeKind, options::ExchangeDeclareOptions};
use serde_json::json;
use switchboard_testing::{
    amqp::{Ack, QueueSpec, connect, consume, declare_exchange},
    wait_until,
};
use tokio::time::timeout;

use crate::{
    BROKER,
    broker::{SECOND_NODE_URL, SecondNode},
    common::{AMQP_URL, Bridge, Tap, unique},
};

/// Messages published to each node.
const MESSAGES: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "starts a second broker node; scripts/test.sh runs it with --ignored"]
async fn fails_over_to_the_next_address_and_every_message_is_counted_where_it_went() {
    let _serial = BROKER.lock().await;
    let second = SecondNode::start().await;
    let exchange = unique("switchboard.faults.failover");

    // A queue on each node, bound to the same exchange name, counts what
    // reaches that node.
    let node = connect(SECOND_NODE_URL, "fault test, second node")
        .await
        .unwrap();
    let channel = node.create_channel().await.unwrap();
    declare_exchange(
        &channel,
        &exchange,
        ExchangeKind::Fanout,
        ExchangeDeclareOptions::default(),
    )
    .await
    .unwrap();
    let queue = QueueSpec::temporary()
        .bind(&channel, &exchange, "")
        .await
        .unwrap();
    let mut on_second = consume(&channel, &queue, Ack::Auto).await.unwrap();
    let mut on_main = Tap::bind_temporary_fanout(&exchange).await;

    // The first address never answers; the second node comes next; the main
    // broker last.
    let urls = format!("amqp://127.0.0.1:1/%2f,{SECOND_NODE_URL},{AMQP_URL}");
    let args = [
        "--amqp-url",
        &urls,
        "--exchange",
        &exchange,
        "--rate-limit-per-second",
        "0",
    ];
    let bridge = Bridge::connected(&args).await;
    let run = unique("failover");
    let mut sent = BTreeSet::new();
    for n in 0..MESSAGES {
        let message_id = format!("{run}-second-{n}");
        let reply = bridge
            .publish(json!({ "payload": "to the second node", "message_id": message_id }))
            .await;
        assert_eq!(reply.status, 200, "{reply:?}");
        sent.insert(message_id);
    }
    let mut counted = BTreeSet::new();
    while counted.len() < MESSAGES {
        let delivery = timeout(Duration::from_secs(5), on_second.next())
            .await
            .unwrap_or_else(|_| panic!("the second node counted only {counted:?}"))
            .unwrap()
            .unwrap();
        let id = delivery.properties.message_id().clone().unwrap();
        counted.insert(id.to_string());
    }
    assert_eq!(counted, sent, "what the second node counted");
    let _ = node.close(200, "counted".into()).await;

    tokio::task::spawn_blocking(move || second.stop())
        .await
        .unwrap();
    let stopped = Instant::now();
    let probe = json!({ "payload": "failing over", "mandatory": false });
    wait_until(Duration::from_secs(10), async || {
        (bridge.publish(probe.clone()).await.status == 200).then_some(())
    })
    .await
    .expect("the bridge did not fail over to the main broker");
    println!(
        "failover: publishing again {:?} after the node stopped",
        stopped.elapsed()
    );
    for n in 0..MESSAGES {
        let message_id = format!("{run}-main-{n}");
        let reply = bridge
            .publish(json!({ "payload": "to the main node", "message_id": message_id }))
            .await;
        assert_eq!(reply.status, 200, "{reply:?}");
        on_main.expect(&message_id).await;
    }
}
