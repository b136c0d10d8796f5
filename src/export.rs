//! Any call as a command to paste into a terminal: `curl` for REST and the
//! bridge, `grpcurl` for gRPC, and `rabbitmqadmin publish` for AMQP.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::value::RawValue;
use switchboard_wire::HeaderValue;

use crate::{
    config::Settings,
    history::Replay,
    number,
    requests::{GreeterRequest, GrpcCall, PublishDraft, UsersRequest, parse_pairs},
    requests::{SAY_HELLO, SAY_HELLO_STREAM},
    schemas::Origin,
    trace::Trace,
};

/// The commands that reproduce `replay`: each a label and a command line.
pub fn commands(
    replay: &Replay,
    settings: &Settings,
    trace: &Trace,
) -> Vec<(&'static str, String)> {
    match replay {
        Replay::User(request) => vec![("curl", curl_user(request, settings, trace))],
        Replay::Greet(request) => vec![("grpcurl", grpcurl(request, SAY_HELLO, settings, trace))],
        // grpcurl prints each reply of a server stream as it arrives.
        Replay::GreetStream(request) => vec![(
            "grpcurl",
            grpcurl(request, SAY_HELLO_STREAM, settings, trace),
        )],
        Replay::Grpc(call) => vec![("grpcurl", grpcurl_any(call, trace))],
        Replay::Http(draft) => vec![("curl", draft.curl.clone())],
        Replay::Publish(draft) => {
            let mut commands = vec![("curl", curl_publish(draft, settings, trace))];
            if let Some(amqp) = rabbitmqadmin(draft, settings, trace) {
                commands.push(("AMQP", amqp));
            }
            commands
        }
    }
}

/// Quotes `text` for a POSIX shell.
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn curl_user(request: &UsersRequest, settings: &Settings, trace: &Trace) -> String {
    let mut command = String::from("curl -i");
    for (name, value) in parse_pairs(&request.headers).unwrap_or_default() {
        command.push_str(&format!(" -H {}", quote(&format!("{name}: {value}"))));
    }
    command.push_str(&format!(
        " -H {}",
        quote(&format!("traceparent: {}", trace.traceparent()))
    ));
    let url = format!("{}/users/{}", settings.users_url, request.id.trim());
    format!("{command} {}", quote(&url))
}

fn curl_publish(draft: &PublishDraft, settings: &Settings, trace: &Trace) -> String {
    let body = draft
        .to_request(trace)
        .ok()
        .and_then(|request| serde_json::to_string(&request).ok())
        .unwrap_or_default();
    let mut command = String::from("curl -i -X POST -H 'content-type: application/json'");
    if !settings.bridge_token.is_empty() {
        command.push_str(" -H \"authorization: Bearer $BRIDGE_TOKEN\"");
    }
    command.push_str(&format!(
        " -H {}",
        quote(&format!("traceparent: {}", trace.traceparent()))
    ));
    let url = format!("{}/api/publish", settings.bridge_url);
    format!("{command} --data-raw {} {}", quote(&body), quote(&url))
}

fn grpcurl(request: &GreeterRequest, method: &str, settings: &Settings, trace: &Trace) -> String {
    let mut command = String::from("grpcurl -plaintext -proto protos/helloworld.proto");
    for (name, value) in parse_pairs(&request.metadata).unwrap_or_default() {
        command.push_str(&format!(" -H {}", quote(&format!("{name}: {value}"))));
    }
    command.push_str(&format!(
        " -H {}",
        quote(&format!("traceparent: {}", trace.traceparent()))
    ));
    if let Ok(Some(ms)) = request.deadline() {
        command.push_str(&format!(" -max-time {}", number::seconds(ms)));
    }
    let data = request.json();
    // grpcurl speaks native gRPC, which the greeter serves on the same port.
    let address = settings
        .greeter_url
        .trim_start_matches("http://")
        .trim_start_matches("https://");
    format!("{command} -d {} {address} {method}", quote(&data))
}

/// `grpcurl` for any method: the schema as the console got it, the metadata,
/// the deadline and the request (several, for a streaming request, which
/// grpcurl reads as a series of JSON objects). grpcurl speaks native gRPC, so
/// it goes to the server itself whatever the console's route.
fn grpcurl_any(call: &GrpcCall, trace: &Trace) -> String {
    let (plaintext, address) = match call.target.strip_prefix("https://") {
        Some(address) => ("", address),
        None => (" -plaintext", call.target.trim_start_matches("http://")),
    };
    let mut command = format!("grpcurl{plaintext}");
    match &call.origin {
        Origin::Reflection => {}
        Origin::Protos(names) => {
            for name in names {
                command.push_str(&format!(" -proto {}", quote(name)));
            }
        }
        Origin::Protoset(name) => command.push_str(&format!(" -protoset {}", quote(name))),
        Origin::Folder {
            name, roots, files, ..
        } => {
            for root in roots {
                let path = format!("{name}/{root}");
                command.push_str(&format!(
                    " -import-path {}",
                    quote(path.trim_end_matches('/'))
                ));
            }
            for file in files {
                command.push_str(&format!(" -proto {}", quote(file)));
            }
        }
    }
    for (name, value) in parse_pairs(&call.metadata).unwrap_or_default() {
        command.push_str(&format!(" -H {}", quote(&format!("{name}: {value}"))));
    }
    command.push_str(&format!(
        " -H {}",
        quote(&format!("traceparent: {}", trace.traceparent()))
    ));
    if let Ok(Some(ms)) = call.deadline() {
        command.push_str(&format!(" -max-time {}", number::seconds(ms)));
    }
    let data = match serde_json::from_str::<Vec<&RawValue>>(&call.body) {
        Ok(requests) => requests
            .iter()
            .map(|request| request.get())
            .collect::<Vec<_>>()
            .join("\n"),
        Err(_) => call.body.trim().to_owned(),
    };
    format!(
        "{command} -d {} {address} {}",
        quote(&data),
        call.method_name()
    )
}

/// The AMQP properties of a `rabbitmqadmin publish`, as JSON.
#[derive(Serialize)]
struct AmqpProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    content_type: Option<&'a str>,
    correlation_id: Option<&'a str>,
    /// 2 persistent, 1 transient.
    delivery_mode: u8,
    headers: &'a BTreeMap<String, HeaderValue>,
}

/// `rabbitmqadmin publish` with the same properties the bridge would set.
/// `None` when the draft cannot become a request.
fn rabbitmqadmin(draft: &PublishDraft, _settings: &Settings, trace: &Trace) -> Option<String> {
    let request = draft.to_request(trace).ok()?;
    let properties = AmqpProperties {
        content_type: request.content_type.as_deref(),
        correlation_id: request.correlation_id.as_deref(),
        delivery_mode: if request.persistent { 2 } else { 1 },
        headers: &request.headers,
    };
    let properties = serde_json::to_string(&properties).ok()?;
    let exchange = request.exchange.as_deref().unwrap_or("logs");
    Some(format!(
        "rabbitmqadmin publish exchange={} routing_key={} payload={} properties={}",
        quote(exchange),
        quote(&request.routing_key),
        quote(&request.payload),
        quote(&properties)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings::defaults_for("127.0.0.1")
    }

    fn trace() -> Trace {
        Trace::from_bytes([0xaa; 16], [0xbb; 8])
    }

    #[test]
    fn quotes_survive_a_shell() {
        assert_eq!(quote("it's"), r"'it'\''s'");
    }

    #[test]
    fn rest_call_becomes_curl_with_headers_and_trace() {
        let request = UsersRequest {
            id: "7".into(),
            headers: "x-tenant: acme".into(),
        };
        let [(label, command)] = commands(&Replay::User(request), &settings(), &trace())
            .try_into()
            .unwrap();
        assert_eq!(label, "curl");
        assert_eq!(
            command,
            format!(
                "curl -i -H 'x-tenant: acme' -H 'traceparent: {}' 'http://127.0.0.1:3001/users/7'",
                trace().traceparent()
            )
        );
    }

    #[test]
    fn grpc_call_becomes_grpcurl_with_deadline() {
        let request = GreeterRequest {
            name: "O'Hara".into(),
            metadata: String::new(),
            deadline_ms: "1500".into(),
        };
        let commands = commands(&Replay::Greet(request), &settings(), &trace());
        let command = &commands[0].1;
        assert!(command.starts_with("grpcurl -plaintext -proto protos/helloworld.proto"));
        assert!(command.contains(" -max-time 1.5 "));
        assert!(
            command.contains(r#"-d '{"name":"O'\''Hara"}'"#),
            "{command}"
        );
        assert!(command.ends_with("127.0.0.1:50051 helloworld.Greeter/SayHello"));
    }

    #[test]
    fn grpc_stream_becomes_grpcurl_of_the_stream_method() {
        let request = GreeterRequest {
            deadline_ms: "500".into(),
            ..GreeterRequest::default()
        };
        let commands = commands(&Replay::GreetStream(request), &settings(), &trace());
        let command = &commands[0].1;
        assert!(command.contains(" -max-time 0.5 "), "{command}");
        assert!(
            command.ends_with(
                r#"-d '{"name":"Ada"}' 127.0.0.1:50051 helloworld.Greeter/SayHelloStream"#
            )
        );
    }

    #[test]
    fn publish_becomes_curl_and_rabbitmqadmin_without_the_token() {
        let mut settings = settings();
        settings.bridge_token = "secret-token".into();
        let draft = PublishDraft {
            routing_key: "a.b".into(),
            ..PublishDraft::default()
        };
        let commands = commands(&Replay::Publish(draft), &settings, &trace());
        let (curl, amqp) = (&commands[0].1, &commands[1].1);
        assert!(curl.contains("http://127.0.0.1:3000/api/publish"));
        assert!(curl.contains("$BRIDGE_TOKEN") && !curl.contains("secret-token"));
        assert!(amqp.starts_with("rabbitmqadmin publish exchange='logs' routing_key='a.b'"));
        assert!(amqp.contains(r#""delivery_mode":2"#));
        assert!(amqp.contains(&trace().trace_id));
    }

    #[test]
    fn a_folder_schema_gives_grpcurl_its_import_paths() {
        let call = GrpcCall {
            target: "http://127.0.0.1:9000".into(),
            route: crate::requests::Route::Direct,
            method: "/acme.billing.v1.Billing/Get".into(),
            body: "{}".into(),
            metadata: String::new(),
            deadline_ms: String::new(),
            origin: Origin::Folder {
                name: "my protos".into(),
                roots: vec![String::new(), "proto/".into()],
                files: vec!["acme/billing/v1/invoice.proto".into(), "misc.proto".into()],
                skipped: 1,
            },
        };
        let command = grpcurl_any(&call, &trace());
        assert!(
            command.starts_with(
                "grpcurl -plaintext -import-path 'my protos' -import-path 'my protos/proto' \
                 -proto 'acme/billing/v1/invoice.proto' -proto 'misc.proto' "
            ),
            "{command}"
        );
    }
}
