//! `memory`: the bridge's resident memory when idle, and with a thousand keep-alive
//! connections, read from `/proc/PID/status` of the release binary.

use std::time::Duration;

use switchboard_bench::{
    broker::Scratch,
    child::Memory,
    load::{Window, drive},
    publish::{BridgePublisher, Numbering},
};

use crate::{
    context::{Ctx, Id},
    report::{Row, Section, Verdict, rate, thousands},
};

/// Targets, in MB (1 MB = 1,000,000 bytes).
const IDLE_MB: f64 = 20.0;
const LOADED_MB: f64 = 64.0;

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn row(measure: String, bytes: u64, target: Option<f64>) -> Row {
    Row {
        measure,
        baseline: "—".into(),
        switchboard: format!("{:.1} MB", mb(bytes)),
        ratio: target.map_or("—".into(), |limit| {
            format!("{:.2}× of target", mb(bytes) / limit)
        }),
        target: target.map_or("—".into(), |limit| format!("≤ {limit:.0} MB")),
        verdict: target.map_or(Verdict::Info, |limit| Verdict::judge(mb(bytes) <= limit)),
    }
}

pub async fn run(ctx: &Ctx) -> anyhow::Result<Section> {
    let connections = ctx.config.connections;
    let scratch = Scratch::create(&ctx.config.amqp_url, "bench-memory").await?;
    let bridge = ctx.start_bridge(&scratch.exchange, "memory").await?;
    // Idle: started, connected to the broker, nothing asked of it yet.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = bridge.memory()?;

    let numbering = Numbering::new("bench-memory");
    let clients = BridgePublisher::connect_many(
        connections,
        bridge.addr,
        &numbering,
        ctx.payload.clone(),
        ctx.request_timeout(),
    )
    .await?;
    let window = Window::everything(ctx.window.measure);
    let (stats, clients) = drive(clients, window).await;
    let loaded: Memory = bridge.memory()?;
    // Then the same connections left open and quiet.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let held = bridge.memory()?;
    let established = bridge.established_connections()?;
    let reconnects: u64 = clients.iter().map(|client| client.conn.reconnects).sum();
    drop(clients);
    bridge.stop(Duration::from_secs(10)).await?;
    scratch.delete().await?;
    println!(
        "memory: idle {:.1} MB, peak with {connections} connections {:.1} MB, held {:.1} MB; {stats}",
        mb(idle.rss),
        mb(loaded.peak),
        mb(held.rss)
    );

    let connections = thousands(connections as u64);
    let mut section = Section::new(Id::Memory, "Bridge resident memory");
    section.rows = vec![
        row(
            "RSS idle (started, broker connected)".into(),
            idle.rss,
            Some(IDLE_MB),
        ),
        row(
            format!("peak RSS (VmHWM), {connections} keep-alive connections publishing"),
            loaded.peak,
            Some(LOADED_MB),
        ),
        row(
            format!("RSS with the {connections} connections open and quiet afterwards"),
            held.rss,
            None,
        ),
    ];
    section.conditions = vec![
        "the release bridge as a child process, rate limit off, read from `/proc/PID/status` \
         (VmRSS, VmHWM); 1 MB = 1,000,000 bytes"
            .to_owned(),
        format!(
            "{connections} keep-alive HTTP/1.1 connections, each publishing {}-byte messages one \
             at a time for {} s ({} confirmed, {}, {} other errors, {} reconnects); {} connections \
             established at the bridge afterwards (kernel count)",
            ctx.config.payload_bytes,
            ctx.config.measure_secs,
            thousands(stats.ok),
            rate(&stats, "msg"),
            stats.other_errors(),
            reconnects,
            established,
        ),
    ];
    Ok(section)
}
