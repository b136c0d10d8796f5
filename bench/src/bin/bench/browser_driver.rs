//! The browser benchmarks' browser side: runs the node scripts in
//! bench/browser/ (playwright-core driving Debian's Chromium against the release
//! binaries and page) and reads the JSON they print. `browser.rs`,
//! `schema_codec.rs` and `schema_form.rs` turn the results into rows.

use std::{collections::BTreeMap, path::Path, process::Stdio, time::Duration};

use anyhow::{Context, bail};
use serde::{Deserialize, de::DeserializeOwned};
use switchboard_bench::child::sibling_binary;
use tokio::{process::Command, time::timeout};

use crate::context::Ctx;

/// Clicks on each button before the counted ones: connections, CORS
/// preflights and the first compile of each code path.
pub const WARMUP_CLICKS: u32 = 5;
/// The longest a whole browser run may take.
const DRIVER_TIMEOUT: Duration = Duration::from_secs(600);

/// What `bench/browser/timings.mjs` prints.
#[derive(Debug, Deserialize)]
pub struct Report {
    pub chromium: String,
    /// `sb:interactive`'s start time per load, in ms since navigation start.
    pub interactive_ms: Loads,
    /// By transport key.
    pub calls: BTreeMap<String, Clicks>,
    /// The same requests by a plain `fetch` in the page, ms per call, by
    /// transport key: the network alone.
    pub floor: BTreeMap<String, Vec<f64>>,
    /// The same requests from a plain button's click handler that writes the
    /// answer into the DOM, ms per click, by transport key: a click to a
    /// rendered answer in this browser, without the app.
    pub click_floor: BTreeMap<String, Vec<f64>>,
    /// Messages the tap queue received from the publishes.
    pub tapped: u64,
}

#[derive(Debug, Deserialize)]
pub struct Loads {
    pub cold: Vec<f64>,
    pub warm: Vec<f64>,
}

#[derive(Debug, Deserialize)]
pub struct Clicks {
    /// Click to rendered, in ms, per counted click.
    pub durations: Vec<f64>,
    /// The counted clicks' wall-clock time, in ms.
    pub wall_ms: f64,
}

/// Why the browser benchmark cannot run here, if it cannot.
pub fn missing(ctx: &Ctx, dist: &Path) -> Option<String> {
    let wasm = std::fs::read_dir(dist)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .find(|path| {
            path.extension().is_some_and(|ext| ext == "wasm") && !crate::page_size::on_demand(path)
        });
    let Some(wasm) = wasm else {
        return Some(format!(
            "{} holds no release build: run `trunk build --release`",
            dist.display()
        ));
    };
    let marked = std::fs::read(&wasm).is_ok_and(|bytes| {
        bytes
            .windows(b"sb:interactive".len())
            .any(|window| window == b"sb:interactive")
    });
    if !marked {
        return Some(format!(
            "{} predates the page's benchmark marks (src/perf.rs): rebuild it with \
             `trunk build --release`",
            wasm.display()
        ));
    }
    let chromium = std::env::var_os("CHROMIUM_PATH").unwrap_or("/usr/bin/chromium".into());
    let playwright = ctx.root.join("e2e/node_modules/playwright-core");
    if !Path::new(&chromium).exists() || !playwright.exists() {
        return Some(
            "needs Chromium and the end-to-end suite's npm packages: run \
             `scripts/install-tools.sh --browser`"
                .to_owned(),
        );
    }
    None
}

/// Runs the node driver and reads its JSON.
pub async fn drive(ctx: &Ctx, dist: &Path) -> anyhow::Result<Report> {
    let args = [
        ("--loads", ctx.config.browser_loads.to_string()),
        ("--clicks", ctx.config.browser_clicks.to_string()),
        ("--warmup", WARMUP_CLICKS.to_string()),
    ];
    run_node(ctx, dist, "bench/browser/timings.mjs", &args).await
}

/// Runs one of the node scripts in bench/browser/ against the release
/// binaries and the page in `dist`, and reads the JSON object it prints last.
pub async fn run_node<T: DeserializeOwned>(
    ctx: &Ctx,
    dist: &Path,
    script: &str,
    args: &[(&str, String)],
) -> anyhow::Result<T> {
    // The drivers start these three; fail here, with how to build them.
    let bin_dir = sibling_binary("users")?
        .parent()
        .context("a binary sits in a directory")?
        .to_path_buf();
    sibling_binary("greeter")?;
    sibling_binary("bridge-server")?;
    let script = ctx.root.join(script);
    let run = Command::new("node")
        .arg(&script)
        .args(
            args.iter()
                .flat_map(|(flag, value)| [*flag, value.as_str()]),
        )
        .env("SWITCHBOARD_BIN_DIR", &bin_dir)
        .env("SWITCHBOARD_DIST_DIR", dist.canonicalize()?)
        .env("AMQP_URL", &ctx.config.amqp_url)
        .current_dir(&ctx.root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .output();
    let output = timeout(DRIVER_TIMEOUT, run)
        .await
        .with_context(|| format!("{} took over {DRIVER_TIMEOUT:?}", script.display()))?
        .with_context(|| format!("running node {}", script.display()))?;
    if !output.status.success() {
        bail!("{} failed ({})", script.display(), output.status);
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json = stdout
        .lines()
        .last()
        .context("the driver printed nothing")?;
    serde_json::from_str(json).with_context(|| format!("reading the driver's JSON: {json}"))
}
