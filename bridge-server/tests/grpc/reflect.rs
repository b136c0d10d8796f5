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

/// The names of the files in `set`, in order.
fn names(set: &FileDescriptorSet) -> Vec<&str> {
    set.file.iter().map(|file| file.name()).collect()
}

/// Asserts that `set` describes `helloworld.Greeter` and its two methods.
#[track_caller]
fn assert_describes_the_greeter(set: &FileDescriptorSet) {
    let file = set
        .file
        .iter()
        .find(|file| file.name() == "helloworld.proto")
        .unwrap_or_else(|| panic!("no helloworld.proto in {:?}", names(set)));
    let greeter = &file.service[0];
    assert_eq!(greeter.name(), "Greeter");
    let methods: Vec<_> = greeter.method.iter().map(|method| method.name()).collect();
    assert_eq!(methods, ["SayHello", "SayHelloStream"]);
    assert!(greeter.method[1].server_streaming());
}

/// Asserts that every file comes once, after each file it imports, so that a
/// reader adding them in order always finds the imports.
#[track_caller]
fn assert_complete_and_in_import_order(set: &FileDescriptorSet) {
    let names = names(set);
    for (index, file) in set.file.iter().enumerate() {
        assert!(
            !names[..index].contains(&file.name()),
            "{} twice: {names:?}",
            file.name()
        );
        for import in &file.dependency {
            assert!(
                names[..index].contains(&import.as_str()),
                "{} comes before its import {import}: {names:?}",
                file.name()
            );
        }
    }
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
    let mut services: Vec<&str> = reply.body["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|service| service.as_str().unwrap())
        .collect();
    services.sort();
    assert_eq!(services, ["echo.Echo", "helloworld.Greeter"]);
    let set = descriptors(&reply);
    assert_describes_the_greeter(&set);
    // echo.proto's imports were fetched by name.
    let mut files = names(&set);
    files.sort();
    assert_eq!(
        files,
        [
            "echo.proto",
            "google/protobuf/duration.proto",
            "google/protobuf/struct.proto",
            "google/protobuf/timestamp.proto",
            "helloworld.proto",
        ]
    );
    assert_complete_and_in_import_order(&set);
}

#[tokio::test]
async fn a_server_with_only_v1alpha_is_asked_in_v1alpha() {
    let url = servers::greeter_with_v1alpha_only().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let reply = bridge.reflect(json!({ "target": url })).await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["reflection"], "v1alpha");
    let set = descriptors(&reply);
    assert_describes_the_greeter(&set);
    assert_complete_and_in_import_order(&set);
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
    assert_eq!(names(&descriptors(&reply)), ["helloworld.proto"]);

    let reply = bridge
        .reflect(json!({ "target": url, "services": ["echo.Echo"] }))
        .await;
    assert_eq!(reply.body["services"], json!(["echo.Echo"]));
    let set = descriptors(&reply);
    assert_eq!(set.file.len(), 4, "{:?}", names(&set));
    assert_eq!(set.file[3].name(), "echo.proto");
    assert_complete_and_in_import_order(&set);

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
