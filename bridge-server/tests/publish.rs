//! Publishing through the bridge's HTTP API to the real RabbitMQ.

mod common;

use std::time::{Duration, Instant};

use common::{Bridge, Tap, unique};
use lapin::types::{AMQPValue, LongString};
use serde_json::json;

#[tokio::test]
async fn published_message_arrives_with_exact_body_and_properties() {
    let bridge = Bridge::connected(&[]).await;
    let mut tap = Tap::bind("logs").await;
    let message_id = unique("msg");

    let reply = bridge
        .publish(json!({
            "payload": "{\"level\":\"info\",\"text\":\"hello\"}",
            "content_type": "application/json",
            "headers": { "source": "test", "attempt": 3, "urgent": true, "ratio": 0.25 },
            "message_id": message_id,
            "correlation_id": "corr-42",
        }))
        .await;

    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["confirmed"], true);
    assert_eq!(reply.body["routed"], true);
    assert_eq!(reply.body["message_id"], message_id.as_str());
    assert_eq!(reply.body["exchange"], "logs");

    let delivery = tap.expect(&message_id).await;
    assert_eq!(delivery.data, br#"{"level":"info","text":"hello"}"#);
    assert_eq!(delivery.exchange.as_str(), "logs");
    let properties = &delivery.properties;
    assert_eq!(
        properties.content_type().as_ref().unwrap().as_str(),
        "application/json"
    );
    assert_eq!(
        properties.correlation_id().as_ref().unwrap().as_str(),
        "corr-42"
    );
    assert_eq!(
        properties.app_id().as_ref().unwrap().as_str(),
        "switchboard-bridge"
    );
    assert_eq!(properties.delivery_mode(), &Some(2));
    assert!(properties.timestamp().is_some());
    let headers = properties.headers().as_ref().unwrap().inner();
    assert_eq!(
        headers.get("source"),
        Some(&AMQPValue::LongString(LongString::from("test")))
    );
    assert_eq!(headers.get("attempt"), Some(&AMQPValue::LongLongInt(3)));
    assert_eq!(headers.get("urgent"), Some(&AMQPValue::Boolean(true)));
    assert_eq!(headers.get("ratio"), Some(&AMQPValue::Double(0.25)));
}

#[tokio::test]
async fn generated_message_id_is_the_one_delivered() {
    let bridge = Bridge::connected(&[]).await;
    let mut tap = Tap::bind("logs").await;

    let reply = bridge.publish(json!({ "payload": "no id given" })).await;

    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let message_id = reply.body["message_id"].as_str().unwrap();
    let delivery = tap.expect(message_id).await;
    assert_eq!(delivery.data, b"no id given");
    let correlation = delivery.properties.correlation_id().clone().unwrap();
    assert_eq!(correlation.as_str(), message_id);
}

#[tokio::test]
async fn unroutable_message_is_not_reported_as_delivered() {
    let exchange = unique("switchboard.test.empty");
    let allowed = format!("logs,{exchange}");
    let bridge = Bridge::connected(&["--allowed-destinations", &allowed]).await;
    common::declare_fanout(&exchange, false).await;

    let reply = bridge
        .publish(json!({ "exchange": exchange, "payload": "nobody listens" }))
        .await;
    // Not mandatory: RabbitMQ drops it without a word, so the bridge cannot say.
    let unchecked = bridge
        .publish(json!({ "exchange": exchange, "payload": "nobody listens", "mandatory": false }))
        .await;
    common::delete_exchange(&exchange).await;

    assert_eq!(reply.status, 422, "{:?}", reply.body);
    assert_eq!(reply.code(), "unroutable");
    assert!(reply.body["message"].as_str().unwrap().contains("NO_ROUTE"));
    assert_eq!(unchecked.status, 200, "{:?}", unchecked.body);
    assert_eq!(unchecked.body["confirmed"], true);
    assert_eq!(unchecked.body["routed"], serde_json::Value::Null);
}

#[tokio::test]
async fn missing_exchange_is_404_and_the_next_publish_succeeds() {
    let missing = unique("no-such-exchange");
    let allowed = format!("logs,{missing}");
    let bridge = Bridge::connected(&["--allowed-destinations", &allowed]).await;
    let mut tap = Tap::bind("logs").await;

    let reply = bridge
        .publish(json!({ "exchange": missing, "payload": "lost?" }))
        .await;
    assert_eq!(reply.status, 404, "{:?}", reply.body);
    assert_eq!(reply.code(), "exchange_not_found");

    let message_id = unique("after-404");
    let reply = bridge
        .publish(json!({ "payload": "still works", "message_id": message_id }))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    tap.expect(&message_id).await;
}

#[tokio::test]
async fn unreachable_broker_gives_a_fast_503_with_the_url() {
    let bridge = Bridge::start(&["--amqp-url", "amqp://guest:secret@127.0.0.1:1/%2f"]).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let ready = bridge.get("/readyz").await;
    assert_eq!(ready.status, 503);
    assert_eq!(ready.body["broker_connected"], false);
    let detail = ready.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("amqp://guest:***@127.0.0.1:1/%2f"),
        "{detail}"
    );
    assert!(!detail.contains("secret"), "{detail}");

    let started = Instant::now();
    let reply = bridge.publish(json!({ "payload": "into the void" })).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(reply.status, 503);
    assert_eq!(reply.code(), "broker_unavailable");
    assert_eq!(reply.headers["retry-after"], "1");
    assert!(!reply.body.to_string().contains("secret"));
}

#[tokio::test]
async fn health_and_readiness_when_connected() {
    let bridge = Bridge::connected(&[]).await;
    let health = bridge
        .client
        .get(format!("{}/healthz", bridge.url))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let ready = bridge.get("/readyz").await;
    assert_eq!(ready.status, 200);
    assert_eq!(ready.body["broker_connected"], true);
}
