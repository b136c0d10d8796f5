//! `browser`: the page's own timings in real headless Chromium on loopback, read from
//! the User Timing marks the page records (`src/perf.rs`): the time until it
//! is interactive, and click to rendered for REST, gRPC-web and a confirmed
//! publish. The targets are absolute; two floors measured in the same page
//! stand beside them (a plain button making the same request, and the plain
//! `fetch` alone).
//!
//! The browser side is a node script, `bench/browser/timings.mjs`, built on the
//! end-to-end suite's helpers (playwright-core driving Debian's Chromium): it
//! starts the release users, greeter and bridge binaries on free ports, serves
//! the page's release build, and prints what it measured as JSON
//! (`browser_driver.rs` runs it), which this module turns into rows.

use std::{collections::BTreeMap, path::Path, time::Duration};

use anyhow::Context;
use switchboard_bench::stats::{Ms, Outcome, Stats};

use crate::{
    browser_driver::{Report, WARMUP_CLICKS, drive, missing},
    context::{Ctx, Id},
    report::{Panel, Row, Section, Series, Verdict, ratio},
};

const TITLE: &str = "In-browser timings (headless Chromium)";
const TARGETS: &str = "interactive ≤ 250 ms; click-to-rendered p50 ≤ 2 / 3 / 5 ms";
const INTERACTIVE_MS: f64 = 250.0;

/// One timed panel: the driver's transport key, and the p50 target in ms.
struct Timed {
    key: &'static str,
    label: &'static str,
    call: &'static str,
    p50_ms: f64,
}

const TIMED: [Timed; 3] = [
    Timed {
        key: "rest",
        label: "REST",
        call: "Users panel, `GET /users/{id}`",
        p50_ms: 2.0,
    },
    Timed {
        key: "grpc",
        label: "gRPC-web",
        call: "Greeter panel, `SayHello`",
        p50_ms: 3.0,
    },
    Timed {
        key: "amqp",
        label: "confirmed publish",
        call: "Publish panel, `POST /api/publish` answered after RabbitMQ's confirm",
        p50_ms: 5.0,
    },
];

/// A tally of samples in ms; `wall` is the time they took, for a rate.
fn stats(samples_ms: &[f64], wall: Duration) -> Stats {
    let mut stats = Stats::default();
    for ms in samples_ms {
        stats.record(Outcome::Ok, Duration::from_secs_f64(ms / 1_000.0));
    }
    stats.elapsed = wall;
    stats
}

pub async fn run(ctx: &Ctx) -> anyhow::Result<Section> {
    let dist = ctx.dist();
    if let Some(why) = missing(ctx, &dist) {
        return Ok(Section::skipped(Id::Browser, TITLE, TARGETS, why));
    }
    let report = drive(ctx, &dist).await?;
    section(ctx, &report, &dist)
}

fn section(ctx: &Ctx, report: &Report, dist: &Path) -> anyhow::Result<Section> {
    let mut section = Section::new(Id::Browser, TITLE);
    let loads = ctx.config.browser_loads;
    let (cold, warm) = (&report.interactive_ms.cold, &report.interactive_ms.warm);
    let cold = stats(cold, Duration::ZERO);
    let warm = stats(warm, Duration::ZERO);
    let p50_p90 = |stats: &Stats| {
        format!(
            "p50 {} (p90 {})",
            Ms(stats.quantile_ms(0.5)),
            Ms(stats.quantile_ms(0.9))
        )
    };
    section.rows.push(Row {
        measure: format!("time to interactive (`sb:interactive`), cold cache, {loads} loads"),
        baseline: "—".into(),
        switchboard: p50_p90(&cold),
        ratio: format!(
            "{} of target",
            ratio(cold.quantile_ms(0.5) / INTERACTIVE_MS)
        ),
        target: format!("≤ {INTERACTIVE_MS} ms"),
        verdict: Verdict::judge(cold.quantile_ms(0.5) <= INTERACTIVE_MS),
    });
    section.rows.push(Row {
        measure: format!("time to interactive, warm cache (reloads), {loads} loads"),
        baseline: "—".into(),
        switchboard: p50_p90(&warm),
        ratio: "—".into(),
        target: "—".into(),
        verdict: Verdict::Info,
    });
    for timed in &TIMED {
        let clicks = report
            .calls
            .get(timed.key)
            .with_context(|| format!("the driver timed no {} calls", timed.key))?;
        let floor = |floors: &BTreeMap<String, Vec<f64>>, what: &str| {
            floors
                .get(timed.key)
                .map(|samples| self::stats(samples, Duration::ZERO))
                .with_context(|| format!("the driver timed no {what} for {}", timed.key))
        };
        let fetch_floor = floor(&report.floor, "plain fetches")?;
        let click_floor = floor(&report.click_floor, "plain button clicks")?;
        let wall = Duration::from_secs_f64(clicks.wall_ms / 1_000.0);
        let stats = stats(&clicks.durations, wall);
        let p50 = stats.quantile_ms(0.5);
        section.rows.push(Row {
            measure: format!(
                "click to rendered, {}, {} clicks",
                timed.label,
                clicks.durations.len()
            ),
            baseline: format!("{} (plain button)", p50_p90(&click_floor)),
            switchboard: p50_p90(&stats),
            ratio: format!("{} of target", ratio(p50 / timed.p50_ms)),
            target: format!("p50 ≤ {} ms", timed.p50_ms),
            verdict: Verdict::judge(p50 <= timed.p50_ms),
        });
        for (floor, name) in [
            (&click_floor, "plain button's click"),
            (&fetch_floor, "plain `fetch`"),
        ] {
            let floor_p50 = floor.quantile_ms(0.5);
            section.rows.push(Row {
                measure: format!("the same, over the {name} ({})", timed.label),
                baseline: Ms(floor_p50).to_string(),
                switchboard: Ms(p50).to_string(),
                ratio: format!("{} (+{})", ratio(p50 / floor_p50), Ms(p50 - floor_p50)),
                target: "—".into(),
                verdict: Verdict::Info,
            });
        }
        section.series.push(Series {
            label: format!("{} plain fetch", timed.label),
            panel: Panel::Browser,
            stats: fetch_floor,
            cpu: None,
        });
        section.series.push(Series {
            label: format!("{} plain button click", timed.label),
            panel: Panel::Browser,
            stats: click_floor,
            cpu: None,
        });
        section.series.push(Series {
            label: format!("{} click to rendered", timed.label),
            panel: Panel::Browser,
            stats,
            cpu: None,
        });
    }
    section.conditions = conditions(ctx, report, dist);
    Ok(section)
}

fn conditions(ctx: &Ctx, report: &Report, dist: &Path) -> Vec<String> {
    let calls: Vec<String> = TIMED
        .iter()
        .map(|timed| format!("{} ({})", timed.label, timed.call))
        .collect();
    vec![
        format!(
            "Chromium {} headless (`e2e/lib/browser.mjs`: `--disable-gpu`, so software \
             rendering), driven by playwright-core from `bench/browser/timings.mjs`; the page's \
             release build from `{}` served on loopback by node; the release users, greeter \
             and bridge binaries on free ports, `RUST_LOG=warn`, the bridge's rate limit off",
            report.chromium,
            dist.display()
        ),
        format!(
            "time to interactive: the start time of `sb:interactive`, marked by the app's \
             first effect (the whole first render is in the DOM), in ms since navigation \
             start; cold = a new browser context (empty cache) per load, warm = reloads in \
             one context; {} loads each",
            ctx.config.browser_loads
        ),
        format!(
            "click to rendered: the `sb:call:*` measure from `sb:click:<seq>` (marked in the \
             click's handler, `use_runner`) to `sb:rendered:<seq>` (the first effect after the \
             render that shows the result), network round trip on loopback included; for \
             each of {}: {WARMUP_CLICKS} warm-up clicks, then {} counted, one at a time \
             (each click waits for the previous measure, through a `PerformanceObserver`, so \
             nothing polls the page meanwhile); the timeline fills up to its 100 \
             calls meanwhile",
            calls.join(", "),
            ctx.config.browser_clicks
        ),
        format!(
            "two floors, {WARMUP_CLICKS} warm-up and {} counted calls each per transport, \
             each the request its panel sends (`GET /users/1`; `SayHello` framed for \
             gRPC-web; `POST /api/publish` with a JSON body) with a `traceparent` header as \
             the page sends: the plain button (baseline column), a button added to the page \
             whose click handler makes the request with `fetch` and writes the answer into \
             the DOM, clicked and timed like the panels, which is what a click to a rendered \
             answer costs in this browser without the app (input handling, the frame a click \
             asks for, the network); and the plain `fetch`, the request alone from the \
             page's JavaScript, timed from before the call to the whole body read. The gap to \
             the plain button is what the app adds: its Rust/wasm code, the state update and \
             the render",
            ctx.config.browser_clicks
        ),
        format!(
            "the publishes go to an exchange of the run with a queue bound (all {} reached \
             it); Chromium rounds `performance.now()` to 0.1 ms on a page that is not \
             cross-origin isolated",
            report.tapped
        ),
    ]
}
