//! Compile errors that point at their file, line and column.

use super::fixtures::*;

#[test]
fn a_syntax_error_points_at_its_line_and_column() {
    let source = "syntax = \"proto3\";\n\nmessage A {\n  int32 x = 1\n}\n";
    let (file_name, line, column, message) = compile_error(&[file("a.proto", source)]);
    assert_eq!(file_name, "a.proto");
    assert_eq!((line, column), (Some(5), Some(1)), "{message}");
    assert!(message.contains("expected"), "{message}");
}

#[test]
fn a_syntax_error_in_an_imported_file_names_that_file() {
    let broken = file(
        "shop/v1/money.proto",
        "syntax = \"proto3\";\nmessage Money {\n  int64 = 2;\n}\n",
    );
    let (file_name, line, column, _) = compile_error(&[file("shop/v1/order.proto", ORDER), broken]);
    assert_eq!(file_name, "shop/v1/money.proto");
    assert_eq!((line, column), (Some(3), Some(9)));
}

#[test]
fn a_missing_import_names_the_importing_file_and_the_import() {
    let source = "syntax = \"proto3\";\n\nimport \"missing/thing.proto\";\n";
    let (file_name, line, column, message) = compile_error(&[file("b.proto", source)]);
    assert_eq!(file_name, "b.proto");
    assert_eq!((line, column), (Some(3), Some(1)));
    assert!(message.contains("missing/thing.proto"), "{message}");
}

#[test]
fn an_unknown_type_points_at_its_name() {
    let source = "syntax = \"proto3\";\npackage p;\nmessage A {\n  Nope x = 1;\n}\n";
    let (file_name, line, column, message) = compile_error(&[file("c.proto", source)]);
    assert_eq!(file_name, "c.proto");
    assert_eq!((line, column), (Some(4), Some(3)), "{message}");
    assert!(message.contains("Nope"), "{message}");
}

#[test]
fn a_name_that_is_no_import_path_is_refused() {
    for name in [
        "/abs.proto",
        "../up.proto",
        "a//b.proto",
        "./a.proto",
        "a\\b.proto",
        "notes.txt",
    ] {
        let (file_name, line, _, message) = compile_error(&[file(name, "syntax = \"proto3\";\n")]);
        assert_eq!(file_name, name);
        assert_eq!(line, None);
        assert!(message.contains("import path"), "{message}");
    }
}
