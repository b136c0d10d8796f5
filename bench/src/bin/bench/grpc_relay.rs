//! `grpc-relay`: a gRPC-web call relayed by the bridge to a native gRPC
//! server, against the same call made directly. Two baselines, both in the
//! same run: the same gRPC-web client calling the greeter's own gRPC-web
//! (what the hop through the bridge costs), and a native gRPC client over
//! HTTP/2 (what a caller that can speak gRPC gets).

use std::time::Duration;

use clap::Parser;
use futures::future::try_join_all;
use greeter_service::proto::echo::{Echoed, Sample, echo_client::EchoClient};
use hyper_util::{
    client::legacy::{Client as HttpClient, connect::HttpConnector},
    rt::TokioExecutor,
};
use switchboard_bench::{
    cpu::THIS_PROCESS,
    load::{Client, drive},
    stats::{Ms, Outcome, Stats},
};
use switchboard_wire::grpc::TARGET_HEADER;
use tokio::{net::TcpListener, sync::oneshot};
use tonic::{
    Status,
    body::Body,
    metadata::{AsciiMetadataValue, MetadataValue},
    service::{Interceptor, interceptor::InterceptedService},
    transport::{Channel, Endpoint},
};
use tonic_web::{GrpcWebCall, GrpcWebClientLayer, GrpcWebClientService};

use crate::{
    context::{Ctx, Id, Measured},
    grpc_web::start_greeter,
    report::{Panel, Row, Section, Verdict, rate, ratio, thousands, throughput_ratio},
};

const CONCURRENCY: usize = 16;
const TARGET: f64 = 0.85;
const TEXT: &str = "Ada";

/// The small sample every call sends: a string and a number.
fn sample() -> Sample {
    Sample {
        text: TEXT.into(),
        small: 7,
        ..Sample::default()
    }
}

/// A success only when the server echoed the sample back.
fn outcome(result: Result<tonic::Response<Echoed>, Status>) -> Outcome {
    match result {
        Ok(reply) if reply.get_ref().sample.as_ref().map(|s| s.text.as_str()) == Some(TEXT) => {
            Outcome::Ok
        }
        Ok(reply) => Outcome::Error(format!("echoed something else: {:?}", reply.get_ref())),
        Err(status) => Outcome::Error(status.to_string()),
    }
}

/// `x-grpc-target` on every call through the relay; nothing when direct.
#[derive(Debug, Clone)]
struct TargetHeader(Option<AsciiMetadataValue>);

impl Interceptor for TargetHeader {
    fn call(&mut self, mut request: tonic::Request<()>) -> Result<tonic::Request<()>, Status> {
        if let Some(target) = &self.0 {
            request.metadata_mut().insert(TARGET_HEADER, target.clone());
        }
        Ok(request)
    }
}

type WebService = InterceptedService<
    GrpcWebClientService<HttpClient<HttpConnector, GrpcWebCall<Body>>>,
    TargetHeader,
>;

/// A gRPC-web caller, as the page is one: its own HTTP/1.1 keep-alive
/// connection (a pool that never needs a second one, as each caller has one
/// call in flight). Direct and relayed callers differ only in their base URL
/// and the target header.
struct Web(EchoClient<WebService>);

impl Web {
    fn new(origin: &str, target: Option<&str>) -> anyhow::Result<Self> {
        let http1 = HttpClient::builder(TokioExecutor::new())
            .pool_max_idle_per_host(1)
            .build_http();
        let web = tower::ServiceBuilder::new()
            .layer(GrpcWebClientLayer::new())
            .service(http1);
        let target = target.map(MetadataValue::try_from).transpose()?;
        let service = InterceptedService::new(web, TargetHeader(target));
        Ok(Self(EchoClient::with_origin(service, origin.parse()?)))
    }
}

impl Client for Web {
    async fn call(&mut self) -> Outcome {
        outcome(self.0.unary(sample()).await)
    }
}

/// A native gRPC caller: its own HTTP/2 connection.
struct Native(EchoClient<Channel>);

impl Client for Native {
    async fn call(&mut self) -> Outcome {
        outcome(self.0.unary(sample()).await)
    }
}

/// The bridge in this process on a free port, allowed to relay to `greeter`
/// and nothing else, without its rate limit (every caller here has one
/// address), until `stop` is sent. Answers its base URL.
async fn start_bridge(
    amqp_url: &str,
    greeter: &str,
) -> anyhow::Result<(String, oneshot::Sender<()>)> {
    let config = bridge_server::Config::try_parse_from([
        "bridge-server",
        "--bind=127.0.0.1:0",
        &format!("--amqp-url={amqp_url}"),
        &format!("--grpc-targets={greeter}"),
        "--rate-limit-per-second=0",
    ])?;
    let listener = TcpListener::bind(config.bind).await?;
    let url = format!("http://{}", listener.local_addr()?);
    let broker = bridge_server::start_broker(&config);
    let state = bridge_server::AppState::new(&config, broker.clone());
    let router = bridge_server::app(&config, state);
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let shutdown = async {
            let _ = stopped.await;
        };
        let drain = Duration::from_secs(1);
        if let Err(error) = bridge_server::serve(listener, router, shutdown, drain).await {
            eprintln!("grpc-relay: the bridge failed: {error}");
        }
        broker.close(Duration::from_secs(5)).await;
    });
    Ok((url, stop))
}

/// A tonic channel to `url`, connected now.
async fn connect(url: &str) -> anyhow::Result<Channel> {
    let endpoint = Endpoint::from_shared(url.to_owned())?.connect_timeout(Duration::from_secs(5));
    Ok(endpoint.connect().await?)
}

/// `CONCURRENCY` native callers, each with its own connection.
async fn natives(url: &str) -> anyhow::Result<Vec<Native>> {
    let connect = (0..CONCURRENCY)
        .map(|_| async { anyhow::Ok(Native(EchoClient::new(connect(url).await?))) });
    try_join_all(connect).await
}

/// `CONCURRENCY` native callers sharing one connection, as the relay's
/// callers share its one connection to the target.
async fn natives_sharing(url: &str) -> anyhow::Result<Vec<Native>> {
    let channel = connect(url).await?;
    Ok((0..CONCURRENCY)
        .map(|_| Native(EchoClient::new(channel.clone())))
        .collect())
}

/// `CONCURRENCY` gRPC-web callers of `origin`.
fn webs(origin: &str, target: Option<&str>) -> anyhow::Result<Vec<Web>> {
    (0..CONCURRENCY).map(|_| Web::new(origin, target)).collect()
}

pub async fn run(ctx: &Ctx) -> anyhow::Result<Section> {
    let name = Id::GrpcRelay.name();
    let (addr, stop_greeter) = start_greeter(name).await?;
    let greeter = format!("http://{addr}");
    let (bridge, stop_bridge) = start_bridge(&ctx.config.amqp_url, &greeter).await?;
    let relay = format!("{bridge}/grpc");
    let labels = [
        "native gRPC, direct",
        "gRPC-web, direct",
        "gRPC-web, through the relay",
        "native gRPC, one shared conn",
    ];
    let measured = ctx
        .alternate(name, &labels, &[], async |i| -> anyhow::Result<Stats> {
            Ok(match i {
                0 => drive(natives(&greeter).await?, ctx.window).await.0,
                1 => drive(webs(&greeter, None)?, ctx.window).await.0,
                2 => drive(webs(&relay, Some(&greeter))?, ctx.window).await.0,
                _ => drive(natives_sharing(&greeter).await?, ctx.window).await.0,
            })
        })
        .await;
    let _ = stop_bridge.send(());
    let _ = stop_greeter.send(());
    let [native, web, relayed, shared]: [Measured; 4] =
        measured?.try_into().expect("one tally per way of calling");
    Ok(report(ctx, &native, &web, &relayed, &shared))
}

/// Calls a second per core the benchmark process kept busy: the cores are
/// averaged over warm-up and measurement, whose load is the same.
fn per_core(measured: &Measured) -> f64 {
    let cpu = &measured.cpu;
    let busy = cpu
        .busy
        .iter()
        .find(|(label, _)| label == THIS_PROCESS)
        .map_or(0.0, |(_, seconds)| *seconds);
    measured.stats.throughput() / (busy / cpu.wall)
}

fn report(
    ctx: &Ctx,
    native: &Measured,
    web: &Measured,
    relayed: &Measured,
    shared: &Measured,
) -> Section {
    let mut section = Section::new(Id::GrpcRelay, "gRPC relay vs a direct call");
    for (baseline, name) in [
        (web, "gRPC-web direct, the same client"),
        (native, "native gRPC direct"),
    ] {
        let value = throughput_ratio(&relayed.stats, &baseline.stats);
        section.rows.push(Row {
            measure: format!("calls/s, concurrency {CONCURRENCY}, relayed ÷ {name}"),
            baseline: format!("{} ({name})", rate(&baseline.stats, "call")),
            switchboard: rate(&relayed.stats, "call"),
            ratio: ratio(value),
            target: format!("≥ {TARGET:.2}×"),
            verdict: Verdict::judge(value >= TARGET),
        });
    }
    // Other work on the machine takes cores from all sides, not always
    // alike; per CPU-second of this process, which runs callers and servers
    // alike, the comparison depends less on it.
    for (baseline, name) in [(web, "gRPC-web direct"), (native, "native gRPC direct")] {
        let (ours, base) = (per_core(relayed), per_core(baseline));
        section.rows.push(Row {
            measure: format!(
                "calls per CPU-second of the benchmark process, relayed ÷ {name} (less \
                 sensitive to other load)"
            ),
            baseline: format!("{} ({name})", thousands(base.round() as u64)),
            switchboard: thousands(ours.round() as u64),
            ratio: ratio(ours / base),
            target: "—".into(),
            verdict: Verdict::Info,
        });
    }
    // A relayed call is a gRPC-web hop (caller to bridge) followed by a
    // native one (bridge to greeter): when CPU is the limit, the two hops'
    // costs add up, whatever the bridge does between them.
    let hops = 1.0 / (1.0 / native.stats.throughput() + 1.0 / web.stats.throughput());
    section.rows.push(Row {
        measure: format!(
            "calls/s, concurrency {CONCURRENCY}, relayed ÷ the two hops' costs added up \
             (where the cost is)"
        ),
        baseline: format!(
            "{} call/s (1 / (1/native + 1/gRPC-web), computed)",
            thousands(hops.round() as u64)
        ),
        switchboard: rate(&relayed.stats, "call"),
        ratio: ratio(relayed.stats.throughput() / hops),
        target: "—".into(),
        verdict: Verdict::Info,
    });
    section.rows.push(Row {
        measure: format!(
            "calls/s, concurrency {CONCURRENCY}, native gRPC on one shared HTTP/2 connection, \
             as the relay reaches its target (where the cost is)"
        ),
        baseline: format!("{} (native gRPC direct)", rate(&native.stats, "call")),
        switchboard: rate(&shared.stats, "call"),
        ratio: ratio(throughput_ratio(&shared.stats, &native.stats)),
        target: "—".into(),
        verdict: Verdict::Info,
    });
    for (quantile, label) in [(0.5, "p50"), (0.99, "p99")] {
        let base = web.stats.quantile_ms(quantile);
        let ours = relayed.stats.quantile_ms(quantile);
        section.rows.push(Row {
            measure: format!(
                "{label} latency, concurrency {CONCURRENCY}, relayed vs gRPC-web direct"
            ),
            baseline: format!("{} (gRPC-web direct)", Ms(base)),
            switchboard: Ms(ours).to_string(),
            ratio: format!("{} ({:+.3} ms)", ratio(ours / base), ours - base),
            target: "—".into(),
            verdict: Verdict::Info,
        });
    }
    section.conditions = vec![
        format!(
            "`echo.Echo/Unary` with a small sample (`text: \"{TEXT}\"`, `small: 7`; the \
             reply echoes it, and a call counts only when it does)"
        ),
        "the greeter (tonic + tonic-web, `accept_http1`) and the bridge (`bridge_server::app` \
         served by `bridge_server::serve`, `GRPC_TARGETS` = the greeter, rate limit off, the \
         broker link to the local RabbitMQ unused by the relay) both in the benchmark process, \
         on its multi-threaded runtime, with the callers; so the bridge's CPU is in `bench`"
            .to_owned(),
        format!(
            "{CONCURRENCY} callers, one call in flight each. gRPC-web: `GrpcWebClientLayer` \
             over one hyper HTTP/1.1 keep-alive connection per caller; direct to the greeter, \
             or through the relay: base URL `{{bridge}}/grpc` with `x-grpc-target`, the same \
             client otherwise. The relay reaches the greeter over the one HTTP/2 connection it \
             keeps per target. Native: one tonic `Channel` (HTTP/2 connection) per caller, \
             and, for the breakdown, one `Channel` shared by all {CONCURRENCY} callers"
        ),
        ctx.timing(),
    ];
    section.series(
        "native gRPC direct, concurrency 16",
        Panel::Services,
        native,
    );
    section.series("gRPC-web direct, concurrency 16", Panel::Services, web);
    section.series("gRPC-web relayed, concurrency 16", Panel::Services, relayed);
    section.series(
        "native gRPC direct, one shared connection, concurrency 16",
        Panel::Services,
        shared,
    );
    section
}
