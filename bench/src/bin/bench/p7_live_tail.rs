//! P7: the live tail's throughput. A burst of small numbered messages is
//! published straight to a fanout exchange while one reader receives them:
//! the bridge's `GET /api/subscribe` read as Server-Sent Events, against a
//! raw lapin consumer on the same kind of queue with the same prefetch. Both
//! must receive every message, none dropped; the rate is the burst over the
//! time from its first publish to its last delivery.
//!
//! The publisher shares the broker with the reader, so the burst is published
//! while it is read: a reader that keeps up is held to the publisher's pace,
//! one that does not falls behind and the broker queues the rest for it.
//! `live_readers.rs` has the publisher and the two readers.

use std::time::Duration;

use lapin::options::ConfirmSelectOptions;
use switchboard_bench::broker::{self, Fanout};
use switchboard_wire::live::Ready;

use crate::{
    context::{Ctx, Measured},
    live_readers::{self, Burst, Integrity, PAYLOAD_BYTES, PUBLISH_IN_FLIGHT},
    report::{Panel, Row, Section, Verdict, rate, ratio, thousands, throughput_ratio},
};

const TITLE: &str = "Live tail to one subscriber";
/// Targets: the bridge's rate, absolute and against lapin's.
const TARGET_RATE: f64 = 10_000.0;
const TARGET_RATIO: f64 = 0.5;
/// The bridge's default `SUBSCRIBE_PREFETCH`, until its `ready` event says.
const DEFAULT_PREFETCH: u16 = 256;

pub async fn run(ctx: &Ctx) -> anyhow::Result<Section> {
    let url = &ctx.config.amqp_url;
    let fanout = Fanout::create(url, "bench-p7").await?;
    let bridge = ctx.start_bridge(&fanout.exchange, "p7").await?;
    let publisher = broker::connect(url, "bench p7 publisher").await?;
    let channel = publisher.create_channel().await?;
    if std::env::var_os("P7_UNCONFIRMED").is_none() {
        channel
            .confirm_select(ConfirmSelectOptions::default())
            .await?;
    }
    let consumer = broker::connect(url, "bench p7 lapin consumer").await?;
    let burst = Burst {
        channel,
        exchange: fanout.exchange.clone(),
        count: ctx.config.live_messages,
    };
    let client = reqwest::Client::new();

    let labels = ["lapin consumer", "bridge live tail (SSE)"];
    let mut integrity = [Integrity::default(); 2];
    let mut ready: Option<Ready> = None;
    let measured = ctx
        .alternate("P7", &labels, &ctx.publish_path(&bridge), async |i| {
            let prefetch = ready
                .as_ref()
                .map_or(DEFAULT_PREFETCH, |ready| ready.prefetch);
            let (stats, found) = if i == 0 {
                live_readers::lapin_reader(&consumer, prefetch, &burst).await?
            } else {
                let (stats, found, opened) =
                    live_readers::bridge_reader(&client, bridge.addr, &burst).await?;
                ready = Some(opened);
                (stats, found)
            };
            if found.lost + found.duplicates + found.dropped > 0 {
                println!("{:>40} {found:?}", "");
            }
            integrity[i].merge(&found);
            Ok(stats)
        })
        .await;
    bridge.stop(Duration::from_secs(10)).await?;
    publisher.close(200, "done".into()).await?;
    consumer.close(200, "done".into()).await?;
    fanout.delete().await?;
    let [lapin, live]: [Measured; 2] = measured?.try_into().expect("one tally per reader");
    let ready = ready.expect("the bridge was measured");
    Ok(section(ctx, [&lapin, &live], integrity, &ready))
}

fn section(
    ctx: &Ctx,
    [lapin, live]: [&Measured; 2],
    [lapin_found, live_found]: [Integrity; 2],
    ready: &Ready,
) -> Section {
    let mut section = Section::new("P7", TITLE);
    let value = throughput_ratio(&live.stats, &lapin.stats);
    let intact = live_found.lost + live_found.dropped + live_found.duplicates == 0;
    let bridge_rate = live.stats.throughput();
    section.rows = vec![
        Row {
            measure: "msg/s delivered to one subscriber, none lost".into(),
            baseline: format!("{} (lapin consumer)", rate(&lapin.stats, "msg")),
            switchboard: rate(&live.stats, "msg"),
            ratio: ratio(value),
            target: format!("≥ {TARGET_RATIO:.1}×"),
            verdict: Verdict::judge(value >= TARGET_RATIO && intact),
        },
        Row {
            measure: "msg/s delivered, absolute".into(),
            baseline: "—".into(),
            switchboard: rate(&live.stats, "msg"),
            ratio: format!("{} of target", ratio(bridge_rate / TARGET_RATE)),
            target: format!("≥ {} msg/s", thousands(TARGET_RATE as u64)),
            verdict: Verdict::judge(bridge_rate >= TARGET_RATE && intact),
        },
        Row {
            measure: "messages lost, dropped or duplicated, all rounds".into(),
            baseline: integrity(&lapin_found),
            switchboard: integrity(&live_found),
            ratio: "—".into(),
            target: "none".into(),
            verdict: Verdict::judge(intact),
        },
    ];
    let count = thousands(ctx.config.live_messages);
    let published = ctx.config.live_messages * u64::from(ctx.config.rounds);
    let pace = |found: &Integrity, reader: &str| {
        let per_second = published as f64 / found.published_in.as_secs_f64();
        format!(
            "{} msg/s while the {reader} read",
            thousands(per_second.round() as u64)
        )
    };
    section.conditions = vec![
        format!(
            "a burst of {count} transient {PAYLOAD_BYTES}-byte messages per measurement, \
             published by lapin on its own connection to a fanout exchange of the run, \
             {PUBLISH_IN_FLIGHT} unconfirmed in flight, while one reader receives them; each \
             body carries its number, so every message is checked off (lost, duplicate) and \
             its publish-to-delivery latency is known"
        ),
        format!(
            "bridge: the release binary, `RUST_LOG={}`, default live-tail settings (`ready` \
             said prefetch {}, buffer {}); one `GET /api/subscribe?exchange=…` read with \
             reqwest + eventsource-stream, each delivery's JSON decoded into \
             `switchboard_wire::live::Delivery`; a `dropped` event would count as lost",
            ctx.config.bridge_log, ready.prefetch, ready.buffer
        ),
        format!(
            "lapin: one consumer on its own connection, on the same kind of queue \
             (exclusive, auto-delete, server-named, bound to the exchange), prefetch {}, \
             acknowledging each delivery as it arrives, as the bridge does",
            ready.prefetch
        ),
        format!(
            "publisher pace: {}; {}",
            pace(&lapin_found, "lapin consumer"),
            pace(&live_found, "live tail")
        ),
        format!(
            "rate = messages delivered / (last delivery − first publish); {} round(s), \
             lapin and the bridge alternating, a new queue for every measurement",
            ctx.config.rounds
        ),
    ];
    section.series("lapin consumer, burst", Panel::LiveTail, lapin);
    section.series("bridge live tail (SSE), burst", Panel::LiveTail, live);
    section
}

fn integrity(found: &Integrity) -> String {
    format!(
        "{} lost, {} dropped, {} duplicates",
        thousands(found.lost),
        thousands(found.dropped),
        thousands(found.duplicates)
    )
}
