//! W3C trace context: one trace id per action, sent as `traceparent` on REST,
//! as gRPC metadata, and through the bridge as the AMQP `correlation_id` plus a
//! `traceparent` header, so one id follows a call across all three transports.

use std::fmt::Write;

/// A trace id and the span id of one call within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    /// 32 lowercase hex digits, shared by every call of one action.
    pub trace_id: String,
    /// 16 lowercase hex digits, new for every call.
    pub span_id: String,
}

impl Trace {
    /// A new trace with random ids from the browser's CSPRNG.
    pub fn new() -> Self {
        Self::from_bytes(random(), random())
    }

    /// A new span in the same trace, for another call of the same action.
    pub fn child(&self) -> Self {
        Self {
            trace_id: self.trace_id.clone(),
            span_id: hex(&random::<8>()),
        }
    }

    /// The ids from raw bytes (tests use fixed ones).
    pub fn from_bytes(trace: [u8; 16], span: [u8; 8]) -> Self {
        Self {
            trace_id: hex(&trace),
            span_id: hex(&span),
        }
    }

    /// The `traceparent` header value: version 00, sampled.
    pub fn traceparent(&self) -> String {
        format!("00-{}-{}-01", self.trace_id, self.span_id)
    }
}

impl Default for Trace {
    fn default() -> Self {
        Self::new()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if let Some(crypto) = web_sys::window().and_then(|window| window.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    // An all-zero id is invalid in trace context; never send one.
    if bytes.iter().all(|byte| *byte == 0) {
        bytes[N - 1] = 1;
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traceparent_has_the_w3c_shape() {
        let trace = Trace::from_bytes([0xab; 16], [0x01; 8]);
        assert_eq!(
            trace.traceparent(),
            "00-abababababababababababababababab-0101010101010101-01"
        );
    }
}
