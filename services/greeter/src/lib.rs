//! The Greeter service that ships with Switchboard: `SayHello` answers
//! `Hello, {name}!`, `SayHelloStream` answers five numbered greetings spaced in
//! time (see [`stream`]), and an empty name is `INVALID_ARGUMENT`. Both log the
//! caller's `traceparent`, so one correlation id follows a call into the logs.
//!
//! Beside it, the Echo service ([`echo`]) sends back what it decoded, with
//! every field type and all four method kinds, for clients that learn a
//! schema at run time. Server reflection describes both.
//!
//! One listener speaks gRPC over HTTP/2 and gRPC-web over HTTP/1.1 (tonic-web),
//! behind a CORS allowlist that exposes the gRPC status headers to the page.

use std::{net::SocketAddr, time::Duration};

use futures::stream::BoxStream;
use http::Method;
use tokio::net::TcpListener;
use tonic::{
    Request, Response, Status,
    metadata::MetadataMap,
    transport::{Server, server::TcpIncoming},
};
use tonic_web::GrpcWebLayer;
use tower_http::trace::TraceLayer;

pub mod echo;
pub mod pace;
pub mod stream;

/// Code generated from `protos/`: `helloworld.proto` here, `echo.proto` in
/// [`proto::echo`].
pub mod proto {
    tonic::include_proto!("helloworld");

    /// Code generated from `protos/echo.proto`.
    pub mod echo {
        tonic::include_proto!("echo");
    }

    /// The compiled `protos/helloworld.proto` and `protos/echo.proto`, with
    /// the google/protobuf files they import and their comments, for server
    /// reflection: tools such as grpcurl and Switchboard's bridge list and
    /// call both services without a copy of the .proto files.
    pub const FILE_DESCRIPTOR_SET: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/descriptors.bin"));
}

use echo::EchoService;
use proto::{
    HelloReply, HelloRequest,
    echo::echo_server::EchoServer,
    greeter_server::{Greeter, GreeterServer},
};

/// The service's settings; each flag also reads the environment variable named.
#[derive(Debug, Clone, clap::Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "GREETER_BIND", default_value = "127.0.0.1:50051")]
    pub bind: SocketAddr,
    #[command(flatten)]
    pub cors: switchboard_service::CorsArgs,
    /// Milliseconds between two `SayHelloStream` replies: long enough to watch
    /// them arrive one by one, short enough that a stream takes about a second.
    #[arg(long, env = "GREETER_STREAM_INTERVAL_MS", default_value_t = 300)]
    pub stream_interval_ms: u64,
    /// Serve gRPC-web (HTTP/1.1) beside native gRPC. `false` makes a native
    /// gRPC server only, as most production servers are, which a browser
    /// reaches only through the bridge's relay.
    #[arg(long, env = "GREETER_GRPC_WEB", default_value_t = true, action = clap::ArgAction::Set)]
    pub grpc_web: bool,
}

/// Request headers a gRPC-web client sends: `x-grpc-web`, `content-type`,
/// `x-user-agent`, `grpc-timeout`, `traceparent`, and whatever metadata a
/// person adds in the page, so every requested header is allowed.
const ALLOW_HEADERS: &[&str] = &[switchboard_service::ANY_HEADER];
/// Response headers the page must be able to read: the gRPC status, and the
/// only `x-echo-*` header the services send, which a failing call carries in
/// its headers when it fails before any reply (a trailers-only response).
const EXPOSE_HEADERS: &[&str] = &[
    "grpc-status",
    "grpc-message",
    "grpc-status-details-bin",
    echo::FAILED_HEADER,
];

/// The Greeter implementation.
#[derive(Debug, Clone)]
pub struct GreeterService {
    /// The time between two `SayHelloStream` replies.
    pub stream_interval: Duration,
}

impl Default for GreeterService {
    fn default() -> Self {
        Self {
            stream_interval: Duration::from_millis(300),
        }
    }
}

#[tonic::async_trait]
impl Greeter for GreeterService {
    async fn say_hello(
        &self,
        request: Request<HelloRequest>,
    ) -> Result<Response<HelloReply>, Status> {
        let traceparent = traceparent(request.metadata());
        let name = valid_name(request.into_inner())?;
        tracing::info!(name, traceparent = traceparent.as_deref(), "SayHello");
        Ok(Response::new(HelloReply {
            message: format!("Hello, {name}!"),
        }))
    }

    type SayHelloStreamStream = BoxStream<'static, Result<HelloReply, Status>>;

    async fn say_hello_stream(
        &self,
        request: Request<HelloRequest>,
    ) -> Result<Response<Self::SayHelloStreamStream>, Status> {
        let traceparent = traceparent(request.metadata());
        let deadline = pace::timeout(request.metadata());
        let name = valid_name(request.into_inner())?;
        tracing::info!(
            name,
            traceparent = traceparent.as_deref(),
            ?deadline,
            "SayHelloStream"
        );
        Ok(Response::new(stream::replies(
            name,
            traceparent,
            self.stream_interval,
            deadline,
        )))
    }
}

/// The trimmed name, or `INVALID_ARGUMENT` if there is none.
fn valid_name(request: HelloRequest) -> Result<String, Status> {
    let name = request.name.trim();
    if name.is_empty() {
        return Err(Status::invalid_argument("name must not be empty"));
    }
    Ok(name.to_owned())
}

/// The caller's W3C `traceparent`, if it sent one.
fn traceparent(metadata: &MetadataMap) -> Option<String> {
    metadata
        .get("traceparent")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// Serves the Greeter, Echo and server reflection on `listener` until
/// `shutdown` resolves.
pub async fn serve(
    config: &Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> Result<(), tonic::transport::Error> {
    let cors = config
        .cors
        .layer(&[Method::POST], ALLOW_HEADERS, EXPOSE_HEADERS);
    // Both versions: v1 is current, and older clients only ask v1alpha.
    let reflection = || {
        tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(proto::FILE_DESCRIPTOR_SET)
    };
    let reflection_v1 = reflection()
        .build_v1()
        .expect("the descriptors compiled by build.rs");
    let reflection_v1alpha = reflection()
        .build_v1alpha()
        .expect("the descriptors compiled by build.rs");
    Server::builder()
        .accept_http1(config.grpc_web)
        .layer(TraceLayer::new_for_grpc())
        .layer(cors)
        .layer(tower::util::option_layer(
            config.grpc_web.then(GrpcWebLayer::new),
        ))
        .add_service(GreeterServer::new(GreeterService {
            stream_interval: Duration::from_millis(config.stream_interval_ms),
        }))
        .add_service(EchoServer::new(EchoService::default()))
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .serve_with_incoming_shutdown(incoming(listener), shutdown)
        .await
}

/// The connections `listener` accepts, without Nagle's algorithm: a native
/// gRPC client (the bridge's relay, for one) sends many calls over one
/// HTTP/2 connection, and a small answer held back until the previous one is
/// acknowledged would wait for the peer's delayed ACK. tonic's own
/// `tcp_nodelay` setting applies only to listeners it binds itself.
pub fn incoming(listener: TcpListener) -> TcpIncoming {
    TcpIncoming::from(listener).with_nodelay(Some(true))
}

#[cfg(test)]
mod tests {
    use futures::StreamExt;
    use tokio::net::TcpStream;

    use super::*;

    #[tokio::test]
    async fn accepted_connections_do_not_wait_for_acks() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut incoming = incoming(listener);
        let _client = TcpStream::connect(addr).await.unwrap();
        let accepted = incoming.next().await.unwrap().unwrap();
        assert!(accepted.nodelay().unwrap(), "Nagle's algorithm is on");
    }
}
