//! Echo's clients, native and gRPC-web, on a greeter of its own; the samples
//! are `switchboard_testing::grpc::echo`'s.

use greeter_service::proto::echo::echo_client::EchoClient;
use switchboard_testing::grpc::{WebService, web_service};
use tonic::transport::Channel;

use super::start;

pub async fn client() -> EchoClient<Channel> {
    EchoClient::connect(start().await).await.unwrap()
}

/// An Echo client that speaks gRPC-web over HTTP/1.1, as a browser does.
pub fn web_client(url: &str) -> EchoClient<WebService> {
    EchoClient::with_origin(web_service(), url.parse().unwrap())
}
