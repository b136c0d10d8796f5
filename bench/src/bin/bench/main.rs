//! The benchmark runner: every benchmark against a baseline measured in the
//! same run, percentiles from HDR histograms, and the results written to
//! BENCHMARKS.md with a latency chart (bench/latency.svg).
//!
//! Run it with `scripts/bench.sh` (which builds the release bridge and the
//! page first); `--help` lists the settings, `--only throughput,latency` picks
//! benchmarks. The browser benchmarks drive headless Chromium through node
//! scripts (bench/browser/).

mod browser;
mod browser_driver;
mod chart;
mod context;
mod environment;
mod grpc_relay;
mod grpc_relay_callers;
mod grpc_relay_report;
mod grpc_web;
mod lapin_publisher;
mod live_readers;
mod live_report;
mod live_tail;
mod management;
mod management_api;
mod markdown;
mod memory;
mod page_size;
mod publishing;
mod report;
mod schema_codec;
mod schema_form;
mod users;

use std::{path::Path, process::ExitCode};

use anyhow::Context;
use clap::Parser;

use crate::{
    context::{Config, Ctx, Id},
    environment::Environment,
    report::{Section, Verdict},
};

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let config = Config::parse();
    switchboard_bench::raise_fd_limit()?;
    let ctx = Ctx::new(config);
    // Before anything runs: the commit and working tree measured, not the
    // report and chart this run is about to write.
    let environment = environment::gather(&ctx.root).await;
    // Dropping the run on Ctrl-C kills the child servers and switches the
    // management plugin back off (both clean up on drop).
    let (sections, failures) = tokio::select! {
        done = run_all(&ctx) => done,
        _ = tokio::signal::ctrl_c() => anyhow::bail!("interrupted; nothing was written"),
    };
    write(&ctx, &environment, &sections)?;
    for section in &sections {
        for row in &section.rows {
            if row.verdict != Verdict::Info {
                println!(
                    "{:<10} {:<62} {:>24}  {:<16} {}",
                    section.id.name(),
                    row.measure,
                    row.ratio,
                    row.target,
                    row.verdict.label()
                );
            }
        }
    }
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!("{failures} benchmark(s) could not run; see above");
        ExitCode::FAILURE
    })
}

/// Runs the selected benchmarks; one that fails is reported as not measured,
/// and the others still run. Returns the sections and how many failed.
async fn run_all(ctx: &Ctx) -> (Vec<Section>, usize) {
    let runs = |id| ctx.config.runs(id);
    let mut sections = Vec::new();
    let mut failures = 0;
    let mut keep =
        |id: Id, title: &str, target: &str, result: anyhow::Result<Vec<Section>>| match result {
            Ok(done) => sections.extend(done),
            Err(error) => {
                eprintln!("{}: failed: {error:#}", id.name());
                failures += 1;
                sections.push(Section::skipped(
                    id,
                    title,
                    target,
                    format!("failed: {error:#}"),
                ));
            }
        };
    let (throughput, latency) = (runs(Id::Throughput), runs(Id::Latency));
    if throughput || latency {
        let result = publishing::run(ctx, throughput, latency).await;
        let id = if throughput {
            Id::Throughput
        } else {
            Id::Latency
        };
        keep(
            id,
            "Bridge publishing",
            "see the throughput and latency targets",
            result,
        );
    }
    if runs(Id::Management) {
        let result = management::run(ctx).await.map(|section| vec![section]);
        keep(Id::Management, "Bridge vs management API", "≥ 10×", result);
    }
    if runs(Id::GrpcWeb) {
        let result = grpc_web::run(ctx).await.map(|section| vec![section]);
        keep(Id::GrpcWeb, "gRPC-web vs native gRPC", "≥ 0.90×", result);
    }
    if runs(Id::GrpcRelay) {
        let result = grpc_relay::run(ctx).await.map(|section| vec![section]);
        keep(
            Id::GrpcRelay,
            "gRPC relay vs a direct call",
            "≥ 0.85×",
            result,
        );
    }
    if runs(Id::Users) {
        let result = users::run(ctx).await.map(|section| vec![section]);
        keep(Id::Users, "Users service vs bare hyper", "≥ 0.90×", result);
    }
    if runs(Id::PageSize) {
        let result = page_size::run(ctx).map(|section| vec![section]);
        keep(Id::PageSize, "Page first-load transfer", "≤ budget", result);
    }
    if runs(Id::Browser) {
        let result = browser::run(ctx).await.map(|section| vec![section]);
        keep(
            Id::Browser,
            "In-browser timings",
            "≤ 250 ms; ≤ 2 / 3 / 5 ms",
            result,
        );
    }
    if runs(Id::SchemaCodec) {
        let result = schema_codec::run(ctx).await.map(|section| vec![section]);
        keep(
            Id::SchemaCodec,
            "Dynamic vs compiled encode + decode",
            "—",
            result,
        );
    }
    if runs(Id::SchemaForm) {
        let result = schema_form::run(ctx).await.map(|section| vec![section]);
        keep(
            Id::SchemaForm,
            "First schema request to a rendered form",
            "—",
            result,
        );
    }
    if runs(Id::LiveTail) {
        let result = live_tail::run(ctx).await.map(|section| vec![section]);
        keep(
            Id::LiveTail,
            "Live tail to one subscriber",
            "≥ 10,000 msg/s, ≥ 0.5×",
            result,
        );
    }
    if runs(Id::Memory) {
        let result = memory::run(ctx).await.map(|section| vec![section]);
        keep(
            Id::Memory,
            "Bridge resident memory",
            "≤ 20 MB / ≤ 64 MB",
            result,
        );
    }
    sections.sort_by_key(|section| section.id);
    (sections, failures)
}

/// Draws the chart and writes BENCHMARKS.md.
fn write(ctx: &Ctx, environment: &Environment, sections: &[Section]) -> anyhow::Result<()> {
    let out = ctx
        .config
        .out
        .clone()
        .unwrap_or_else(|| ctx.root.join("BENCHMARKS.md"));
    let chart_path = ctx
        .config
        .chart
        .clone()
        .unwrap_or_else(|| ctx.root.join("bench/latency.svg"));
    let series: Vec<_> = sections
        .iter()
        .flat_map(|section| &section.series)
        .collect();
    let chart = if series.is_empty() {
        None
    } else {
        chart::draw(&chart_path, &series)?;
        println!("wrote {}", chart_path.display());
        Some(relative_to(
            &chart_path,
            out.parent().unwrap_or(Path::new(".")),
        ))
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quoted =
        shlex::try_join(args.iter().map(String::as_str)).unwrap_or_else(|_| args.join(" "));
    let command = format!("scripts/bench.sh {quoted}").trim_end().to_owned();
    let run = markdown::Run {
        ctx,
        environment,
        command,
        chart,
    };
    std::fs::write(&out, markdown::render(&run, sections))
        .with_context(|| format!("writing {}", out.display()))?;
    println!("wrote {}", out.display());
    Ok(())
}

/// `path` as a link from a file in `dir`: relative when it is below `dir`.
fn relative_to(path: &Path, dir: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}
