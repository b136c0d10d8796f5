//! P6 — HOOK, not implemented yet: in-browser timings.
//!
//! Whoever fills this in: load the release page (`dist/`, served on
//! loopback) in headless Chromium with the three services running, and read
//! `performance.now()` marks that the page records:
//! - time until the page is interactive (target ≤ 250 ms);
//! - click-to-rendered p50 over 50 clicks for REST, gRPC-web and a confirmed
//!   publish (targets ≤ 2 / 3 / 5 ms).
//!
//! The e2e suite already drives Chromium with playwright-core (`e2e/`), so
//! the natural shape is a node script there that prints JSON, run from here
//! with `tokio::process::Command`, its figures turned into rows as the other
//! benchmarks do (`Row`, `Verdict::judge`). Keep the signature: `main.rs`
//! calls `run` and puts the section in BENCHMARKS.md.

use crate::{context::Ctx, report::Section};

pub async fn run(_ctx: &Ctx) -> anyhow::Result<Section> {
    Ok(Section::skipped(
        "P6",
        "In-browser timings (headless Chromium)",
        "interactive ≤ 250 ms; click-to-rendered p50 ≤ 2 / 3 / 5 ms",
        "not implemented yet: hook in bench/src/bin/bench/p6_browser.rs",
    ))
}
