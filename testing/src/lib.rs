//! Test support shared by the bridge's integration tests and the benchmarks:
//! the declare, bind and consume steps for queues that watch what the bridge
//! publishes ([`amqp`]), a TCP relay that can drop or hold a broker's traffic
//! ([`relay`]), one way to wait for a condition instead of sleeping
//! ([`wait_until`]), and, with the `tls` feature, a private certificate
//! authority for TLS upstreams ([`tls`]).

pub mod amqp;
pub mod relay;
#[cfg(feature = "tls")]
pub mod tls;
mod wait;

pub use wait::wait_until;
