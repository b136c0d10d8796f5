//! One module per transport; every call returns what it got and what went over
//! the wire ([`capture::Traced`]).

pub mod bridge;
pub mod capture;
pub mod dynamic;
pub mod engine;
pub mod error;
pub mod grpc;
pub mod http;
pub mod live;
pub mod rest;
