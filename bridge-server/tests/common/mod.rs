//! A bridge on a free port against the real RabbitMQ, and an independent
//! consumer to check what really arrived.

#![allow(dead_code)]

use std::time::Duration;

use bridge_server::{AppState, Broker, Config, app};
use clap::Parser;
use futures::StreamExt;
use lapin::{
    Connection, Consumer, ExchangeKind,
    message::Delivery,
    options::{ExchangeDeclareOptions, ExchangeDeleteOptions},
};
use switchboard_testing::amqp::{Ack, QueueSpec, connect, consume, declare_exchange};
use tokio::{net::TcpListener, time::timeout};

pub const AMQP_URL: &str = "amqp://127.0.0.1:5672/%2f";

/// A running bridge.
pub struct Bridge {
    pub url: String,
    pub broker: Broker,
    pub client: reqwest::Client,
}

impl Bridge {
    /// Starts a bridge with the default settings changed by `args`, given as on
    /// the command line.
    pub async fn start(args: &[&str]) -> Self {
        let config = Config::parse_from(["bridge-server"].iter().chain(args));
        let broker = bridge_server::start_broker(&config);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let router = app(&config, AppState::new(&config, broker.clone()));
        let forever = std::future::pending();
        tokio::spawn(bridge_server::serve(
            listener,
            router,
            forever,
            Duration::ZERO,
        ));
        Self {
            url,
            broker,
            client: reqwest::Client::new(),
        }
    }

    /// Starts a bridge and waits until it holds a channel.
    pub async fn connected(args: &[&str]) -> Self {
        let bridge = Self::start(args).await;
        bridge
            .broker
            .wait_connected(Duration::from_secs(10))
            .await
            .expect("bridge connects to the local RabbitMQ");
        bridge
    }

    /// `POST /api/publish` with a raw body and content type.
    pub async fn post_raw(&self, content_type: &str, body: impl Into<reqwest::Body>) -> Reply {
        let response = self
            .client
            .post(format!("{}/api/publish", self.url))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        Reply::read(response).await
    }

    /// `POST /api/publish` with a raw body and, unless `None`, a content type.
    pub async fn post_bytes(&self, content_type: Option<&str>, body: Vec<u8>) -> Reply {
        let mut request = self.client.post(format!("{}/api/publish", self.url));
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        Reply::read(request.body(body).send().await.unwrap()).await
    }

    /// `POST /api/publish` with a JSON value.
    pub async fn publish(&self, body: serde_json::Value) -> Reply {
        self.post_raw("application/json", body.to_string()).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        let response = self
            .client
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .unwrap();
        Reply::read(response).await
    }
}

/// An HTTP answer, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: serde_json::Value,
}

impl Reply {
    pub async fn read(response: reqwest::Response) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("{status} answer is not JSON: {text:?}"));
        Self {
            status,
            headers,
            body,
        }
    }

    /// The `error` code of an error answer.
    pub fn code(&self) -> &str {
        self.body["error"].as_str().unwrap_or_default()
    }
}

/// An exclusive queue bound to an exchange, consumed with its own connection.
pub struct Tap {
    _connection: Connection,
    consumer: Consumer,
}

impl Tap {
    pub async fn bind(exchange: &str) -> Self {
        let connection = connect(AMQP_URL, "test tap").await.unwrap();
        let channel = connection.create_channel().await.unwrap();
        let queue = QueueSpec::temporary()
            .bind(&channel, exchange, "")
            .await
            .unwrap();
        let consumer = consume(&channel, &queue, Ack::Auto).await.unwrap();
        Self {
            _connection: connection,
            consumer,
        }
    }

    /// Declares `exchange` as an auto-delete fanout exchange and binds a tap to
    /// it. The exchange goes away with the tap's queue, even if the test fails,
    /// and a bridge started with `--exchange` afterwards finds it and uses it.
    pub async fn bind_temporary_fanout(exchange: &str) -> Self {
        declare_fanout(exchange, true).await;
        Self::bind(exchange).await
    }

    /// The next delivery whose message id is `message_id`.
    pub async fn expect(&mut self, message_id: &str) -> Delivery {
        timeout(Duration::from_secs(5), async {
            loop {
                let delivery = self.consumer.next().await.unwrap().unwrap();
                let id = delivery.properties.message_id().clone();
                if id.is_some_and(|id| id.as_str() == message_id) {
                    return delivery;
                }
            }
        })
        .await
        .unwrap_or_else(|_| panic!("message {message_id} did not arrive"))
    }

    /// Every delivery that arrives until none has come for `quiet`: proof
    /// that nothing else was published, as far as a wait can prove it.
    pub async fn drain(&mut self, quiet: Duration) -> Vec<Delivery> {
        let mut deliveries = Vec::new();
        while let Ok(Some(delivery)) = timeout(quiet, self.consumer.next()).await {
            deliveries.push(delivery.unwrap());
        }
        deliveries
    }
}

/// Declares a fanout exchange. An auto-delete one goes away with its last
/// binding; one that is never bound must be deleted with [`delete_exchange`].
pub async fn declare_fanout(exchange: &str, auto_delete: bool) {
    let connection = connect(AMQP_URL, "test setup").await.unwrap();
    let channel = connection.create_channel().await.unwrap();
    let options = ExchangeDeclareOptions {
        auto_delete,
        ..ExchangeDeclareOptions::default()
    };
    declare_exchange(&channel, exchange, ExchangeKind::Fanout, options)
        .await
        .unwrap();
    connection.close(200, "declared".into()).await.unwrap();
}

/// Deletes an exchange a test declared.
pub async fn delete_exchange(exchange: &str) {
    let connection = connect(AMQP_URL, "test cleanup").await.unwrap();
    let channel = connection.create_channel().await.unwrap();
    channel
        .exchange_delete(exchange.into(), ExchangeDeleteOptions::default())
        .await
        .unwrap();
    connection.close(200, "deleted".into()).await.unwrap();
}

/// A name no other test uses.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4())
}
