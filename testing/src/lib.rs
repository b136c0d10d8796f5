//! Test support shared by the bridge's integration tests, the greeter's and
//! the benchmarks: the declare, bind and consume steps for queues that watch
//! what the bridge publishes ([`amqp`]), a TCP relay that can drop, hold or
//! delay a server's traffic ([`relay`]), and one way to wait for a condition
//! instead of sleeping ([`wait_until`]). Behind features, so that the
//! benchmarks stay light: the greeter with a gRPC-web client and Echo's
//! samples (`grpc`), and a private certificate authority for TLS upstreams
//! (`tls`).

pub mod amqp;
mod clock;
#[cfg(feature = "grpc")]
pub mod grpc;
pub mod relay;
#[cfg(feature = "tls")]
pub mod tls;
mod wait;

pub use wait::wait_until;
