//! The HTTP console's request: a saved request of the collections' kind
//! ([`HttpRequest`]: any method, URL, headers, auth helper and body) and the
//! route it takes. The console module reads and writes it; the page carries
//! it as an [`HttpDraft`], text it does not decode.

use serde::{Deserialize, Serialize};
use switchboard_collection::{HttpRequest, PartContent, Prepared, PreparedBody};

use crate::{
    export::quote,
    requests::{HttpDraft, Route},
    trace::Trace,
};

/// Methods offered in the console's list; any other token may be typed.
pub const COMMON_METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpCall {
    /// The request, with its route: straight, or through the bridge.
    pub request: HttpRequest,
}

impl HttpCall {
    pub fn route(&self) -> Route {
        if self.request.via_bridge {
            Route::Bridge
        } else {
            Route::Direct
        }
    }

    /// The call a draft carries; a draft that does not read (from another
    /// version of the page, say) gives a new request.
    pub fn from_draft(draft: &HttpDraft) -> Self {
        serde_json::from_str(&draft.call).unwrap_or_default()
    }

    /// The draft the page carries; with `trace`, for a call being made, it
    /// holds the call as `curl` too.
    pub fn draft(&self, trace: Option<&Trace>) -> HttpDraft {
        HttpDraft {
            call: serde_json::to_string(self).unwrap_or_default(),
            title: self.title(),
            curl: trace.map(|trace| self.curl(trace)).unwrap_or_default(),
        }
    }

    /// `METHOD url`, and the route when it is the bridge.
    pub fn title(&self) -> String {
        let line = format!(
            "{} {}",
            self.request.method.trim().to_uppercase(),
            self.request.url.trim()
        );
        match self.route() {
            Route::Direct => line,
            Route::Bridge => format!("{line} via the bridge"),
        }
    }

    /// What the browser sends, with `trace`'s `traceparent`, or why it cannot.
    pub fn prepare(&self, trace: &Trace) -> Result<Prepared, String> {
        let mut prepared = self.request.prepare()?;
        if prepared.body != PreparedBody::None && matches!(prepared.method.as_str(), "GET" | "HEAD")
        {
            return Err(format!(
                "a browser cannot send a body with {}: choose another method or no body",
                prepared.method
            ));
        }
        prepared
            .headers
            .push(("traceparent".to_owned(), trace.traceparent()));
        Ok(prepared)
    }

    /// The call as `curl`, straight to its target: curl is no browser, so no
    /// origin refuses it. A request that does not prepare (bad JSON, say) is
    /// exported as edited, for the person to fix.
    pub fn curl(&self, trace: &Trace) -> String {
        let Ok(prepared) = self.prepare(trace) else {
            let request = &self.request;
            return format!(
                "curl -i -X {} {}",
                quote(&request.method),
                quote(&request.url)
            );
        };
        let mut command = String::from("curl -i");
        if prepared.method != "GET" {
            command.push_str(&format!(" -X {}", quote(&prepared.method)));
        }
        for (name, value) in &prepared.headers {
            command.push_str(&format!(" -H {}", quote(&format!("{name}: {value}"))));
        }
        match &prepared.body {
            PreparedBody::None => {}
            PreparedBody::Text(text) => command.push_str(&format!(" --data-raw {}", quote(text))),
            PreparedBody::Multipart(parts) => {
                for part in parts {
                    let field = match &part.content {
                        PartContent::Text(text) => format!("{}={text}", part.name.trim()),
                        PartContent::File(file) if file.content_type.is_empty() => {
                            format!("{}=@{}", part.name.trim(), file.file_name)
                        }
                        PartContent::File(file) => format!(
                            "{}=@{};type={}",
                            part.name.trim(),
                            file.file_name,
                            file.content_type
                        ),
                    };
                    command.push_str(&format!(" -F {}", quote(&field)));
                }
            }
        }
        format!("{command} {}", quote(&prepared.url))
    }
}

#[cfg(test)]
mod tests {
    use switchboard_collection::{Body, Pair};

    use super::*;

    fn trace() -> Trace {
        Trace::from_bytes([0xaa; 16], [0xbb; 8])
    }

    #[test]
    fn a_draft_carries_the_call_its_title_and_curl() {
        let call = HttpCall {
            request: HttpRequest {
                headers: vec![Pair::new("x-team", "it's")],
                body: Body::Json(r#"{"name":"Ada"}"#.into()),
                via_bridge: true,
                ..HttpRequest::new("patch", "http://h.test/users/1?x=1")
            },
        };
        let draft = call.draft(Some(&trace()));
        assert_eq!(
            draft.title,
            "PATCH http://h.test/users/1?x=1 via the bridge"
        );
        assert_eq!(HttpCall::from_draft(&draft), call);
        assert!(
            draft.curl.starts_with(
                r"curl -i -X 'PATCH' -H 'x-team: it'\''s' -H 'content-type: application/json' -H 'traceparent: 00-"
            ),
            "{}",
            draft.curl
        );
        assert!(
            draft
                .curl
                .ends_with(r#" --data-raw '{"name":"Ada"}' 'http://h.test/users/1?x=1'"#),
            "{}",
            draft.curl
        );
        assert!(call.draft(None).curl.is_empty());
    }

    #[test]
    fn a_browser_sends_no_body_with_get_and_a_bad_request_exports_as_edited() {
        let mut call = HttpCall::default();
        call.request.url = "http://h.test/x".into();
        call.request.body = Body::Text("hi".into());
        assert!(call.prepare(&trace()).unwrap_err().contains("GET"));
        assert_eq!(call.curl(&trace()), "curl -i -X 'GET' 'http://h.test/x'");
        call.request.body = Body::None;
        let prepared = call.prepare(&trace()).unwrap();
        assert_eq!(prepared.headers[0].0, "traceparent");
    }
}
