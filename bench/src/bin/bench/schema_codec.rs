//! `schema-codec`: what encoding and decoding one Greeter call costs with the
//! schema worker's dynamic messages (prost-reflect, the proto3 JSON mapping),
//! against prost's compiled messages with serde_json, in the same worker of
//! the same page in headless Chromium, in the same run. The worker's
//! benchmark job (worker/src/bench.rs) times both; the node script
//! `bench/browser/schema_codec.mjs` starts a worker from the page and runs the
//! job once per run, each in a new worker.

use serde::Deserialize;

use crate::{
    browser_driver::{missing, run_node},
    context::{Ctx, Id},
    report::{Row, Section, Verdict, ratio, thousands},
};

const TITLE: &str = "Dynamic vs compiled encode + decode, in the browser's schema worker";
const TARGETS: &str = "—";

/// What `bench/browser/schema_codec.mjs` prints.
#[derive(Debug, Deserialize)]
struct Report {
    chromium: String,
    runs: Vec<Timings>,
}

/// One run of the worker's job (`switchboard_worker::bench::Timings`).
#[derive(Debug, Deserialize)]
struct Timings {
    iterations: u32,
    compiled_ns_per_call: f64,
    dynamic_ns_per_call: f64,
}

/// The median of `values` (the lower middle one of an even count).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values
        .get(values.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or(f64::NAN)
}

pub async fn run(ctx: &Ctx) -> anyhow::Result<Section> {
    let dist = ctx.dist();
    if let Some(why) = missing(ctx, &dist) {
        return Ok(Section::skipped(Id::SchemaCodec, TITLE, TARGETS, why));
    }
    let args = [
        ("--runs", ctx.config.schema_runs.to_string()),
        ("--iterations", ctx.config.codec_iterations.to_string()),
    ];
    let report: Report = run_node(ctx, &dist, "bench/browser/schema_codec.mjs", &args).await?;
    anyhow::ensure!(!report.runs.is_empty(), "the driver made no runs");
    let compiled = median(report.runs.iter().map(|r| r.compiled_ns_per_call).collect());
    let dynamic = median(report.runs.iter().map(|r| r.dynamic_ns_per_call).collect());
    let ratios = median(
        report
            .runs
            .iter()
            .map(|r| r.dynamic_ns_per_call / r.compiled_ns_per_call)
            .collect(),
    );
    println!(
        "schema-codec compiled {} / dynamic {} per call: {} (median of {} runs)",
        micros(compiled),
        micros(dynamic),
        ratio(ratios),
        report.runs.len()
    );
    Ok(section(ctx, &report, compiled, dynamic, ratios))
}

/// `path` relative to the repository, when it is in it.
fn shown(ctx: &Ctx, path: &std::path::Path) -> String {
    path.strip_prefix(&ctx.root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Nanoseconds as `1.234 µs`.
fn micros(ns: f64) -> String {
    format!("{:.3} µs", ns / 1_000.0)
}

fn section(ctx: &Ctx, report: &Report, compiled: f64, dynamic: f64, ratios: f64) -> Section {
    let mut section = Section::new(Id::SchemaCodec, TITLE);
    let runs = report.runs.len();
    section.rows.push(Row {
        measure: format!(
            "one `SayHello`: request JSON → protobuf, reply protobuf → JSON, per call, \
             median of {runs} runs"
        ),
        baseline: format!("{} (prost compiled + serde_json)", micros(compiled)),
        switchboard: format!("{} (schema, dynamic)", micros(dynamic)),
        ratio: format!("{} (+{})", ratio(ratios), micros(dynamic - compiled)),
        target: "—".into(),
        verdict: Verdict::Info,
    });
    for (i, run) in report.runs.iter().enumerate() {
        section.rows.push(Row {
            measure: format!(
                "run {}, {} calls each way",
                i + 1,
                thousands(run.iterations.into())
            ),
            baseline: micros(run.compiled_ns_per_call),
            switchboard: micros(run.dynamic_ns_per_call),
            ratio: ratio(run.dynamic_ns_per_call / run.compiled_ns_per_call),
            target: "—".into(),
            verdict: Verdict::Info,
        });
    }
    section.conditions = vec![
        format!(
            "Chromium {} headless (`e2e/lib/browser.mjs`), the page's release build from `{}` \
             served on loopback by node; `bench/browser/schema_codec.mjs` opens the page and \
             starts a schema worker from it as the page does (`worker_loader.js`), one new \
             worker per run, and sends it the benchmark job (`Job::Bench`, \
             worker/src/bench.rs), which the page itself never sends",
            report.chromium,
            shown(ctx, &ctx.dist())
        ),
        "one call = `{\"name\":\"Ada\"}` to `HelloRequest` bytes, and `HelloReply` bytes \
         (`Hello Ada!`) to `{\"message\":\"Hello Ada!\"}`; the network is left out. Compiled: \
         serde_json into a struct, prost's generated `HelloRequest` (worker/build.rs) and \
         `encode_to_vec`, `HelloReply::decode`, serde_json out. Dynamic: the worker's own \
         path, `Schema::parse_request`, `encode_to_vec`, `DynamicMessage::decode`, \
         `response_json`, `serde_json::to_string`. Both give the same bytes and JSON, which \
         the job checks before it times them"
            .to_owned(),
        format!(
            "timed in the worker with `performance.now()` (rounded to 0.1 ms in a page that \
             is not cross-origin isolated, over stretches of {} calls or more): a tenth as \
             many untimed first, then compiled and dynamic take turns 5 times; the worker's \
             wasm is the release build (`opt-level = \"z\"`, as shipped). V8 moves hot wasm \
             from its baseline compiler to optimised code while it runs: with 20,000 calls a \
             run, both sides measured about twice as slow",
            thousands(u64::from(ctx.config.codec_iterations / 5))
        ),
    ];
    section
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_takes_the_middle() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.0);
        assert!(median(Vec::new()).is_nan());
    }
}
