//! Services, methods and comments.

use super::fixtures::*;
use crate::*;

#[test]
fn echo_lists_its_service_methods_kinds_and_comments() {
    let services = echo().services();
    assert_eq!(services.len(), 1);
    let service = &services[0];
    assert_eq!(service.name, "echo.Echo");
    assert_eq!(service.comments, "Sends back what it was sent.");
    let kinds: Vec<(&str, &str, MethodKind)> = service
        .methods
        .iter()
        .map(|method| (method.name.as_str(), method.path.as_str(), method.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Unary", "/echo.Echo/Unary", MethodKind::Unary),
            (
                "ServerStream",
                "/echo.Echo/ServerStream",
                MethodKind::ServerStreaming
            ),
            (
                "ClientStream",
                "/echo.Echo/ClientStream",
                MethodKind::ClientStreaming
            ),
            ("Bidi", "/echo.Echo/Bidi", MethodKind::Bidi),
        ]
    );
    let stream = &service.methods[1];
    assert_eq!(
        (stream.input.as_str(), stream.output.as_str()),
        ("echo.Sample", "echo.Echoed")
    );
    assert_eq!(
        stream.comments,
        "Answers with the sample it decoded `repeat` times (once if 0), 100 ms\napart, each reply numbered from 1."
    );
}

#[test]
fn methods_are_found_by_path_or_name() {
    let schema = echo();
    for name in ["/echo.Echo/Bidi", "echo.Echo/Bidi", "echo.Echo.Bidi"] {
        assert_eq!(
            schema.method(name).unwrap().path,
            "/echo.Echo/Bidi",
            "{name}"
        );
    }
    assert_eq!(
        schema.method("/echo.Nope/Bidi"),
        Err(SchemaError::UnknownService {
            name: "echo.Nope".into()
        })
    );
    assert_eq!(
        schema.method("echo.Echo.Nope"),
        Err(SchemaError::UnknownMethod {
            service: "echo.Echo".into(),
            name: "Nope".into()
        })
    );
    assert_eq!(
        schema.forms("echo.Nope"),
        Err(SchemaError::UnknownMessage {
            name: "echo.Nope".into()
        })
    );
}

#[test]
fn files_import_each_other_and_the_well_known_types() {
    let schema = shop();
    let services = schema.services();
    assert_eq!(services[0].name, "shop.v1.Orders");
    assert_eq!(services[0].comments, "Takes orders.");
    assert_eq!(services[0].methods[0].output, "google.protobuf.Empty");
    let forms = schema.forms("shop.v1.Order").unwrap();
    let names: Vec<&str> = forms.keys().map(String::as_str).collect();
    assert_eq!(names, ["shop.v1.Money", "shop.v1.Node", "shop.v1.Order"]);
    let money = &forms["shop.v1.Money"];
    assert_eq!(money.comments, "An amount of one currency.");
    assert_eq!(money.fields[2].comments, "Billionths of a unit.");
}
