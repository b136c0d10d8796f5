//! What every native Switchboard server (users, greeter, bridge, logs) does the same
//! way: structured logging, the CORS allowlist, binding with a machine-readable
//! announcement of the address, graceful shutdown, and AMQP URLs that are safe
//! to log.

mod amqp_url;

pub use amqp_url::{AmqpUrl, BrokerArgs};

use std::{
    io::{self, IsTerminal},
    net::SocketAddr,
};

use http::{HeaderName, HeaderValue, Method, Request};
use tokio::net::TcpListener;
use tower_http::{
    classify::{ServerErrorsAsFailures, SharedClassifier},
    cors::{AllowHeaders, AllowOrigin, CorsLayer},
    trace::{DefaultOnRequest, DefaultOnResponse, TraceLayer},
};
use tracing::{Level, Span};
use tracing_subscriber::EnvFilter;

/// The origins `trunk serve` uses, which every service allows by default.
pub const DEV_ORIGINS: &str = "http://127.0.0.1:8080,http://localhost:8080";

/// The CORS setting every service reads; flatten it into a service's `Config`
/// with `#[command(flatten)]`.
#[derive(Debug, Clone, clap::Args)]
pub struct CorsArgs {
    /// Origins allowed to call from a browser, comma-separated (`*` for any).
    #[arg(long, env = "ALLOWED_ORIGINS", value_delimiter = ',', default_value = DEV_ORIGINS)]
    pub allowed_origins: Vec<String>,
}

impl CorsArgs {
    /// The CORS layer for these origins, built by [`cors`].
    pub fn layer(&self, methods: &[Method], allow: &[&str], expose: &[&str]) -> CorsLayer {
        cors(&self.allowed_origins, methods, allow, expose)
    }
}

/// Logs to stderr with `RUST_LOG` (default: `info` for this workspace, `warn`
/// for dependencies). Stdout stays free for the address announcement.
pub fn init_tracing(crate_target: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new(format!(
            "warn,{crate_target}=info,switchboard_service=info,tower_http=info"
        ))
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(io::stderr().is_terminal())
        .init();
}

/// Binds `addr` (port 0 picks a free port) and prints `listening on http://…`
/// on stdout, the line that scripts and tests wait for.
pub async fn bind(addr: SocketAddr) -> io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    println!("listening on http://{local}");
    Ok((listener, local))
}

/// In `cors`'s `allow` list: allow whatever request headers the preflight asks for.
pub const ANY_HEADER: &str = "*";

/// A CORS layer that lets exactly `origins` call the service with `methods`
/// and the request headers in `allow` ([`ANY_HEADER`] for any), and lets the
/// page read the response headers in `expose`. A `*` origin allows any
/// origin; credentials are never allowed, so a wildcard never meets them.
pub fn cors(origins: &[String], methods: &[Method], allow: &[&str], expose: &[&str]) -> CorsLayer {
    let allow_origin = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|origin| HeaderValue::from_str(origin.trim_end_matches('/')).ok()),
        )
    };
    let allow_headers = if allow.contains(&ANY_HEADER) {
        AllowHeaders::mirror_request()
    } else {
        AllowHeaders::list(names(allow))
    };
    CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods(methods.to_vec())
        .allow_headers(allow_headers)
        .expose_headers(names(expose))
        .max_age(std::time::Duration::from_secs(600))
}

fn names(list: &[&str]) -> Vec<HeaderName> {
    list.iter()
        .map(|name| HeaderName::from_bytes(name.as_bytes()).expect("static header name"))
        .collect()
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received");
}

/// Request logging for every service: one INFO line per response with the
/// method, path, status, latency and the caller's W3C `traceparent`, so one
/// action can be followed across the REST, gRPC-web and AMQP services.
pub fn trace_layer<B>() -> TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    impl Fn(&Request<B>) -> Span + Clone,
    DefaultOnRequest,
    DefaultOnResponse,
> {
    TraceLayer::new_for_http()
        .make_span_with(|request: &Request<B>| {
            let traceparent = request
                .headers()
                .get("traceparent")
                .and_then(|value| value.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!(
                "request",
                method = %request.method(),
                path = %request.uri().path(),
                traceparent,
            )
        })
        .on_response(DefaultOnResponse::new().level(Level::INFO))
}
