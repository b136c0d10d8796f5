//! `management`: the bridge against RabbitMQ's own HTTP publishing, the management API,
//! at the same concurrency, both measured while the plugin runs.

use futures::{StreamExt, TryStreamExt};
use switchboard_bench::{broker::Scratch, load::drive, publish::Numbering};

use crate::{
    context::{Ctx, Id, Measured},
    management_api::{ManagementPublisher, Plugin, basic_auth},
    publishing::bridge_publish,
    report::{Panel, Row, Section, Verdict, rate, ratio, throughput_ratio},
};

const CONCURRENCY: usize = 16;
/// The bridge must publish at least this many times faster.
const TARGET: f64 = 10.0;

pub async fn run(ctx: &Ctx) -> anyhow::Result<Section> {
    let config = &ctx.config;
    let auth = basic_auth(&config.management_user, &config.management_password);
    let plugin = Plugin::enable(config.management_addr, &auth).await?;
    let measured = measure(ctx, &auth).await;
    // Switch the plugin back off even when the measurement failed.
    plugin.restore().await?;
    let [management, bridge]: [Measured; 2] =
        measured?.try_into().expect("one tally per publisher");

    let mut section = Section::new(
        Id::Management,
        "Bridge vs RabbitMQ's management API publish",
    );
    let value = throughput_ratio(&bridge.stats, &management.stats);
    section.rows.push(Row {
        measure: format!("confirmed msg/s, concurrency {CONCURRENCY}"),
        baseline: format!("{} (management API)", rate(&management.stats, "msg")),
        switchboard: rate(&bridge.stats, "msg"),
        ratio: ratio(value),
        target: format!("≥ {TARGET:.0}×"),
        verdict: Verdict::judge(value >= TARGET),
    });
    section.conditions = vec![
        format!(
            "{}-byte payload, persistent, to a durable fanout exchange with one durable queue \
             bound (purged after each measurement); {CONCURRENCY} callers, each with its own \
             keep-alive HTTP/1.1 connection",
            config.payload_bytes
        ),
        "management API: `POST /api/exchanges/%2f/<exchange>/publish` with basic auth, \
         `payload_encoding: string`, `delivery_mode: 2`; success is 200 `{\"routed\": true}`"
            .to_owned(),
        "bridge: as in the throughput benchmark (release binary, rate limit off), measured while the management \
         plugin runs, so both pay for its statistics collection"
            .to_owned(),
        ctx.timing(),
    ];
    section.series(
        "management API, concurrency 16",
        Panel::Throughput,
        &management,
    );
    section.series(
        "bridge, concurrency 16 (plugin on)",
        Panel::Throughput,
        &bridge,
    );
    Ok(section)
}

async fn measure(ctx: &Ctx, auth: &http::HeaderValue) -> anyhow::Result<Vec<Measured>> {
    let url = &ctx.config.amqp_url;
    let scratch = Scratch::create(url, "bench-management").await?;
    let bridge = ctx.start_bridge(&scratch.exchange, "management").await?;
    let numbering = Numbering::new("bench-management");
    let labels = ["management API", "bridge"];
    let measured = ctx
        .alternate(
            "management",
            &labels,
            &ctx.publish_path(&bridge),
            async |i| {
                let stats = if i == 0 {
                    let clients: Vec<ManagementPublisher> = futures::stream::iter(0..CONCURRENCY)
                        .map(|_| {
                            ManagementPublisher::connect(
                                ctx.config.management_addr,
                                auth.clone(),
                                &scratch.exchange,
                                &ctx.payload,
                                ctx.request_timeout(),
                            )
                        })
                        .buffer_unordered(CONCURRENCY)
                        .try_collect()
                        .await?;
                    drive(clients, ctx.window).await.0
                } else {
                    bridge_publish(ctx, bridge.addr, &numbering, CONCURRENCY).await?
                };
                scratch.purge().await?;
                Ok(stats)
            },
        )
        .await;
    bridge.stop(std::time::Duration::from_secs(10)).await?;
    scratch.delete().await?;
    measured
}
