//! The Greeter's requests and what its streams must look like.

use std::time::Duration;

use greeter_service::proto::{HelloReply, HelloRequest};

use super::INTERVAL;

pub fn hello(name: &str) -> HelloRequest {
    HelloRequest { name: name.into() }
}

/// Five numbered replies, in order, each one no earlier than its turn, and
/// the first long before the last: they arrive one by one, not at the end.
#[track_caller]
pub fn assert_spaced_greetings(replies: &[(Duration, HelloReply)], name: &str) {
    let messages: Vec<&str> = replies
        .iter()
        .map(|(_, reply)| reply.message.as_str())
        .collect();
    let expected: Vec<String> = (1..=5).map(|n| format!("Hello, {name}! ({n}/5)")).collect();
    assert_eq!(messages, expected);
    for (index, (at, _)) in replies.iter().enumerate() {
        assert!(
            *at >= INTERVAL * index as u32,
            "reply {index} came early, at {at:?}"
        );
    }
    assert!(replies[4].0 - replies[0].0 >= INTERVAL * 3, "{replies:?}");
}
