//! The Greeter service that ships with Switchboard: `SayHello` answers
//! `Hello, {name}!`, and an empty name is `INVALID_ARGUMENT`.
//!
//! One listener speaks gRPC over HTTP/2 and gRPC-web over HTTP/1.1 (tonic-web),
//! behind a CORS allowlist that exposes the gRPC status headers to the page.

use std::net::SocketAddr;

use http::Method;
use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::{Request, Response, Status, transport::Server};
use tonic_web::GrpcWebLayer;
use tower_http::trace::TraceLayer;

/// Code generated from `protos/helloworld.proto`.
pub mod proto {
    tonic::include_proto!("helloworld");
}

use proto::{
    HelloReply, HelloRequest,
    greeter_server::{Greeter, GreeterServer},
};

/// The service's settings; each flag also reads the environment variable named.
#[derive(Debug, Clone, clap::Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "GREETER_BIND", default_value = "127.0.0.1:50051")]
    pub bind: SocketAddr,
    /// Origins allowed to call from a browser, comma-separated (`*` for any).
    #[arg(long, env = "ALLOWED_ORIGINS", value_delimiter = ',',
          default_value = switchboard_service::DEV_ORIGINS)]
    pub allowed_origins: Vec<String>,
}

/// Request headers a gRPC-web client sends.
const ALLOW_HEADERS: &[&str] = &[
    "x-grpc-web",
    "content-type",
    "x-user-agent",
    "grpc-timeout",
    "traceparent",
];
/// Response headers the page must be able to read to see the gRPC status.
const EXPOSE_HEADERS: &[&str] = &["grpc-status", "grpc-message", "grpc-status-details-bin"];

/// The Greeter implementation.
#[derive(Debug, Default)]
pub struct GreeterService;

#[tonic::async_trait]
impl Greeter for GreeterService {
    async fn say_hello(
        &self,
        request: Request<HelloRequest>,
    ) -> Result<Response<HelloReply>, Status> {
        let name = request.into_inner().name;
        let name = name.trim();
        if name.is_empty() {
            return Err(Status::invalid_argument("name must not be empty"));
        }
        tracing::info!(name, "SayHello");
        Ok(Response::new(HelloReply {
            message: format!("Hello, {name}!"),
        }))
    }
}

/// Serves the Greeter on `listener` until `shutdown` resolves.
pub async fn serve(
    config: &Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> Result<(), tonic::transport::Error> {
    let cors = switchboard_service::cors(
        &config.allowed_origins,
        &[Method::POST],
        ALLOW_HEADERS,
        EXPOSE_HEADERS,
    );
    Server::builder()
        .accept_http1(true)
        .layer(TraceLayer::new_for_grpc())
        .layer(cors)
        .layer(GrpcWebLayer::new())
        .add_service(GreeterServer::new(GreeterService))
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), shutdown)
        .await
}
