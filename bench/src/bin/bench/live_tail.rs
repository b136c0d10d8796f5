//! `live-tail`: the live tail's throughput with none lost. Small numbered messages are
//! published straight to a fanout exchange at a steady rate while one reader
//! receives them: the bridge's `GET /api/subscribe` read as Server-Sent
//! Events, against a raw lapin consumer on the same kind of queue with the
//! same prefetch.
//!
//! A live tail cannot hold an unbounded backlog: when messages come faster
//! than its reader takes them, the bridge drops the excess and says so (a
//! `dropped` event). So the figure is the highest rate a reader keeps up with:
//! each reader climbs a ladder of rates, a step of `--live-step-secs` each,
//! until one step loses, drops or duplicates a message or ends more than
//! [`LAG`] behind the publisher (tried twice, for noise). lapin never drops,
//! it falls behind instead. `live_readers.rs` has the publisher and readers.

use std::{net::SocketAddr, time::Duration};

use lapin::Connection;
use switchboard_bench::{
    broker::{self, Fanout},
    cpu::{CpuMeter, CpuUse, Watched},
    stats::Stats,
};
use switchboard_wire::live::Ready;

use crate::{
    context::Ctx,
    live_readers::{self, Burst, Integrity},
    live_report,
    report::Section,
};

/// The ladder: the first rate, each next one this much faster, and a ceiling.
pub const FIRST_RATE: f64 = 4_000.0;
pub const STEP_FACTOR: f64 = 1.2;
const MAX_RATE: f64 = 200_000.0;
/// How far behind the publisher a reader may finish and still have kept up:
/// a tenth of the step.
pub const LAG: f64 = 0.1;
/// A step counts only if the publisher reached this share of its rate.
pub const PACED: f64 = 0.95;

/// Who reads the messages.
#[derive(Debug, Clone, Copy)]
enum Reader<'a> {
    Lapin(&'a Connection, u16),
    Bridge(&'a reqwest::Client, SocketAddr),
}

/// One rate tried, and what the reader got.
#[derive(Debug, Clone)]
pub struct Step {
    pub rate: f64,
    pub count: u64,
    pub stats: Stats,
    pub found: Integrity,
    /// What the watched processes kept busy meanwhile.
    pub cpu: CpuUse,
}

impl Step {
    pub fn published_rate(&self) -> f64 {
        self.count as f64 / self.found.published_in.as_secs_f64()
    }

    /// Delivered / (last delivery − first publish).
    pub fn delivered_rate(&self) -> f64 {
        self.stats.throughput()
    }

    fn paced(&self) -> bool {
        self.published_rate() >= PACED * self.rate
    }

    fn intact(&self) -> bool {
        let found = &self.found;
        found.lost + found.dropped + found.duplicates + self.stats.errors == 0
    }

    fn kept_up(&self) -> bool {
        let behind = self.stats.elapsed.as_secs_f64() / self.found.published_in.as_secs_f64();
        self.intact() && behind <= 1.0 + LAG
    }
}

/// How far one reader got up the ladder in one round.
#[derive(Debug, Clone, Default)]
pub struct Climb {
    /// The fastest step it kept up with.
    pub best: Option<Step>,
    /// The step that ended the climb, unless the publisher did.
    pub failed: Option<Step>,
    /// The publisher could not reach the next rate: the reader was not the limit.
    pub publisher_limited: bool,
}

async fn step(reader: Reader<'_>, burst: &Burst, watched: &[Watched]) -> anyhow::Result<Step> {
    let meter = CpuMeter::start(watched);
    let (stats, found) = match reader {
        Reader::Lapin(connection, prefetch) => {
            live_readers::lapin_reader(connection, prefetch, burst).await?
        }
        Reader::Bridge(client, addr) => {
            let (stats, found, _) = live_readers::bridge_reader(client, addr, burst).await?;
            (stats, found)
        }
    };
    Ok(Step {
        rate: burst.rate,
        count: burst.count,
        stats,
        found,
        cpu: meter.stop(),
    })
}

/// Climbs the ladder with one reader, reading the CPU of `watched` per step.
async fn climb(
    ctx: &Ctx,
    reader: Reader<'_>,
    template: &Burst,
    watched: &[Watched],
) -> anyhow::Result<Climb> {
    let mut climb = Climb::default();
    let mut rate = FIRST_RATE;
    let mut retried = false;
    while rate <= MAX_RATE {
        let burst = Burst {
            rate,
            count: (rate * ctx.config.live_step_secs).round() as u64,
            ..template.clone()
        };
        let tried = step(reader, &burst, watched).await?;
        let found = &tried.found;
        println!(
            "{:>40} {rate:>6.0}/s: published {:.0}/s, delivered {:.0}/s, lost {} dropped {} \
             duplicates {}; CPU {}",
            "",
            tried.published_rate(),
            tried.delivered_rate(),
            found.lost,
            found.dropped,
            found.duplicates,
            tried.cpu
        );
        if !tried.paced() {
            climb.publisher_limited = true;
            break;
        }
        if tried.kept_up() {
            climb.best = Some(tried);
            rate *= STEP_FACTOR;
            retried = false;
        } else if !retried {
            retried = true;
        } else {
            climb.failed = Some(tried);
            break;
        }
    }
    Ok(climb)
}

/// The bridge's live-tail settings, from the `ready` event of a subscription
/// opened and closed at once.
async fn settings(
    client: &reqwest::Client,
    bridge: SocketAddr,
    burst: &Burst,
) -> anyhow::Result<Ready> {
    let probe = Burst {
        count: 1,
        ..burst.clone()
    };
    Ok(live_readers::bridge_reader(client, bridge, &probe).await?.2)
}

pub async fn run(ctx: &Ctx) -> anyhow::Result<Section> {
    let url = &ctx.config.amqp_url;
    let fanout = Fanout::create(url, "bench-live-tail").await?;
    let bridge = ctx.start_bridge(&fanout.exchange, "live-tail").await?;
    let publisher = broker::connect(url, "bench live-tail publisher").await?;
    let consumer = broker::connect(url, "bench live-tail lapin consumer").await?;
    let template = Burst {
        channel: publisher.create_channel().await?,
        exchange: fanout.exchange.clone(),
        count: 0,
        rate: FIRST_RATE,
    };
    let client = reqwest::Client::new();
    let result = async {
        let ready = settings(&client, bridge.addr, &template).await?;
        let readers = [
            Reader::Lapin(&consumer, ready.prefetch),
            Reader::Bridge(&client, bridge.addr),
        ];
        let mut climbs: [Vec<Climb>; 2] = Default::default();
        let mut watched = ctx.publish_path(&bridge);
        watched.push(Watched::this_process());
        let measured = ctx
            .alternate("live-tail", &live_report::LABELS, &watched, async |i| {
                let climbed = climb(ctx, readers[i], &template, &watched).await?;
                let stats = climbed.best.as_ref().map(|best| best.stats.clone());
                climbs[i].push(climbed);
                Ok(stats.unwrap_or_default())
            })
            .await?;
        anyhow::Ok(live_report::section(ctx, &measured, &climbs, &ready))
    }
    .await;
    bridge.stop(Duration::from_secs(10)).await?;
    publisher.close(200, "done".into()).await?;
    consumer.close(200, "done".into()).await?;
    fanout.delete().await?;
    result
}
