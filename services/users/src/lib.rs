//! The users REST service that ships with Switchboard, so the page has a real
//! service to call out of the box: users listed a page at a time with a
//! filter, created (422 with each field's path when they do not validate),
//! read, replaced and deleted, every refusal as JSON. It serves its own
//! OpenAPI document at [`OPENAPI_PATH`], generated from the handlers.

mod error;
mod fields;
mod routes;
mod store;

use std::{
    net::SocketAddr,
    sync::{Arc, RwLock},
};

use axum::{
    Json, Router,
    http::{Method, header},
    routing::get,
};
use switchboard_wire::User;
use utoipa::OpenApi;

pub use crate::error::UsersError;
use crate::store::Store;

/// Where the service serves its OpenAPI document.
pub const OPENAPI_PATH: &str = "/openapi.json";

/// The service's settings; each flag also reads the environment variable named.
#[derive(Debug, Clone, clap::Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "USERS_BIND", default_value = "127.0.0.1:3001")]
    pub bind: SocketAddr,
    #[command(flatten)]
    pub cors: switchboard_service::CorsArgs,
}

/// The users the service starts with.
pub fn seed() -> Vec<User> {
    [
        (1, "Ada Lovelace", "ada@example.com"),
        (2, "Grace Hopper", "grace@example.com"),
        (3, "Alan Turing", "alan@example.com"),
        (4, "Barbara Liskov", "barbara@example.com"),
        (5, "Edsger Dijkstra", "edsger@example.com"),
    ]
    .into_iter()
    .map(|(id, name, email)| User {
        id,
        name: name.into(),
        email: email.into(),
    })
    .collect()
}

/// The service's OpenAPI document.
#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Switchboard users",
        description = "The users REST service that ships with Switchboard."
    ),
    paths(
        routes::list,
        routes::create,
        routes::get,
        routes::update,
        routes::delete
    ),
    tags((name = "users", description = "Users, kept in memory"))
)]
pub struct ApiDoc;

/// The router, without a socket, so tests can call it directly.
pub fn app(config: &Config) -> Router {
    let cors = config.cors.layer(
        &[Method::GET, Method::POST, Method::PUT, Method::DELETE],
        // `traceparent`, and any header a person adds in the page.
        &[switchboard_service::ANY_HEADER],
        &[header::LOCATION.as_str()],
    );
    let document = ApiDoc::openapi();
    let store: routes::Shared = Arc::new(RwLock::new(Store::new(seed())));
    Router::new()
        .route("/users", get(routes::list).post(routes::create))
        .route(
            "/users/{id}",
            get(routes::get).put(routes::update).delete(routes::delete),
        )
        .route(OPENAPI_PATH, get(move || async move { Json(document) }))
        .route("/healthz", get(|| async { "ok" }))
        .fallback(|| async { UsersError::NoRoute })
        .method_not_allowed_fallback(|| async { UsersError::MethodNotAllowed })
        .with_state(store)
        .layer(cors)
        .layer(switchboard_service::trace_layer())
}
