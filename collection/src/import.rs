//! One entry point for a file a person picks to import: a Switchboard
//! collections file, a Postman collection, or a Postman environment, told
//! apart by their top-level fields.

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::{
    error::Error,
    model::{Environment, Workspace},
    postman::{PostmanImport, import_postman, import_postman_environment},
};

/// What a picked file turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Imported {
    Workspace(Workspace),
    Postman(PostmanImport),
    PostmanEnvironment(Environment),
}

/// The top-level fields that tell the kinds apart.
#[derive(Deserialize)]
struct Shape {
    format: Option<IgnoredAny>,
    info: Option<IgnoredAny>,
    values: Option<IgnoredAny>,
}

/// Reads a collections file, a Postman Collection v2.1 file or a Postman
/// environment file, whichever `text` is; anything else is refused as not a
/// collections file.
pub fn import_file(text: &str) -> Result<Imported, Error> {
    let shape: Shape = crate::format::read_object(text)?;
    match shape {
        Shape {
            format: Some(_), ..
        } => Workspace::from_json(text).map(Imported::Workspace),
        Shape { info: Some(_), .. } => import_postman(text).map(Imported::Postman),
        Shape {
            values: Some(_), ..
        } => import_postman_environment(text).map(Imported::PostmanEnvironment),
        _ => Workspace::from_json(text).map(Imported::Workspace),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_recognised() {
        let workspace = Workspace::default().to_json();
        assert!(matches!(
            import_file(&workspace),
            Ok(Imported::Workspace(_))
        ));
        let postman = r#"{"info": {"name": "P",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": []}"#;
        assert!(matches!(import_file(postman), Ok(Imported::Postman(_))));
        let environment = r#"{"name": "E", "values": []}"#;
        assert!(matches!(
            import_file(environment),
            Ok(Imported::PostmanEnvironment(_))
        ));
    }

    #[test]
    fn anything_else_is_refused_as_not_a_collections_file() {
        assert!(matches!(
            import_file(r#"{"openapi": "3.1.0"}"#),
            Err(Error::UnknownFormat { .. })
        ));
        assert!(matches!(
            import_file("[]"),
            Err(Error::UnknownFormat { .. })
        ));
        assert!(matches!(import_file("{"), Err(Error::Syntax(_))));
    }
}
