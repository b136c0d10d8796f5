//! SIGTERM: the bridge stops accepting, answers every request in flight once
//! its confirm arrives, then closes the AMQP connection.

use std::{
    process::Stdio,
    time::{Duration, Instant},
};

use serde_json::json;
use switchboard_testing::{relay::Relay, wait_until};
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    net::TcpStream,
    process::Command,
};

use crate::{
    BROKER,
    common::{declare_fanout, unique},
    load::DurableQueue,
};

/// Requests waiting for their confirm when the signal comes.
const IN_FLIGHT: usize = 16;

/// The requests are surely in flight at the signal: a relay between the
/// bridge and RabbitMQ holds the broker's bytes, so every message is in the
/// queue while no confirm has reached the bridge. The relay lets the confirms
/// through only once new connections are refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "runs the bridge binary against the shared broker; scripts/test.sh runs it with --ignored"]
async fn sigterm_refuses_new_connections_and_answers_every_request_in_flight() {
    let _serial = BROKER.lock().await;
    let exchange = unique("switchboard.faults.shutdown");
    declare_fanout(&exchange, true).await;
    let queue = DurableQueue::bind(&exchange).await;
    let relay = Relay::start("127.0.0.1:5672").await;
    let amqp_url = relay.amqp_url().replace("amqp://", "amqp://guest:guest@");
    let mut child = Command::new(env!("CARGO_BIN_EXE_bridge-server"))
        .args(["--bind", "127.0.0.1:0", "--exchange", &exchange])
        .args(["--rate-limit-per-second", "0"])
        .env("AMQP_URL", &amqp_url)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = stdout.next_line().await.unwrap().unwrap();
    let url = line.strip_prefix("listening on ").unwrap().to_owned();
    let addr = url.strip_prefix("http://").unwrap().to_owned();
    let stderr = tokio::spawn({
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        async move {
            let mut all = String::new();
            while let Ok(Some(line)) = lines.next_line().await {
                all.push_str(&line);
                all.push('\n');
            }
            all
        }
    });
    let client = reqwest::Client::new();
    wait_until(Duration::from_secs(10), async || {
        let ready = client.get(format!("{url}/readyz")).send().await.ok()?;
        (ready.status() == 200).then_some(())
    })
    .await
    .expect("the bridge did not connect");

    relay.hold();
    let run = unique("shutdown");
    let requests: Vec<_> = (0..IN_FLIGHT)
        .map(|n| {
            let body = json!({ "payload": n.to_string(), "message_id": format!("{run}-{n}") });
            let request = client.post(format!("{url}/api/publish")).json(&body).send();
            tokio::spawn(async move { request.await.map(|response| response.status().as_u16()) })
        })
        .collect();
    wait_until(Duration::from_secs(10), async || {
        (queue.depth().await as usize == IN_FLIGHT).then_some(())
    })
    .await
    .expect("the requests never reached the queue");

    let pid = child.id().unwrap().to_string();
    let signalled = Instant::now();
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(sent.success());
    wait_until(Duration::from_secs(5), async || {
        TcpStream::connect(&addr).await.is_err().then_some(())
    })
    .await
    .expect("the bridge still accepts connections after SIGTERM");
    let late = reqwest::Client::new()
        .post(format!("{url}/api/publish"))
        .json(&json!({ "payload": "too late" }))
        .send()
        .await;
    assert!(
        late.as_ref().is_err_and(reqwest::Error::is_connect),
        "a new request after SIGTERM: {late:?}"
    );
    assert!(
        requests.iter().all(|request| !request.is_finished()),
        "a request was answered before its confirm"
    );
    relay.release();

    let mut answers = Vec::new();
    for request in requests {
        answers.push(
            request
                .await
                .unwrap()
                .expect("an answer to a request in flight"),
        );
    }
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("the bridge did not exit within 10 s of SIGTERM")
        .unwrap();
    let exited = signalled.elapsed();
    let logs = stderr.await.unwrap();
    assert!(status.success(), "exit status {status:?}\n{logs}");
    assert_eq!(answers, [200; IN_FLIGHT], "{logs}");
    let seen = queue.drain().await;
    let lost: Vec<_> = (0..IN_FLIGHT)
        .map(|n| format!("{run}-{n}"))
        .filter(|id| !seen.contains_key(id))
        .collect();
    println!("shutdown: exited {exited:?} after SIGTERM; {IN_FLIGHT} in flight, all 2xx");
    assert!(lost.is_empty(), "lost 2xx messages: {lost:?}");
    assert!(logs.contains("closing the AMQP connection"), "{logs}");
    assert!(logs.contains("AMQP connection closed"), "{logs}");
    assert!(
        !logs.contains("guest:guest"),
        "credentials in the logs:\n{logs}"
    );
}
