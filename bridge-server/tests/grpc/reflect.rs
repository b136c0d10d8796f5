//! `POST /api/grpc/reflect`: the schema of a real server, through either
//! version of server reflection.

use base64::{Engine, engine::general_purpose::STANDARD};
use prost::Message;
use prost_types::FileDescriptorSet;
use serde_json::json;

use crate::{Bridge, Reply, greeter, servers};

/// The `FileDescriptorSet` of a reflection answer.
fn descriptors(reply: &Reply) -> FileDescriptorSet {
    let encoded = reply.body["file_descriptor_set"].as_str().unwrap();
    FileDescriptorSet::decode(STANDARD.decode(encoded).unwrap().as_slice()).unwrap()
}

/// Asserts that `set` describes `helloworld.Greeter` and its two methods.
#[track_caller]
fn assert_describes_the_greeter(set: &FileDescriptorSet) {
    let names: Vec<_> = set.file.iter().map(|file| file.name()).collect();
    assert_eq!(names, ["helloworld.proto"]);
    let greeter = &set.file[0].service[0];
    assert_eq!(greeter.name(), "Greeter");
    let methods: Vec<_> = greeter.method.iter().map(|method| method.name()).collect();
    assert_eq!(methods, ["SayHello", "SayHelloStream"]);
    assert!(greeter.method[1].server_streaming());
}

#[tokio::test]
async fn v1_describes_the_greeter_without_the_reflection_services() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    // The page's spelling, with a trailing slash, names the same target.
    let reply = bridge.reflect(json!({ "target": format!("{url}/") })).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["target"], url);
    assert_eq!(reply.body["reflection"], "v1");
    assert_eq!(reply.body["services"], json!(["helloworld.Greeter"]));
    assert_describes_the_greeter(&descriptors(&reply));
}

#[tokio::test]
async fn a_server_with_only_v1alpha_is_asked_in_v1alpha() {
    let url = servers::greeter_with_v1alpha_only().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let reply = bridge.reflect(json!({ "target": url })).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["reflection"], "v1alpha");
    assert_eq!(reply.body["services"], json!(["helloworld.Greeter"]));
    assert_describes_the_greeter(&descriptors(&reply));
}

#[tokio::test]
async fn services_limits_the_answer_and_must_be_listed() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let reply = bridge
        .reflect(json!({ "target": url, "services": ["helloworld.Greeter"] }))
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["services"], json!(["helloworld.Greeter"]));

    let reply = bridge
        .reflect(json!({ "target": url, "services": ["helloworld.Nobody"] }))
        .await;
    reply.assert_error(422, "unknown_service");
    assert!(
        reply.message().contains("helloworld.Nobody"),
        "{}",
        reply.message()
    );
    assert!(
        reply.message().contains("helloworld.Greeter"),
        "{}",
        reply.message()
    );
}
