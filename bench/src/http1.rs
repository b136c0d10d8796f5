//! One keep-alive HTTP/1.1 connection, owned by one simulated client.
//!
//! A pooled client (reqwest, hyper-util's legacy `Client`) decides for itself
//! how many sockets to open and when to close them; the soak test must know
//! that a thousand clients really hold a thousand connections, so each client
//! here drives its own hyper connection and counts every reconnect.

use std::{net::SocketAddr, time::Duration};

use anyhow::{Context, anyhow};
use bytes::Bytes;
use http::{HeaderValue, Method, Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// A request as this client sends it: the body is always in memory.
pub type HttpRequest = Request<Full<Bytes>>;

/// One HTTP/1.1 connection that is reopened when it fails.
#[derive(Debug)]
pub struct Http1Conn {
    addr: SocketAddr,
    host: HeaderValue,
    sender: Option<SendRequest<Full<Bytes>>>,
    /// The longest a request may take before the connection is given up.
    timeout: Duration,
    /// Connections opened after the first one.
    pub reconnects: u64,
}

impl Http1Conn {
    /// Opens the connection now, so that a load test starts with every socket
    /// in place.
    pub async fn connect(addr: SocketAddr, timeout: Duration) -> anyhow::Result<Self> {
        let sender = open(addr).await?;
        Ok(Self {
            addr,
            host: HeaderValue::from_str(&addr.to_string())?,
            sender: Some(sender),
            timeout,
            reconnects: 0,
        })
    }

    /// A request for `path` on this connection's server. hyper adds the
    /// `Content-Length` of an in-memory body by itself.
    pub fn request(&self, method: Method, path: &str) -> http::request::Builder {
        Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, self.host.clone())
    }

    /// `POST path` with a JSON body.
    pub fn post_json(&self, path: &str, body: Bytes) -> HttpRequest {
        self.request(Method::POST, path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Full::new(body))
            .expect("a path and static headers make a valid request")
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> HttpRequest {
        self.request(Method::GET, path)
            .body(Full::new(Bytes::new()))
            .expect("a path and static headers make a valid request")
    }

    /// Sends `request` and reads the whole answer. After any failure the
    /// connection is dropped (its state is unknown) and the next request opens
    /// a new one.
    pub async fn send(&mut self, request: HttpRequest) -> anyhow::Result<(StatusCode, Bytes)> {
        let answer = tokio::time::timeout(self.timeout, self.exchange(request)).await;
        let result = match answer {
            Ok(result) => result,
            Err(_) => Err(anyhow!("no answer within {:?}", self.timeout)),
        };
        if result.is_err() {
            self.sender = None;
        }
        result
    }

    async fn exchange(&mut self, request: HttpRequest) -> anyhow::Result<(StatusCode, Bytes)> {
        let sender = match &mut self.sender {
            Some(sender) if !sender.is_closed() => sender,
            _ => {
                self.reconnects += 1;
                self.sender.insert(open(self.addr).await?)
            }
        };
        sender.ready().await?;
        let response = sender.send_request(request).await?;
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        Ok((status, body))
    }
}

async fn open(addr: SocketAddr) -> anyhow::Result<SendRequest<Full<Bytes>>> {
    let stream = TcpStream::connect(addr)
        .await
        .with_context(|| format!("connecting to {addr}"))?;
    // Small requests on a keep-alive connection: Nagle would only add delay.
    stream.set_nodelay(true)?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
    // The connection task ends when the socket closes; its error, if any,
    // reaches the next request through `SendRequest`.
    tokio::spawn(connection);
    Ok(sender)
}
