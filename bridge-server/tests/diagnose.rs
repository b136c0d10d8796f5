//! `POST /api/diagnose` against real HTTP servers with good and broken CORS.

mod common;

use axum::{Router, http::Method, routing::post};
use common::Bridge;
use serde_json::json;
use tokio::net::TcpListener;
use tower_http::cors::CorsLayer;

const PAGE: &str = "http://page.test";
const GRPC_WEB_HEADERS: [&str; 5] = [
    "content-type",
    "x-grpc-web",
    "x-user-agent",
    "traceparent",
    "grpc-timeout",
];

/// A stand-in gRPC-web service with the given CORS policy, on a free port.
async fn service(cors: CorsLayer) -> String {
    let app = Router::new()
        .route("/helloworld.Greeter/SayHello", post(|| async { "" }))
        .layer(cors);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

fn cors(origin: &str, expose: &[&str]) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(origin.parse::<axum::http::HeaderValue>().unwrap())
        .allow_methods([Method::POST])
        .allow_headers(GRPC_WEB_HEADERS.map(|name| name.parse().unwrap()))
        .expose_headers(
            expose
                .iter()
                .map(|name| name.parse().unwrap())
                .collect::<Vec<_>>(),
        )
}

async fn diagnose(bridge: &Bridge, url: &str) -> common::Reply {
    let response = bridge
        .client
        .post(format!("{}/api/diagnose", bridge.url))
        .header("origin", PAGE)
        .json(&json!({ "url": url, "kind": "grpc-web" }))
        .send()
        .await
        .unwrap();
    common::Reply::read(response).await
}

fn failed(reply: &common::Reply) -> Vec<String> {
    reply.body["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|check| check["ok"] == false)
        .map(|check| {
            format!(
                "{}: {}",
                check["name"].as_str().unwrap(),
                check["detail"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn a_correct_grpc_web_service_passes_every_check() {
    let good = service(cors(
        PAGE,
        &["grpc-status", "grpc-message", "grpc-status-details-bin"],
    ))
    .await;
    let bridge = Bridge::connected(&["--probe-targets", &good]).await;
    let reply = diagnose(&bridge, &good).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["ok"], true, "{:?}", failed(&reply));
    assert_eq!(reply.body["origin"], PAGE);
}

#[tokio::test]
async fn unexposed_grpc_status_is_named() {
    let broken = service(cors(PAGE, &[])).await;
    let bridge = Bridge::connected(&["--probe-targets", &broken]).await;
    let reply = diagnose(&bridge, &broken).await;
    assert_eq!(reply.body["ok"], false);
    let failed = failed(&reply);
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].contains("`grpc-status`"), "{failed:?}");
    assert!(
        failed[0].contains("Access-Control-Expose-Headers"),
        "{failed:?}"
    );
}

#[tokio::test]
async fn a_foreign_origin_is_reported() {
    let other = service(cors(
        "http://elsewhere.test",
        &["grpc-status", "grpc-message"],
    ))
    .await;
    let bridge = Bridge::connected(&["--probe-targets", &other]).await;
    let reply = diagnose(&bridge, &other).await;
    let failed = failed(&reply);
    assert!(
        failed
            .iter()
            .any(|line| line.starts_with("origin allowed (preflight)")),
        "{failed:?}"
    );
}

#[tokio::test]
async fn a_down_target_is_unreachable() {
    let down = "http://127.0.0.1:9";
    let bridge = Bridge::connected(&["--probe-targets", down]).await;
    let reply = diagnose(&bridge, down).await;
    let failed = failed(&reply);
    assert!(failed[0].starts_with("reachable:"), "{failed:?}");
}

#[tokio::test]
async fn only_configured_targets_are_probed() {
    let bridge = Bridge::connected(&[]).await;
    for url in [
        "http://169.254.169.254",
        "http://127.0.0.1:5672",
        "http://127.0.0.1:3001/../admin",
    ] {
        let reply = diagnose(&bridge, url).await;
        assert_eq!(reply.status, 403, "{url}: {:?}", reply.body);
        assert_eq!(reply.code(), "not_probe_target");
    }
}

#[tokio::test]
async fn a_refused_preflight_suggests_the_relay_only_for_its_targets() {
    let no_cors = service(CorsLayer::new()).await;
    let good = service(cors(
        PAGE,
        &["grpc-status", "grpc-message", "grpc-status-details-bin"],
    ))
    .await;
    let down = "http://127.0.0.1:9";
    let probed = [no_cors.as_str(), good.as_str(), down].join(",");
    let relayed = [no_cors.as_str(), good.as_str(), down].join(",");
    let bridge = Bridge::connected(&["--probe-targets", &probed, "--http-targets", &relayed]).await;
    let refused = diagnose(&bridge, &no_cors).await;
    assert_eq!(refused.body["ok"], false);
    assert_eq!(refused.body["relay_available"], true, "{:?}", refused.body);
    // Nothing to suggest when CORS is fine, or when the bridge cannot reach it either.
    let fine = diagnose(&bridge, &good).await;
    assert_eq!(fine.body["ok"], true, "{:?}", failed(&fine));
    assert_eq!(fine.body["relay_available"], false);
    let unreachable = diagnose(&bridge, down).await;
    assert_eq!(unreachable.body["relay_available"], false);

    let not_relayed = Bridge::connected(&["--probe-targets", &no_cors]).await;
    let refused = diagnose(&not_relayed, &no_cors).await;
    assert_eq!(refused.body["ok"], false);
    assert_eq!(refused.body["relay_available"], false);
}
