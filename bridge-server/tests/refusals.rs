//! Every refusal of the README's table that only the broker can cause,
//! provoked on the real RabbitMQ, each asserted by its status and its `error`
//! code. A memory alarm (`broker_blocked`) changes the shared broker, so it is
//! in `tests/faults`; the refusals the bridge decides alone are in
//! `bad_input.rs` and `access.rs`, `unroutable` and `exchange_not_found` in
//! `publish.rs` and `subscribe.rs`.

mod common;

use std::time::Duration;

use common::{AMQP_URL, Bridge, Tap, unique};
use lapin::{
    ExchangeKind,
    options::ExchangeDeclareOptions,
    types::{AMQPValue, LongString},
};
use serde_json::json;
use switchboard_testing::{
    amqp::{QueueSpec, connect, declare_exchange, message_count},
    relay::Relay,
    wait_until,
};

#[tokio::test]
async fn a_full_queue_that_rejects_publishes_makes_rabbitmq_nack_502_broker_nack() {
    let exchange = unique("switchboard.test.full");
    let connection = connect(AMQP_URL, "test full queue").await.unwrap();
    let channel = connection.create_channel().await.unwrap();
    let auto_delete = ExchangeDeclareOptions {
        auto_delete: true,
        ..ExchangeDeclareOptions::default()
    };
    declare_exchange(&channel, &exchange, ExchangeKind::Fanout, auto_delete)
        .await
        .unwrap();
    let queue = QueueSpec::temporary()
        .argument("x-max-length", AMQPValue::LongLongInt(1))
        .argument(
            "x-overflow",
            AMQPValue::LongString(LongString::from("reject-publish")),
        )
        .bind(&channel, &exchange, "")
        .await
        .unwrap();
    let bridge = Bridge::connected(&["--exchange", &exchange]).await;

    let first = bridge
        .publish(json!({ "payload": "fills the queue" }))
        .await;
    assert_eq!(first.status, 200, "{first:?}");
    let refused = bridge.publish(json!({ "payload": "one too many" })).await;
    assert_eq!(
        (refused.status, refused.code()),
        (502, "broker_nack"),
        "{refused:?}"
    );
    assert_eq!(message_count(&channel, &queue).await.unwrap(), 1);
    connection.close(200, "done".into()).await.unwrap();
}

/// A memory alarm would stop the confirm too, but not surely: RabbitMQ tells
/// the bridge that it blocks publishers, and the bridge then refuses with 503
/// `broker_blocked` without publishing, so a 504 needs a publish that races
/// ahead of that notice. A relay that holds the broker's bytes between the
/// bridge and RabbitMQ stops the confirm every time, and changes nothing on
/// the shared broker.
#[tokio::test]
async fn no_confirm_within_the_publish_timeout_is_504_confirm_timeout() {
    let exchange = unique("switchboard.test.slow");
    let mut tap = Tap::bind_temporary_fanout(&exchange).await;
    let relay = Relay::start("127.0.0.1:5672").await;
    let args = [
        "--amqp-url",
        &relay.amqp_url(),
        "--exchange",
        &exchange,
        "--publish-timeout-ms",
        "300",
    ];
    let bridge = Bridge::connected(&args).await;

    relay.hold();
    let message_id = unique("unconfirmed");
    let refused = bridge
        .publish(json!({ "payload": "no confirm", "message_id": message_id }))
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (504, "confirm_timeout"),
        "{refused:?}"
    );
    assert_eq!(refused.headers["retry-after"], "5");
    // "May or may not be stored": here it was, only its confirm was late.
    tap.expect(&message_id).await;

    relay.release();
    let reply = bridge.publish(json!({ "payload": "confirmed" })).await;
    assert_eq!(reply.status, 200, "{reply:?}");
}

#[tokio::test]
async fn a_subscription_beyond_subscribe_max_is_503_too_many_subscribers() {
    let bridge = Bridge::connected(&["--subscribe-max", "1"]).await;
    let subscribe = || {
        bridge
            .client
            .get(format!("{}/api/subscribe", bridge.url))
            .header("accept", "text/event-stream")
            .send()
    };
    let open = subscribe().await.unwrap();
    assert_eq!(open.status(), 200);

    let refused = common::Reply::read(subscribe().await.unwrap()).await;
    assert_eq!(
        (refused.status, refused.code()),
        (503, "too_many_subscribers"),
        "{refused:?}"
    );
    assert_eq!(refused.headers["retry-after"], "5");

    // The limit counts open streams: one that closes frees its place.
    drop(open);
    let next = wait_until(Duration::from_secs(5), async || {
        let response = subscribe().await.unwrap();
        (response.status() == 200).then_some(response)
    })
    .await;
    assert!(next.is_some(), "the closed stream's place was never freed");
}

/// RabbitMQ refuses publishes to an internal exchange (one that only other
/// exchanges may route to) with ACCESS_REFUSED, a channel error that is
/// neither a missing exchange nor anything a resend could fix.
#[tokio::test]
async fn a_publish_to_an_internal_exchange_is_502_broker_refused() {
    let internal = unique("switchboard.test.internal");
    let connection = connect(AMQP_URL, "test internal exchange").await.unwrap();
    let channel = connection.create_channel().await.unwrap();
    let options = ExchangeDeclareOptions {
        internal: true,
        auto_delete: true,
        ..ExchangeDeclareOptions::default()
    };
    declare_exchange(&channel, &internal, ExchangeKind::Fanout, options)
        .await
        .unwrap();
    // Bound, so that it lives as long as the test.
    QueueSpec::temporary()
        .bind(&channel, &internal, "")
        .await
        .unwrap();
    let allowed = format!("logs,{internal}");
    let bridge = Bridge::connected(&["--allowed-destinations", &allowed]).await;
    let mut tap = Tap::bind("logs").await;

    let refused = bridge
        .publish(json!({ "exchange": internal, "payload": "not for outsiders" }))
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (502, "broker_refused"),
        "{refused:?}"
    );
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap()
            .contains("ACCESS_REFUSED"),
        "{refused:?}"
    );

    // The broker closed only the channel; the next publish gets a new one.
    let message_id = unique("after-refusal");
    let reply = bridge
        .publish(json!({ "payload": "still works", "message_id": message_id }))
        .await;
    assert_eq!(reply.status, 200, "{reply:?}");
    tap.expect(&message_id).await;
    connection.close(200, "done".into()).await.unwrap();
}
