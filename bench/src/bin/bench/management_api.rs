//! RabbitMQ's management HTTP API, the `management` benchmark's baseline: the plugin switched on for
//! the run (and off again afterwards if it was off before), and a load client
//! publishing through `POST /api/exchanges/%2f/<exchange>/publish`.

use std::{net::SocketAddr, time::Duration};

use anyhow::{Context, bail};
use base64::{Engine, prelude::BASE64_STANDARD};
use bytes::Bytes;
use http::{HeaderValue, Method, header};
use http_body_util::Full;
use switchboard_bench::{http1::Http1Conn, load::Client, stats::Outcome};
use tokio::process::Command;

const PLUGIN: &str = "rabbitmq_management";

/// `rabbitmq-plugins ARGS`, with its output.
async fn plugins(args: &[&str]) -> anyhow::Result<String> {
    let output = Command::new("rabbitmq-plugins")
        .args(args)
        .output()
        .await
        .context("running rabbitmq-plugins (is RabbitMQ installed here?)")?;
    if !output.status.success() {
        bail!(
            "rabbitmq-plugins {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The management plugin, enabled for as long as this lives.
#[derive(Debug)]
pub struct Plugin {
    /// Whether this run turned it on, and must turn it off again.
    enabled_here: bool,
}

impl Plugin {
    /// Enables the plugin unless it already is (directly or as another
    /// plugin's dependency), then waits until its API answers.
    pub async fn enable(addr: SocketAddr, auth: &HeaderValue) -> anyhow::Result<Self> {
        let enabled = plugins(&[
            "--silent",
            "list",
            "--enabled",
            "--implicitly-enabled",
            "--minimal",
        ])
        .await?;
        let was_enabled = enabled.lines().any(|line| line.trim() == PLUGIN);
        if !was_enabled {
            println!("management: enabling {PLUGIN} for the run");
            plugins(&["enable", PLUGIN]).await?;
        }
        let plugin = Self {
            enabled_here: !was_enabled,
        };
        if let Err(error) = wait_for_api(addr, auth).await {
            plugin.restore().await?;
            return Err(error);
        }
        Ok(plugin)
    }

    /// Disables the plugin again if this run enabled it.
    pub async fn restore(mut self) -> anyhow::Result<()> {
        if self.enabled_here {
            println!("management: disabling {PLUGIN} again");
            plugins(&["disable", PLUGIN]).await?;
            self.enabled_here = false;
        }
        Ok(())
    }
}

impl Drop for Plugin {
    /// An interrupted run still leaves the broker as it found it. This blocks,
    /// but only on that rare path, when the runtime may already be going away.
    fn drop(&mut self) {
        if self.enabled_here {
            eprintln!("management: interrupted; disabling {PLUGIN} again");
            let _ = std::process::Command::new("rabbitmq-plugins")
                .args(["disable", PLUGIN])
                .status();
        }
    }
}

async fn wait_for_api(addr: SocketAddr, auth: &HeaderValue) -> anyhow::Result<()> {
    let mut last = String::new();
    for _ in 0..120 {
        if let Ok(mut conn) = Http1Conn::connect(addr, Duration::from_secs(5)).await {
            let request = conn
                .request(Method::GET, "/api/overview")
                .header(header::AUTHORIZATION, auth.clone())
                .body(Full::new(Bytes::new()))?;
            match conn.send(request).await {
                Ok((status, _)) if status.is_success() => return Ok(()),
                Ok((status, _)) => last = status.to_string(),
                Err(error) => last = format!("{error:#}"),
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    bail!("the management API on {addr} did not answer within a minute ({last})")
}

/// `Authorization: Basic …` for `user:password`.
pub fn basic_auth(user: &str, password: &str) -> HeaderValue {
    let token = BASE64_STANDARD.encode(format!("{user}:{password}"));
    HeaderValue::from_str(&format!("Basic {token}")).expect("base64 is a valid header value")
}

/// One caller publishing through the management API over its own keep-alive
/// connection: the same payload, persistent, to the same kind of exchange.
#[derive(Debug)]
pub struct ManagementPublisher {
    conn: Http1Conn,
    path: String,
    auth: HeaderValue,
    body: Bytes,
}

impl ManagementPublisher {
    pub async fn connect(
        addr: SocketAddr,
        auth: HeaderValue,
        exchange: &str,
        payload: &str,
        timeout: Duration,
    ) -> anyhow::Result<Self> {
        let body = serde_json::json!({
            "properties": { "delivery_mode": 2 },
            "routing_key": "",
            "payload": payload,
            "payload_encoding": "string",
        });
        Ok(Self {
            conn: Http1Conn::connect(addr, timeout).await?,
            // Scratch names are `[a-z0-9.-]`: nothing to escape but the vhost.
            path: format!("/api/exchanges/%2f/{exchange}/publish"),
            auth,
            body: serde_json::to_vec(&body)?.into(),
        })
    }
}

impl Client for ManagementPublisher {
    async fn call(&mut self) -> Outcome {
        let request = self
            .conn
            .request(Method::POST, &self.path)
            .header(header::AUTHORIZATION, self.auth.clone())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Full::new(self.body.clone()))
            .expect("a path and static headers make a valid request");
        match self.conn.send(request).await {
            // The API answers 200 `{"routed": false}` for a message no queue took.
            Ok((status, body)) if status.is_success() => {
                let answer: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
                if answer["routed"] == true {
                    Outcome::Ok
                } else {
                    Outcome::Error(format!("not routed: {}", String::from_utf8_lossy(&body)))
                }
            }
            Ok((status, _)) => Outcome::Status(status.as_u16()),
            Err(error) => Outcome::Error(format!("{error:#}")),
        }
    }
}
