//! The greeter on a free port, the Echo schema compiled from the file the
//! greeter itself is built from, and samples to send; shared by the test files.

// Each test file uses only part of this.
#![allow(dead_code)]

use clap::Parser;
use greeter_service::{Config, serve};
use serde_json::{Value, json};
use switchboard_schema::{ProtoFile, Schema};
use tokio::net::TcpListener;
use tonic::transport::Channel;

pub const ECHO: &str = include_str!("../../../protos/echo.proto");

pub fn echo_schema() -> Schema {
    Schema::from_protos(&[ProtoFile {
        name: "echo.proto".into(),
        source: ECHO.into(),
    }])
    .unwrap()
}

/// Starts the greeter (streams paced at 10 ms) and connects to it.
pub async fn start() -> Channel {
    let url = start_url().await;
    Channel::from_shared(url).unwrap().connect().await.unwrap()
}

/// Starts the greeter and answers its URL.
pub async fn start_url() -> String {
    let config = Config::parse_from(["greeter", "--stream-interval-ms", "10"]);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { serve(&config, listener, std::future::pending()).await });
    url
}

/// Every field of `echo.Sample` set to something other than its default, in
/// the canonical JSON (so that what comes back compares equal), with the
/// 64-bit extremes, a Timestamp with nanos and a negative Duration.
pub fn full_sample() -> Value {
    json!({
        "text": "héllo, ☃",
        "small": -2147483648,
        "big": "9223372036854775807",
        "unsignedBig": "18446744073709551615",
        "flag": true,
        "ratio": 0.25,
        "blob": "AAEC/w==",
        "priority": "PRIORITY_HIGH",
        "point": { "x": 1.5, "y": -2.25 },
        "path": [{ "x": 1.0 }, {}, { "y": -3.0 }],
        "tags": ["a", "", "ç"],
        "counts": { "a": "1", "min": "-9223372036854775808" },
        "spot": { "x": 4.0, "y": 5.0 },
        "at": "2026-12-01T10:00:00.123456789Z",
        "wait": "-1.500s",
        "extra": {
            "name": "x",
            "none": null,
            "nested": { "list": [1.0, "two", true, null, { "deep": {} }] },
        },
    })
}

/// Samples that differ in their oneof member, for the streaming methods.
pub fn samples() -> Vec<Value> {
    let mut label = full_sample();
    let object = label.as_object_mut().unwrap();
    object.remove("spot");
    object.insert("label".into(), json!("a label"));
    object.insert("big".into(), json!("-9223372036854775808"));
    vec![
        full_sample(),
        label,
        json!({ "number": -7, "text": "third" }),
    ]
}
