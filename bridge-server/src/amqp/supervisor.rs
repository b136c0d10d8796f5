//! The task that owns the connection: connects (failing over between URLs),
//! keeps a confirm channel open, follows the broker's blocked/unblocked
//! events, and reconnects with backoff when the connection dies.

use std::{sync::Arc, time::Duration};

use futures::StreamExt;
use lapin::{
    Channel, Connection, ConnectionProperties, Error as AmqpError, Event, ExchangeKind,
    options::{ConfirmSelectOptions, ExchangeDeclareOptions},
    types::FieldTable,
};
use tokio::time::{sleep, timeout};

use super::{BrokerConfig, Link, Live, Shared};

/// Keeps a connection and a confirm channel up until shutdown.
pub(super) async fn supervise(shared: Arc<Shared>) {
    let mut generation = 0;
    let mut failures = 0u32;
    while !shared.shutdown.is_cancelled() {
        let connection = tokio::select! {
            () = shared.shutdown.cancelled() => break,
            connected = connect_any(&shared.config) => connected,
        };
        match connection {
            Ok(connection) => {
                failures = 0;
                let connection = Arc::new(connection);
                let reason = hold(&shared, &connection, &mut generation).await;
                shared.link.send_replace(Link::Down(reason.clone()));
                let closing = connection.close(200, "bridge shutting down".into());
                let _ = timeout(Duration::from_secs(2), closing).await;
                if shared.shutdown.is_cancelled() {
                    tracing::info!("AMQP connection closed");
                } else {
                    tracing::warn!(%reason, "lost the RabbitMQ connection; reconnecting");
                }
            }
            Err(reason) => {
                failures += 1;
                if failures == 1 || failures.is_power_of_two() {
                    tracing::warn!(%reason, attempts = failures,
                        "cannot reach RabbitMQ; still retrying. Start one with \
                         `rabbitmq-server -detached` or point AMQP_URL at yours");
                }
                shared.link.send_replace(Link::Down(reason));
                // 200 ms, doubling to at most 1.6 s: quick to notice a broker that is back.
                let backoff = Duration::from_millis(100 * 2u64.pow(failures.min(4)));
                tokio::select! {
                    () = shared.shutdown.cancelled() => break,
                    () = sleep(backoff) => {}
                }
            }
        }
    }
    shared
        .link
        .send_replace(Link::Down("the bridge is shutting down".to_owned()));
}

/// Tries each URL once, in order.
async fn connect_any(config: &BrokerConfig) -> Result<Connection, String> {
    let mut reasons = Vec::new();
    for url in &config.urls {
        let properties =
            ConnectionProperties::default().with_connection_name("switchboard-bridge".into());
        match timeout(
            config.connect_timeout,
            Connection::connect(url.secret(), properties),
        )
        .await
        {
            Ok(Ok(connection)) => {
                tracing::info!(%url, "connected to RabbitMQ");
                return Ok(connection);
            }
            Ok(Err(error)) => reasons.push(format!("{url}: {error}")),
            Err(_) => reasons.push(format!(
                "{url}: no answer within {:?}",
                config.connect_timeout
            )),
        }
    }
    Err(format!("cannot connect to {}", reasons.join("; ")))
}

/// Serves the connection until it fails or shutdown; returns why it ended.
async fn hold(shared: &Shared, connection: &Arc<Connection>, generation: &mut u64) -> String {
    let mut events = connection.events_listener();
    let mut blocked = None;
    'channel: loop {
        let channel = match open_channel(connection, &shared.config.exchange).await {
            Ok(channel) => channel,
            Err(error) => return format!("cannot open a channel: {error}"),
        };
        *generation += 1;
        let publish = |blocked: &Option<String>| {
            shared.link.send_replace(Link::Up(Live {
                channel: channel.clone(),
                connection: connection.clone(),
                generation: *generation,
                blocked: blocked.clone(),
            }));
        };
        publish(&blocked);
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        loop {
            tokio::select! {
                () = shared.shutdown.cancelled() => {
                    // The channel first, so the connection closes with nothing open on it.
                    let _ = channel.close(200, "bridge shutting down".into()).await;
                    return "shutdown".to_owned();
                }
                event = events.next() => match event {
                    // Channel-level errors arrive here too; the status checks
                    // below tell whether the connection survived.
                    Some(Event::Error(error)) => {
                        if !connection.status().connected() {
                            return error.to_string();
                        }
                    }
                    Some(Event::ConnectionBlocked(reason)) => {
                        tracing::warn!(%reason, "RabbitMQ blocked publishing");
                        blocked = Some(reason);
                        publish(&blocked);
                    }
                    Some(Event::ConnectionUnblocked) => {
                        tracing::info!("RabbitMQ unblocked publishing");
                        blocked = None;
                        publish(&blocked);
                    }
                    Some(_) => {}
                    None => return "the connection closed".to_owned(),
                },
                () = shared.channel_failed.notified() => {},
                _ = tick.tick() => {},
            }
            if !connection.status().connected() {
                return "the connection closed".to_owned();
            }
            if !channel.status().connected() {
                tracing::info!("channel closed by the broker; opening a new one");
                shared.link.send_replace(Link::Reopening);
                continue 'channel;
            }
        }
    }
}

/// Opens a confirm-mode channel and makes sure the exchange exists. An existing
/// exchange is used as it is, whatever its durability.
async fn open_channel(connection: &Connection, exchange: &str) -> Result<Channel, AmqpError> {
    let probe = connection.create_channel().await?;
    let passive = ExchangeDeclareOptions {
        passive: true,
        ..ExchangeDeclareOptions::default()
    };
    let exists = probe
        .exchange_declare(
            exchange.into(),
            ExchangeKind::Fanout,
            passive,
            FieldTable::default(),
        )
        .await
        .is_ok();
    let channel = if exists {
        probe
    } else {
        // The failed passive declare closed `probe`.
        let channel = connection.create_channel().await?;
        let durable = ExchangeDeclareOptions {
            durable: true,
            ..ExchangeDeclareOptions::default()
        };
        channel
            .exchange_declare(
                exchange.into(),
                ExchangeKind::Fanout,
                durable,
                FieldTable::default(),
            )
            .await?;
        tracing::info!(exchange, "declared fanout exchange");
        channel
    };
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await?;
    Ok(channel)
}
