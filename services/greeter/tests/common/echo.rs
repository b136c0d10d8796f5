//! Echo's client, samples and stream reading, shared by its test files.

use std::{
    collections::{BTreeMap, HashMap},
    time::{Duration, Instant},
};

use greeter_service::proto::echo::{
    Echoed, Point, Priority, Sample, echo_client::EchoClient, sample::Choice,
};
use prost_types::{Struct, Timestamp, Value};
use tonic::{Code, Status, Streaming, transport::Channel};

use super::{WebService, start, web_service};

/// The time `echo.proto` promises between two `ServerStream` replies.
pub const INTERVAL: Duration = Duration::from_millis(100);

pub async fn client() -> EchoClient<Channel> {
    EchoClient::connect(start().await).await.unwrap()
}

/// A sample with every field set, each to a value that an encoder could get
/// wrong: extremes of the 64-bit integers, non-ASCII text, bytes that are not
/// UTF-8, a negative map value, nested messages and a Struct of every kind.
pub fn full_sample() -> Sample {
    let extra: BTreeMap<String, Value> = [
        ("name".to_owned(), Value::from("Ada")),
        ("ratio".to_owned(), Value::from(0.5)),
        ("ok".to_owned(), Value::from(true)),
        (
            "none".to_owned(),
            prost_types::value::Kind::NullValue(0).into(),
        ),
        (
            "list".to_owned(),
            Value::from(vec![Value::from(1), Value::from("two")]),
        ),
        (
            "nested".to_owned(),
            Value::from(BTreeMap::from([("deep".to_owned(), Value::from(false))])),
        ),
    ]
    .into();
    Sample {
        text: "héllo, wörld ✓".into(),
        small: -42,
        big: i64::MIN + 1,
        unsigned_big: u64::MAX,
        flag: true,
        ratio: 0.25,
        blob: vec![0, 1, 0xfe, 0xff],
        priority: Priority::High.into(),
        point: Some(Point { x: 1.5, y: -2.0 }),
        path: vec![Point { x: 0.0, y: 0.0 }, Point { x: 3.0, y: 4.0 }],
        tags: vec!["a".into(), "b".into(), String::new()],
        counts: HashMap::from([("up".into(), i64::MAX), ("down".into(), -7)]),
        choice: Some(Choice::Spot(Point { x: 9.0, y: 9.0 })),
        at: Some(Timestamp {
            seconds: 1_796_119_200,
            nanos: 123_456_789,
        }),
        wait: Some(prost_types::Duration {
            seconds: 1,
            nanos: 500_000_000,
        }),
        extra: Some(Struct { fields: extra }),
        repeat: 0,
        fail_with: 0,
    }
}

/// Samples told apart by their text, one for each choice of the oneof.
pub fn numbered(n: u32) -> Sample {
    let choice = match n % 3 {
        0 => Choice::Label(format!("label {n}")),
        1 => Choice::Number(-i32::try_from(n).unwrap()),
        _ => Choice::Spot(Point {
            x: f64::from(n),
            y: 0.0,
        }),
    };
    Sample {
        text: format!("sample {n}"),
        choice: Some(choice),
        ..Sample::default()
    }
}

/// A stream's replies, each with the time it arrived since `start`, and how
/// the stream ended.
pub async fn receive(
    mut stream: Streaming<Echoed>,
    start: Instant,
) -> (Vec<(Duration, Echoed)>, Result<(), Status>) {
    let mut replies = Vec::new();
    loop {
        match stream.message().await {
            Ok(Some(reply)) => replies.push((start.elapsed(), reply)),
            Ok(None) => return (replies, Ok(())),
            Err(status) => return (replies, Err(status)),
        }
    }
}

pub fn failing(code: Code, text: &str) -> Sample {
    Sample {
        text: text.into(),
        fail_with: code as u32,
        ..Sample::default()
    }
}

/// An Echo client that speaks gRPC-web over HTTP/1.1, as a browser does.
pub fn web_client(url: &str) -> EchoClient<WebService> {
    EchoClient::with_origin(web_service(), url.parse().unwrap())
}
