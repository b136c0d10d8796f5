//! Servers with less than the greeter has, or that are not gRPC servers at all.

use std::{convert::Infallible, io, time::Duration};

use axum::{Router, routing::get};
use bytes::Bytes;
use futures::StreamExt;
use greeter_service::{
    GreeterService,
    proto::{HelloReply, greeter_server::GreeterServer},
};
use http_body_util::{Full, StreamBody};
use hyper::{Response, body::Frame, server::conn::http2, service::service_fn};
use hyper_util::rt::{TokioExecutor, TokioIo};
use prost::Message;
use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::transport::Server;

async fn listen() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    (listener, url)
}

/// The Greeter with reflection `v1alpha` only, as servers that predate v1 have it.
pub async fn greeter_with_v1alpha_only() -> String {
    let (listener, url) = listen().await;
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(greeter_service::proto::FILE_DESCRIPTOR_SET)
        .build_v1alpha()
        .unwrap();
    let server = Server::builder()
        .add_service(GreeterServer::new(GreeterService::default()))
        .add_service(reflection)
        .serve_with_incoming(TcpListenerStream::new(listener));
    tokio::spawn(server);
    url
}

/// The Greeter without reflection.
pub async fn greeter_without_reflection() -> String {
    let (listener, url) = listen().await;
    let server = Server::builder()
        .add_service(GreeterServer::new(GreeterService::default()))
        .serve_with_incoming(TcpListenerStream::new(listener));
    tokio::spawn(server);
    url
}

/// A web server that speaks only HTTP/1.1.
pub async fn http1_server() -> String {
    let (listener, url) = listen().await;
    let router = Router::new().route("/", get(|| async { "a web page" }));
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

/// An HTTP/2 server (without TLS) that answers every request with a plain
/// `404 Not Found` page and no gRPC status.
pub async fn http2_server() -> String {
    let (listener, url) = listen().await;
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let service = service_fn(|_| async {
                let page = Full::new(Bytes::from_static(b"<h1>Not Found</h1>"));
                let response = Response::builder()
                    .status(404)
                    .header("content-type", "text/html")
                    .body(page)
                    .unwrap();
                Ok::<_, Infallible>(response)
            });
            tokio::spawn(
                http2::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), service),
            );
        }
    });
    url
}

/// A server that accepts connections and never says a word.
pub async fn silent_server() -> String {
    let (listener, url) = listen().await;
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    url
}

/// A gRPC server that answers every call with one `HelloReply` and, a while
/// later (as a server that fails mid-stream does), breaks off, resetting the
/// stream instead of sending a status.
pub async fn breaking_server() -> String {
    let (listener, url) = listen().await;
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let service = service_fn(|_| async {
                let reply = HelloReply {
                    message: "the only reply".into(),
                }
                .encode_to_vec();
                let mut frame = vec![0];
                frame.extend_from_slice(&u32::try_from(reply.len()).unwrap().to_be_bytes());
                frame.extend_from_slice(&reply);
                let reply = futures::stream::once(async { Ok(Frame::data(Bytes::from(frame))) });
                let breakdown = futures::stream::once(async {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    Err(io::Error::other("the server broke down"))
                });
                let response = Response::builder()
                    .header("content-type", "application/grpc")
                    .body(StreamBody::new(reply.chain(breakdown)))
                    .unwrap();
                Ok::<_, Infallible>(response)
            });
            tokio::spawn(
                http2::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), service),
            );
        }
    });
    url
}
