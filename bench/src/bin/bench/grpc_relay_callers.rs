//! The callers `grpc-relay` drives: gRPC-web over HTTP/1.1, as the page
//! calls, and native gRPC over HTTP/2; and a probe of a link's round trip.

use std::time::Duration;

use futures::future::try_join_all;
use greeter_service::proto::echo::{Echoed, Sample, echo_client::EchoClient};
use hyper_util::{
    client::legacy::{Client as HttpClient, connect::HttpConnector},
    rt::TokioExecutor,
};
use switchboard_bench::{load::Client, stats::Outcome};
use switchboard_wire::grpc::TARGET_HEADER;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    time::Instant,
};
use tonic::{
    Status,
    body::Body,
    metadata::{AsciiMetadataValue, MetadataValue},
    service::{Interceptor, interceptor::InterceptedService},
    transport::{Channel, Endpoint},
};
use tonic_web::{GrpcWebCall, GrpcWebClientLayer, GrpcWebClientService};

pub const TEXT: &str = "Ada";

/// The small sample every call sends: a string and a number.
fn sample() -> Sample {
    Sample {
        text: TEXT.into(),
        small: 7,
        ..Sample::default()
    }
}

/// A success only when the server echoed the sample back.
fn outcome(result: Result<tonic::Response<Echoed>, Status>) -> Outcome {
    match result {
        Ok(reply) if reply.get_ref().sample.as_ref().map(|s| s.text.as_str()) == Some(TEXT) => {
            Outcome::Ok
        }
        Ok(reply) => Outcome::Error(format!("echoed something else: {:?}", reply.get_ref())),
        Err(status) => Outcome::Error(status.to_string()),
    }
}

/// `x-grpc-target` on every call through the relay; nothing when direct.
#[derive(Debug, Clone)]
struct TargetHeader(Option<AsciiMetadataValue>);

impl Interceptor for TargetHeader {
    fn call(&mut self, mut request: tonic::Request<()>) -> Result<tonic::Request<()>, Status> {
        if let Some(target) = &self.0 {
            request.metadata_mut().insert(TARGET_HEADER, target.clone());
        }
        Ok(request)
    }
}

type WebService = InterceptedService<
    GrpcWebClientService<HttpClient<HttpConnector, GrpcWebCall<Body>>>,
    TargetHeader,
>;

/// A gRPC-web caller, as the page is one: its own HTTP/1.1 keep-alive
/// connection (a pool that never needs a second one, as each caller has one
/// call in flight). Direct and relayed callers differ only in their base URL
/// and the target header.
pub struct Web(EchoClient<WebService>);

impl Web {
    fn new(origin: &str, target: Option<&str>) -> anyhow::Result<Self> {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let http1 = HttpClient::builder(TokioExecutor::new())
            .pool_max_idle_per_host(1)
            .build(connector);
        let web = tower::ServiceBuilder::new()
            .layer(GrpcWebClientLayer::new())
            .service(http1);
        let target = target.map(MetadataValue::try_from).transpose()?;
        let service = InterceptedService::new(web, TargetHeader(target));
        Ok(Self(EchoClient::with_origin(service, origin.parse()?)))
    }
}

impl Client for Web {
    async fn call(&mut self) -> Outcome {
        outcome(self.0.unary(sample()).await)
    }
}

/// A native gRPC caller: its own HTTP/2 connection.
pub struct Native(EchoClient<Channel>);

impl Client for Native {
    async fn call(&mut self) -> Outcome {
        outcome(self.0.unary(sample()).await)
    }
}

/// A tonic channel to `url`, connected now.
async fn connect(url: &str) -> anyhow::Result<Channel> {
    let endpoint = Endpoint::from_shared(url.to_owned())?
        .connect_timeout(Duration::from_secs(5))
        .tcp_nodelay(true);
    Ok(endpoint.connect().await?)
}

/// `count` native callers, each with its own connection.
pub async fn natives(url: &str, count: usize) -> anyhow::Result<Vec<Native>> {
    let connect =
        (0..count).map(|_| async { anyhow::Ok(Native(EchoClient::new(connect(url).await?))) });
    try_join_all(connect).await
}

/// `count` native callers sharing one connection, as the relay's callers
/// share its one connection to the target.
pub async fn natives_sharing(url: &str, count: usize) -> anyhow::Result<Vec<Native>> {
    let channel = connect(url).await?;
    Ok((0..count)
        .map(|_| Native(EchoClient::new(channel.clone())))
        .collect())
}

/// `count` gRPC-web callers of `origin`, through the relay when `target`
/// names the server it should reach.
pub fn webs(origin: &str, target: Option<&str>, count: usize) -> anyhow::Result<Vec<Web>> {
    (0..count).map(|_| Web::new(origin, target)).collect()
}

/// A TCP echo server on a free port, for [`round_trips`].
pub async fn echo_server() -> anyhow::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?.to_string();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (mut read, mut write) = stream.into_split();
                let _ = tokio::io::copy(&mut read, &mut write).await;
            });
        }
    });
    Ok(addr)
}

/// The round trip of one byte to the echo server at `addr`, `count` times
/// one after another, sorted: what a link adds to every call, alone.
pub async fn round_trips(addr: &str, count: usize) -> anyhow::Result<Vec<Duration>> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let mut byte = [0u8; 1];
    let mut times = Vec::with_capacity(count);
    for _ in 0..count {
        let sent = Instant::now();
        stream.write_all(b"x").await?;
        stream.read_exact(&mut byte).await?;
        times.push(sent.elapsed());
    }
    times.sort();
    Ok(times)
}
