//! Test support shared by the bridge's integration tests and the benchmarks:
//! the declare, bind and consume steps for queues that watch what the bridge
//! publishes ([`amqp`]), a TCP relay that can drop or hold a broker's traffic
//! ([`relay`]), and one way to wait for a condition instead of sleeping
//! ([`wait_until`]).

pub mod amqp;
pub mod relay;
mod wait;

pub use wait::wait_until;
