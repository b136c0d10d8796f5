//! Why the schema engine refused something.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why the schema engine refused something, precisely enough to point at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum SchemaError {
    /// A .proto did not compile: a syntax error, a missing import, an unknown
    /// type. `line` and `column` count from 1; they are absent when the error
    /// has no place (such as an unexpected end of file).
    Compile {
        file: String,
        line: Option<u32>,
        column: Option<u32>,
        message: String,
    },
    /// The bytes are not a valid FileDescriptorSet, or its files do not fit together.
    InvalidDescriptorSet {
        message: String,
    },
    UnknownService {
        name: String,
    },
    UnknownMethod {
        service: String,
        name: String,
    },
    UnknownMessage {
        name: String,
    },
    /// A request does not fit its message. `path` names the place in the
    /// JSON, such as `point.x`, `path[2].y`, `counts.a` or, for a stream of
    /// requests, `[1].point.x`; empty for the document itself.
    InvalidJson {
        path: String,
        message: String,
    },
    /// A response's bytes are not the message the schema says.
    Decode {
        message: String,
    },
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaError::Compile {
                file,
                line,
                column,
                message,
            } => {
                write!(f, "{file}")?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                    if let Some(column) = column {
                        write!(f, ":{column}")?;
                    }
                }
                write!(f, ": {message}")
            }
            SchemaError::InvalidDescriptorSet { message } => {
                write!(f, "not a valid descriptor set: {message}")
            }
            SchemaError::UnknownService { name } => {
                write!(f, "the schema has no service `{name}`")
            }
            SchemaError::UnknownMethod { service, name } => {
                write!(f, "the service `{service}` has no method `{name}`")
            }
            SchemaError::UnknownMessage { name } => {
                write!(f, "the schema has no message `{name}`")
            }
            SchemaError::InvalidJson { path, message } if path.is_empty() => {
                write!(f, "invalid request: {message}")
            }
            SchemaError::InvalidJson { path, message } => {
                write!(f, "invalid request at `{path}`: {message}")
            }
            SchemaError::Decode { message } => {
                write!(f, "the response does not decode: {message}")
            }
        }
    }
}

impl std::error::Error for SchemaError {}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn errors_are_tagged_objects() {
        let error = SchemaError::InvalidJson {
            path: "path[2].y".into(),
            message: "invalid type: string \"a\", expected a number".into(),
        };
        let value = serde_json::to_value(&error).unwrap();
        assert_eq!(
            value,
            json!({
                "error": "invalid_json",
                "path": "path[2].y",
                "message": "invalid type: string \"a\", expected a number",
            })
        );
        assert_eq!(serde_json::from_value::<SchemaError>(value).unwrap(), error);
        assert_eq!(
            error.to_string(),
            "invalid request at `path[2].y`: invalid type: string \"a\", expected a number"
        );
    }

    #[test]
    fn compile_errors_read_like_a_compiler() {
        let error = SchemaError::Compile {
            file: "shop/v1/order.proto".into(),
            line: Some(7),
            column: Some(3),
            message: "expected ';'".into(),
        };
        assert_eq!(error.to_string(), "shop/v1/order.proto:7:3: expected ';'");
        let nowhere = SchemaError::Compile {
            file: "a.proto".into(),
            line: None,
            column: None,
            message: "unexpected end of file".into(),
        };
        assert_eq!(nowhere.to_string(), "a.proto: unexpected end of file");
    }
}
