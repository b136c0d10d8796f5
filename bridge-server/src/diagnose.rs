//! Server-side CORS diagnosis. A browser reports a refused preflight or an
//! unexposed header only as "Failed to fetch"; the bridge makes the same
//! requests itself and says exactly what is missing. Only the configured
//! targets can be probed, so the bridge never becomes an open proxy.

mod lists;

use std::time::Duration;

use reqwest::{Client, Method, Response, header::HeaderMap};
use switchboard_wire::diagnose::{Check, DiagnoseReport, ProbeKind};

use self::lists::{all_listed, list, listed, shown};
use crate::upstream_ca::{self, UpstreamCa};

/// Headers the page sends on every call of each kind.
const REST_HEADERS: &[&str] = &["traceparent"];
const GRPC_WEB_HEADERS: &[&str] = &[
    "content-type",
    "x-grpc-web",
    "x-user-agent",
    "traceparent",
    "grpc-timeout",
];
/// The check that says whether the target answered at all.
const REACHABLE: &str = "reachable";
/// Response headers the page must be able to read on a gRPC-web answer.
const GRPC_WEB_EXPOSED: &[&str] = &["grpc-status", "grpc-message"];

/// The probe's HTTP client: short timeouts, no redirects, no proxies, and
/// the private CA of `UPSTREAM_CA_FILE` trusted as the relays trust it.
pub fn client(ca: Option<&UpstreamCa>) -> Client {
    let client = Client::builder()
        .timeout(Duration::from_secs(3))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy();
    upstream_ca::trusting(client, ca)
        .build()
        .expect("an HTTP client with checked certificates builds")
}

/// How the page makes a call of `kind`: its method, its path below the
/// target's base URL, and the request headers it always sends.
pub fn call(kind: ProbeKind) -> (Method, &'static str, &'static [&'static str]) {
    match kind {
        ProbeKind::Rest => (Method::GET, "/users/1", REST_HEADERS),
        ProbeKind::GrpcWeb => (
            Method::POST,
            "/helloworld.Greeter/SayHello",
            GRPC_WEB_HEADERS,
        ),
    }
}

/// Whether the target answered the bridge at all, so that a relay through
/// the bridge could reach it.
pub fn answered(report: &DiagnoseReport) -> bool {
    report
        .checks
        .iter()
        .any(|check| check.name == REACHABLE && check.ok)
}

/// Runs the preflight and a real call against `base` as `origin` would.
pub async fn probe(
    client: &Client,
    base: &str,
    kind: ProbeKind,
    origin: &str,
    extra_headers: &[String],
) -> DiagnoseReport {
    let (method, path, usual) = call(kind);
    let url = format!("{base}{path}");
    let requested: Vec<String> = usual
        .iter()
        .map(|name| (*name).to_owned())
        .chain(extra_headers.iter().map(|name| name.to_ascii_lowercase()))
        .collect();
    let mut checks = Vec::new();

    let preflight = client
        .request(Method::OPTIONS, &url)
        .header("origin", origin)
        .header("access-control-request-method", method.as_str())
        .header("access-control-request-headers", requested.join(","))
        .send()
        .await;
    let preflight = match preflight {
        Ok(response) => response,
        Err(error) => {
            checks.push(check(
                REACHABLE,
                false,
                format!("{url} did not answer: {}", root_cause(&error)),
            ));
            return report(base, origin, checks);
        }
    };
    checks.push(check(
        REACHABLE,
        true,
        format!("{url} answered the preflight"),
    ));
    checks.push(check(
        "preflight status",
        preflight.status().is_success(),
        format!("OPTIONS answered {}", preflight.status()),
    ));
    let headers = preflight.headers();
    checks.push(allow_origin(headers, origin, "preflight"));
    let methods = list(headers, "access-control-allow-methods");
    checks.push(check(
        "method allowed",
        listed(&methods, method.as_str()),
        format!("Access-Control-Allow-Methods: {}", shown(&methods)),
    ));
    checks.push(all_listed(
        "request headers allowed",
        headers,
        "Access-Control-Allow-Headers",
        &requested,
        "",
    ));

    let actual = match kind {
        ProbeKind::Rest => client.get(&url).header("origin", origin).send().await,
        ProbeKind::GrpcWeb => {
            client
                .post(&url)
                .header("origin", origin)
                .header("content-type", "application/grpc-web+proto")
                .header("x-grpc-web", "1")
                // An empty HelloRequest: one uncompressed frame of length 0.
                .body(vec![0u8, 0, 0, 0, 0])
                .send()
                .await
        }
    };
    match actual {
        Ok(response) => checks.extend(response_checks(&response, origin, kind)),
        Err(error) => checks.push(check(
            "call",
            false,
            format!("the call failed: {}", root_cause(&error)),
        )),
    }
    report(base, origin, checks)
}

fn response_checks(response: &Response, origin: &str, kind: ProbeKind) -> Vec<Check> {
    let headers = response.headers();
    let mut checks = vec![allow_origin(headers, origin, "response")];
    if kind == ProbeKind::GrpcWeb {
        checks.push(all_listed(
            "gRPC status readable",
            headers,
            "Access-Control-Expose-Headers",
            GRPC_WEB_EXPOSED,
            ", so the page cannot read the call's status",
        ));
    }
    checks
}

fn allow_origin(headers: &HeaderMap, origin: &str, step: &str) -> Check {
    let value = headers
        .get("access-control-allow-origin")
        .and_then(|value| value.to_str().ok());
    match value {
        Some(allowed) if allowed == "*" || allowed == origin => check(
            &format!("origin allowed ({step})"),
            true,
            format!("Access-Control-Allow-Origin: {allowed}"),
        ),
        Some(other) => check(
            &format!("origin allowed ({step})"),
            false,
            format!("Access-Control-Allow-Origin is {other}, not {origin}"),
        ),
        None => check(
            &format!("origin allowed ({step})"),
            false,
            format!(
                "no Access-Control-Allow-Origin for {origin}: add it to the service's allowed origins"
            ),
        ),
    }
}

fn check(name: &str, ok: bool, detail: String) -> Check {
    Check {
        name: name.to_owned(),
        ok,
        detail,
    }
}

fn report(base: &str, origin: &str, checks: Vec<Check>) -> DiagnoseReport {
    DiagnoseReport {
        url: base.to_owned(),
        origin: origin.to_owned(),
        ok: checks.iter().all(|check| check.ok),
        checks,
        relay_available: false,
    }
}

/// The innermost cause, which says "Connection refused" rather than "error
/// sending request".
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}
