//! gRPC-web over HTTP/1.1, as a browser speaks it: tonic-web's client layer
//! over hyper's client, and one message framed by hand for the tests that
//! send raw bodies.

use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use tonic::body::Body;
use tonic_web::{GrpcWebCall, GrpcWebClientLayer, GrpcWebClientService};

/// A gRPC-web transport: give it to a generated client's `with_origin`.
pub type WebService = GrpcWebClientService<Client<HttpConnector, GrpcWebCall<Body>>>;

pub fn web_service() -> WebService {
    let http1 = Client::builder(TokioExecutor::new()).build_http();
    tower::ServiceBuilder::new()
        .layer(GrpcWebClientLayer::new())
        .service(http1)
}

/// One uncompressed gRPC(-web) message frame: flag, big-endian length, message.
pub fn frame(message: &[u8]) -> Vec<u8> {
    let mut frame = vec![0];
    frame.extend_from_slice(&u32::try_from(message.len()).unwrap().to_be_bytes());
    frame.extend_from_slice(message);
    frame
}
