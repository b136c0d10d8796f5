//! BENCHMARKS.md: the run's conditions, a summary of every target, the chart,
//! and a table per benchmark.

use std::fmt::Write;

use switchboard_bench::{cpu::OTHERS, stats::Ms};

use crate::{
    context::{Ctx, Id},
    environment::Environment,
    report::{Section, Series, Verdict, thousands},
};

/// What the report needs besides the sections.
#[derive(Debug)]
pub struct Run<'a> {
    pub ctx: &'a Ctx,
    pub environment: &'a Environment,
    /// The command line, as typed.
    pub command: String,
    /// The chart's path relative to BENCHMARKS.md, if one was drawn.
    pub chart: Option<String>,
}

/// `scripts/bench.sh` with the flags that repeat this run's timing for one
/// benchmark (the schema benchmarks take runs, not a measurement window).
fn command_for(ctx: &Ctx, id: Id) -> String {
    let config = &ctx.config;
    match id {
        Id::SchemaCodec => {
            return format!(
                "scripts/bench.sh --only {} --schema-runs {} --codec-iterations {}",
                id.name(),
                config.schema_runs,
                config.codec_iterations
            );
        }
        Id::SchemaForm => {
            return format!(
                "scripts/bench.sh --only {} --schema-runs {}",
                id.name(),
                config.schema_runs
            );
        }
        _ => {}
    }
    format!(
        "scripts/bench.sh --only {} --warmup-secs {} --measure-secs {} --rounds {}",
        id.name(),
        config.warmup_secs,
        config.measure_secs,
        config.rounds
    )
}

fn percentiles_table(out: &mut String, series: &[Series]) {
    out.push_str(
        "| Series | Successful calls | Rate | p50 | p90 | p99 | p99.9 | max | Errors | \
         CPU cores busy |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for Series {
        label, stats, cpu, ..
    } in series
    {
        let cpu = cpu.as_ref().map_or_else(String::new, ToString::to_string);
        let _ = writeln!(
            out,
            "| {label} | {} | {}/s | {} | {} | {} | {} | {} | {} | {cpu} |",
            thousands(stats.ok),
            thousands(stats.throughput().round() as u64),
            Ms(stats.quantile_ms(0.5)),
            Ms(stats.quantile_ms(0.9)),
            Ms(stats.quantile_ms(0.99)),
            Ms(stats.quantile_ms(0.999)),
            Ms(stats.max_ms()),
            thousands(stats.other_errors()),
        );
    }
}

fn section(out: &mut String, run: &Run, section: &Section) {
    let _ = writeln!(out, "\n## `{}` — {}\n", section.id.name(), section.title);
    out.push_str(
        "| Measure | Baseline | Switchboard | Ratio | Target | Result |\n\
         |---|---|---|---|---|---|\n",
    );
    for row in &section.rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            row.measure,
            row.baseline,
            row.switchboard,
            row.ratio,
            row.target,
            row.verdict.label()
        );
    }
    if !section.series.is_empty() {
        out.push_str(
            "\nLatency of the successful calls (all rounds merged), and the CPU each process \
             kept busy meanwhile (cores, averaged over warm-up and measurement):\n\n",
        );
        percentiles_table(out, &section.series);
    }
    if !section.conditions.is_empty() {
        out.push_str("\nConditions:\n\n");
        for condition in &section.conditions {
            let _ = writeln!(out, "- {condition}");
        }
    }
    for note in &section.notes {
        let _ = writeln!(out, "\n{note}");
    }
    let _ = writeln!(out, "\nCommand: `{}`", command_for(run.ctx, section.id));
}

/// The cores that processes other than the watched ones kept busy, averaged
/// over every measurement: how noisy the machine was.
fn other_load(sections: &[Section]) -> Option<f64> {
    let (busy, wall) = sections
        .iter()
        .flat_map(|section| &section.series)
        .filter_map(|series| series.cpu.as_ref())
        .fold((0.0, 0.0), |(busy, wall), cpu| {
            let others = cpu.busy.iter().find(|(label, _)| label == OTHERS);
            (
                busy + others.map_or(0.0, |(_, seconds)| *seconds),
                wall + cpu.wall,
            )
        });
    (wall > 0.0).then(|| busy / wall)
}

pub fn render(run: &Run, sections: &[Section]) -> String {
    let env = run.environment;
    let mut out = String::from(
        "# Benchmarks\n\n\
         <!-- Written by the benchmark runner (bench/src/bin/bench); rerun it rather than \
         editing this file. -->\n\n\
         Switchboard's benchmarks, each against a baseline measured in the same run. The machine's \
         cores are shared by RabbitMQ, the servers and the load generator, and its timings are \
         noisy, so the **ratios** are what the targets judge; absolute figures are for \
         information. Percentiles, never averages.\n\n",
    );
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| Run | {} at commit {} |", env.date, env.commit);
    let _ = writeln!(
        out,
        "| Command | `{}` (`scripts/bench.sh` runs `cargo run --release --manifest-path \
         bench/Cargo.toml --bin bench -- …`) |",
        run.command
    );
    let _ = writeln!(out, "| Machine | {} cores, {} |", env.cores, env.cpu);
    let _ = writeln!(out, "| Versions | {} |", env.versions());
    let _ = writeln!(out, "| Timing | {} |", run.ctx.timing());
    if let Some(others) = other_load(sections) {
        let _ = writeln!(
            out,
            "| Other load | {others:.2} cores busy on average outside the measured processes \
             while they were measured (other work on this shared machine) |"
        );
    }

    out.push_str(
        "\n## Summary\n\n| Benchmark | Measure | Measured | Ratio | Target | Result |\n\
         |---|---|---|---|---|---|\n",
    );
    for section in sections {
        for row in section
            .rows
            .iter()
            .filter(|row| row.verdict != Verdict::Info)
        {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} |",
                section.id.name(),
                row.measure,
                row.switchboard,
                row.ratio,
                row.target,
                row.verdict.label()
            );
        }
    }
    if let Some(chart) = &run.chart {
        let _ = writeln!(
            out,
            "\n## Latency distributions\n\n![Latency percentiles of every measured series]({chart})\n\n\
             Percentile curves of the successful calls, from the HDR histograms; the x axis is in \
             nines (p90, p99, p99.9) and the y axis is logarithmic."
        );
    }
    for item in sections {
        section(&mut out, run, item);
    }
    out
}
