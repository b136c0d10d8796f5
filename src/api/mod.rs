//! One module per transport; every call returns `Result<T, ApiError>`.

pub mod bridge;
pub mod error;
pub mod grpc;
pub mod rest;
