//! The Switchboard bridge: a browser cannot speak AMQP, so the page posts JSON
//! here and the bridge publishes it to RabbitMQ, answering 2xx only once the
//! broker has confirmed the message.
//!
//! `app` builds the router without a socket (tests drive it directly); `run`
//! serves it until shutdown, then closes the AMQP connection.

pub mod amqp;
pub mod config;
pub mod error;
pub mod message;
mod routes;

use std::time::Duration;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::Method,
    routing::{get, post},
};
use tower_http::trace::TraceLayer;

pub use crate::{
    amqp::{Broker, BrokerConfig},
    config::Config,
};

/// What every handler needs.
#[derive(Debug, Clone)]
pub struct AppState {
    pub broker: Broker,
    /// Where a publish goes when it names no exchange.
    pub exchange: String,
}

/// The bridge's HTTP API.
pub fn app(config: &Config, state: AppState) -> Router {
    let cors = switchboard_service::cors(
        &config.allowed_origins,
        &[Method::GET, Method::POST],
        &["content-type", "authorization", "traceparent"],
        &["retry-after"],
    );
    Router::new()
        .route("/api/publish", post(routes::publish::publish))
        .route("/healthz", get(routes::health::healthz))
        .route("/readyz", get(routes::health::readyz))
        .layer(DefaultBodyLimit::max(config.body_limit_bytes))
        .layer(cors)
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Connects to the broker in the background, serves HTTP until `shutdown`,
/// then closes the AMQP connection.
pub async fn run(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let broker = Broker::start(BrokerConfig {
        urls: config.amqp_url.clone(),
        exchange: config.exchange.clone(),
        connect_timeout: config.connect_timeout(),
        publish_timeout: config.publish_timeout(),
    });
    let (listener, addr) = switchboard_service::bind(config.bind).await?;
    tracing::info!(%addr, amqp = ?config.amqp_url, origins = ?config.allowed_origins,
        "bridge ready");
    let router = app(
        &config,
        AppState {
            broker: broker.clone(),
            exchange: config.exchange.clone(),
        },
    );
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await?;
    broker.close(Duration::from_secs(5)).await;
    Ok(())
}
