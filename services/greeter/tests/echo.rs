//! The Echo service on a free port, called with the generated native client
//! over HTTP/2: each method kind sends back exactly what it was sent.

mod common;

use std::{
    collections::{BTreeMap, HashMap},
    time::{Duration, Instant},
};

use greeter_service::proto::echo::{
    Echoed, Point, Priority, Sample, echo_client::EchoClient, sample::Choice,
};
use prost_types::{Struct, Timestamp, Value};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Status, Streaming, transport::Channel};

use common::start;

/// The time `echo.proto` promises between two `ServerStream` replies.
const INTERVAL: Duration = Duration::from_millis(100);
/// How long a test waits for a reply that should come at once.
const PATIENCE: Duration = Duration::from_secs(5);

async fn client() -> EchoClient<Channel> {
    EchoClient::connect(start().await).await.unwrap()
}

/// A sample with every field set, each to a value that an encoder could get
/// wrong: extremes of the 64-bit integers, non-ASCII text, bytes that are not
/// UTF-8, a negative map value, nested messages and a Struct of every kind.
fn full_sample() -> Sample {
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
fn numbered(n: u32) -> Sample {
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
async fn receive(
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

#[tokio::test]
async fn unary_echoes_a_sample_with_every_field_set() {
    let reply = client()
        .await
        .unary(full_sample())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(reply.sample, Some(full_sample()));
    assert_eq!((reply.seq, reply.received), (1, 1));
    assert!(reply.metadata.is_empty(), "{:?}", reply.metadata);
}

#[tokio::test]
async fn server_stream_repeats_the_sample_numbered_and_spaced() {
    let sample = Sample {
        repeat: 3,
        ..full_sample()
    };
    let start = Instant::now();
    let stream = client().await.server_stream(sample.clone()).await.unwrap();
    let (replies, end) = receive(stream.into_inner(), start).await;
    end.unwrap();
    let seqs: Vec<u32> = replies.iter().map(|(_, reply)| reply.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
    for (index, (at, reply)) in replies.iter().enumerate() {
        assert_eq!(reply.sample.as_ref(), Some(&sample));
        assert_eq!(reply.received, 1);
        assert!(*at >= INTERVAL * index as u32, "reply {index} came early");
    }
    assert!(
        replies[2].0 - replies[0].0 >= INTERVAL * 3 / 2,
        "{replies:?}"
    );
}

#[tokio::test]
async fn server_stream_sends_one_reply_when_repeat_is_zero() {
    let stream = client().await.server_stream(numbered(1)).await.unwrap();
    let (replies, end) = receive(stream.into_inner(), Instant::now()).await;
    end.unwrap();
    let replies: Vec<Echoed> = replies.into_iter().map(|(_, reply)| reply).collect();
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].sample, Some(numbered(1)));
    assert_eq!(replies[0].seq, 1);
}

#[tokio::test]
async fn client_stream_answers_after_the_last_sample_with_the_count() {
    let samples = [full_sample(), numbered(1), numbered(2)];
    let reply = client()
        .await
        .client_stream(tokio_stream::iter(samples))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(reply.sample, Some(numbered(2)));
    assert_eq!((reply.seq, reply.received), (1, 3));
}

#[tokio::test]
async fn client_stream_of_no_samples_answers_none() {
    let reply = client()
        .await
        .client_stream(tokio_stream::iter(Vec::<Sample>::new()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((reply.sample, reply.received), (None, 0));
}

/// Each sample is answered before the next is sent: the server answers as
/// samples arrive, not once the client's stream ends.
#[tokio::test]
async fn bidi_answers_each_sample_as_it_arrives() {
    let (send, samples) = mpsc::channel(1);
    let mut replies = client()
        .await
        .bidi(ReceiverStream::new(samples))
        .await
        .unwrap()
        .into_inner();
    for n in 1..=3 {
        let sample = if n == 1 { full_sample() } else { numbered(n) };
        send.send(sample.clone()).await.unwrap();
        let reply = tokio::time::timeout(PATIENCE, replies.message())
            .await
            .unwrap_or_else(|_| panic!("no answer to sample {n} before the next"))
            .unwrap()
            .unwrap();
        assert_eq!(reply.sample, Some(sample));
        assert_eq!((reply.seq, reply.received), (n, n));
    }
    drop(send);
    assert_eq!(replies.message().await.unwrap(), None);
}
