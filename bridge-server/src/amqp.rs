//! The bridge's one long-lived link to RabbitMQ, and confirmed publishing over it.
//!
//! A supervisor task owns the connection. It connects to the first reachable
//! URL, makes sure the exchange exists, opens a channel in confirm mode and
//! shares it through a `watch` channel. Publishers use that channel
//! concurrently, so many confirms are in flight at once. When the connection
//! fails, the supervisor reconnects with backoff (trying every URL in turn), and
//! a publish that was in flight is sent again on the new channel, with the same
//! message id, until its deadline. A channel closed by the broker (for example
//! by a publish to a missing exchange) is replaced on the same connection.
//!
//! Consumers (the live tail, `crate::subscribe`) take channels of their own on
//! the same connection with [`Broker::open_channel`]; those channels die with
//! it, which is how a subscriber learns that the connection was replaced.

use std::{sync::Arc, time::Duration};

use futures::StreamExt;
use lapin::{
    Channel, Confirmation, Connection, ConnectionProperties, Error as AmqpError, ErrorKind, Event,
    ExchangeKind,
    options::{BasicPublishOptions, ConfirmSelectOptions, ExchangeDeclareOptions},
    protocol::{AMQPErrorKind, AMQPSoftError},
    types::FieldTable,
};
use tokio::{
    sync::{Notify, watch},
    time::{Instant, sleep, timeout, timeout_at},
};
use tokio_util::sync::CancellationToken;

use crate::{config::AmqpUrl, message::Outgoing};

/// Settings of the broker link.
#[derive(Debug, Clone)]
pub struct BrokerConfig {
    /// Brokers to try, in order.
    pub urls: Vec<AmqpUrl>,
    /// The fanout exchange to declare on connect.
    pub exchange: String,
    /// How long one connection attempt may take.
    pub connect_timeout: Duration,
    /// How long a publish may wait for its confirm, resends included.
    pub publish_timeout: Duration,
}

/// The state of the link, as publishers see it.
#[derive(Debug, Clone)]
enum Link {
    /// No usable channel; the reason is for error messages.
    Down(String),
    /// The broker closed the channel and a new one is being opened on the same
    /// connection; publishers wait for it.
    Reopening,
    Up(Live),
}

#[derive(Debug, Clone)]
struct Live {
    channel: Channel,
    /// The connection the channel is on, shared so that consumers can open
    /// channels on it; the supervisor alone closes it.
    connection: Arc<Connection>,
    /// Grows with every new channel, so that a publisher whose channel failed
    /// can wait for a newer one.
    generation: u64,
    /// Set while the broker blocks publishers (a memory or disk alarm).
    blocked: Option<String>,
}

/// A handle to the broker link; cheap to clone.
#[derive(Debug, Clone)]
pub struct Broker {
    shared: Arc<Shared>,
    supervisor: Arc<std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>>,
}

#[derive(Debug)]
struct Shared {
    config: BrokerConfig,
    link: watch::Sender<Link>,
    /// Publishers ring this when their channel failed, so that the supervisor
    /// checks it at once instead of at its next tick.
    channel_failed: Notify,
    shutdown: CancellationToken,
}

/// Why a publish did not earn a confirm.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PublishError {
    #[error("RabbitMQ is unavailable: {reason}")]
    Unavailable { reason: String },
    #[error("RabbitMQ is blocking publishers ({reason}); retry when the alarm clears")]
    Blocked { reason: String },
    #[error("exchange {exchange:?} does not exist on the broker")]
    ExchangeNotFound { exchange: String },
    #[error("RabbitMQ refused the publish: {reason}")]
    Refused { reason: String },
    #[error(
        "RabbitMQ confirmed message {message_id} but returned it unroutable ({reply}): \
         no queue is bound to exchange {exchange:?} for routing key {routing_key:?}, \
         so it was dropped"
    )]
    Unroutable {
        message_id: String,
        exchange: String,
        routing_key: String,
        reply: String,
    },
    #[error("RabbitMQ did not accept message {message_id} (nack); it may not be stored")]
    Nacked { message_id: String },
    #[error("no confirm from RabbitMQ within {0:?}; message {1} may or may not be stored")]
    Timeout(Duration, String),
}

/// No connection to open a channel on.
#[derive(Debug, Clone, thiserror::Error)]
#[error("RabbitMQ is unavailable: {reason}")]
pub struct Unavailable {
    pub reason: String,
}

/// A publish that the broker confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmed {
    pub message_id: String,
}

impl Broker {
    /// Starts the supervisor; the link comes up in the background.
    pub fn start(config: BrokerConfig) -> Self {
        let (link, _) = watch::channel(Link::Down("connecting to RabbitMQ".to_owned()));
        let shared = Arc::new(Shared {
            config,
            link,
            channel_failed: Notify::new(),
            shutdown: CancellationToken::new(),
        });
        let supervisor = tokio::spawn(supervise(shared.clone()));
        Self {
            shared,
            supervisor: Arc::new(std::sync::Mutex::new(Some(supervisor))),
        }
    }

    /// Whether a channel is open right now, and if not, why.
    pub fn status(&self) -> Result<(), String> {
        match &*self.shared.link.borrow() {
            Link::Up(_) => Ok(()),
            Link::Reopening => Err("reopening the channel".to_owned()),
            Link::Down(reason) => Err(reason.clone()),
        }
    }

    /// Waits until the link is up, or `within` has passed.
    pub async fn wait_connected(&self, within: Duration) -> Result<(), String> {
        let mut link = self.shared.link.subscribe();
        let up = link.wait_for(|link| matches!(link, Link::Up(_)));
        match timeout(within, up).await {
            Ok(Ok(_)) => Ok(()),
            _ => self.status(),
        }
    }

    /// Publishes `message` and waits for the broker's confirm. A message whose
    /// channel fails before the confirm is sent again on the next channel until
    /// the publish timeout; consumers may therefore see it twice, with the same
    /// message id.
    pub async fn publish(&self, message: &Outgoing) -> Result<Confirmed, PublishError> {
        let deadline = Instant::now() + self.shared.config.publish_timeout;
        let mut link = self.shared.link.subscribe();
        let mut live = self.next_live(&mut link, 0, deadline).await?;
        loop {
            if let Some(reason) = &live.blocked {
                return Err(PublishError::Blocked {
                    reason: reason.clone(),
                });
            }
            let attempt = timeout_at(deadline, send(&live.channel, message)).await;
            let error = match attempt {
                Err(_) => {
                    return Err(PublishError::Timeout(
                        self.shared.config.publish_timeout,
                        message.message_id.clone(),
                    ));
                }
                Ok(Ok(confirmation)) => return confirmed(confirmation, message),
                Ok(Err(error)) => error,
            };
            self.shared.channel_failed.notify_one();
            if let Some(refusal) = refusal(&error, message) {
                return Err(refusal);
            }
            tracing::warn!(message_id = %message.message_id, %error,
                "publish interrupted; sending again on the next channel");
            live = self.next_live(&mut link, live.generation, deadline).await?;
        }
    }

    /// The live channel newer than `generation`. A link that is down answers at
    /// once, so that requests do not pile up while the broker is away; one that
    /// is coming back (a reopening channel, or one that failed under a
    /// publisher) is waited for until `deadline`.
    async fn next_live(
        &self,
        link: &mut watch::Receiver<Link>,
        generation: u64,
        deadline: Instant,
    ) -> Result<Live, PublishError> {
        if let Link::Down(reason) = &*link.borrow_and_update()
            && generation == 0
        {
            return Err(PublishError::Unavailable {
                reason: reason.clone(),
            });
        }
        let newer =
            link.wait_for(|link| matches!(link, Link::Up(live) if live.generation > generation));
        let next = match timeout_at(deadline, newer).await {
            Ok(Ok(next)) => match &*next {
                Link::Up(live) => Some(live.clone()),
                _ => unreachable!("wait_for returns only an Up link"),
            },
            _ => None,
        };
        next.ok_or_else(|| PublishError::Unavailable {
            reason: match &*link.borrow() {
                Link::Down(reason) => format!("{reason}; it did not recover in time"),
                _ => "the channel did not recover in time".to_owned(),
            },
        })
    }

    /// A new channel on the current connection, for a consumer. Each consumer
    /// gets its own, so that a channel error (a bind to a missing exchange)
    /// closes only that one, and so that each has its own prefetch window.
    ///
    /// Unlike a publish, it waits for a link that is down, up to the connect
    /// timeout: a browser's `EventSource` comes back about a second after its
    /// stream ended with the connection, and should find the new connection
    /// rather than a refusal it would not retry.
    pub async fn open_channel(&self) -> Result<Channel, Unavailable> {
        let mut link = self.shared.link.subscribe();
        let up = link.wait_for(|link| matches!(link, Link::Up(_)));
        let connection = match timeout(self.shared.config.connect_timeout, up).await {
            Ok(Ok(link)) => match &*link {
                Link::Up(live) => Some(live.connection.clone()),
                _ => unreachable!("wait_for returns only an Up link"),
            },
            _ => None,
        };
        let connection = connection.ok_or_else(|| Unavailable {
            reason: match &*link.borrow() {
                Link::Down(reason) => reason.clone(),
                _ => "the channel did not recover in time".to_owned(),
            },
        })?;
        connection
            .create_channel()
            .await
            .map_err(|error| Unavailable {
                reason: format!("cannot open a channel: {error}"),
            })
    }

    /// Stops reconnecting and closes the connection cleanly, waiting up to
    /// `grace` for the broker to acknowledge. Call it after the HTTP server has
    /// drained, so no publish is still waiting for its confirm.
    pub async fn close(&self, grace: Duration) {
        self.shared.shutdown.cancel();
        let supervisor = self.supervisor.lock().ok().and_then(|mut task| task.take());
        if let Some(supervisor) = supervisor
            && timeout(grace, supervisor).await.is_err()
        {
            tracing::warn!(?grace, "the AMQP connection did not close in time");
        }
    }
}

async fn send(channel: &Channel, message: &Outgoing) -> Result<Confirmation, AmqpError> {
    let options = BasicPublishOptions {
        mandatory: message.mandatory,
        ..BasicPublishOptions::default()
    };
    channel
        .basic_publish(
            message.exchange.as_str().into(),
            message.routing_key.as_str().into(),
            options,
            &message.body,
            message.properties.clone(),
        )
        .await?
        .await
}

fn confirmed(confirmation: Confirmation, message: &Outgoing) -> Result<Confirmed, PublishError> {
    let message_id = message.message_id.clone();
    match confirmation {
        Confirmation::Ack(None) => Ok(Confirmed { message_id }),
        Confirmation::Ack(Some(returned)) => Err(PublishError::Unroutable {
            message_id,
            exchange: message.exchange.clone(),
            routing_key: message.routing_key.clone(),
            reply: format!("{} {}", returned.reply_code, returned.reply_text),
        }),
        Confirmation::Nack(_) | Confirmation::NotRequested => {
            Err(PublishError::Nacked { message_id })
        }
    }
}

/// A broker error that sending again cannot fix.
fn refusal(error: &AmqpError, message: &Outgoing) -> Option<PublishError> {
    let ErrorKind::ProtocolError(amqp) = error.kind() else {
        return None;
    };
    // When the broker closes a channel, every publish in flight on it sees the
    // same error; only the one that caused it is refused, the others are sent
    // again on the next channel.
    let text = amqp.get_message().as_str();
    if !text.contains(&format!("'{}'", message.exchange)) {
        return None;
    }
    match amqp.kind() {
        AMQPErrorKind::Soft(AMQPSoftError::NOTFOUND) => Some(PublishError::ExchangeNotFound {
            exchange: message.exchange.clone(),
        }),
        AMQPErrorKind::Soft(_) => Some(PublishError::Refused {
            reason: text.to_owned(),
        }),
        AMQPErrorKind::Hard(_) => None,
    }
}

/// Keeps a connection and a confirm channel up until shutdown.
async fn supervise(shared: Arc<Shared>) {
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
                () = shared.shutdown.cancelled() => return "shutdown".to_owned(),
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
