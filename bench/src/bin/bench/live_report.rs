//! The `live-tail` section of BENCHMARKS.md: how fast each reader kept up, and what
//! happened one step faster.

use switchboard_wire::live::Ready;

use crate::{
    context::{Ctx, Id, Measured},
    live_readers::PAYLOAD_BYTES,
    live_tail::{Climb, FIRST_RATE, LAG, PACED, STEP_FACTOR, Step},
    report::{Panel, Row, Section, Verdict, rate, ratio, thousands, throughput_ratio},
};

/// The readers, baseline first.
pub const LABELS: [&str; 2] = ["lapin consumer", "bridge live tail (SSE)"];
/// Targets: the bridge's rate, absolute and against lapin's.
const TARGET_RATE: f64 = 10_000.0;
const TARGET_RATIO: f64 = 0.5;

fn per_second(value: f64) -> String {
    format!("{}/s", thousands(value.round() as u64))
}

/// Each round's fastest rate kept up with: `11,944/s, 14,333/s`.
fn bests(climbs: &[Climb]) -> String {
    let rates: Vec<String> = climbs
        .iter()
        .map(|climb| {
            climb
                .best
                .as_ref()
                .map_or("none".into(), |best| per_second(best.rate))
        })
        .collect();
    rates.join(", ")
}

/// What ended each round's climb.
fn limits(climbs: &[Climb]) -> String {
    let limits: Vec<String> = climbs
        .iter()
        .map(|climb| match &climb.failed {
            Some(step) => failure(step),
            None if climb.publisher_limited => "the publisher could not go faster".into(),
            None => "reached the ladder's ceiling".into(),
        })
        .collect();
    limits.join("; ")
}

/// What went wrong at `step`, and the CPU each process used meanwhile.
fn failure(step: &Step) -> String {
    let found = &step.found;
    let at = per_second(step.rate);
    let what = if found.dropped > 0 {
        format!("{} dropped", thousands(found.dropped))
    } else if found.lost + found.duplicates > 0 {
        format!(
            "{} lost, {} duplicated",
            thousands(found.lost),
            thousands(found.duplicates)
        )
    } else {
        format!(
            "fell behind, delivered {}",
            per_second(step.delivered_rate())
        )
    };
    format!("at {at}: {what} (CPU {})", step.cpu)
}

pub fn section(
    ctx: &Ctx,
    measured: &[Measured],
    climbs: &[Vec<Climb>; 2],
    ready: &Ready,
) -> Section {
    let [lapin, live] = [&measured[0], &measured[1]];
    let mut section = Section::new(Id::LiveTail, "Live tail to one subscriber");
    let value = throughput_ratio(&live.stats, &lapin.stats);
    let bridge_rate = live.stats.throughput();
    section.rows = vec![
        Row {
            measure: "msg/s delivered with none lost (the fastest rate kept up with)".into(),
            baseline: format!("{} (lapin consumer)", rate(&lapin.stats, "msg")),
            switchboard: rate(&live.stats, "msg"),
            ratio: ratio(value),
            target: format!("≥ {TARGET_RATIO:.1}×"),
            verdict: Verdict::judge(value >= TARGET_RATIO),
        },
        Row {
            measure: "msg/s delivered with none lost, absolute".into(),
            baseline: "—".into(),
            switchboard: rate(&live.stats, "msg"),
            ratio: format!("{} of target", ratio(bridge_rate / TARGET_RATE)),
            target: format!("≥ {} msg/s", thousands(TARGET_RATE as u64)),
            verdict: Verdict::judge(bridge_rate >= TARGET_RATE),
        },
        Row {
            measure: "fastest rate kept up with, per round".into(),
            baseline: bests(&climbs[0]),
            switchboard: bests(&climbs[1]),
            ratio: "—".into(),
            target: "—".into(),
            verdict: Verdict::Info,
        },
        Row {
            measure: "one step faster".into(),
            baseline: limits(&climbs[0]),
            switchboard: limits(&climbs[1]),
            ratio: "—".into(),
            target: "—".into(),
            verdict: Verdict::Info,
        },
    ];
    section.conditions = vec![
        format!(
            "{PAYLOAD_BYTES}-byte transient messages, unconfirmed, published by lapin on a \
             connection of its own to a fanout exchange of the run at a steady rate while one \
             reader receives them; each body carries its number and publish time, so every \
             message is checked off (lost, duplicate) and its publish-to-delivery latency is \
             known"
        ),
        format!(
            "the ladder: {} s of messages per step, from {} up by ×{STEP_FACTOR}; a reader keeps \
             up when it receives every message, none twice, none dropped, and finishes within \
             {:.0}% of the publishing time; the climb ends at the second failure at one rate, or \
             when the publisher reaches less than {:.0}% of the rate (then the reader was not \
             the limit); the rate reported is messages / (last delivery − first publish) at the \
             fastest step kept up with, rounds merged",
            ctx.config.live_step_secs,
            per_second(FIRST_RATE),
            LAG * 100.0,
            PACED * 100.0
        ),
        format!(
            "bridge: the release binary, `RUST_LOG={}`, default live-tail settings (`ready`: \
             prefetch {}, buffer {}); one `GET /api/subscribe?exchange=…` per step, read with \
             reqwest + eventsource-stream, each delivery's JSON decoded into \
             `switchboard_wire::live::Delivery`",
            ctx.config.bridge_log, ready.prefetch, ready.buffer
        ),
        format!(
            "lapin: one consumer on its own connection, a new queue per step of the same kind \
             (exclusive, auto-delete, server-named, bound to the exchange), prefetch {}, \
             acknowledging as the bridge does: one `multiple` ack per half window, or whenever \
             nothing more waits",
            ready.prefetch
        ),
        format!(
            "{} round(s), lapin and the bridge alternating; CPU in the table is averaged over \
             each whole climb, and per step in \"one step faster\"",
            ctx.config.rounds
        ),
    ];
    section.series(
        "lapin consumer, fastest rate kept up with",
        Panel::LiveTail,
        lapin,
    );
    section.series(
        "bridge live tail, fastest rate kept up with",
        Panel::LiveTail,
        live,
    );
    section
}
