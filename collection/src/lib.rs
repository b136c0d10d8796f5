//! Collections of saved requests of every kind Switchboard sends (HTTP, gRPC,
//! publishes through the bridge, and live tails), environments of variables
//! substituted into them, the versioned file that holds both, Postman v2.1
//! import, and, behind the `cli` feature, the command-line runner
//! `switchboard-run` (`cargo run -p switchboard-collection --bin
//! switchboard-run -- FILE`).
//!
//! The library is plain data and functions on it: it compiles for the
//! browser (`--no-default-features`), where the page keeps and edits
//! collections, and for the runner, which sends them. The file format is
//! described in `docs/collections.md`.

mod auth;
mod error;
mod expect;
mod format;
mod http;
mod import;
mod merge;
mod model;
mod ops;
mod postman;
mod prepare;
mod publish;
mod request;
mod resolve;
#[cfg(feature = "cli")]
pub mod run;
mod vars;

pub use error::Error;
pub use expect::{Expect, ExpectedStatus};
pub use format::{FORMAT, VERSION};
pub use http::{ApiKeyLocation, Auth, Body, FilePart, HttpRequest, Part, PartContent};
pub use import::{Imported, import_file};
pub use merge::Merged;
pub use model::{Collection, Environment, Item, Variable, Workspace};
pub use postman::{PostmanImport, import_postman, import_postman_environment};
pub use prepare::{Prepared, PreparedBody};
pub use request::{GrpcCall, Pair, PayloadFormat, Publish, SavedRequest, Tail};
pub use resolve::{MASK, UnknownVariable, mask, resolve, resolve_masked};
pub use vars::{references, substitute};
