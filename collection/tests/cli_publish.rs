//! `switchboard-run` publishing through a real bridge to the real RabbitMQ:
//! the message arrives with its payload and typed headers, a refusal the
//! item expects passes, and a refusal it does not expect fails the run.

mod common;

use std::time::Duration;

use bridge_server::{AppState, Config, app};
use clap::Parser;
use common::{File, run};
use futures::StreamExt;
use lapin::{
    Connection, Consumer, ExchangeKind, message::Delivery, options::ExchangeDeclareOptions,
    types::AMQPValue,
};
use switchboard_collection::{
    Collection, Environment, Expect, ExpectedStatus, Item, Pair, PayloadFormat, Publish, Variable,
    Workspace,
};
use switchboard_testing::amqp::{Ack, QueueSpec, connect, consume, declare_exchange};
use tokio::{net::TcpListener, time::timeout};

const AMQP_URL: &str = "amqp://127.0.0.1:5672/%2f";
const TOKEN: &str = "bridge-token-5d1f";

/// Starts a bridge on a free port that publishes to `exchange` and wants
/// [`TOKEN`], and waits until it holds a channel.
async fn bridge(exchange: &str) -> String {
    let config = Config::parse_from(["bridge-server", "--exchange", exchange, "--token", TOKEN]);
    let broker = bridge_server::start_broker(&config);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let router = app(&config, AppState::new(&config, broker.clone()));
    tokio::spawn(bridge_server::serve(
        listener,
        router,
        std::future::pending(),
        Duration::ZERO,
    ));
    broker
        .wait_connected(Duration::from_secs(10))
        .await
        .expect("the bridge connects to the local RabbitMQ");
    url
}

/// An auto-delete fanout exchange, gone with the queue bound to it here.
async fn tap(exchange: &str) -> (Connection, Consumer) {
    let connection = connect(AMQP_URL, "collection test tap").await.unwrap();
    let channel = connection.create_channel().await.unwrap();
    let options = ExchangeDeclareOptions {
        auto_delete: true,
        ..ExchangeDeclareOptions::default()
    };
    declare_exchange(&channel, exchange, ExchangeKind::Fanout, options)
        .await
        .unwrap();
    let queue = QueueSpec::temporary()
        .bind(&channel, exchange, "")
        .await
        .unwrap();
    let consumer = consume(&channel, &queue, Ack::Auto).await.unwrap();
    (connection, consumer)
}

async fn next(consumer: &mut Consumer) -> Delivery {
    timeout(Duration::from_secs(5), consumer.next())
        .await
        .expect("a message arrives")
        .unwrap()
        .unwrap()
}

fn workspace() -> Workspace {
    let mut c = Collection::new("events");
    c.add_item(Item::new(
        "user created",
        Publish {
            routing_key: "user.created".into(),
            payload: r#"{"id": {{user_id}}}"#.into(),
            format: PayloadFormat::Json,
            headers: vec![Pair::new("attempt", "2"), Pair::new("source", "ci")],
            ..Publish::default()
        },
    ));
    c.add_item(Item {
        expect: Some(Expect::status(ExpectedStatus::Exact(403))),
        ..Item::new(
            "not allowed elsewhere",
            Publish {
                exchange: "somewhere-else".into(),
                payload: "x".into(),
                ..Publish::default()
            },
        )
    });
    Workspace {
        collections: vec![c],
        environments: vec![Environment {
            name: "ci".into(),
            variables: vec![Variable::new("user_id", "42")],
        }],
        ..Workspace::default()
    }
}

#[tokio::test]
async fn publish_items_go_through_the_bridge_to_rabbitmq() {
    let exchange = format!("collection-test-{}", uuid::Uuid::new_v4());
    let (_connection, mut consumer) = tap(&exchange).await;
    let bridge = bridge(&exchange).await;
    let file = File::workspace(&workspace());

    let run = run(
        &file,
        &["--env", "ci", "--bridge", &bridge, "--bridge-token", TOKEN],
    )
    .await;
    assert_eq!(run.code, 0, "{run:?}");
    run.line(
        "PASS  200  PUBLISH to the bridge's exchange with user.created",
        "user created",
    );
    run.line(
        "PASS  403  PUBLISH to somewhere-else",
        "not allowed elsewhere",
    );
    assert!(
        run.stdout.ends_with("2 passed, 0 failed, 0 not run\n"),
        "{}",
        run.stdout
    );

    let delivery = next(&mut consumer).await;
    assert_eq!(delivery.data, br#"{"id": 42}"#);
    assert_eq!(delivery.routing_key.as_str(), "user.created");
    let properties = &delivery.properties;
    assert_eq!(
        properties.content_type().as_ref().map(|t| t.as_str()),
        Some("application/json")
    );
    let headers = properties.headers().as_ref().unwrap().inner();
    assert_eq!(headers.get("attempt"), Some(&AMQPValue::LongLongInt(2)));
    assert_eq!(
        headers.get("source"),
        Some(&AMQPValue::LongString("ci".into()))
    );
}

#[tokio::test]
async fn a_refused_publish_fails_and_without_a_bridge_it_is_not_run() {
    let exchange = format!("collection-test-{}", uuid::Uuid::new_v4());
    let (_connection, _consumer) = tap(&exchange).await;
    let bridge = bridge(&exchange).await;
    let file = File::workspace(&workspace());

    let wrong = run(
        &file,
        &[
            "--env",
            "ci",
            "--bridge",
            &bridge,
            "--bridge-token",
            "wrong",
        ],
    )
    .await;
    assert_eq!(wrong.code, 1, "{wrong:?}");
    wrong.line("FAIL  401 expected 2xx  PUBLISH", "user created");
    assert!(
        wrong.stdout.contains("      answer: unauthorized: "),
        "{}",
        wrong.stdout
    );

    let without = run(&file, &["--env", "ci"]).await;
    assert_eq!(without.code, 0, "{without:?}");
    without.line("NOT RUN  publish items need --bridge: user created", "");
    assert!(
        without.stdout.ends_with("0 passed, 0 failed, 2 not run\n"),
        "{}",
        without.stdout
    );
}
