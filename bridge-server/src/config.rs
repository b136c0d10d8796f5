//! Every setting of the bridge, as flags and environment variables.

use std::{fmt, net::SocketAddr, str::FromStr, time::Duration};

use ipnet::IpNet;
use switchboard_service::{BrokerArgs, CorsArgs};

use crate::{
    access::{Allowlist, Destination},
    grpc::{GrpcTarget, GrpcTargets},
    http_relay::{HttpRelay, HttpTarget, HttpTargets, Limits},
    subscribe::SubscribeLimits,
    upstream_ca::UpstreamCa,
};

/// The bridge's settings; each flag also reads the environment variable named.
#[derive(Debug, Clone, clap::Parser)]
#[command(version, about)]
pub struct Config {
    /// Where RabbitMQ is (`AMQP_URL`, `CONNECT_TIMEOUT_MS`); the bridge fails
    /// over to the next address of the list when one is unreachable.
    #[command(flatten)]
    pub broker: BrokerArgs,
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "BRIDGE_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,
    /// Threads that serve HTTP. The bridge mostly waits on sockets, and lapin
    /// has an I/O thread of its own, so one thread keeps up with RabbitMQ and
    /// saves a cross-thread wake-up per request (BENCHMARKS.md measures
    /// both); more only help when requests need much CPU of their own.
    #[arg(long, env = "BRIDGE_WORKER_THREADS", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..))]
    pub worker_threads: u16,
    #[command(flatten)]
    pub cors: CorsArgs,
    /// The fanout exchange declared at startup (if it does not exist yet).
    #[arg(long, env = "BRIDGE_EXCHANGE", default_value = switchboard_wire::DEFAULT_EXCHANGE)]
    pub exchange: String,
    /// How long a publish may wait for the broker's confirm, in milliseconds.
    #[arg(long, env = "PUBLISH_TIMEOUT_MS", default_value_t = 5_000)]
    pub publish_timeout_ms: u64,
    /// The largest request body accepted, in bytes.
    #[arg(long, env = "BODY_LIMIT_BYTES", default_value_t = 64 * 1024)]
    pub body_limit_bytes: usize,
    /// Live tail: how many unacknowledged deliveries the broker may push to
    /// one subscriber at once (AMQP prefetch).
    #[arg(long, env = "SUBSCRIBE_PREFETCH", default_value_t = 256,
          value_parser = clap::value_parser!(u16).range(1..))]
    pub subscribe_prefetch: u16,
    /// Live tail: how many deliveries may wait for a slow reader; beyond that
    /// they are acknowledged, dropped and counted.
    #[arg(long, env = "SUBSCRIBE_BUFFER", default_value_t = 256,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub subscribe_buffer: u32,
    /// Live tail: how many subscriptions may be open at once.
    #[arg(long, env = "SUBSCRIBE_MAX", default_value_t = 64,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub subscribe_max: u32,
    /// Where callers may publish, comma-separated: `exchange` (any routing key)
    /// or `exchange:pattern` (`*` and `?` wildcards). Default: the bridge's exchange.
    #[arg(long, env = "ALLOWED_DESTINATIONS", value_delimiter = ',')]
    pub allowed_destinations: Vec<Destination>,
    /// A static bearer token callers must send (`Authorization: Bearer …`).
    #[arg(long, env = "BRIDGE_TOKEN", hide_env_values = true)]
    pub token: Option<Secret>,
    /// A secret for HS256 JWT bearer tokens; callers may send either kind.
    #[arg(long, env = "BRIDGE_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<Secret>,
    /// The audience a JWT must name in its `aud` claim; a token without it, or
    /// for another, is refused. Unset, a token that names any audience is refused.
    #[arg(long, env = "BRIDGE_JWT_AUDIENCE", requires = "jwt_secret",
          value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub jwt_audience: Option<String>,
    /// Requests a second each client may make on average; 0 turns the limit off.
    #[arg(long, env = "RATE_LIMIT_PER_SECOND", default_value_t = 100)]
    pub rate_limit_per_second: u32,
    /// How many requests a client may make at once before the limit applies.
    #[arg(long, env = "RATE_LIMIT_BURST", default_value_t = 200)]
    pub rate_limit_burst: u32,
    /// Base URLs `POST /api/diagnose` may check for CORS problems; no others,
    /// so the bridge is not an open proxy.
    #[arg(long, env = "PROBE_TARGETS", value_delimiter = ',', default_value = DEFAULT_PROBE_TARGETS)]
    pub probe_targets: Vec<String>,
    /// gRPC servers the page may reflect (`POST /api/grpc/reflect`) and call
    /// through the relay (`/grpc/…`), comma-separated: `http://host:port`
    /// (HTTP/2 without TLS) or `https://host:port` (TLS); no others, so the
    /// bridge is not an open proxy.
    #[arg(long, env = "GRPC_TARGETS", value_delimiter = ',', default_value = DEFAULT_GRPC_TARGETS)]
    pub grpc_targets: Vec<GrpcTarget>,
    /// The longest wait for a gRPC target, in milliseconds: to connect, for a
    /// whole reflection, and for a relayed call's answer to begin (a stream
    /// then runs as long as its own `grpc-timeout` allows).
    #[arg(long, env = "GRPC_TIMEOUT_MS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub grpc_timeout_ms: u64,
    /// The largest gRPC-web request body the relay accepts, in bytes: all the
    /// messages of one call, client streams included.
    #[arg(long, env = "GRPC_BODY_LIMIT_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub grpc_body_limit_bytes: usize,
    /// Where the HTTP relay (any method on `/http`) may send requests,
    /// comma-separated: origins (`http://host:port`, `https://host:port`), each
    /// optionally with a path prefix (`https://api.test/v1` allows `/v1` and
    /// below); no others, so the bridge is not an open proxy.
    #[arg(long, env = "HTTP_TARGETS", value_delimiter = ',', default_value = DEFAULT_HTTP_TARGETS)]
    pub http_targets: Vec<HttpTarget>,
    /// The longest wait for a relayed HTTP request's whole answer, connecting
    /// included, in milliseconds.
    #[arg(long, env = "HTTP_TIMEOUT_MS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub http_timeout_ms: u64,
    /// The largest request body the HTTP relay accepts, in bytes.
    #[arg(long, env = "HTTP_BODY_LIMIT_BYTES", default_value_t = 1024 * 1024)]
    pub http_body_limit_bytes: usize,
    /// The largest answer body the HTTP relay brings back, in bytes; a larger
    /// one is refused with 502 `response_too_large`.
    #[arg(long, env = "HTTP_RESPONSE_LIMIT_BYTES", default_value_t = 10 * 1024 * 1024)]
    pub http_response_limit_bytes: usize,
    /// A PEM file of CA certificates trusted, beside the system's roots, for
    /// `https` gRPC and HTTP relay targets: a company's internal servers with
    /// certificates of its own CA. Read at startup; a file without a usable
    /// certificate stops the bridge.
    #[arg(long, env = "UPSTREAM_CA_FILE")]
    pub upstream_ca_file: Option<UpstreamCa>,
    /// Proxies (addresses or CIDR blocks) whose `X-Forwarded-For` is believed.
    #[arg(long, env = "TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpNet>,
}

impl Config {
    pub fn publish_timeout(&self) -> Duration {
        Duration::from_millis(self.publish_timeout_ms)
    }

    /// The bounds of every live-tail subscription.
    pub fn subscribe_limits(&self) -> SubscribeLimits {
        SubscribeLimits {
            prefetch: self.subscribe_prefetch,
            buffer: self.subscribe_buffer as usize,
            max_subscribers: self.subscribe_max as usize,
        }
    }

    /// The gRPC servers callers may reach, each with its channel. Must run
    /// inside a Tokio runtime.
    pub fn grpc_targets(&self) -> GrpcTargets {
        GrpcTargets::new(
            &self.grpc_targets,
            Duration::from_millis(self.grpc_timeout_ms),
            self.upstream_ca_file.as_ref(),
        )
    }

    /// The HTTP relay: its allowlist and limits.
    pub fn http_relay(&self) -> HttpRelay {
        HttpRelay::new(
            HttpTargets::new(self.http_targets.clone()),
            Limits {
                timeout: Duration::from_millis(self.http_timeout_ms),
                body: self.http_body_limit_bytes,
                response: self.http_response_limit_bytes,
            },
            self.upstream_ca_file.as_ref(),
        )
    }

    /// The destinations callers may publish to.
    pub fn allowlist(&self) -> Allowlist {
        if self.allowed_destinations.is_empty() {
            Allowlist::new(vec![Destination::exchange(&self.exchange)])
        } else {
            Allowlist::new(self.allowed_destinations.clone())
        }
    }
}

/// The users and greeter services at their default addresses.
const DEFAULT_PROBE_TARGETS: &str = "http://127.0.0.1:3001,http://127.0.0.1:50051,\
    http://localhost:3001,http://localhost:50051";

/// The greeter that ships with Switchboard, as the page may spell it.
const DEFAULT_GRPC_TARGETS: &str = "http://127.0.0.1:50051,http://localhost:50051";

/// The users service, as the page may spell it.
const DEFAULT_HTTP_TARGETS: &str = "http://127.0.0.1:3001,http://localhost:3001";

/// A setting that must not be printed: `Debug` shows `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl FromStr for Secret {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        if value.is_empty() {
            return Err("must not be empty".to_owned());
        }
        Ok(Self(value.to_owned()))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}
