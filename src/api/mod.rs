//! One module per transport; every call returns what it got and what went over
//! the wire ([`capture::Traced`]).

pub mod bridge;
pub mod dynamic;
pub mod engine;
pub mod grpc;
pub mod http;
pub mod live;
pub mod request;
pub mod rest;

// What a call sent and received, and how it failed, belong to the model (the
// timeline keeps them); the transports fill them in.
pub(crate) use crate::{capture, error};
