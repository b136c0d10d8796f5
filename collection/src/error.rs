//! Everything this crate refuses: files that are not collections (or not of
//! a version it reads), bad fields inside them, edits of things that are not
//! there, Postman files it cannot read, and bodies that are not what they say.

/// The crate's error. Every message is a sentence for people; the variants
/// keep what a program needs to act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Not JSON at all, with serde_json's line and column.
    #[error("the file is not JSON: {0}")]
    Syntax(String),
    #[error(
        "this is not a Switchboard collections file: its \"format\" is {found}, not \"{expected}\"",
        expected = crate::FORMAT
    )]
    UnknownFormat {
        /// The `format` found, as JSON (`null` when absent).
        found: String,
    },
    #[error(
        "this file is version {found} of the collections format, and this Switchboard reads \
         versions up to {supported}: it was written by a newer Switchboard"
    )]
    NewerVersion { found: u64, supported: u32 },
    #[error("the file's \"version\" must be a whole number from 1, not {found}")]
    BadVersion { found: String },
    /// A field that is not what the format says, at its path in the file,
    /// such as `collections[0].items[2].request.http.body`.
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("there are two collections called {0:?}")]
    DuplicateCollection(String),
    #[error("there are two environments called {0:?}")]
    DuplicateEnvironment(String),
    #[error("environment {environment:?} defines {name:?} twice")]
    DuplicateVariable { environment: String, name: String },
    #[error("there is no {what} at position {index}: there are {len}")]
    OutOfRange {
        what: &'static str,
        index: usize,
        len: usize,
    },
    #[error("this is not a Postman collection: {0}")]
    NotPostman(String),
    #[error(
        "this Postman collection is in format {0}; only v2.1.0 is read \
         (in Postman: Export, then Collection v2.1)"
    )]
    PostmanVersion(String),
    #[error("not valid JSON: {0}")]
    InvalidJson(String),
}
