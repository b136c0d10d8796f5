//! The Switchboard bridge: a browser cannot speak AMQP, so the page posts JSON
//! here and the bridge publishes it to RabbitMQ, answering 2xx only once the
//! broker has confirmed the message. Nor can a browser speak native gRPC, so
//! the bridge also reflects allowlisted gRPC servers and relays gRPC-web
//! calls to them (`grpc`), and relays any HTTP request to allowlisted targets
//! that refuse the page's origin (`http_relay`).
//!
//! `app` builds the router without a socket (tests drive it directly); `run`
//! serves it until shutdown, then closes the AMQP connection.

pub mod access;
pub mod amqp;
pub mod auth;
mod causes;
pub mod config;
pub mod delivery;
pub mod diagnose;
pub mod error;
pub mod grpc;
mod hop_by_hop;
pub mod http_relay;
pub mod message;
pub mod openapi;
pub mod rate_limit;
mod routes;
pub mod subscribe;
pub mod upstream_ca;

use std::{net::SocketAddr, sync::Arc, time::Duration};

use axum::{
    Json, Router,
    extract::DefaultBodyLimit,
    http::Method,
    middleware,
    routing::{any, get, post},
    serve::ListenerExt,
};
use switchboard_wire::{
    grpc::REFLECT_PATH,
    http::{HTTP_RELAY_PATH, OPENAPI_PATH},
    live,
};
use tokio::{net::TcpListener, sync::Notify};

pub use crate::{
    access::Allowlist,
    amqp::{Broker, BrokerConfig},
    auth::Auth,
    config::Config,
};

/// What every handler needs.
#[derive(Debug, Clone)]
pub struct AppState {
    pub broker: Broker,
    /// Where a publish goes when it names no exchange.
    pub exchange: String,
    /// Where callers may publish (and subscribe, see `routes::subscribe`).
    pub allowlist: Allowlist,
    /// The live tail's subscriptions, within their limits.
    pub subscriptions: subscribe::Subscriptions,
    /// Base URLs that `/api/diagnose` may probe.
    pub probe_targets: Vec<String>,
    /// The HTTP client for those probes.
    pub probe: reqwest::Client,
    /// The gRPC servers callers may reflect and relay to.
    pub grpc_targets: grpc::GrpcTargets,
    /// The largest relayed gRPC-web request body, in bytes.
    pub grpc_body_limit: usize,
    /// Where the HTTP relay may send requests, and its limits.
    pub http_relay: http_relay::HttpRelay,
}

impl AppState {
    pub fn new(config: &Config, broker: Broker) -> Self {
        Self {
            broker,
            exchange: config.exchange.clone(),
            allowlist: config.allowlist(),
            subscriptions: subscribe::Subscriptions::new(config.subscribe_limits()),
            probe_targets: config
                .probe_targets
                .iter()
                .map(|url| url.trim().trim_end_matches('/').to_owned())
                .collect(),
            probe: diagnose::client(config.upstream_ca_file.as_ref()),
            grpc_targets: config.grpc_targets(),
            grpc_body_limit: config.grpc_body_limit_bytes,
            http_relay: config.http_relay(),
        }
    }
}

/// Starts the broker link described by `config`.
pub fn start_broker(config: &Config) -> Broker {
    Broker::start(BrokerConfig {
        urls: config.broker.amqp_url.clone(),
        exchange: config.exchange.clone(),
        connect_timeout: config.broker.connect_timeout(),
        publish_timeout: config.publish_timeout(),
    })
}

/// The bridge's HTTP API. `/api/*` and the relays require a valid bearer
/// token (when one is configured) and are rate limited per client, with one
/// budget for all; the health checks and the OpenAPI document are open.
pub fn app(config: &Config, state: AppState) -> Router {
    let cors = config.cors.layer(
        &[Method::GET, Method::POST],
        &["content-type", "authorization", "traceparent"],
        &["retry-after"],
    );
    let auth = Auth::new(
        config.token.as_ref().map(|secret| secret.expose()),
        config.jwt_secret.as_ref().map(|secret| secret.expose()),
        config.jwt_audience.as_deref(),
    );
    let document = openapi::document();
    let mut api = Router::new()
        .route("/api/publish", post(routes::publish::publish))
        .route(live::SUBSCRIBE_PATH, get(routes::subscribe::subscribe))
        .route("/api/diagnose", post(routes::diagnose::diagnose))
        .route(REFLECT_PATH, post(routes::reflect::reflect))
        .route_layer(middleware::from_fn_with_state(auth.clone(), auth::require));
    let mut relay = Router::new()
        .route("/grpc/{*method}", post(routes::relay::relay))
        .route_layer(middleware::from_fn_with_state(auth.clone(), auth::require))
        .with_state(routes::relay::RelayState::new(&state));
    let mut http_relay = Router::new()
        .route(HTTP_RELAY_PATH, any(routes::http_relay::relay))
        .route_layer(middleware::from_fn_with_state(auth, auth::require));
    if config.rate_limit_per_second > 0 {
        let client_ip = rate_limit::ClientIp::new(config.trusted_proxies.clone());
        let limit = rate_limit::layer(
            config.rate_limit_per_second,
            config.rate_limit_burst,
            client_ip,
        );
        api = api.route_layer(limit.clone());
        relay = relay.route_layer(limit.clone());
        http_relay = http_relay.route_layer(limit);
    }
    let relay = relay.route_layer(middleware::map_response(grpc::relay::refusal_as_status));
    let api = Router::new()
        .merge(api)
        .route("/healthz", get(routes::health::healthz))
        .route("/readyz", get(routes::health::readyz))
        .route(OPENAPI_PATH, get(move || async move { Json(document) }))
        .fallback(|| async { error::ApiError::NoRoute })
        .method_not_allowed_fallback(|| async { error::ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(config.body_limit_bytes))
        .layer(cors);
    // The relay's own CORS: a person's metadata may be any header, and the
    // page must read the upstream's, gRPC status and trailers included.
    let relay = relay
        .method_not_allowed_fallback(|| async { error::ApiError::MethodNotAllowed })
        .layer(config.cors.layer(
            &[Method::POST],
            grpc::relay::ALLOW_HEADERS,
            grpc::relay::EXPOSE_HEADERS,
        ));
    let http_relay = http_relay
        .route_layer(middleware::map_response(http_relay::mark_refusals))
        .layer(http_relay::layer(&config.cors))
        .layer(middleware::from_fn(http_relay::relayed_options));
    Router::new()
        .merge(api)
        .merge(relay)
        .merge(http_relay)
        .layer(switchboard_service::trace_layer())
        .with_state(state)
}

/// Serves `router` on `listener` until `shutdown`, then lets requests in
/// flight finish for up to `drain` before returning.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    drain: Duration,
) -> std::io::Result<()> {
    let stopping = Arc::new(Notify::new());
    let signal = {
        let stopping = stopping.clone();
        async move {
            shutdown.await;
            stopping.notify_one();
        }
    };
    // Answers are small and latency matters more than packet count: no Nagle.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(signal);
    tokio::select! {
        served = server => served,
        () = async {
            stopping.notified().await;
            tokio::time::sleep(drain).await;
        } => {
            tracing::warn!(?drain, "requests still in flight after the drain period; stopping anyway");
            Ok(())
        }
    }
}

/// Connects to the broker in the background, serves HTTP until `shutdown`,
/// waits for the publishes in flight, then closes the AMQP connection.
pub async fn run(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let broker = start_broker(&config);
    let (listener, addr) = switchboard_service::bind(config.bind).await?;
    tracing::info!(%addr, amqp = ?config.broker.amqp_url, origins = ?config.cors.allowed_origins,
        destinations = ?config.allowlist(), http_targets = ?config.http_targets,
        auth = config.token.is_some() || config.jwt_secret.is_some(),
        "bridge ready");
    let state = AppState::new(&config, broker.clone());
    // Live-tail streams never finish on their own; end them when shutdown
    // begins, so that they do not hold up the drain.
    let subscriptions = state.subscriptions.clone();
    let shutdown = async move {
        shutdown.await;
        subscriptions.close_all();
    };
    let router = app(&config, state);
    // A publish never outlives its confirm timeout, so that bounds the drain.
    let drain = config.publish_timeout() + Duration::from_secs(1);
    serve(listener, router, shutdown, drain).await?;
    tracing::info!("HTTP server stopped; closing the AMQP connection");
    broker.close(Duration::from_secs(5)).await;
    Ok(())
}
