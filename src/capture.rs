//! What went over the wire in one call, kept for the timeline: the request and
//! response lines, headers (or gRPC metadata and trailers) and bodies.

use serde::{Deserialize, Serialize};

use super::error::ApiError;

/// Bodies longer than this are cut in the timeline, which lives in localStorage.
const BODY_LIMIT: usize = 4 * 1024;

/// One side of a call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Captured {
    /// `GET http://…/users/1`, `HTTP 404 Not Found`, `grpc-status 0 OK`, …
    pub line: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// gRPC trailers, when they are known apart from the headers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trailers: Vec<(String, String)>,
    /// The body's full size in bytes, before any cut.
    pub size: usize,
}

impl Captured {
    /// A side with `line`, `headers` and `body`; the stored body is cut to a
    /// few kilobytes, the size is the real one.
    pub fn new(line: impl Into<String>, headers: Vec<(String, String)>, body: &str) -> Self {
        let size = body.len();
        let body = if size > BODY_LIMIT {
            let mut end = BODY_LIMIT;
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}… ({size} bytes in all)", &body[..end])
        } else {
            body.to_owned()
        };
        Self {
            line: line.into(),
            headers,
            body,
            trailers: Vec::new(),
            size,
        }
    }
}

/// A finished call: its result, and what was sent and received.
#[derive(Debug, Clone, PartialEq)]
pub struct Traced<T> {
    pub result: Result<T, ApiError>,
    /// The status shown for a success: `200 OK`, `OK`, `confirmed`.
    pub ok_status: String,
    pub request: Captured,
    /// `None` when no response arrived at all.
    pub response: Option<Captured>,
}

impl<T> Traced<T> {
    /// A call that failed before anything was sent (bad input).
    pub fn refused(request: Captured, error: ApiError) -> Self {
        Self {
            result: Err(error),
            ok_status: String::new(),
            request,
            response: None,
        }
    }

    /// The status label for the timeline.
    pub fn status(&self) -> String {
        match &self.result {
            Ok(_) => self.ok_status.clone(),
            Err(error) => error.status_label(),
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Traced<U> {
        Traced {
            result: self.result.map(f),
            ok_status: self.ok_status,
            request: self.request,
            response: self.response,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_bodies_are_cut_on_a_character_boundary() {
        let body = "é".repeat(BODY_LIMIT);
        let captured = Captured::new("line", vec![], &body);
        assert_eq!(captured.size, body.len());
        assert!(captured.body.len() < BODY_LIMIT + 64);
        assert!(
            captured
                .body
                .ends_with(&format!("({} bytes in all)", body.len()))
        );
    }
}
