//! The OpenAPI import job: a document's text to the operations the page
//! renders as forms, or the reason it does not import.

use crate::protocol::Event;

/// Imports `document` with the files its `$ref`s may point into.
pub(crate) fn import(document: &str, others: &[(String, String)]) -> Event {
    match switchboard_openapi::import(document, others) {
        // Plain data with string keys: it always serialises.
        Ok(api) => Event::Imported(serde_json::to_string(&api).unwrap_or_default()),
        Err(error) => Event::Refused(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use switchboard_wire::openapi::ApiDocument;

    use super::*;

    #[test]
    fn a_document_is_answered_with_its_operations_as_json() {
        let petstore = include_str!("../../openapi/tests/fixtures/petstore-3.0.yaml");
        let Event::Imported(json) = import(petstore, &[]) else {
            panic!("not imported");
        };
        let api: ApiDocument = serde_json::from_str(&json).unwrap();
        assert_eq!(api.operations.len(), 20);
        assert_eq!(api.operations[0].id, "addPet");
    }

    #[test]
    fn other_files_reach_the_import() {
        let split = include_str!("../../openapi/tests/fixtures/split/openapi.yaml");
        let pets = include_str!("../../openapi/tests/fixtures/split/schemas/pets.yaml");
        let others = [("schemas/pets.yaml".to_owned(), pets.to_owned())];
        assert!(matches!(import(split, &others), Event::Imported(_)));
        let Event::Refused(message) = import(split, &[]) else {
            panic!("imported without its other file");
        };
        assert!(message.contains("not among the files given"), "{message}");
    }

    #[test]
    fn swagger_2_is_refused_with_a_reason() {
        let swagger = include_str!("../../openapi/tests/fixtures/swagger-2.0-petstore.json");
        let Event::Refused(message) = import(swagger, &[]) else {
            panic!("imported Swagger 2.0");
        };
        assert!(message.contains("Swagger 2.0"), "{message}");
    }
}
