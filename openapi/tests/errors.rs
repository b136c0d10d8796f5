//! Bad documents get a message that says what and where, never a panic.

use switchboard_openapi::{ImportError, import};

const SWAGGER_2: &str = include_str!("fixtures/swagger-2.0-petstore.json");

/// A small valid document with `get` standing for `/pets`' operation.
fn with_get(get: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: '1'\npaths:\n  /pets:\n    get:\n{get}"
    )
}

fn message(document: &str) -> String {
    import(document, &[]).unwrap_err().to_string()
}

#[test]
fn a_wrong_type_is_reported_at_its_path() {
    assert_eq!(
        message(&with_get("      responses: none\n")),
        "paths./pets.get.responses: invalid type: string \"none\", expected a YAML mapping"
    );
}

#[test]
fn a_bad_parameter_is_reported_at_its_index() {
    let error = message(&with_get(
        "      parameters:\n        - {name: limit, in: query}\n        - {name: body, in: body}\n      responses: {}\n",
    ));
    assert!(
        error.starts_with(
            "paths./pets.get.parameters[1].in: unknown variant `body`, expected one of"
        ),
        "{error}"
    );
}

#[test]
fn a_missing_member_names_its_object() {
    assert_eq!(
        message("openapi: 3.1.0\ninfo: {version: '1'}\npaths: {}\n"),
        "info: missing field `title`"
    );
}

#[test]
fn a_ref_d_object_is_reported_where_it_is_defined() {
    let error = message(&with_get(
        "      parameters: [{$ref: '#/components/parameters/Limit'}]\n      responses: {}\n\
         components:\n  parameters:\n    Limit: {name: limit, in: query, required: maybe}\n",
    ));
    assert!(
        error.starts_with("components.parameters.Limit.required: invalid type: string \"maybe\""),
        "{error}"
    );
}

#[test]
fn a_yaml_syntax_error_gives_line_and_column() {
    let error = import(&with_get("      responses:\n    - {\n"), &[]).unwrap_err();
    let ImportError::Syntax {
        format,
        line,
        column,
        ..
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(*format, "YAML");
    assert_eq!(line.zip(*column).map(|(line, _)| line), Some(9), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("the document is not valid YAML: "),
        "{error}"
    );
    assert!(error.to_string().contains("line 9"), "{error}");
}

#[test]
fn a_json_syntax_error_gives_line_and_column() {
    let error = import("{\n  \"openapi\": \"3.1.0\",\n  \"info\": {,\n}", &[]).unwrap_err();
    let ImportError::Syntax { line, column, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!((*line, *column), (Some(3), Some(12)), "{error}");
    assert_eq!(
        error.to_string(),
        "the document is not valid JSON: key must be a string at line 3 column 12"
    );
}

#[test]
fn a_syntax_error_in_another_file_names_it() {
    let others = vec![("pets.yaml".to_owned(), "Pet: {type: object".to_owned())];
    let error = import(&with_get("      responses: {}\n"), &others).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("pets.yaml is not valid YAML: "),
        "{error}"
    );
}

#[test]
fn swagger_2_is_refused_by_name() {
    let error = import(SWAGGER_2, &[]).unwrap_err();
    assert!(matches!(error, ImportError::NotOpenApi(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "this is a Swagger 2.0 document: only OpenAPI 3.0 and 3.1 documents import; \
         convert it to OpenAPI 3 first"
    );
}

#[test]
fn other_things_are_not_openapi() {
    assert_eq!(
        message(""),
        "not an OpenAPI document: it is empty, not an object"
    );
    assert_eq!(
        message("- a\n- b\n"),
        "not an OpenAPI document: it is a list, not an object"
    );
    assert_eq!(
        message("{\"name\": \"package.json\"}"),
        "not an OpenAPI document: it has no `openapi` member giving its version"
    );
    assert_eq!(
        message("openapi: 4.0.0\n"),
        "OpenAPI 4.0.0 is not supported: only OpenAPI 3.0 and 3.1 documents import"
    );
}

#[test]
fn a_version_that_is_not_a_scalar_says_what_it_is() {
    assert_eq!(
        message("openapi: 3.0.0\ninfo: {title: t, version: [1]}\npaths: {}\n"),
        "info.version: invalid type: sequence, expected a string"
    );
}

#[test]
fn a_yaml_version_written_as_a_number_still_reads() {
    let document = import(
        "openapi: 3.1\ninfo: {title: t, version: 1.0}\npaths: {}\n",
        &[],
    )
    .unwrap();
    assert_eq!(
        (document.openapi.as_str(), document.version.as_str()),
        ("3.1", "1.0")
    );
}
