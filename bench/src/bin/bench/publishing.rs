//! `throughput` and `latency` (one caller's): the bridge against lapin
//! publishing straight to the same broker, into the same durable queue.

use std::net::SocketAddr;

use switchboard_bench::{
    broker::Scratch,
    load::drive,
    publish::{BridgePublisher, Numbering},
    stats::{Ms, Stats},
};

use crate::{
    context::{Ctx, Id, Measured},
    lapin_publisher,
    report::{Panel, Row, Section, Verdict, p50_p99, rate, ratio, throughput_ratio},
};

/// The throughput target: the bridge at concurrency 64 against lapin's sliding window.
const P1_TARGET: f64 = 0.90;
/// The latency targets: what the bridge may add to lapin's publish+confirm, in ms.
const P3_P50_OVERHEAD_MS: f64 = 0.3;
const P3_P99_OVERHEAD_MS: f64 = 1.0;

/// Who publishes in one measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Publisher {
    /// lapin with this many unconfirmed messages in flight.
    Lapin(usize),
    /// The bridge, with this many concurrent HTTP callers.
    Bridge(usize),
}

impl Publisher {
    fn label(self) -> String {
        match self {
            Self::Lapin(1) => "lapin publish+confirm, c1".to_owned(),
            Self::Lapin(n) => format!("lapin, {n} in flight"),
            Self::Bridge(n) => format!("bridge, concurrency {n}"),
        }
    }
}

/// `concurrency` bridge callers for one measurement window.
pub async fn bridge_publish(
    ctx: &Ctx,
    bridge: SocketAddr,
    numbering: &Numbering,
    concurrency: usize,
) -> anyhow::Result<Stats> {
    let payload = ctx.payload.clone();
    let clients = BridgePublisher::connect_many(
        concurrency,
        bridge,
        numbering,
        payload,
        ctx.request_timeout(),
    )
    .await?;
    Ok(drive(clients, ctx.window).await.0)
}

pub async fn run(ctx: &Ctx, throughput: bool, latency: bool) -> anyhow::Result<Vec<Section>> {
    let in_flight = ctx.config.in_flight;
    let mut publishers = Vec::new();
    if throughput {
        publishers.extend([Publisher::Lapin(in_flight), Publisher::Bridge(64)]);
        // lapin held to the bridge's own concurrency tells a slower bridge from
        // a broker that confirms fewer messages when fewer are in flight.
        publishers.extend((in_flight != 64).then_some(Publisher::Lapin(64)));
        publishers.push(Publisher::Bridge(16));
    }
    // The throughput table reports concurrency 1 too; the latency one
    // compares it with lapin's.
    publishers.extend(latency.then_some(Publisher::Lapin(1)));
    publishers.push(Publisher::Bridge(1));

    let url = &ctx.config.amqp_url;
    let scratch = Scratch::create(url, "bench").await?;
    let bridge = ctx.start_bridge(&scratch.exchange, "publishing").await?;
    let (connection, channel) = lapin_publisher::confirm_channel(url).await?;
    let numbering = Numbering::new("bench");
    let labels: Vec<String> = publishers.iter().map(|p| p.label()).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let measured = ctx
        .alternate(
            "publishing",
            &labels,
            &ctx.publish_path(&bridge),
            async |i| {
                let stats = match publishers[i] {
                    Publisher::Lapin(n) => {
                        let payload = ctx.payload.as_bytes();
                        lapin_publisher::publish(
                            &channel,
                            &scratch.exchange,
                            payload,
                            n,
                            ctx.window,
                        )
                        .await?
                    }
                    Publisher::Bridge(n) => bridge_publish(ctx, bridge.addr, &numbering, n).await?,
                };
                // The next measurement starts with an empty queue, as this one did.
                scratch.purge().await?;
                Ok(stats)
            },
        )
        .await;
    bridge.stop(std::time::Duration::from_secs(10)).await?;
    connection.close(200, "done".into()).await?;
    scratch.delete().await?;
    let measured = measured?;
    let of = |publisher| &measured[publishers.iter().position(|p| *p == publisher).unwrap()];

    let mut sections = Vec::new();
    if throughput {
        let bridge = [64, 16, 1].map(|n| (n, of(Publisher::Bridge(n))));
        let lapin = [in_flight, 64].map(|n| of(Publisher::Lapin(n)));
        sections.push(throughput_section(ctx, lapin, bridge, !latency));
    }
    if latency {
        sections.push(latency_section(
            ctx,
            of(Publisher::Lapin(1)),
            of(Publisher::Bridge(1)),
        ));
    }
    Ok(sections)
}

fn conditions(ctx: &Ctx) -> Vec<String> {
    vec![
        format!(
            "{}-byte payload, persistent (delivery mode 2), to a durable fanout exchange with \
             one durable classic queue bound and no consumer; the queue is purged after each \
             measurement",
            ctx.config.payload_bytes
        ),
        format!(
            "bridge: the release binary as a separate process, `--rate-limit-per-second 0`, \
             `RUST_LOG={}`; each caller has its own keep-alive HTTP/1.1 connection and sends \
             one `POST /api/publish` at a time (JSON with a numbered `message_id`); a 200 \
             means RabbitMQ confirmed the message",
            ctx.config.bridge_log
        ),
        "lapin: one connection and one confirm-mode channel in the benchmark process; latency \
         is from `basic_publish` to its confirm"
            .to_owned(),
        ctx.timing(),
    ]
}

/// `lapin` holds the baseline with the configured window and with 64 in
/// flight; `bridge` the bridge at concurrency 64, 16 and 1; `chart_c1` charts
/// the last unless the latency table does.
fn throughput_section(
    ctx: &Ctx,
    [lapin, lapin_64]: [&Measured; 2],
    bridge: [(usize, &Measured); 3],
    chart_c1: bool,
) -> Section {
    let in_flight = ctx.config.in_flight;
    let window = format!("lapin, {in_flight} in flight");
    let mut section = Section::new(Id::Throughput, "Bridge publish throughput");
    for (concurrency, measured) in bridge {
        let value = throughput_ratio(&measured.stats, &lapin.stats);
        let judged = concurrency == 64;
        section.rows.push(Row {
            measure: format!("confirmed msg/s, concurrency {concurrency}"),
            baseline: format!("{} ({window})", rate(&lapin.stats, "msg")),
            switchboard: rate(&measured.stats, "msg"),
            ratio: ratio(value),
            target: (if judged {
                format!("≥ {P1_TARGET:.2}×")
            } else {
                "—".into()
            }),
            verdict: (if judged {
                Verdict::judge(value >= P1_TARGET)
            } else {
                Verdict::Info
            }),
        });
    }
    let bridge_64 = &bridge[0].1.stats;
    section.rows.push(Row {
        measure: "confirmed msg/s, concurrency 64, against lapin with as many in flight".into(),
        baseline: format!("{} (lapin, 64 in flight)", rate(&lapin_64.stats, "msg")),
        switchboard: rate(bridge_64, "msg"),
        ratio: ratio(throughput_ratio(bridge_64, &lapin_64.stats)),
        target: "—".into(),
        verdict: Verdict::Info,
    });
    section.conditions = conditions(ctx);
    section.series(&window, Panel::Throughput, lapin);
    if in_flight != 64 {
        section.series("lapin, 64 in flight", Panel::Throughput, lapin_64);
    }
    for (concurrency, measured) in bridge {
        let label = format!("bridge, concurrency {concurrency}");
        if concurrency > 1 {
            section.series(&label, Panel::Throughput, measured);
        } else if chart_c1 {
            section.series(&label, Panel::SingleCaller, measured);
        }
    }
    section
}

fn latency_section(ctx: &Ctx, lapin: &Measured, bridge: &Measured) -> Section {
    let mut section = Section::new(Id::Latency, "Bridge latency at concurrency 1");
    for (name, quantile, limit) in [
        ("p50", 0.5, P3_P50_OVERHEAD_MS),
        ("p99", 0.99, P3_P99_OVERHEAD_MS),
    ] {
        let (base, ours) = (
            lapin.stats.quantile_ms(quantile),
            bridge.stats.quantile_ms(quantile),
        );
        let overhead = ours - base;
        section.rows.push(Row {
            measure: format!("{name} latency, one caller"),
            baseline: format!("{} (lapin publish+confirm)", Ms(base)),
            switchboard: Ms(ours).to_string(),
            ratio: format!("{} ({overhead:+.3} ms)", ratio(ours / base)),
            target: format!("overhead ≤ {limit} ms"),
            verdict: Verdict::judge(overhead <= limit),
        });
    }
    section.rows.push(Row {
        measure: "msg/s, one caller".into(),
        baseline: rate(&lapin.stats, "msg"),
        switchboard: rate(&bridge.stats, "msg"),
        ratio: ratio(throughput_ratio(&bridge.stats, &lapin.stats)),
        target: "—".into(),
        verdict: Verdict::Info,
    });
    section.conditions = conditions(ctx);
    section.notes.push(format!(
        "lapin {}; bridge {}",
        p50_p99(&lapin.stats),
        p50_p99(&bridge.stats)
    ));
    section.series("lapin publish+confirm, c1", Panel::SingleCaller, lapin);
    section.series("bridge, concurrency 1", Panel::SingleCaller, bridge);
    section
}
