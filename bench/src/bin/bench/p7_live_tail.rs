//! P7 — HOOK, not implemented yet: live-tail throughput.
//!
//! Whoever fills this in: publish numbered messages into a queue the bridge
//! live-tails to one client (one browser tab, or a client speaking the same
//! protocol), count messages per second delivered with none lost, and compare
//! with a raw lapin consumer on the same queue measured in the same run.
//! Targets: ≥ 10,000 msg/s, and ≥ 0.5× the lapin baseline.
//!
//! Useful pieces: `switchboard_bench::broker::Scratch` (an exchange and a
//! durable queue), `switchboard_bench::publish::Numbering` (numbered message
//! ids), `Ctx::start_bridge` (the release bridge as a child process) and
//! `Ctx::alternate` (baseline and Switchboard taking turns). Keep the
//! signature: `main.rs` calls `run` and puts the section in BENCHMARKS.md.

use crate::{context::Ctx, report::Section};

pub async fn run(_ctx: &Ctx) -> anyhow::Result<Section> {
    Ok(Section::skipped(
        "P7",
        "Live tail to one tab",
        "≥ 10,000 msg/s and ≥ 0.5× a raw lapin consumer",
        "not implemented yet: hook in bench/src/bin/bench/p7_live_tail.rs",
    ))
}
