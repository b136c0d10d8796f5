//! The upstream: a plain HTTP (or HTTPS) server on a free port that knows
//! nothing of CORS, and answers what each test needs.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use axum::{
    Json, Router,
    body::{Body, Bytes},
    extract::{Path, State},
    http::{HeaderMap, Method, StatusCode, Uri},
    response::{IntoResponse, Response},
    routing::{any, get},
};
use axum_server::tls_rustls::RustlsConfig;
use futures::stream;
use serde_json::json;
use switchboard_testing::tls::PrivateCa;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

/// A running upstream.
#[derive(Debug, Clone)]
pub struct Upstream {
    /// `http://127.0.0.1:{port}`.
    pub url: String,
    /// How many requests reached `/echo`.
    echoed: Arc<AtomicUsize>,
}

impl Upstream {
    pub async fn start() -> Self {
        let echoed = Arc::new(AtomicUsize::new(0));
        let app = router(echoed.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, echoed }
    }

    /// The same over TLS, with a certificate of `ca`'s: `https://127.0.0.1:{port}`.
    pub async fn start_tls(ca: &PrivateCa) -> Self {
        let echoed = Arc::new(AtomicUsize::new(0));
        let app = router(echoed.clone());
        let tls = RustlsConfig::from_pem(
            ca.server_cert_pem.clone().into_bytes(),
            ca.server_key_pem.clone().into_bytes(),
        )
        .await
        .unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("https://{}", listener.local_addr().unwrap());
        let server = axum_server::from_tcp_rustls(listener, tls).unwrap();
        tokio::spawn(server.serve(app.into_make_service()));
        Self { url, echoed }
    }

    /// `{url}{path}`.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    pub fn echoed(&self) -> usize {
        self.echoed.load(Ordering::SeqCst)
    }
}

fn router(echoed: Arc<AtomicUsize>) -> Router {
    Router::new()
        .route("/echo", any(echo))
        .route("/echo/{*rest}", any(echo))
        .route("/status/{code}", any(status))
        .route("/redirect", get(redirect))
        .route("/bytes/{count}", any(bytes))
        .route("/chunks/{count}", get(chunks))
        .route("/never", any(never))
        .with_state(echoed)
}

/// What arrived: method, path, query, every header (in order) and the body,
/// with headers of its own for the answer to carry back.
async fn echo(
    State(echoed): State<Arc<AtomicUsize>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    echoed.fetch_add(1, Ordering::SeqCst);
    let headers: Vec<[String; 2]> = headers
        .iter()
        .map(|(name, value)| {
            [
                name.to_string(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            ]
        })
        .collect();
    let echoed = json!({
        "method": method.as_str(),
        "path": uri.path(),
        "query": uri.query(),
        "headers": headers,
        "body": String::from_utf8_lossy(&body),
    });
    (
        StatusCode::CREATED,
        [
            ("x-upstream", "echo"),
            ("set-cookie", "session=upstream"),
            ("keep-alive", "timeout=5"),
            ("access-control-allow-origin", "http://elsewhere.test"),
        ],
        Json(echoed),
    )
        .into_response()
}

/// Answers `code` with a body of its own.
async fn status(Path(code): Path<u16>) -> Response {
    let status = StatusCode::from_u16(code).unwrap();
    (
        status,
        [("x-upstream", "status")],
        format!("upstream {code}"),
    )
        .into_response()
}

/// Sends the caller on to `/echo`.
async fn redirect() -> Response {
    (
        StatusCode::FOUND,
        [("location", "/echo?redirected=1")],
        "see /echo",
    )
        .into_response()
}

/// `count` bytes, with their length announced.
async fn bytes(Path(count): Path<usize>) -> Vec<u8> {
    vec![b'x'; count]
}

/// `count` bytes in 1 KiB chunks, without a length, as a stream does.
async fn chunks(Path(count): Path<usize>) -> Body {
    let chunk = Bytes::from(vec![b'y'; 1024]);
    let parts = count.div_ceil(1024);
    Body::from_stream(stream::iter(
        (0..parts).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
    ))
}

/// Never answers.
async fn never() -> Response {
    std::future::pending().await
}

/// A port on which nothing listens (it was free a moment ago).
pub async fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

/// A server that announces 100 bytes, sends a few, and hangs up; answers its
/// base URL.
pub async fn breaks_off() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                // The request's head, up to its blank line, then half an answer.
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).await.unwrap_or(0) == 1
                {
                    head.push(byte[0]);
                }
                let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial";
                let _ = socket.write_all(answer).await;
            });
        }
    });
    url
}
