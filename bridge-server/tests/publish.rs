//! Publishing through the bridge's HTTP API to the real RabbitMQ. The refusals
//! made before anything reaches the broker are in `tests/router/`.

mod common;

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
async fn the_largest_values_amqp_allows_are_published_intact() {
    // The bridge's own exchange, so the allowlist lets it through; 127 bytes,
    // the longest name the bridge accepts. Fanout, so any routing key routes.
    let mut exchange = unique("switchboard.test.limits");
    exchange.push_str(&"x".repeat(127 - exchange.len()));
    let mut tap = Tap::bind_temporary_fanout(&exchange).await;
    let bridge = Bridge::connected(&["--exchange", &exchange]).await;
    let longest = |c: char| c.to_string().repeat(255);
    let message_id = format!("{}{}", unique("id"), longest('i'))[..255].to_owned();

    let reply = bridge
        .publish(json!({
            "exchange": exchange,
            "routing_key": longest('r'),
            "payload": "at the limits",
            "message_id": message_id,
            "correlation_id": longest('c'),
            "content_type": longest('t'),
            "headers": { longest('h'): i64::MIN },
        }))
        .await;

    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let delivery = tap.expect(&message_id).await;
    assert_eq!(delivery.exchange.as_str(), exchange);
    assert_eq!(delivery.routing_key.as_str(), longest('r'));
    let properties = &delivery.properties;
    let correlation_id = properties.correlation_id().as_ref().unwrap();
    assert_eq!(correlation_id.as_str(), longest('c'));
    let content_type = properties.content_type().as_ref().unwrap();
    assert_eq!(content_type.as_str(), longest('t'));
    let headers = properties.headers().as_ref().unwrap().inner();
    assert_eq!(
        headers.get(longest('h').as_str()),
        Some(&AMQPValue::LongLongInt(i64::MIN))
    );
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
