//! The Echo service on a free port, called with the generated client over
//! HTTP/2 and as gRPC-web over HTTP/1.1: each method kind sends back exactly
//! what it was sent, with the `x-echo-*` metadata it saw.

mod common;

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use greeter_service::proto::echo::{Echoed, Sample};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, metadata::MetadataValue};

use switchboard_testing::grpc::{
    echo::{INTERVAL, full_sample, numbered},
    receive,
};

use common::{
    echo::{client, web_client},
    start,
};

/// How long a test waits for a reply that should come at once.
const PATIENCE: Duration = Duration::from_secs(5);

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

#[tokio::test]
async fn x_echo_metadata_is_echoed_and_other_metadata_is_not() {
    let mut request = Request::new(numbered(1));
    let metadata = request.metadata_mut();
    metadata.insert("x-echo-one", "1".parse().unwrap());
    metadata.append("x-echo-two", "a".parse().unwrap());
    metadata.append("x-echo-two", "b".parse().unwrap());
    metadata.insert_bin("x-echo-raw-bin", MetadataValue::from_bytes(&[0, 0xff]));
    metadata.insert("x-other", "no".parse().unwrap());
    let reply = client().await.unary(request).await.unwrap().into_inner();
    assert_eq!(
        reply.metadata,
        HashMap::from([
            ("x-echo-one".into(), "1".into()),
            ("x-echo-two".into(), "a, b".into()),
            ("x-echo-raw-bin".into(), "AP8".into()),
        ])
    );
}

#[tokio::test]
async fn grpc_web_over_http1_echoes_a_sample_and_its_metadata() {
    let url = start().await;
    let mut client = web_client(&url);

    let mut request = Request::new(full_sample());
    request
        .metadata_mut()
        .insert("x-echo-from", "the web".parse().unwrap());
    let reply = client.unary(request).await.unwrap().into_inner();
    assert_eq!(reply.sample, Some(full_sample()));
    assert_eq!(
        reply.metadata,
        HashMap::from([("x-echo-from".into(), "the web".into())])
    );
}
