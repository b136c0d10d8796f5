//! `schema-form`: in headless Chromium, the time from the first schema
//! request to a rendered request form, the console's module loaded on demand
//! included: click `console-open`, click `console-reflect`, choose
//! `/echo.Echo/Unary`, until `console-form` is in the DOM; with the split per
//! step. There is no baseline in the run to hold it against, so its rows are
//! for information. The node script `bench/browser/schema_form.mjs` drives
//! the page against the release greeter and bridge.

use serde::Deserialize;
use switchboard_bench::stats::Ms;

use crate::{
    browser_driver::{missing, run_node},
    context::{Ctx, Id},
    report::{Row, Section, Verdict},
    schema_codec::median,
};

const TITLE: &str = "First schema request to a rendered form (headless Chromium)";
const TARGETS: &str = "—";

/// What `bench/browser/schema_form.mjs` prints.
#[derive(Debug, Deserialize)]
struct Report {
    chromium: String,
    /// A new browser context per load.
    cold: Vec<Steps>,
    /// Reloads in one context, the page's storage cleared.
    warm: Vec<Steps>,
}

/// One load's steps, in ms.
#[derive(Debug, Deserialize)]
struct Steps {
    module: f64,
    schema: f64,
    form: f64,
    total: f64,
}

/// A row's name, and its figure from one load.
type Step = (&'static str, fn(&Steps) -> f64);

/// The steps, as the rows name them.
const STEPS: [Step; 4] = [
    ("in all: the three steps below", |s| s.total),
    (
        "module: click on `console-open` to `console-panel` (fetch, compile and start the \
         console's module)",
        |s| s.module,
    ),
    (
        "schema: click on `console-reflect` to \"Schema from server reflection\" (start the \
         schema worker, reflect through the bridge, compile)",
        |s| s.schema,
    ),
    (
        "form: `/echo.Echo/Unary` chosen to `console-form` (describe the method, render the \
         form)",
        |s| s.form,
    ),
];

/// `p50 12.3 ms (min 11.0, max 14.2)`.
fn summary(values: Vec<f64>) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!(
        "p50 {} (min {}, max {})",
        Ms(median(values)),
        Ms(min),
        Ms(max)
    )
}

pub async fn run(ctx: &Ctx) -> anyhow::Result<Section> {
    let dist = ctx.dist();
    if let Some(why) = missing(ctx, &dist) {
        return Ok(Section::skipped(Id::SchemaForm, TITLE, TARGETS, why));
    }
    let args = [("--loads", ctx.config.schema_runs.to_string())];
    let report: Report = run_node(ctx, &dist, "bench/browser/schema_form.mjs", &args).await?;
    anyhow::ensure!(
        !report.cold.is_empty() && !report.warm.is_empty(),
        "the driver timed no loads"
    );
    let section = section(&report);
    for row in &section.rows {
        println!("schema-form {:<90} {}", row.measure, row.switchboard);
    }
    Ok(section)
}

fn section(report: &Report) -> Section {
    let mut section = Section::new(Id::SchemaForm, TITLE);
    for (cache, loads) in [("cold cache", &report.cold), ("warm cache", &report.warm)] {
        for (i, (step, value)) in STEPS.iter().enumerate() {
            let measure = if i == 0 {
                format!("{cache}, {} loads, {step}", loads.len())
            } else {
                format!("{cache}, {step}")
            };
            section.rows.push(Row {
                measure,
                baseline: "—".into(),
                switchboard: summary(loads.iter().map(value).collect()),
                ratio: "—".into(),
                target: "—".into(),
                verdict: Verdict::Info,
            });
        }
    }
    section.conditions = vec![
        format!(
            "Chromium {} headless (`e2e/lib/browser.mjs`), driven by playwright-core from \
             `bench/browser/schema_form.mjs`; the page's release build served on loopback by \
             node; the release greeter (gRPC-web and reflection) and bridge \
             (`GRPC_TARGETS` = the greeter) on free ports, `RUST_LOG=warn`",
            report.chromium
        ),
        "each step timed in the page, from its event (a capturing listener on the document, \
         before the app's handler) to the DOM change that ends it (a `MutationObserver`); \
         the driver's own delay between one step's end and the next click is left out, so \
         \"in all\" is the sum of the three"
            .to_owned(),
        "cold = a new browser context (empty HTTP cache) per load; warm = reloads in one \
         context after a first load, with the page's storage cleared before each so that \
         the schema is fetched again, while the console's module and the worker come from \
         the cache"
            .to_owned(),
    ];
    section
}
