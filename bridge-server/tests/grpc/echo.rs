//! The relay with `echo.Echo`, which sends back what it decoded: all four
//! method kinds, every field type, metadata, a deadline, and a failure with
//! its details and trailers, each through the bridge as gRPC-web.

use std::{collections::HashMap, time::Instant};

use greeter_service::proto::echo::Sample;
use switchboard_testing::grpc::{
    echo::{INTERVAL, assert_failed_as_asked, full_sample, numbered},
    receive,
};
use tonic::{Code, Request, metadata::MetadataValue};

use crate::{Bridge, greeter};

#[tokio::test]
async fn unary_echoes_every_field_type_and_the_metadata() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let mut request = Request::new(full_sample());
    let metadata = request.metadata_mut();
    metadata.insert("x-echo-tenant", MetadataValue::from_static("7"));
    metadata.append("x-echo-tenant", MetadataValue::from_static("8"));
    metadata.insert_bin("x-echo-trace-bin", MetadataValue::from_bytes(&[0, 1, 2]));
    let reply = bridge.echo(&url).unary(request).await.unwrap().into_inner();
    assert_eq!(reply.sample, Some(full_sample()));
    assert_eq!((reply.seq, reply.received), (1, 1));
    // Only the caller's metadata arrives: not the bridge's own headers.
    assert_eq!(
        reply.metadata,
        HashMap::from([
            ("x-echo-tenant".to_owned(), "7, 8".to_owned()),
            ("x-echo-trace-bin".to_owned(), "AAEC".to_owned()),
        ])
    );
}

#[tokio::test]
async fn a_server_stream_is_relayed_reply_by_reply() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let sample = Sample {
        repeat: 4,
        ..full_sample()
    };
    let start = Instant::now();
    let stream = bridge
        .echo(&url)
        .server_stream(sample.clone())
        .await
        .unwrap();
    let (replies, end) = receive(stream.into_inner(), start).await;
    end.unwrap();
    let seqs: Vec<u32> = replies.iter().map(|(_, reply)| reply.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
    assert!(
        replies
            .iter()
            .all(|(_, reply)| reply.sample.as_ref() == Some(&sample))
    );
    assert!(replies[3].0 - replies[0].0 >= INTERVAL * 2, "{replies:?}");
}

#[tokio::test]
async fn a_client_stream_arrives_as_several_messages() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let samples = tokio_stream::iter((1..=3).map(numbered));
    let reply = bridge
        .echo(&url)
        .client_stream(samples)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(reply.received, 3);
    assert_eq!(reply.sample, Some(numbered(3)));
}

#[tokio::test]
async fn bidi_answers_each_message_of_the_body() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let samples = tokio_stream::iter((1..=3).map(numbered));
    let stream = bridge.echo(&url).bidi(samples).await.unwrap();
    let (replies, end) = receive(stream.into_inner(), Instant::now()).await;
    end.unwrap();
    let answers: Vec<(u32, Option<Sample>)> = replies
        .into_iter()
        .map(|(_, reply)| (reply.received, reply.sample))
        .collect();
    assert_eq!(
        answers,
        (1..=3).map(|n| (n, Some(numbered(n)))).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn the_deadline_ends_a_server_stream_upstream() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let mut request = Request::new(Sample {
        repeat: 10,
        ..numbered(1)
    });
    // The replies at 0, 100 and 200 ms, and no more.
    request.set_timeout(INTERVAL * 5 / 2);
    let start = Instant::now();
    let stream = bridge.echo(&url).server_stream(request).await.unwrap();
    let (replies, end) = receive(stream.into_inner(), start).await;
    assert_eq!(replies.len(), 3, "{replies:?}");
    let status = end.unwrap_err();
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    assert!(start.elapsed() < INTERVAL * 6, "{:?}", start.elapsed());
}

#[tokio::test]
async fn a_unary_failure_keeps_its_details_and_trailers() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let sample = Sample {
        fail_with: Code::FailedPrecondition as u32,
        ..numbered(1)
    };
    let status = bridge.echo(&url).unary(sample).await.unwrap_err();
    assert_failed_as_asked(&status, Code::FailedPrecondition, "sample 1");
}

#[tokio::test]
async fn a_failure_after_replies_keeps_its_details_and_trailers() {
    let url = greeter().await;
    let bridge = Bridge::for_targets(&[&url]).await;
    let failing = Sample {
        fail_with: Code::NotFound as u32,
        ..numbered(3)
    };
    let samples = tokio_stream::iter([numbered(1), numbered(2), failing]);
    let stream = bridge.echo(&url).bidi(samples).await.unwrap();
    let (replies, end) = receive(stream.into_inner(), Instant::now()).await;
    assert_eq!(replies.len(), 2, "{replies:?}");
    assert_failed_as_asked(&end.unwrap_err(), Code::NotFound, "sample 3");
}
