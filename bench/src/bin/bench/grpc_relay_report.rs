//! `grpc-relay`'s table: across the link first, where the target is judged,
//! then the same calls on one machine, where the rows show what each hop
//! costs in CPU.

use std::time::Duration;

use switchboard_bench::{cpu::THIS_PROCESS, stats::Ms};

use crate::{
    context::{Ctx, Id, Measured},
    grpc_relay::{CONCURRENCY, LINK_CONCURRENCY, ONE_WAY},
    grpc_relay_callers::TEXT,
    report::{Panel, Row, Section, Verdict, rate, ratio, thousands, throughput_ratio},
};

const TARGET: f64 = 0.85;

/// The link's round trips, measured alone, sorted.
#[derive(Debug)]
pub struct Link {
    pub round_trips: Vec<Duration>,
}

impl Link {
    fn quantile_ms(&self, quantile: f64) -> f64 {
        let last = self.round_trips.len().saturating_sub(1);
        let index = ((last as f64) * quantile).round() as usize;
        self.round_trips
            .get(index)
            .map_or(0.0, |time| time.as_secs_f64() * 1_000.0)
    }
}

/// A row shown for context.
fn info(measure: String, baseline: String, switchboard: String, ratio: String) -> Row {
    Row {
        measure,
        baseline,
        switchboard,
        ratio,
        target: "—".into(),
        verdict: Verdict::Info,
    }
}

/// Cores `label` kept busy on average while `measured` ran.
fn cores(measured: &Measured, label: &str) -> f64 {
    let cpu = &measured.cpu;
    let busy: f64 = cpu
        .busy
        .iter()
        .filter(|(name, _)| name == label)
        .map(|(_, seconds)| seconds)
        .sum();
    busy / cpu.wall.max(f64::EPSILON)
}

/// CPU microseconds `label` spent per successful call.
fn micros_per_call(measured: &Measured, label: &str) -> f64 {
    cores(measured, label) / measured.stats.throughput().max(f64::EPSILON) * 1e6
}

/// Calls per CPU-second of every process on the path (callers, link,
/// bridge, greeter): the cores are averaged over warm-up and measurement,
/// whose load is the same.
fn per_core(measured: &Measured) -> f64 {
    let busy: f64 = [THIS_PROCESS, "bridge", "greeter"]
        .iter()
        .map(|label| cores(measured, label))
        .sum();
    measured.stats.throughput() / busy.max(f64::EPSILON)
}

fn latency_rows(section: &mut Section, what: &str, ours: &Measured, base: &Measured, name: &str) {
    for (quantile, label) in [(0.5, "p50"), (0.99, "p99")] {
        let (b, o) = (
            base.stats.quantile_ms(quantile),
            ours.stats.quantile_ms(quantile),
        );
        section.rows.push(info(
            format!("{label} latency, {what}, relayed vs {name}"),
            format!("{} ({name})", Ms(b)),
            Ms(o).to_string(),
            format!("{} ({:+.3} ms)", ratio(o / b), o - b),
        ));
    }
}

pub fn report(ctx: &Ctx, measured: &[Measured; 7], link: &Link) -> Section {
    let [
        native,
        web,
        relayed,
        shared,
        far_native,
        far_web,
        far_relayed,
    ] = measured;
    let mut section = Section::new(Id::GrpcRelay, "gRPC relay vs a direct call");
    let rtt = 2 * ONE_WAY.as_millis();
    let across = format!("across a {rtt} ms link, concurrency {LINK_CONCURRENCY}");
    let value = throughput_ratio(&far_relayed.stats, &far_native.stats);
    section.rows.push(Row {
        measure: format!("calls/s {across}, relayed gRPC-web ÷ direct native gRPC"),
        baseline: format!("{} (native gRPC direct)", rate(&far_native.stats, "call")),
        switchboard: rate(&far_relayed.stats, "call"),
        ratio: ratio(value),
        target: format!("≥ {TARGET:.2}×"),
        verdict: Verdict::judge(value >= TARGET),
    });
    section.rows.push(info(
        format!("calls/s {across}, relayed ÷ direct gRPC-web, the same client"),
        format!("{} (gRPC-web direct)", rate(&far_web.stats, "call")),
        rate(&far_relayed.stats, "call"),
        ratio(throughput_ratio(&far_relayed.stats, &far_web.stats)),
    ));
    latency_rows(
        &mut section,
        &across,
        far_relayed,
        far_native,
        "native gRPC direct",
    );
    let (p50, p99) = (link.quantile_ms(0.5), link.quantile_ms(0.99));
    section.rows.push(info(
        "the link's round trip: one byte to an echo server through it, 500 times (p50; p99)"
            .to_owned(),
        format!("{rtt} ms (set: {} ms each way)", ONE_WAY.as_millis()),
        format!("{}; {}", Ms(p50), Ms(p99)),
        ratio(p50 / rtt as f64),
    ));
    let bound = LINK_CONCURRENCY as f64 / (p50 / 1_000.0);
    section.rows.push(info(
        format!(
            "calls/s {across}, direct native gRPC ÷ {LINK_CONCURRENCY} / the link's round \
             trip (near 1× when the link bounds the rate)"
        ),
        format!("{} call/s (computed)", thousands(bound.round() as u64)),
        rate(&far_native.stats, "call"),
        ratio(far_native.stats.throughput() / bound),
    ));

    let here = format!("one machine, concurrency {CONCURRENCY}");
    for (baseline, name) in [(native, "native gRPC direct"), (web, "gRPC-web direct")] {
        section.rows.push(info(
            format!("calls/s on {here}, relayed ÷ {name} (CPU bounds it)"),
            format!("{} ({name})", rate(&baseline.stats, "call")),
            rate(&relayed.stats, "call"),
            ratio(throughput_ratio(&relayed.stats, &baseline.stats)),
        ));
    }
    for (baseline, name) in [(native, "native gRPC direct"), (web, "gRPC-web direct")] {
        let (ours, base) = (per_core(relayed), per_core(baseline));
        section.rows.push(info(
            format!(
                "calls per CPU-second of callers, bridge and greeter, {here}, relayed ÷ {name} \
                 (less sensitive to other load)"
            ),
            format!("{} ({name})", thousands(base.round() as u64)),
            thousands(ours.round() as u64),
            ratio(ours / base),
        ));
    }
    // A relayed call is a gRPC-web hop (caller to bridge) followed by a
    // native one (bridge to greeter): when CPU is the limit, the two hops'
    // costs add up, whatever the bridge does between them.
    let hops = 1.0 / (1.0 / native.stats.throughput() + 1.0 / web.stats.throughput());
    section.rows.push(info(
        format!("calls/s on {here}, relayed ÷ the two hops' costs added up (where the cost is)"),
        format!(
            "{} call/s (1 / (1/native + 1/gRPC-web), computed)",
            thousands(hops.round() as u64)
        ),
        rate(&relayed.stats, "call"),
        ratio(relayed.stats.throughput() / hops),
    ));
    let (bridge, greeter) = (
        micros_per_call(relayed, "bridge"),
        micros_per_call(native, "greeter"),
    );
    section.rows.push(info(
        format!(
            "CPU per call on {here}: the bridge's per relayed call ÷ the greeter's per direct \
             native call (where the cost is)"
        ),
        format!("{greeter:.0} µs (greeter)"),
        format!("{bridge:.0} µs (bridge)"),
        ratio(bridge / greeter),
    ));
    section.rows.push(info(
        format!(
            "calls/s on {here}, native gRPC on one shared HTTP/2 connection, as the relay \
             reaches its target (where the cost is)"
        ),
        format!("{} (native gRPC direct)", rate(&native.stats, "call")),
        rate(&shared.stats, "call"),
        ratio(throughput_ratio(&shared.stats, &native.stats)),
    ));
    latency_rows(&mut section, &here, relayed, web, "gRPC-web direct");

    section.conditions = vec![
        format!(
            "`echo.Echo/Unary` with a small sample (`text: \"{TEXT}\"`, `small: 7`; the \
             reply echoes it, and a call counts only when it does)"
        ),
        "the greeter (`greeter`) and the bridge (`bridge-server`, `GRPC_TARGETS` = the greeter, \
         rate limit off, `BRIDGE_WORKER_THREADS` at its default of 1, the broker link to the \
         local RabbitMQ unused by the relay) are the release binaries, each in its own \
         process; `bench` is the callers and the link"
            .to_owned(),
        format!(
            "across the link: the callers reach their first hop (the greeter when direct, the \
             bridge when relayed) through a TCP relay in the benchmark process \
             (`switchboard_testing::relay::Relay::with_delay`) that delivers every byte {} ms \
             after it was sent, each way, with no bandwidth limit; the bridge reaches the \
             greeter directly, as next to it. {LINK_CONCURRENCY} callers: few enough that the \
             link and not the CPU bounds the rate (see the round-trip row)",
            ONE_WAY.as_millis()
        ),
        "callers have one call in flight each. gRPC-web: `GrpcWebClientLayer` over one hyper \
         HTTP/1.1 keep-alive connection per caller (`TCP_NODELAY`, as browsers set it); \
         direct to the greeter, or through the relay: base URL `{bridge}/grpc` with \
         `x-grpc-target`, the same client otherwise. The relay reaches the greeter over the \
         one HTTP/2 connection it keeps per target. Native: one tonic `Channel` (HTTP/2 \
         connection) per caller, and, for the breakdown, one `Channel` shared by all callers"
            .to_owned(),
        ctx.timing(),
    ];
    let far = format!("concurrency {LINK_CONCURRENCY}, across the {rtt} ms link");
    for (label, panel, measured) in [
        (
            format!("native gRPC direct, {far}"),
            Panel::Link,
            far_native,
        ),
        (format!("gRPC-web direct, {far}"), Panel::Link, far_web),
        (format!("gRPC-web relayed, {far}"), Panel::Link, far_relayed),
        (
            format!("native gRPC direct, {here}"),
            Panel::Services,
            native,
        ),
        (format!("gRPC-web direct, {here}"), Panel::Services, web),
        (
            format!("gRPC-web relayed, {here}"),
            Panel::Services,
            relayed,
        ),
        (
            format!("native gRPC direct, one shared connection, {here}"),
            Panel::Services,
            shared,
        ),
    ] {
        section.series(&label, panel, measured);
    }
    section
}
