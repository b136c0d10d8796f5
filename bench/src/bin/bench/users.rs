//! `users`: the users service's `GET /users/{id}` against a bare hyper handler
//! that answers the very same bytes: what axum, routing, JSON and the
//! middleware cost over the HTTP server itself. Three more servers answer the
//! same bytes from an axum route, alone and under each of the service's two
//! layers, to show what each part costs.

use std::{convert::Infallible, net::SocketAddr, time::Duration};

use axum::{Router, routing::get, serve::ListenerExt};
use bytes::Bytes;
use clap::Parser;
use http::{Response, header};
use http_body_util::Full;
use hyper::{server::conn::http1, service::service_fn};
use hyper_util::rt::TokioIo;
use switchboard_bench::{
    http1::Http1Conn,
    load::{Client, drive},
    stats::{Outcome, Stats},
};
use tokio::{net::TcpListener, task::JoinHandle};

use crate::{
    context::{Ctx, Id},
    report::{Panel, Row, Section, Verdict, rate, ratio, throughput_ratio},
};

const CONCURRENCY: usize = 16;
const TARGET: f64 = 0.90;
const PATH: &str = "/users/2";

/// One caller with its own keep-alive connection, asking for one user.
struct Getter(Http1Conn);

impl Client for Getter {
    async fn call(&mut self) -> Outcome {
        match self.0.send(self.0.get(PATH)).await {
            Ok((status, _)) if status.is_success() => Outcome::Ok,
            Ok((status, _)) => Outcome::Status(status.as_u16()),
            Err(error) => Outcome::Error(format!("{error:#}")),
        }
    }
}

/// Serves `app` in this process on a free port, as the users binary serves
/// it: no Nagle.
async fn start_axum(app: Router) -> anyhow::Result<(SocketAddr, JoinHandle<()>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let server = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            eprintln!("users: a server failed: {error}");
        }
    });
    Ok((addr, server))
}

/// The users service's router with its settings' defaults.
fn users_app() -> Router {
    let config = users_service::Config::parse_from(["users", "--bind", "127.0.0.1:0"]);
    users_service::app(&config)
}

/// A bare axum route answering `body`, the users service's route shape, and
/// the same under the service's CORS layer and under its trace layer.
fn parts(body: &Bytes) -> [(&'static str, Router); 3] {
    let route = {
        let body = body.clone();
        Router::new().route(
            "/users/{id}",
            get(move || {
                let body = body.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], body) }
            }),
        )
    };
    let origins: Vec<String> = switchboard_service::DEV_ORIGINS
        .split(',')
        .map(str::to_owned)
        .collect();
    let cors = switchboard_service::cors(
        &origins,
        &[http::Method::GET],
        &[switchboard_service::ANY_HEADER],
        &[],
    );
    [
        ("axum route alone", route.clone()),
        ("axum route + CORS layer", route.clone().layer(cors)),
        (
            "axum route + trace layer",
            route.layer(switchboard_service::trace_layer()),
        ),
    ]
}

/// The least an HTTP/1.1 server can do: hyper answering `body` as JSON to
/// every request, one task per connection.
async fn start_bare(body: Bytes) -> anyhow::Result<(SocketAddr, JoinHandle<()>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            let body = body.clone();
            let service = service_fn(move |_request| {
                let response = Response::builder()
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Full::new(body.clone()));
                async move { Ok::<_, Infallible>(response.expect("static headers")) }
            });
            tokio::spawn(http1::Builder::new().serve_connection(TokioIo::new(stream), service));
        }
    });
    Ok((addr, server))
}

async fn measure(ctx: &Ctx, addr: SocketAddr) -> anyhow::Result<Stats> {
    let connect = (0..CONCURRENCY).map(|_| Http1Conn::connect(addr, ctx.request_timeout()));
    let clients = futures::future::try_join_all(connect).await?;
    let clients = clients.into_iter().map(Getter).collect();
    Ok(drive(clients, ctx.window).await.0)
}

pub async fn run(ctx: &Ctx) -> anyhow::Result<Section> {
    let (users, users_server) = start_axum(users_app()).await?;
    // The bare handler answers exactly what the service answers.
    let mut probe = Http1Conn::connect(users, Duration::from_secs(5)).await?;
    let (status, body) = probe.send(probe.get(PATH)).await?;
    anyhow::ensure!(status.is_success(), "GET {PATH} answered {status}");
    let body_len = body.len();
    let (bare, bare_server) = start_bare(body.clone()).await?;
    let mut labels = vec!["bare hyper", "users service"];
    let mut addrs = vec![bare, users];
    let mut servers = vec![bare_server, users_server];
    for (label, app) in parts(&body) {
        let (addr, server) = start_axum(app).await?;
        labels.push(label);
        addrs.push(addr);
        servers.push(server);
    }

    let measured = ctx
        .alternate("users", &labels, &[], async |i| {
            measure(ctx, addrs[i]).await
        })
        .await;
    servers.iter().for_each(JoinHandle::abort);
    let measured = measured?;
    let [bare, users] = [&measured[0], &measured[1]];

    let mut section = Section::new(Id::Users, "Users service vs a bare hyper handler");
    let value = throughput_ratio(&users.stats, &bare.stats);
    section.rows.push(Row {
        measure: format!("requests/s, concurrency {CONCURRENCY}"),
        baseline: format!("{} (bare hyper)", rate(&bare.stats, "req")),
        switchboard: rate(&users.stats, "req"),
        ratio: ratio(value),
        target: format!("≥ {TARGET:.2}×"),
        verdict: Verdict::judge(value >= TARGET),
    });
    for (label, part) in labels.iter().zip(&measured).skip(2) {
        section.rows.push(Row {
            measure: format!("requests/s, {label} (where the cost is)"),
            baseline: format!("{} (bare hyper)", rate(&bare.stats, "req")),
            switchboard: rate(&part.stats, "req"),
            ratio: ratio(throughput_ratio(&part.stats, &bare.stats)),
            target: "—".into(),
            verdict: Verdict::Info,
        });
    }
    section.conditions = vec![
        format!(
            "`GET {PATH}`, {body_len}-byte JSON answer; both servers in the benchmark process: \
             the users service's own router (axum, CORS and trace layers) and a hyper http1 \
             `service_fn` returning the bytes the service returned; for the breakdown, an \
             axum route returning those bytes, alone, under the service's CORS layer \
             (`switchboard_service::cors`, tower-http) and under its trace layer \
             (`switchboard_service::trace_layer`, tower-http; no tracing subscriber in the \
             benchmark process, so its spans are disabled as with `RUST_LOG=warn`)"
        ),
        format!("{CONCURRENCY} callers, each with its own keep-alive HTTP/1.1 connection"),
        ctx.timing(),
    ];
    section.series("bare hyper, concurrency 16", Panel::Services, bare);
    section.series("users service, concurrency 16", Panel::Services, users);
    Ok(section)
}
