//! The logs service against the real RabbitMQ, each test on an exchange of its
//! own: it receives and acknowledges what is published there, and it binds a
//! new queue after its connection is closed.

use std::time::Duration;

use clap::Parser;
use futures::StreamExt;
use lapin::{
    BasicProperties, Channel, Confirmation, Connection, ConnectionProperties, ExchangeKind,
    options::{
        BasicPublishOptions, ConfirmSelectOptions, ExchangeDeclareOptions, ExchangeDeleteOptions,
    },
    types::{AMQPValue, FieldTable, LongString},
};
use logs_service::{Config, Event, Received, run};
use switchboard_testing::relay::Relay;
use tokio::{
    sync::{mpsc, oneshot},
    task::JoinHandle,
    time::timeout,
};

const AMQP_URL: &str = "amqp://127.0.0.1:5672/%2f";
const TRACEPARENT: &str = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
const WAIT: Duration = Duration::from_secs(10);

/// The service running on `exchange`, and what it reports.
struct Service {
    events: mpsc::UnboundedReceiver<Event>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Service {
    fn start(exchange: &str) -> Self {
        Self::start_at(AMQP_URL, exchange)
    }

    fn start_at(amqp_url: &str, exchange: &str) -> Self {
        let config = Config::parse_from(["logs", "--amqp-url", amqp_url, "--exchange", exchange]);
        let (sender, events) = mpsc::unbounded_channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            run(&config, shutdown, |event| {
                let _ = sender.send(event);
            })
            .await;
        });
        Self { events, stop, task }
    }

    async fn next(&mut self) -> Event {
        timeout(WAIT, self.events.recv())
            .await
            .expect("no event from the logs service in time")
            .expect("the logs service stopped")
    }

    /// Waits for the next binding and returns its queue.
    async fn bound(&mut self) -> String {
        match self.next().await {
            Event::Bound { queue, .. } => queue,
            other => panic!("expected a binding, got {other:?}"),
        }
    }

    async fn received(&mut self) -> Received {
        match self.next().await {
            Event::Received(received) => received,
            other => panic!("expected a message, got {other:?}"),
        }
    }

    async fn stop(self) {
        let _ = self.stop.send(());
        timeout(WAIT, self.task)
            .await
            .expect("the logs service did not stop in time")
            .unwrap();
    }
}

/// A publisher in confirm mode, as the bridge publishes.
async fn publisher() -> (Connection, Channel) {
    let connection = Connection::connect(AMQP_URL, ConnectionProperties::default())
        .await
        .unwrap();
    let channel = connection.create_channel().await.unwrap();
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .unwrap();
    (connection, channel)
}

/// Publishes `mandatory`, as the bridge does by default, and returns the confirm.
async fn publish(channel: &Channel, exchange: &str, routing_key: &str, id: &str) -> Confirmation {
    let mut headers = FieldTable::default();
    headers.insert(
        "traceparent".into(),
        AMQPValue::LongString(LongString::from(TRACEPARENT)),
    );
    let properties = BasicProperties::default()
        .with_message_id(id.into())
        .with_headers(headers);
    let options = BasicPublishOptions {
        mandatory: true,
        ..BasicPublishOptions::default()
    };
    channel
        .basic_publish(
            exchange.into(),
            routing_key.into(),
            options,
            id.as_bytes(),
            properties,
        )
        .await
        .unwrap()
        .await
        .unwrap()
}

fn exchange_name(test: &str) -> String {
    format!("switchboard-test-logs-{test}-{}", uuid::Uuid::new_v4())
}

async fn delete_exchange(channel: &Channel, exchange: &str) {
    channel
        .exchange_delete(exchange.into(), ExchangeDeleteOptions::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn logs_and_acknowledges_every_message_published_to_its_exchange() {
    let exchange = exchange_name("receive");
    let mut service = Service::start(&exchange);
    let queue = service.bound().await;
    assert!(queue.starts_with("amq.gen-"), "{queue}");
    let (connection, channel) = publisher().await;

    // More than the service's prefetch window: all of them arrive only if
    // each is acknowledged.
    let ids: Vec<String> = (0..100).map(|n| format!("logs-test-{n}")).collect();
    let confirms = futures::stream::iter(&ids)
        .then(|id| publish(&channel, &exchange, "order.created", id))
        .collect::<Vec<_>>()
        .await;
    for confirm in confirms {
        // Confirmed and not returned: the service's queue received it.
        assert_eq!(confirm, Confirmation::Ack(None));
    }
    for id in &ids {
        let received = service.received().await;
        assert_eq!(
            received,
            Received {
                exchange: exchange.clone(),
                routing_key: "order.created".to_owned(),
                message_id: Some(id.clone()),
                traceparent: Some(TRACEPARENT.to_owned()),
                redelivered: false,
                bytes: id.len(),
            }
        );
    }

    service.stop().await;
    // Its queue went with its connection: nothing receives the exchange's messages now.
    let after = publish(&channel, &exchange, "", "after-stop").await;
    assert!(
        matches!(after, Confirmation::Ack(Some(_))),
        "expected the message to be returned unroutable, got {after:?}"
    );
    delete_exchange(&channel, &exchange).await;
    connection.close(200, "done".into()).await.unwrap();
}

#[tokio::test]
async fn binds_a_new_queue_after_its_connection_is_closed() {
    let exchange = exchange_name("reconnect");
    // A relay in front of the broker drops this service's connection only,
    // as a network failure would; other tests keep theirs.
    let relay = Relay::start("127.0.0.1:5672").await;
    let mut service = Service::start_at(&relay.amqp_url(), &exchange);
    let first = service.bound().await;
    relay.cut();

    let second = service.bound().await;
    assert_ne!(first, second);
    let (connection, channel) = publisher().await;
    assert_eq!(
        publish(&channel, &exchange, "", "after-reconnect").await,
        Confirmation::Ack(None)
    );
    let received = service.received().await;
    assert_eq!(received.message_id.as_deref(), Some("after-reconnect"));

    service.stop().await;
    delete_exchange(&channel, &exchange).await;
    connection.close(200, "done".into()).await.unwrap();
}

#[tokio::test]
async fn uses_an_exchange_that_exists_with_other_arguments() {
    let exchange = exchange_name("transient");
    let (connection, channel) = publisher().await;
    // Not durable, unlike the bridge's: the service uses it as it is.
    channel
        .exchange_declare(
            exchange.as_str().into(),
            ExchangeKind::Fanout,
            ExchangeDeclareOptions::default(),
            FieldTable::default(),
        )
        .await
        .unwrap();
    let mut service = Service::start(&exchange);
    service.bound().await;
    assert_eq!(
        publish(&channel, &exchange, "", "to-a-transient-exchange").await,
        Confirmation::Ack(None)
    );
    let received = service.received().await;
    assert_eq!(
        received.message_id.as_deref(),
        Some("to-a-transient-exchange")
    );

    service.stop().await;
    delete_exchange(&channel, &exchange).await;
    connection.close(200, "done".into()).await.unwrap();
}
