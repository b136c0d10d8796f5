//! The live tail (`GET /api/subscribe`, Server-Sent Events) against the real
//! RabbitMQ: what arrives, how a slow reader is bounded, and that nothing is
//! left behind. Who may subscribe (tokens, the allowlist) needs no broker and
//! is in `tests/router/`.

mod common;
mod live;

use std::time::Duration;

use common::{Bridge, unique};
use lapin::{
    BasicProperties, ExchangeKind,
    types::{AMQPValue, FieldTable, LongString},
};
use live::{
    Live, Process, amqp, now_ms, publish, queue_exists, subscribe, temporary_exchange, wait_deleted,
};
use serde_json::Value;
use switchboard_testing::relay::Relay;
use switchboard_wire::{PayloadEncoding, live::FieldValue};

#[tokio::test]
async fn message_published_over_amqp_arrives_with_its_properties() {
    let bridge = Bridge::connected(&[]).await;
    // No exchange named: the bridge's own, `logs`.
    let (mut live, ready) = Live::open(&bridge.url, "").await;
    assert_eq!(ready.exchange, "logs");
    assert!(ready.queue.starts_with("amq.gen-"), "{}", ready.queue);

    let (connection, channel) = amqp().await;
    let message_id = unique("live");
    let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let mut nested = FieldTable::default();
    nested.insert(
        "region".into(),
        AMQPValue::LongString(LongString::from("eu")),
    );
    let mut headers = FieldTable::default();
    headers.insert(
        "traceparent".into(),
        AMQPValue::LongString(traceparent.into()),
    );
    headers.insert("attempt".into(), AMQPValue::LongInt(3));
    headers.insert("urgent".into(), AMQPValue::Boolean(true));
    headers.insert("origin".into(), AMQPValue::FieldTable(nested));
    let properties = BasicProperties::default()
        .with_message_id(message_id.as_str().into())
        .with_correlation_id("corr-live".into())
        .with_app_id("a-test".into())
        .with_content_type("application/json".into())
        .with_timestamp(1_700_000_000)
        .with_delivery_mode(1)
        .with_headers(headers);
    let sent_at = now_ms();
    publish(&channel, "logs", "any.key", br#"{"n":1}"#, properties).await;

    let delivery = live.delivery(&message_id).await;
    assert_eq!(delivery.body, r#"{"n":1}"#);
    assert_eq!(delivery.body_encoding, PayloadEncoding::Text);
    assert_eq!(delivery.exchange, "logs");
    assert_eq!(delivery.routing_key, "any.key");
    assert!(!delivery.redelivered);
    assert!(delivery.delivery_tag >= 1);
    assert!(
        (sent_at..sent_at + 5_000).contains(&delivery.received_at_ms),
        "received at {} for a message sent at {sent_at}",
        delivery.received_at_ms
    );
    let p = &delivery.properties;
    assert_eq!(p.correlation_id.as_deref(), Some("corr-live"));
    assert_eq!(p.app_id.as_deref(), Some("a-test"));
    assert_eq!(p.content_type.as_deref(), Some("application/json"));
    assert_eq!(p.timestamp, Some(1_700_000_000));
    assert_eq!(p.delivery_mode, Some(1));
    assert_eq!(p.traceparent(), Some(traceparent));
    assert_eq!(p.headers["attempt"], FieldValue::Int(3));
    assert_eq!(p.headers["urgent"], FieldValue::Bool(true));
    let FieldValue::Table(origin) = &p.headers["origin"] else {
        panic!("{:?}", p.headers["origin"]);
    };
    assert_eq!(origin["region"], FieldValue::Text("eu".into()));

    // A body that is not UTF-8 travels as base64.
    let binary_id = unique("live-binary");
    let properties = BasicProperties::default().with_message_id(binary_id.as_str().into());
    publish(&channel, "logs", "", &[0xff, 0x00, 0x41], properties).await;
    let delivery = live.delivery(&binary_id).await;
    assert_eq!(delivery.body_encoding, PayloadEncoding::Base64);
    assert_eq!(delivery.body, "/wBB");
    connection.close(200, "done".into()).await.unwrap();
}

#[tokio::test]
async fn an_allowed_binding_key_streams_and_a_missing_exchange_is_404() {
    let (connection, channel) = amqp().await;
    let orders = unique("switchboard.test.orders");
    temporary_exchange(&channel, &orders, ExchangeKind::Topic).await;
    let missing = unique("switchboard.test.missing");
    let allowed = format!("logs,{orders}:order.*,{missing}");
    let bridge = Bridge::connected(&["--allowed-destinations", &allowed]).await;

    // Allowed, but RabbitMQ has no such exchange.
    let response = subscribe(&bridge.url, &format!("?exchange={missing}")).await;
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "exchange_not_found", "{body}");

    let query = format!("?exchange={orders}&binding_key=order.*");
    let (mut live, ready) = Live::open(&bridge.url, &query).await;
    assert_eq!(ready.binding_key, "order.*");
    let message_id = unique("order");
    let properties = BasicProperties::default().with_message_id(message_id.as_str().into());
    publish(&channel, &orders, "order.created", b"new order", properties).await;
    let delivery = live.delivery(&message_id).await;
    assert_eq!(delivery.routing_key, "order.created");
    assert_eq!(delivery.exchange, orders);
    connection.close(200, "done".into()).await.unwrap();
}

#[tokio::test]
async fn only_the_opening_request_counts_against_the_rate_limit() {
    let args = ["--rate-limit-per-second", "1", "--rate-limit-burst", "1"];
    let bridge = Bridge::connected(&args).await;
    let (mut live, _) = Live::open(&bridge.url, "").await;
    let second = subscribe(&bridge.url, "").await;
    assert_eq!(second.status(), 429);

    let (connection, channel) = amqp().await;
    let message_id = unique("rate");
    let properties = BasicProperties::default().with_message_id(message_id.as_str().into());
    publish(&channel, "logs", "", b"streamed anyway", properties).await;
    assert_eq!(live.delivery(&message_id).await.body, "streamed anyway");
    connection.close(200, "done".into()).await.unwrap();
}

#[tokio::test]
async fn the_queue_is_deleted_when_the_reader_disconnects() {
    let bridge = Bridge::connected(&[]).await;
    let (live, ready) = Live::open(&bridge.url, "").await;
    assert!(queue_exists(&ready.queue).await);

    drop(live);
    assert!(
        wait_deleted(&ready.queue, Duration::from_secs(5)).await,
        "queue {} still exists 5 s after the reader left",
        ready.queue
    );
}

#[tokio::test]
async fn a_lost_connection_ends_the_stream_and_the_next_subscription_works() {
    let relay = Relay::start("127.0.0.1:5672").await;
    let bridge = Bridge::connected(&["--amqp-url", &relay.amqp_url()]).await;
    let (mut live, first) = Live::open(&bridge.url, "").await;

    relay.cut();
    let (name, data) = live.next().await.expect("an ended event");
    assert_eq!(name, "ended", "{data}");
    assert!(
        data["reason"]
            .as_str()
            .is_some_and(|reason| !reason.is_empty())
    );
    assert!(live.next().await.is_none(), "the stream closes after ended");
    assert!(wait_deleted(&first.queue, Duration::from_secs(5)).await);

    // At once, as a browser would: the bridge waits for its new connection.
    let (mut live, second) = Live::open(&bridge.url, "").await;
    assert_ne!(second.queue, first.queue);
    let (connection, channel) = amqp().await;
    let message_id = unique("after-reconnect");
    let properties = BasicProperties::default().with_message_id(message_id.as_str().into());
    publish(&channel, "logs", "", b"still here", properties).await;
    assert_eq!(live.delivery(&message_id).await.body, "still here");
    connection.close(200, "done".into()).await.unwrap();
}

#[tokio::test]
async fn shutdown_ends_open_streams_instead_of_waiting_for_them() {
    let mut bridge = Process::start(&[]).await;
    let (mut live, _) = Live::open(&bridge.url, "").await;
    let took = bridge.terminate().await;
    // The drain period is the publish timeout plus 1 s: 6 s by default.
    assert!(took < Duration::from_secs(3), "shutdown took {took:?}");
    let (name, data) = live.next().await.expect("an ended event");
    assert_eq!(
        (name.as_str(), &data["reason"]),
        ("ended", &"the bridge is shutting down".into())
    );
}

#[tokio::test]
async fn a_slow_reader_gets_a_dropped_count_and_the_bridge_stays_small() {
    const MESSAGES: usize = 2_000;
    const BODY: usize = 32 * 1024;
    let (connection, channel) = amqp().await;
    let exchange = unique("switchboard.test.flood");
    temporary_exchange(&channel, &exchange, ExchangeKind::Fanout).await;
    let args = [
        "--allowed-destinations",
        &exchange,
        "--subscribe-buffer",
        "4",
    ];
    let bridge = Process::start(&[&args[..], &["--subscribe-prefetch", "8"]].concat()).await;
    let (mut live, ready) =
        Live::open_with_small_window(&bridge.url, &format!("?exchange={exchange}")).await;
    assert_eq!((ready.buffer, ready.prefetch), (4, 8));
    let before = bridge.memory("VmRSS");

    // 64 MB while the reader reads nothing.
    let body = vec![b'x'; BODY];
    for _ in 0..MESSAGES {
        publish(&channel, &exchange, "", &body, BasicProperties::default()).await;
    }
    // Every message is either delivered or counted as dropped.
    let (mut delivered, mut dropped) = (0, 0);
    while delivered + dropped < MESSAGES as u64 {
        match live.next().await.expect("the stream goes on") {
            (name, _) if name == "message" => delivered += 1,
            (name, data) if name == "dropped" => {
                let count = data["dropped"].as_u64().unwrap();
                assert!(count > dropped, "the dropped count only grows");
                dropped = count;
            }
            (name, data) => panic!("unexpected {name} event: {data}"),
        }
    }
    let peak = bridge.memory("VmHWM");
    println!(
        "delivered {delivered}, dropped {dropped}, peak growth {} KiB",
        (peak.saturating_sub(before)) / 1024
    );
    assert!(
        dropped > 0,
        "nothing was dropped; the test did not fill the buffer"
    );
    assert!(
        peak.saturating_sub(before) < 16 * 1024 * 1024,
        "the bridge grew from {before} to {peak} bytes while {} MB went past a reader that did not read",
        MESSAGES * BODY / (1024 * 1024)
    );
    drop(live);
    assert!(wait_deleted(&ready.queue, Duration::from_secs(5)).await);
    connection.close(200, "done".into()).await.unwrap();
}
