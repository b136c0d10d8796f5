//! The bridge's gRPC side, for a page that speaks only gRPC-web: server
//! reflection of an allowlisted server (`reflect`), and a relay of gRPC-web
//! calls to it as native gRPC over HTTP/2 (`relay`).

mod conversation;
mod error;
pub mod reflect;
pub mod relay;
mod target;
mod upstream;

pub use error::GrpcError;
pub use target::{GrpcTarget, GrpcTargets};
