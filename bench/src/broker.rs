//! RabbitMQ objects that exist only for one run: a fanout exchange for the
//! bridge to be started with, with a durable queue bound to it ([`Scratch`])
//! or bare, for consumers to bind their own queues to ([`Fanout`]).

use lapin::{
    Channel, Connection, ExchangeKind,
    options::{
        ExchangeDeclareOptions, ExchangeDeleteOptions, QueueDeleteOptions, QueuePurgeOptions,
    },
    types::AMQPValue,
};
use switchboard_testing::amqp::{QueueSpec, declare_exchange, message_count};

/// How long RabbitMQ keeps a scratch queue that nobody uses: the net under a
/// run that was killed before it could clean up. An hour is longer than any
/// run, so a queue that only receives publishes never expires mid-run.
const QUEUE_EXPIRES_MS: i64 = 60 * 60 * 1_000;

/// Opens an AMQP connection named after its role, as it shows in RabbitMQ's
/// connection list.
pub async fn connect(url: &str, name: &str) -> anyhow::Result<Connection> {
    Ok(switchboard_testing::amqp::connect(url, name).await?)
}

/// A uniquely named fanout exchange with one durable queue bound to it.
#[derive(Debug)]
pub struct Scratch {
    connection: Connection,
    channel: Channel,
    pub exchange: String,
    pub queue: String,
}

impl Scratch {
    /// Declares both. The exchange is durable like the bridge's own, and
    /// auto-delete so that it goes away with the queue's binding.
    pub async fn create(url: &str, prefix: &str) -> anyhow::Result<Self> {
        let name = format!("switchboard.{prefix}-{}", uuid::Uuid::new_v4());
        let connection = connect(url, &format!("{prefix} setup")).await?;
        let channel = connection.create_channel().await?;
        let exchange = ExchangeDeclareOptions {
            durable: true,
            auto_delete: true,
            ..ExchangeDeclareOptions::default()
        };
        declare_exchange(&channel, &name, ExchangeKind::Fanout, exchange).await?;
        QueueSpec::durable(&name)
            .argument("x-expires", AMQPValue::LongLongInt(QUEUE_EXPIRES_MS))
            .bind(&channel, &name, "")
            .await?;
        Ok(Self {
            connection,
            channel,
            exchange: name.clone(),
            queue: name,
        })
    }

    /// Empties the queue, so that one measurement does not pay for the backlog
    /// of the one before.
    pub async fn purge(&self) -> anyhow::Result<u32> {
        Ok(self
            .channel
            .queue_purge(self.queue.as_str().into(), QueuePurgeOptions::default())
            .await?)
    }

    /// How many messages wait in the queue.
    pub async fn message_count(&self) -> anyhow::Result<u32> {
        Ok(message_count(&self.channel, &self.queue).await?)
    }

    /// Deletes the queue and the exchange.
    pub async fn delete(self) -> anyhow::Result<()> {
        self.channel
            .queue_delete(self.queue.as_str().into(), QueueDeleteOptions::default())
            .await?;
        // Usually gone already with its last binding; deleting is idempotent.
        self.channel
            .exchange_delete(
                self.exchange.as_str().into(),
                ExchangeDeleteOptions::default(),
            )
            .await?;
        self.connection.close(200, "done".into()).await?;
        Ok(())
    }
}

/// A uniquely named, transient fanout exchange with nothing bound to it: for
/// subscribers that bind queues of their own and come and go. It is not
/// auto-delete, which would delete it whenever the last of them left, so
/// [`Fanout::delete`] removes it; a run killed before that leaves it until the
/// broker restarts (it is not durable).
#[derive(Debug)]
pub struct Fanout {
    connection: Connection,
    channel: Channel,
    pub exchange: String,
}

impl Fanout {
    pub async fn create(url: &str, prefix: &str) -> anyhow::Result<Self> {
        let exchange = format!("switchboard.{prefix}-{}", uuid::Uuid::new_v4());
        let connection = connect(url, &format!("{prefix} setup")).await?;
        let channel = connection.create_channel().await?;
        declare_exchange(
            &channel,
            &exchange,
            ExchangeKind::Fanout,
            ExchangeDeclareOptions::default(),
        )
        .await?;
        Ok(Self {
            connection,
            channel,
            exchange,
        })
    }

    pub async fn delete(self) -> anyhow::Result<()> {
        self.channel
            .exchange_delete(
                self.exchange.as_str().into(),
                ExchangeDeleteOptions::default(),
            )
            .await?;
        self.connection.close(200, "done".into()).await?;
        Ok(())
    }
}
