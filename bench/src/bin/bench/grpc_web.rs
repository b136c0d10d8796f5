//! `grpc-web`: the Greeter called the way the page calls it, gRPC-web over HTTP/1.1,
//! against the same server called as native gRPC over HTTP/2.

use std::{net::SocketAddr, time::Duration};

use clap::Parser;
use futures::future::try_join_all;
use greeter_service::proto::{HelloRequest, greeter_client::GreeterClient};
use hyper_util::{
    client::legacy::{Client as HttpClient, connect::HttpConnector},
    rt::TokioExecutor,
};
use switchboard_bench::{
    load::{Client, drive},
    stats::{Outcome, Stats},
};
use tokio::{net::TcpListener, sync::oneshot};
use tonic::transport::{Channel, Endpoint};
use tonic_web::{GrpcWebCall, GrpcWebClientLayer, GrpcWebClientService};

use crate::{
    context::{Ctx, Id, Measured},
    report::{Panel, Row, Section, Verdict, rate, ratio, throughput_ratio},
};

const CONCURRENCY: usize = 16;
const TARGET: f64 = 0.90;

/// A native gRPC caller: its own HTTP/2 connection.
struct Native(GreeterClient<Channel>);

/// A gRPC-web caller: its own HTTP/1.1 connection (a pool that never needs a
/// second one, as each caller has one call in flight).
struct Web(
    GreeterClient<GrpcWebClientService<HttpClient<HttpConnector, GrpcWebCall<tonic::body::Body>>>>,
);

fn request() -> HelloRequest {
    HelloRequest { name: "Ada".into() }
}

fn outcome<T>(result: Result<T, tonic::Status>) -> Outcome {
    match result {
        Ok(_) => Outcome::Ok,
        Err(status) => Outcome::Error(status.to_string()),
    }
}

impl Client for Native {
    async fn call(&mut self) -> Outcome {
        outcome(self.0.say_hello(request()).await)
    }
}

impl Client for Web {
    async fn call(&mut self) -> Outcome {
        outcome(self.0.say_hello(request()).await)
    }
}

impl Web {
    fn new(url: &str) -> anyhow::Result<Self> {
        let http1 = HttpClient::builder(TokioExecutor::new())
            .pool_max_idle_per_host(1)
            .build_http();
        let service = tower::ServiceBuilder::new()
            .layer(GrpcWebClientLayer::new())
            .service(http1);
        Ok(Self(GreeterClient::with_origin(service, url.parse()?)))
    }
}

/// The real Greeter in this process, on a free port, until `stop` is sent;
/// `benchmark` names the benchmark should it fail.
pub async fn start_greeter(benchmark: &str) -> anyhow::Result<(SocketAddr, oneshot::Sender<()>)> {
    let config = greeter_service::Config::parse_from(["greeter", "--bind", "127.0.0.1:0"]);
    let listener = TcpListener::bind(config.bind).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let benchmark = benchmark.to_owned();
    tokio::spawn(async move {
        let shutdown = async {
            let _ = stopped.await;
        };
        if let Err(error) = greeter_service::serve(&config, listener, shutdown).await {
            eprintln!("{benchmark}: the greeter failed: {error}");
        }
    });
    Ok((addr, stop))
}

pub async fn run(ctx: &Ctx) -> anyhow::Result<Section> {
    let (addr, stop) = start_greeter(Id::GrpcWeb.name()).await?;
    let url = format!("http://{addr}");
    let labels = ["native gRPC (HTTP/2)", "gRPC-web (HTTP/1.1)"];
    let measured = ctx
        .alternate(
            "grpc-web",
            &labels,
            &[],
            async |i| -> anyhow::Result<Stats> {
                Ok(if i == 0 {
                    let connect = (0..CONCURRENCY).map(|_| async {
                        let endpoint = Endpoint::from_shared(url.clone())?
                            .connect_timeout(Duration::from_secs(5));
                        anyhow::Ok(Native(GreeterClient::new(endpoint.connect().await?)))
                    });
                    drive(try_join_all(connect).await?, ctx.window).await.0
                } else {
                    let clients = (0..CONCURRENCY)
                        .map(|_| Web::new(&url))
                        .collect::<anyhow::Result<Vec<_>>>()?;
                    drive(clients, ctx.window).await.0
                })
            },
        )
        .await;
    let _ = stop.send(());
    let [native, web]: [Measured; 2] = measured?.try_into().expect("one tally per protocol");

    let mut section = Section::new(Id::GrpcWeb, "Greeter: gRPC-web vs native gRPC");
    let value = throughput_ratio(&web.stats, &native.stats);
    section.rows.push(Row {
        measure: format!("calls/s, concurrency {CONCURRENCY}"),
        baseline: format!("{} (native gRPC)", rate(&native.stats, "call")),
        switchboard: rate(&web.stats, "call"),
        ratio: ratio(value),
        target: format!("≥ {TARGET:.2}×"),
        verdict: Verdict::judge(value >= TARGET),
    });
    section.conditions = vec![
        "one greeter server (tonic + tonic-web, `accept_http1`) in the benchmark process, \
         called both ways: `SayHello {name: \"Ada\"}`"
            .to_owned(),
        format!(
            "{CONCURRENCY} callers, one call in flight each; native: one tonic `Channel` \
             (HTTP/2 connection) per caller; gRPC-web: `GrpcWebClientLayer` over one hyper \
             HTTP/1.1 keep-alive connection per caller"
        ),
        ctx.timing(),
    ];
    section.series("native gRPC, concurrency 16", Panel::Services, &native);
    section.series("gRPC-web, concurrency 16", Panel::Services, &web);
    Ok(section)
}
