//! Load generation for Switchboard: the soak test (`soak`) and the benchmark
//! runner (`bench`). `bench/README.md` says how to run them; `scripts/soak.sh`
//! and `scripts/bench.sh` build what they need first.
//!
//! This library holds what both binaries share: a closed-loop load driver with
//! HDR histograms, one keep-alive HTTP/1.1 connection per simulated client, the
//! real servers started as child processes, and RabbitMQ scratch objects and
//! raw lapin publishers to compare the bridge with.
//!
//! Errors are `anyhow` throughout: this crate is a tool at the edge, and every
//! failure ends up printed to a person.

pub mod broker;
pub mod child;
pub mod cpu;
pub mod http1;
pub mod load;
pub mod publish;
pub mod stats;

/// The payload of every benchmark message: `bytes` of printable ASCII, so that
/// it is the same size as text and as an AMQP body.
pub fn payload(bytes: usize) -> String {
    "switchboard ".chars().cycle().take(bytes).collect()
}

/// Raises the soft open-files limit as far as the hard limit allows: a thousand
/// client sockets plus the bridge's own need more than the usual 1,024, and a
/// child process inherits the raised limit.
pub fn raise_fd_limit() -> anyhow::Result<u64> {
    Ok(rlimit::increase_nofile_limit(u64::MAX)?)
}
