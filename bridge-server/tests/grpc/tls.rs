//! An `https` target whose certificate comes from a private CA: the bridge
//! reaches it with the CA in `UPSTREAM_CA_FILE`, and refuses it without,
//! saying that the certificate is the problem.

use greeter_service::{GreeterService, proto::greeter_server::GreeterServer};
use serde_json::json;
use switchboard_testing::{grpc::greeter::hello, tls::PrivateCa};
use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::{
    Code,
    transport::{Identity, Server, ServerTlsConfig},
};

use crate::Bridge;

/// The Greeter with reflection, over TLS with a certificate of `ca`'s; its
/// base URL.
async fn greeter_over_tls(ca: &PrivateCa) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let identity = Identity::from_pem(&ca.server_cert_pem, &ca.server_key_pem);
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(greeter_service::proto::FILE_DESCRIPTOR_SET)
        .build_v1()
        .unwrap();
    let server = Server::builder()
        .tls_config(ServerTlsConfig::new().identity(identity))
        .unwrap()
        .add_service(GreeterServer::new(GreeterService::default()))
        .add_service(reflection)
        .serve_with_incoming(TcpListenerStream::new(listener));
    tokio::spawn(server);
    url
}

#[tokio::test]
async fn a_private_ca_in_the_ca_file_is_trusted_for_calls_and_reflection() {
    let ca = PrivateCa::new();
    let url = greeter_over_tls(&ca).await;
    let ca_file = ca.ca_file().to_str().unwrap();
    let bridge = Bridge::start(&["--grpc-targets", &url, "--upstream-ca-file", ca_file]).await;

    let reply = bridge.greeter(&url).say_hello(hello("Ada")).await.unwrap();
    assert_eq!(reply.into_inner().message, "Hello, Ada!");

    let reply = bridge.reflect(json!({ "target": url })).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["reflection"], "v1", "{:?}", reply.body);
    assert!(
        reply.body["services"]
            .as_array()
            .unwrap()
            .contains(&json!("helloworld.Greeter")),
        "{:?}",
        reply.body
    );
}

#[tokio::test]
async fn without_the_ca_file_a_private_certificate_is_unreachable_and_says_why() {
    let ca = PrivateCa::new();
    let url = greeter_over_tls(&ca).await;
    let bridge = Bridge::for_targets(&[&url]).await;

    let status = bridge
        .greeter(&url)
        .say_hello(hello("Ada"))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");
    assert!(status.message().contains(&url), "{status:?}");
    // rustls's words for a certificate of an issuer nobody trusts.
    assert!(
        status
            .message()
            .contains("invalid peer certificate: UnknownIssuer"),
        "{status:?}"
    );

    let reply = bridge.reflect(json!({ "target": url })).await;
    reply.assert_error(502, "grpc_target_unreachable");
    assert!(
        reply
            .message()
            .contains("invalid peer certificate: UnknownIssuer"),
        "{}",
        reply.message()
    );
}

#[tokio::test]
async fn a_ca_file_without_a_certificate_is_refused_at_startup() {
    let ca = PrivateCa::new();
    let not_pem = ca.server_key_pem.clone();
    let key_file = ca.ca_file().with_extension("key.pem");
    std::fs::write(&key_file, not_pem).unwrap();
    for (path, reason) in [
        (key_file.to_str().unwrap(), "holds no PEM certificate"),
        ("/nonexistent/ca.pem", "cannot read /nonexistent/ca.pem"),
    ] {
        let error = <bridge_server::Config as clap::Parser>::try_parse_from([
            "bridge-server",
            "--upstream-ca-file",
            path,
        ])
        .unwrap_err();
        let message = error.to_string();
        assert!(message.contains("--upstream-ca-file"), "{message}");
        assert!(message.contains(reason), "{message}");
        assert!(message.contains(path), "{message}");
    }
    std::fs::remove_file(key_file).unwrap();
}
