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

mod confirm;
mod supervisor;

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use lapin::{Channel, Connection};
use tokio::{
    sync::{Notify, watch},
    time::{Instant, timeout, timeout_at},
};
use tokio_util::sync::CancellationToken;

use self::{
    confirm::{confirmed, refusal, send},
    supervisor::supervise,
};
use crate::message::Outgoing;
pub use switchboard_service::AmqpUrl;

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
    /// Messages sent again because their channel failed before the confirm.
    resent: AtomicU64,
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
            resent: AtomicU64::new(0),
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

    /// Why the broker blocks publishers, while it does.
    pub fn blocked(&self) -> Option<String> {
        match &*self.shared.link.borrow() {
            Link::Up(live) => live.blocked.clone(),
            _ => None,
        }
    }

    /// How many messages were sent again on a new channel since the start.
    pub fn resent(&self) -> u64 {
        self.shared.resent.load(Ordering::Relaxed)
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
        let mut resending = false;
        loop {
            if let Some(reason) = &live.blocked {
                return Err(PublishError::Blocked {
                    reason: reason.clone(),
                });
            }
            if resending {
                self.shared.resent.fetch_add(1, Ordering::Relaxed);
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
            resending = true;
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
