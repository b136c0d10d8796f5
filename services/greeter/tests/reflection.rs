//! The greeter's schema, asked of server reflection (v1 and v1alpha) with
//! tonic-reflection's client, as grpcurl and the bridge ask it.

mod common;

use prost::Message;
use tonic::transport::Channel;

use common::start;

/// Asks the greeter at `$url`, through reflection version `$version`, for its
/// services and for the file that defines `helloworld.Greeter`; answers both.
macro_rules! reflect {
    ($version:ident, $url:expr) => {{
        use tonic_reflection::pb::$version::{
            ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
            server_reflection_request::MessageRequest, server_reflection_response::MessageResponse,
        };
        let channel = Channel::from_shared($url).unwrap().connect().await.unwrap();
        let ask = |request| ServerReflectionRequest {
            host: String::new(),
            message_request: Some(request),
        };
        let requests = tokio_stream::iter([
            ask(MessageRequest::ListServices(String::new())),
            ask(MessageRequest::FileContainingSymbol(
                "helloworld.Greeter".into(),
            )),
        ]);
        let mut answers = ServerReflectionClient::new(channel)
            .server_reflection_info(requests)
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
                    files.extend(found.file_descriptor_proto);
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
    for (services, files) in [reflect!(v1, url.clone()), reflect!(v1alpha, url.clone())] {
        assert!(
            services.iter().any(|name| name == "helloworld.Greeter"),
            "{services:?}"
        );
        let file = prost_types::FileDescriptorProto::decode(files[0].as_slice()).unwrap();
        assert_eq!(file.name(), "helloworld.proto");
        let greeter = &file.service[0];
        assert_eq!(greeter.name(), "Greeter");
        let methods: Vec<_> = greeter.method.iter().map(|method| method.name()).collect();
        assert_eq!(methods, ["SayHello", "SayHelloStream"]);
        assert!(greeter.method[1].server_streaming());
    }
}
