//! A benchmark job, not a feature: what the schema's dynamic encode and
//! decode cost per call, against prost's compiled code for the same messages,
//! timed here in the browser's worker. The page never asks for it; the
//! benchmark runner does (`bench/browser/schema_codec.mjs`, `scripts/bench.sh
//! --only schema-codec`).
//!
//! One call is what the worker does around a Greeter `SayHello` apart from
//! the network: the request from JSON text to protobuf bytes, and the reply
//! from protobuf bytes to JSON text. The compiled side does the same with
//! serde_json and prost's generated `HelloRequest` and `HelloReply`
//! (build.rs); the dynamic side is the worker's own path (`call.rs`):
//! [`Schema::parse_request`], `encode_to_vec`, `DynamicMessage::decode`,
//! [`response_json`] and `serde_json::to_string`.

use std::hint::black_box;

use prost::Message;
use serde::{Deserialize, Serialize};
use switchboard_schema::{JsonOptions, Schema, prost_reflect::DynamicMessage, response_json};

/// prost's generated `helloworld` messages.
mod compiled {
    include!(concat!(env!("OUT_DIR"), "/helloworld.rs"));
}

/// `protos/helloworld.proto` as a FileDescriptorSet (build.rs).
const DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/helloworld.pb"));
const METHOD: &str = "/helloworld.Greeter/SayHello";
const REQUEST: &str = r#"{"name":"Ada"}"#;
const REPLY: &str = "Hello Ada!";
/// Compiled and dynamic take turns this many times, so that a slow spell of
/// the machine hits both.
const ROUNDS: u32 = 5;

/// What the job measured, sent to the runner as JSON text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    /// Calls timed on each side, warm-up excluded.
    pub iterations: u32,
    /// Nanoseconds per call with prost's compiled messages.
    pub compiled_ns_per_call: f64,
    /// Nanoseconds per call with the schema's dynamic messages.
    pub dynamic_ns_per_call: f64,
}

/// `HelloRequest` in the proto3 JSON mapping.
#[derive(Deserialize)]
struct RequestJson {
    #[serde(default)]
    name: String,
}

/// `HelloReply` in the proto3 JSON mapping.
#[derive(Serialize)]
struct ReplyJson<'a> {
    message: &'a str,
}

/// One call's encoding and decoding, both ways; each answers the request's
/// bytes and the reply's JSON, which must agree.
struct Codecs {
    schema: Schema,
    reply: Vec<u8>,
}

impl Codecs {
    fn new() -> Result<Self, String> {
        let schema = Schema::from_descriptor_set(DESCRIPTOR_SET).map_err(|e| e.to_string())?;
        let reply = compiled::HelloReply {
            message: REPLY.to_owned(),
        }
        .encode_to_vec();
        Ok(Self { schema, reply })
    }

    fn compiled(&self) -> Result<(Vec<u8>, String), String> {
        let request: RequestJson = serde_json::from_str(REQUEST).map_err(|e| e.to_string())?;
        let bytes = compiled::HelloRequest { name: request.name }.encode_to_vec();
        let reply =
            compiled::HelloReply::decode(self.reply.as_slice()).map_err(|e| e.to_string())?;
        let json = serde_json::to_string(&ReplyJson {
            message: &reply.message,
        })
        .map_err(|e| e.to_string())?;
        Ok((bytes, json))
    }

    fn dynamic(&self) -> Result<(Vec<u8>, String), String> {
        let request = self
            .schema
            .parse_request(METHOD, REQUEST)
            .map_err(|e| e.to_string())?;
        let bytes = request.encode_to_vec();
        let output = self
            .schema
            .method_descriptor(METHOD)
            .map_err(|e| e.to_string())?
            .output();
        let reply =
            DynamicMessage::decode(output, self.reply.as_slice()).map_err(|e| e.to_string())?;
        let json = response_json(&reply, JsonOptions::default()).map_err(|e| e.to_string())?;
        let json = serde_json::to_string(&json).map_err(|e| e.to_string())?;
        Ok((bytes, json))
    }
}

/// Times `iterations` calls each way, after a tenth as many untimed, with
/// `now_ms` as the clock; refuses if the two ways disagree on the bytes or
/// the JSON.
pub fn run(iterations: u32, now_ms: impl Fn() -> f64) -> Result<Timings, String> {
    let codecs = Codecs::new()?;
    let (compiled, dynamic) = (codecs.compiled()?, codecs.dynamic()?);
    if compiled != dynamic {
        return Err(format!(
            "the compiled and dynamic codecs disagree: {compiled:?} against {dynamic:?}"
        ));
    }
    let per_round = iterations.div_ceil(ROUNDS).max(1);
    let time = |f: &dyn Fn() -> Result<(Vec<u8>, String), String>, n: u32| {
        let start = now_ms();
        for _ in 0..n {
            black_box(f()?);
        }
        Ok::<f64, String>(now_ms() - start)
    };
    let compiled = || codecs.compiled();
    let dynamic = || codecs.dynamic();
    time(&compiled, per_round / 10)?;
    time(&dynamic, per_round / 10)?;
    let (mut compiled_ms, mut dynamic_ms) = (0.0, 0.0);
    for _ in 0..ROUNDS {
        compiled_ms += time(&compiled, per_round)?;
        dynamic_ms += time(&dynamic, per_round)?;
    }
    let timed = per_round * ROUNDS;
    let per_call = |ms: f64| ms * 1e6 / f64::from(timed);
    Ok(Timings {
        iterations: timed,
        compiled_ns_per_call: per_call(compiled_ms),
        dynamic_ns_per_call: per_call(dynamic_ms),
    })
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    #[test]
    fn both_ways_give_the_same_bytes_and_json() {
        let codecs = Codecs::new().expect("the Greeter's schema reads");
        let (bytes, json) = codecs.compiled().expect("compiled");
        assert_eq!(
            (bytes.clone(), json.clone()),
            codecs.dynamic().expect("dynamic")
        );
        assert_eq!(bytes, [10, 3, b'A', b'd', b'a']);
        assert_eq!(json, r#"{"message":"Hello Ada!"}"#);
    }

    #[test]
    fn timings_are_per_timed_call() {
        // A clock that advances 1 ms per reading: each timed stretch of
        // calls reads it twice, so it lasts 1 ms whatever it holds.
        let clock = Cell::new(0.0);
        let now = || {
            clock.set(clock.get() + 1.0);
            clock.get()
        };
        let timings = run(1_000, now).expect("the job runs");
        assert_eq!(timings.iterations, 1_000);
        let expected = f64::from(ROUNDS) * 1e6 / 1_000.0;
        assert_eq!(timings.compiled_ns_per_call, expected);
        assert_eq!(timings.dynamic_ns_per_call, expected);
    }
}
