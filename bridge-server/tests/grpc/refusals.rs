//! Every refusal of the gRPC side, each a precise status and JSON `error`
//! code, against servers that really behave as the refusal says.

use serde_json::json;

use crate::{Bridge, CLOSED_PORT, greeter, servers};

/// What a bridge answers when asked to reflect `url`, a target it may call,
/// with `args` besides.
async fn reflect(url: &str, args: &[&str]) -> crate::Reply {
    let mut all = vec!["--grpc-targets", url];
    all.extend(args);
    let bridge = Bridge::start(&all).await;
    bridge.reflect(json!({ "target": url })).await
}

#[tokio::test]
async fn a_target_outside_the_allowlist_is_forbidden() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&["http://127.0.0.1:1"]).await;
    let reply = bridge.reflect(json!({ "target": url })).await;
    reply.assert_error(403, "grpc_target_not_allowed");
    assert!(
        reply.message().contains("GRPC_TARGETS"),
        "{}",
        reply.message()
    );
    assert!(reply.message().contains(&url), "{}", reply.message());

    // Another scheme, port or path is another target.
    for other in [
        url.replace("http://", "https://"),
        format!("{url}/admin"),
        "not a url".to_owned(),
    ] {
        let bridge = Bridge::for_targets(&[&url]).await;
        let reply = bridge.reflect(json!({ "target": other })).await;
        reply.assert_error(403, "grpc_target_not_allowed");
    }
}

#[tokio::test]
async fn a_server_without_reflection_says_to_load_proto_files() {
    let url = servers::greeter_without_reflection().await;
    let reply = reflect(&url, &[]).await;
    reply.assert_error(422, "reflection_unavailable");
    assert_eq!(
        reply.message(),
        "reflection is not enabled on this server (UNIMPLEMENTED): load .proto files instead"
    );
}

#[tokio::test]
async fn an_http1_web_server_is_not_a_grpc_server() {
    let url = servers::http1_server().await;
    let reply = reflect(&url, &[]).await;
    reply.assert_error(502, "not_a_grpc_server");
    assert!(reply.message().contains(&url), "{}", reply.message());
}

#[tokio::test]
async fn an_http2_server_without_grpc_status_is_not_a_grpc_server() {
    let url = servers::http2_server().await;
    let reply = reflect(&url, &[]).await;
    reply.assert_error(502, "not_a_grpc_server");
    assert!(reply.message().contains("HTTP 404"), "{}", reply.message());
    assert!(reply.message().contains("text/html"), "{}", reply.message());
}

#[tokio::test]
async fn a_closed_port_is_unreachable_and_says_why() {
    let url = CLOSED_PORT;
    let reply = reflect(url, &[]).await;
    reply.assert_error(502, "grpc_target_unreachable");
    assert!(reply.message().contains(url), "{}", reply.message());
    assert!(
        reply.message().to_lowercase().contains("refused"),
        "{}",
        reply.message()
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let url = servers::silent_server().await;
    let started = std::time::Instant::now();
    let reply = reflect(&url, &["--grpc-timeout-ms", "300"]).await;
    reply.assert_error(504, "grpc_timeout");
    assert!(reply.message().contains("300 ms"), "{}", reply.message());
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_bad_target_setting_is_refused_at_startup() {
    let error = <bridge_server::Config as clap::Parser>::try_parse_from([
        "bridge-server",
        "--grpc-targets",
        "http://127.0.0.1:50051,127.0.0.1:50052",
    ])
    .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("--grpc-targets"), "{message}");
    assert!(message.contains("must start with http://"), "{message}");
}

#[tokio::test]
async fn the_relay_needs_an_allowed_target_header() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let grpc_web = ("content-type", "application/grpc-web+proto");
    let path = "/grpc/helloworld.Greeter/SayHello";

    let reply = bridge.post(path, &[grpc_web], Vec::new()).await;
    reply.assert_error(400, "missing_grpc_target");
    assert!(
        reply.message().contains("x-grpc-target"),
        "{}",
        reply.message()
    );

    let elsewhere = ("x-grpc-target", "http://127.0.0.1:1");
    let reply = bridge.post(path, &[grpc_web, elsewhere], Vec::new()).await;
    reply.assert_error(403, "grpc_target_not_allowed");
    // Also said as a gRPC status, for a gRPC-web client: PERMISSION_DENIED.
    assert_eq!(reply.headers["grpc-status"], "7");
    let message = reply.headers["grpc-message"].to_str().unwrap();
    assert!(message.contains("grpc_target_not_allowed"), "{message}");

    let allowed = ("x-grpc-target", url.as_str());
    let json = ("content-type", "application/json");
    let reply = bridge.post(path, &[json, allowed], Vec::new()).await;
    reply.assert_error(415, "not_grpc_web");
}

#[tokio::test]
async fn the_relay_refuses_a_body_over_its_limit() {
    let url = greeter().await;
    let bridge = Bridge::start(&["--grpc-targets", &url, "--grpc-body-limit-bytes", "64"]).await;
    let headers = [
        ("content-type", "application/grpc-web+proto"),
        ("x-grpc-target", url.as_str()),
    ];
    let reply = bridge
        .post("/grpc/helloworld.Greeter/SayHello", &headers, vec![0; 65])
        .await;
    reply.assert_error(413, "body_too_large");
    assert!(
        reply.message().contains("GRPC_BODY_LIMIT_BYTES"),
        "{}",
        reply.message()
    );
}

#[tokio::test]
async fn the_relay_and_the_api_share_one_rate_limit() {
    let url = greeter().await;
    let bridge = Bridge::start(&[
        "--grpc-targets",
        &url,
        "--rate-limit-per-second",
        "1",
        "--rate-limit-burst",
        "1",
    ])
    .await;
    let reply = bridge.reflect(json!({ "target": url })).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);

    let headers = [
        ("content-type", "application/grpc-web+proto"),
        ("x-grpc-target", url.as_str()),
    ];
    let reply = bridge
        .post("/grpc/helloworld.Greeter/SayHello", &headers, Vec::new())
        .await;
    reply.assert_error(429, "rate_limited");
    assert!(reply.headers.contains_key("retry-after"));
    // UNAVAILABLE, as the gRPC spec reads a 429.
    assert_eq!(reply.headers["grpc-status"], "14");
}

#[tokio::test]
async fn a_failed_tls_handshake_is_unreachable_and_says_why() {
    // The greeter speaks no TLS, so an https:// target on its port fails
    // in the handshake.
    let plain = greeter().await;
    let url = plain.replace("http://", "https://");
    let reply = reflect(&url, &[]).await;
    reply.assert_error(502, "grpc_target_unreachable");
    assert!(reply.message().contains(&url), "{}", reply.message());
    // rustls's words for a reply that is not TLS.
    assert!(
        reply.message().contains("corrupt message"),
        "{}",
        reply.message()
    );
}
