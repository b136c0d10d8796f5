//! The bridge's HTTP handlers, one group per file.

pub mod diagnose;
pub mod health;
pub mod http_relay;
pub mod publish;
pub mod reflect;
pub mod relay;
pub mod subscribe;
