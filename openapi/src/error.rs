//! Why a document did not import, and where in it.

use std::fmt;

/// A place in one of the documents: the file (`None` for the main document)
/// and the path inside it, written as serde_path_to_error writes one
/// (`paths./pets.get.parameters[0].in`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Where {
    pub file: Option<String>,
    pub path: String,
}

impl Where {
    /// The top of a document.
    pub(crate) fn top(file: Option<&str>) -> Where {
        Where {
            file: file.map(str::to_owned),
            path: String::new(),
        }
    }

    /// The member `key` of the object here.
    pub(crate) fn key(&self, key: &str) -> Where {
        let mut path = self.path.clone();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
        Where {
            file: self.file.clone(),
            path,
        }
    }

    /// Item `index` of the array here.
    pub(crate) fn index(&self, index: usize) -> Where {
        Where {
            file: self.file.clone(),
            path: format!("{}[{index}]", self.path),
        }
    }

    /// Further down, along the path serde_path_to_error reports.
    pub(crate) fn join(&self, path: &serde_path_to_error::Path) -> Where {
        use serde_path_to_error::Segment;
        path.iter().fold(self.clone(), |at, segment| match segment {
            Segment::Seq { index } => at.index(*index),
            Segment::Map { key } | Segment::Enum { variant: key } => at.key(key),
            Segment::Unknown => at.key("?"),
        })
    }
}

impl fmt::Display for Where {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str("the top level")?;
        } else {
            f.write_str(&self.path)?;
        }
        if let Some(file) = &self.file {
            write!(f, " of {file}")?;
        }
        Ok(())
    }
}

/// Why a document did not import.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The text is not JSON (when it starts with `{`) or not YAML. `line`
    /// and `column` count from 1; the message says them too.
    #[error("{} is not valid {format}: {message}", name(file))]
    Syntax {
        file: Option<String>,
        format: &'static str,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },
    /// It parses, but is not an OpenAPI 3.x document (Swagger 2.0, say).
    #[error("{0}")]
    NotOpenApi(String),
    /// Something in it is not what OpenAPI says it must be.
    #[error("{at}: {message}")]
    Invalid { at: Where, message: String },
    /// A `$ref` that leads nowhere.
    #[error("the $ref `{reference}` at {at} {reason}")]
    Unresolved {
        reference: String,
        at: Where,
        reason: String,
    },
}

fn name(file: &Option<String>) -> String {
    match file {
        Some(file) => file.clone(),
        None => "the document".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_like_serde_path_to_error_paths() {
        let at = Where::top(None).key("paths").key("/pets").key("get");
        assert_eq!(
            at.key("parameters").index(2).to_string(),
            "paths./pets.get.parameters[2]"
        );
        assert_eq!(Where::top(None).to_string(), "the top level");
        let other = Where::top(Some("pets.yaml")).key("Pet");
        assert_eq!(other.to_string(), "Pet of pets.yaml");
    }
}
