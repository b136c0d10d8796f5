//! The users REST service that ships with Switchboard, so the page's REST panel
//! works out of the box: `GET /users/{id}` answers `{ "id", "name", "email" }`,
//! 404 for an unknown id and 400 for one that is not a number, both as JSON.

use std::{net::SocketAddr, sync::Arc};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, State},
    http::{Method, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use switchboard_wire::{ErrorBody, User};

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

/// The router, without a socket, so tests can call it directly.
pub fn app(config: &Config) -> Router {
    let cors = config.cors.layer(
        &[Method::GET],
        // `traceparent`, and any header a person adds in the page.
        &[switchboard_service::ANY_HEADER],
        &[],
    );
    Router::new()
        .route("/users/{id}", get(get_user))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(Arc::new(Store::new(seed())))
        .layer(cors)
        .layer(switchboard_service::trace_layer())
}

/// The users, each with its JSON answer encoded once: they never change, so
/// a lookup only copies a reference-counted buffer.
struct Store(Vec<(u64, Bytes)>);

impl Store {
    fn new(users: Vec<User>) -> Self {
        let encoded = users.into_iter().map(|user| {
            let json = serde_json::to_vec(&user).expect("a User always encodes");
            (user.id, Bytes::from(json))
        });
        Self(encoded.collect())
    }
}

async fn get_user(
    State(store): State<Arc<Store>>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, UsersError> {
    let id: u64 = id.parse().map_err(|_| UsersError::InvalidId(id))?;
    let (_, json) = store
        .0
        .iter()
        .find(|(user, _)| *user == id)
        .ok_or(UsersError::NotFound(id))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json.clone()))
}

/// Why a lookup failed.
#[derive(Debug)]
enum UsersError {
    InvalidId(String),
    NotFound(u64),
}

impl IntoResponse for UsersError {
    fn into_response(self) -> Response {
        let (status, error, message) = match self {
            Self::InvalidId(id) => (
                StatusCode::BAD_REQUEST,
                "invalid_id",
                format!("user id must be a non-negative integer, got {id:?}"),
            ),
            Self::NotFound(id) => (
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no user with id {id}"),
            ),
        };
        let body = ErrorBody {
            error: error.into(),
            message,
        };
        (status, Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use axum::{body::Body, http::Request};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use super::*;

    fn config() -> Config {
        Config {
            bind: "127.0.0.1:0".parse().unwrap(),
            cors: switchboard_service::CorsArgs {
                allowed_origins: vec!["http://page.test".into()],
            },
        }
    }

    async fn get(uri: &str, origin: Option<&str>) -> Response {
        let mut request = Request::get(uri);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        app(&config())
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    async fn json<T: serde::de::DeserializeOwned>(response: Response) -> T {
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[tokio::test]
    async fn known_user_is_returned() {
        let response = get("/users/2", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        let user: User = json(response).await;
        assert_eq!(user.name, "Grace Hopper");
        assert_eq!(user.email, "grace@example.com");
    }

    #[tokio::test]
    async fn unknown_user_is_404_with_json_error() {
        let response = get("/users/999", None).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let body: ErrorBody = json(response).await;
        assert_eq!(body.error, "not_found");
        assert_eq!(body.message, "no user with id 999");
    }

    #[tokio::test]
    async fn non_numeric_id_is_400_with_json_error() {
        for id in ["abc", "-1", "1.5"] {
            let response = get(&format!("/users/{id}"), None).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "id {id}");
            let body: ErrorBody = json(response).await;
            assert_eq!(body.error, "invalid_id");
        }
    }

    #[tokio::test]
    async fn cors_allows_only_configured_origins() {
        let allowed = get("/users/1", Some("http://page.test")).await;
        assert_eq!(
            allowed.headers()["access-control-allow-origin"],
            "http://page.test"
        );
        let refused = get("/users/1", Some("http://evil.test")).await;
        assert!(
            !refused
                .headers()
                .contains_key("access-control-allow-origin")
        );
    }
}
