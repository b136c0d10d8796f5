//! Who may use the relay: the bridge's token in its own header, so that
//! `authorization` stays the caller's, and CORS open to any metadata.

use greeter_service::proto::greeter_client::GreeterClient;
use prost::Message;
use switchboard_testing::grpc::{frame, greeter::hello};
use tonic::{Code, Request};

use crate::{Bridge, Headers, greeter};

#[tokio::test]
async fn with_a_bridge_token_the_relay_reads_it_from_its_own_header() {
    let url = greeter().await;
    let bridge = Bridge::start(&["--grpc-targets", &url, "--token", "s3cret"]).await;
    // Refused with the bridge's JSON error, which a gRPC-web client reads
    // as a status too.
    let without = bridge
        .greeter(&url)
        .say_hello(hello("Ada"))
        .await
        .unwrap_err();
    assert_eq!(without.code(), Code::Unauthenticated, "{without:?}");
    assert!(without.message().contains("(unauthorized)"), "{without:?}");
    let with_authorization_only = bridge
        .post(
            "/grpc/helloworld.Greeter/SayHello",
            &[
                ("content-type", "application/grpc-web+proto"),
                ("x-grpc-target", url.as_str()),
                ("authorization", "Bearer s3cret"),
            ],
            Vec::new(),
        )
        .await;
    with_authorization_only.assert_error(401, "unauthorized");

    let relay = bridge.relay_with(Headers {
        target: Some(url.clone()),
        token: Some("s3cret".into()),
    });
    let mut client = GreeterClient::with_origin(relay.service, relay.origin);
    // The caller's own `authorization` is metadata for the upstream, not the bridge's.
    let mut request = Request::new(hello("Ada"));
    request
        .metadata_mut()
        .insert("authorization", "Bearer for-the-upstream".parse().unwrap());
    let reply = client.say_hello(request).await.unwrap();
    assert_eq!(reply.into_inner().message, "Hello, Ada!");
}

#[tokio::test]
async fn cors_lets_a_page_send_any_metadata_and_read_every_header() {
    const PAGE: &str = "http://page.test";
    let url = greeter().await;
    let bridge = Bridge::start(&["--grpc-targets", &url, "--allowed-origins", PAGE]).await;
    let asked = "content-type,x-grpc-web,x-user-agent,grpc-timeout,x-grpc-target,\
                 x-bridge-authorization,authorization,x-tenant-id";
    let preflight = reqwest::Client::new()
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/grpc/helloworld.Greeter/SayHello", bridge.url),
        )
        .header("origin", PAGE)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", asked)
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 200);
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], PAGE);
    let allowed = headers["access-control-allow-headers"].to_str().unwrap();
    for name in asked.split(',') {
        assert!(allowed.contains(name), "{name} not allowed: {allowed}");
    }

    let reply = bridge
        .post(
            "/grpc/helloworld.Greeter/SayHello",
            &[
                ("origin", PAGE),
                ("content-type", "application/grpc-web+proto"),
                ("x-grpc-target", url.as_str()),
            ],
            frame(&hello("Ada").encode_to_vec()),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["access-control-allow-origin"], PAGE);
    let exposed = reply.headers["access-control-expose-headers"]
        .to_str()
        .unwrap();
    for name in [
        "grpc-status",
        "grpc-message",
        "grpc-status-details-bin",
        "*",
    ] {
        assert!(
            exposed.split(',').any(|item| item.trim() == name),
            "{name} not in {exposed}"
        );
    }
}
