//! The logs service that ships with Switchboard: the receiving side of the
//! classic RabbitMQ "logs" example. It binds a server-named, exclusive queue to
//! the fanout exchange the bridge publishes to and, for each message, logs the
//! routing key, the message id and the W3C `traceparent` header, then
//! acknowledges it. While it runs, a mandatory publish to the exchange reaches
//! a queue, so the bridge answers "confirmed" rather than "unroutable".
//!
//! If the broker goes away, the service reconnects with backoff (trying each
//! URL in turn) and binds a new queue. Messages published while it was away
//! were not routed to it: its queue lives only as long as its connection.

mod session;

use std::{future::Future, time::Duration};

use lapin::{Connection, ConnectionProperties};
use switchboard_service::BrokerArgs;
use tokio::time::{sleep, timeout};

use self::session::Ended;

/// The service's settings; each flag also reads the environment variable named.
#[derive(Debug, Clone, clap::Parser)]
#[command(version, about)]
pub struct Config {
    /// Where RabbitMQ is (`AMQP_URL`, `CONNECT_TIMEOUT_MS`); the addresses of
    /// a list are tried in order.
    #[command(flatten)]
    pub broker: BrokerArgs,
    /// The fanout exchange to subscribe to. It is declared as the bridge
    /// declares it (durable) if missing, and used as it is if present.
    #[arg(long, env = "LOGS_EXCHANGE", default_value = "logs")]
    pub exchange: String,
}

/// One message, as the service logs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub exchange: String,
    pub routing_key: String,
    /// The AMQP `message_id` property, when the publisher set one.
    pub message_id: Option<String>,
    /// The `traceparent` header, when the publisher sent one.
    pub traceparent: Option<String>,
    pub redelivered: bool,
    /// The size of the body.
    pub bytes: usize,
}

/// What [`run`] reports as it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A queue is bound and consumed: from now on, messages published to the
    /// exchange reach it. Reported again after each reconnection.
    Bound { queue: String, exchange: String },
    /// A message arrived; it is acknowledged once the callback returns.
    Received(Received),
}

/// Subscribes to the exchange and logs every message, reconnecting whenever the
/// broker goes away, until `shutdown` resolves; then closes the connection.
/// `on_event` hears each binding and each message.
pub async fn run(
    config: &Config,
    shutdown: impl Future<Output = ()>,
    mut on_event: impl FnMut(Event),
) {
    let mut shutdown = std::pin::pin!(shutdown);
    let mut failures = 0u32;
    loop {
        let connected = tokio::select! {
            () = &mut shutdown => return,
            connected = connect_any(config) => connected,
        };
        let reason = match connected {
            Ok(connection) => {
                let ended =
                    session::subscribe(&connection, &config.exchange, &mut shutdown, &mut on_event)
                        .await;
                let closing = connection.close(200, "logs service closing".into());
                let _ = timeout(Duration::from_secs(2), closing).await;
                match ended {
                    Ended::Shutdown => {
                        tracing::info!("AMQP connection closed");
                        return;
                    }
                    Ended::Lost { reason, was_bound } => {
                        if was_bound {
                            failures = 0;
                        }
                        reason
                    }
                }
            }
            Err(reason) => reason,
        };
        failures += 1;
        if failures == 1 || failures.is_power_of_two() {
            tracing::warn!(%reason, attempts = failures,
                "not subscribed to RabbitMQ; still retrying. Start one with \
                 `rabbitmq-server -detached` or point AMQP_URL at yours");
        }
        // 200 ms, doubling to at most 1.6 s: quick to notice a broker that is back.
        let backoff = Duration::from_millis(100 * 2u64.pow(failures.min(4)));
        tokio::select! {
            () = &mut shutdown => return,
            () = sleep(backoff) => {}
        }
    }
}

/// Tries each URL once, in order.
async fn connect_any(config: &Config) -> Result<Connection, String> {
    let within = config.broker.connect_timeout();
    let mut reasons = Vec::new();
    for url in &config.broker.amqp_url {
        let properties =
            ConnectionProperties::default().with_connection_name("switchboard-logs".into());
        match timeout(within, Connection::connect(url.secret(), properties)).await {
            Ok(Ok(connection)) => {
                tracing::info!(%url, "connected to RabbitMQ");
                return Ok(connection);
            }
            Ok(Err(error)) => reasons.push(format!("{url}: {error}")),
            Err(_) => reasons.push(format!("{url}: no answer within {within:?}")),
        }
    }
    Err(format!("cannot connect to {}", reasons.join("; ")))
}

#[cfg(test)]
mod tests {
    use clap::Parser;
    use switchboard_service::AmqpUrl;

    use super::*;

    #[test]
    fn defaults_match_the_bridge() {
        let config = Config::parse_from(["logs"]);
        assert_eq!(config.exchange, "logs");
        assert_eq!(
            config.broker.amqp_url,
            vec!["amqp://127.0.0.1:5672/%2f".parse::<AmqpUrl>().unwrap()]
        );
    }

    #[test]
    fn several_brokers_are_tried_in_order() {
        let config = Config::parse_from([
            "logs",
            "--amqp-url",
            "amqp://a:5672/%2f,amqp://u:secret@b:5672/%2f",
        ]);
        let shown: Vec<String> = config
            .broker
            .amqp_url
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(shown, ["amqp://a:5672/%2f", "amqp://u:***@b:5672/%2f"]);
    }
}
