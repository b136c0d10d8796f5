//! The greeter's schema, asked of server reflection (v1 and v1alpha) with
//! tonic-reflection's client, as grpcurl and the bridge ask it.

mod common;

use prost::Message;
use prost_types::FileDescriptorProto;
use tonic::transport::Channel;

use common::start;

/// The files `echo.proto` imports, which reflection must also serve.
const ECHO_IMPORTS: [&str; 3] = [
    "google/protobuf/duration.proto",
    "google/protobuf/struct.proto",
    "google/protobuf/timestamp.proto",
];

/// Asks the greeter at `$url`, through reflection version `$version`, for its
/// services, for the file that defines `$symbol`, then for each file named in
/// `$files`, in one stream; answers the service names and the files in the
/// order asked.
macro_rules! reflect {
    ($version:ident, $url:expr, $symbol:expr, $files:expr) => {{
        use tonic_reflection::pb::$version::{
            ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
            server_reflection_request::MessageRequest, server_reflection_response::MessageResponse,
        };
        let channel = Channel::from_shared($url).unwrap().connect().await.unwrap();
        let ask = |request| ServerReflectionRequest {
            host: String::new(),
            message_request: Some(request),
        };
        let mut requests = vec![
            ask(MessageRequest::ListServices(String::new())),
            ask(MessageRequest::FileContainingSymbol($symbol.into())),
        ];
        for file in $files {
            requests.push(ask(MessageRequest::FileByFilename(file.into())));
        }
        let mut answers = ServerReflectionClient::new(channel)
            .server_reflection_info(tokio_stream::iter(requests))
            .await
            .unwrap()
            .into_inner();
        let (mut services, mut files) = (Vec::new(), Vec::new());
        while let Some(answer) = answers.message().await.unwrap() {
            match answer.message_response.unwrap() {
                MessageResponse::ListServicesResponse(list) => {
                    services.extend(list.service.into_iter().map(|service| service.name));
                }
                MessageResponse::FileDescriptorResponse(found) => {
                    files.extend(
                        found
                            .file_descriptor_proto
                            .iter()
                            .map(|file| FileDescriptorProto::decode(file.as_slice()).unwrap()),
                    );
                }
                other => panic!("unexpected answer: {other:?}"),
            }
        }
        (services, files)
    }};
}

#[tokio::test]
async fn reflection_v1_and_v1alpha_describe_the_greeter() {
    let url = start().await;
    let no_files: [&str; 0] = [];
    for (services, files) in [
        reflect!(v1, url.clone(), "helloworld.Greeter", no_files),
        reflect!(v1alpha, url.clone(), "helloworld.Greeter", no_files),
    ] {
        assert!(
            services.iter().any(|name| name == "helloworld.Greeter"),
            "{services:?}"
        );
        let file = &files[0];
        assert_eq!(file.name(), "helloworld.proto");
        let greeter = &file.service[0];
        assert_eq!(greeter.name(), "Greeter");
        let methods: Vec<_> = greeter.method.iter().map(|method| method.name()).collect();
        assert_eq!(methods, ["SayHello", "SayHelloStream"]);
        assert!(greeter.method[1].server_streaming());
    }
}

/// Whether `file` kept the comment `text` (source info survived compilation).
fn has_comment(file: &FileDescriptorProto, text: &str) -> bool {
    file.source_code_info
        .iter()
        .flat_map(|info| &info.location)
        .any(|location| location.leading_comments().contains(text))
}

#[tokio::test]
async fn reflection_v1_and_v1alpha_describe_echo_and_its_imports() {
    let url = start().await;
    for (services, files) in [
        reflect!(v1, url.clone(), "echo.Echo", ECHO_IMPORTS),
        reflect!(v1alpha, url.clone(), "echo.Echo", ECHO_IMPORTS),
    ] {
        for service in ["echo.Echo", "helloworld.Greeter"] {
            assert!(services.iter().any(|name| name == service), "{services:?}");
        }
        let names: Vec<&str> = files.iter().map(|file| file.name()).collect();
        let mut expected = vec!["echo.proto"];
        expected.extend(ECHO_IMPORTS);
        assert_eq!(names, expected);

        let echo = &files[0];
        assert_eq!(echo.dependency, ECHO_IMPORTS);
        let service = &echo.service[0];
        assert_eq!(service.name(), "Echo");
        let kinds: Vec<_> = service
            .method
            .iter()
            .map(|method| {
                (
                    method.name(),
                    method.client_streaming(),
                    method.server_streaming(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("Unary", false, false),
                ("ServerStream", false, true),
                ("ClientStream", true, false),
                ("Bidi", true, true),
            ]
        );
        assert!(has_comment(echo, "Sends back what it was sent."));
        let timestamp = &files[3];
        assert_eq!(timestamp.message_type[0].name(), "Timestamp");
    }
}
