//! Faults the bridge must survive, each against the real RabbitMQ: a broker
//! restart and forced connection closes (under load, and with a confirm
//! pending), a memory alarm, failover to a second node, and graceful shutdown.
//!
//! These tests stop and reconfigure the shared broker, so they take a lock and
//! run one at a time, and each puts the broker back as it found it. They are
//! `#[ignore]`d so that a plain `cargo test` never restarts someone's broker;
//! `scripts/test.sh` runs them on their own with `--ignored`.

mod alarm;
mod broker;
#[path = "../common/mod.rs"]
mod common;
mod failover;
mod load;
mod outage;
mod shutdown;

use tokio::sync::Mutex;

/// One fault test at a time: they share the broker.
static BROKER: Mutex<()> = Mutex::const_new(());
