//! Echo's samples, told apart or with every field set, and the failure a
//! sample can ask for.

use std::{
    collections::{BTreeMap, HashMap},
    time::Duration,
};

use greeter_service::{
    echo::{ERROR_DOMAIN, FAILED_HEADER, FAILED_MESSAGE, FAILED_REASON},
    proto::echo::{Point, Priority, Sample, sample::Choice},
};
use prost_types::{Struct, Timestamp, Value};
use tonic::{Code, Status};
use tonic_types::StatusExt;

/// The time `echo.proto` promises between two `ServerStream` replies.
pub const INTERVAL: Duration = Duration::from_millis(100);

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

/// A sample that asks to fail with `code`, told apart by `text`.
pub fn failing(code: Code, text: &str) -> Sample {
    Sample {
        text: text.into(),
        fail_with: code as u32,
        ..Sample::default()
    }
}

/// Asserts that `status` is the failure a sample with `fail_with: code` and
/// `text` asks for: the code, the message, the ErrorInfo detail (read back
/// with tonic-types) and the `x-echo-failed` metadata.
#[track_caller]
pub fn assert_failed_as_asked(status: &Status, code: Code, text: &str) {
    assert_eq!(status.code(), code, "{status:?}");
    assert_eq!(status.message(), FAILED_MESSAGE);
    let info = status
        .get_details_error_info()
        .unwrap_or_else(|| panic!("no ErrorInfo in {status:?}"));
    assert_eq!(info.reason, FAILED_REASON);
    assert_eq!(info.domain, ERROR_DOMAIN);
    assert_eq!(info.metadata, HashMap::from([("text".into(), text.into())]));
    assert_eq!(
        status
            .metadata()
            .get(FAILED_HEADER)
            .map(|value| value.to_str().unwrap()),
        Some("asked"),
        "{status:?}"
    );
}
