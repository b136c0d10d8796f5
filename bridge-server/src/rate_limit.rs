//! A per-client rate limit (tower_governor). The client is the TCP peer; the
//! `X-Forwarded-For` header counts only when the peer is a trusted proxy, so a
//! forged header cannot buy a caller a fresh allowance.

use std::{net::IpAddr, net::SocketAddr, sync::Arc, time::Duration};

use axum::{body::Body, extract::ConnectInfo, http::Request, response::IntoResponse};
use ipnet::IpNet;
use tower_governor::{
    GovernorError, GovernorLayer, governor::GovernorConfigBuilder, key_extractor::KeyExtractor,
};

use crate::error::ApiError;

/// Finds the client's address for rate limiting.
#[derive(Debug, Clone)]
pub struct ClientIp {
    trusted_proxies: Arc<[IpNet]>,
}

impl ClientIp {
    pub fn new(trusted_proxies: Vec<IpNet>) -> Self {
        Self {
            trusted_proxies: trusted_proxies.into(),
        }
    }

    fn is_trusted(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|net| net.contains(&ip))
    }

    /// The client behind `peer`: the peer itself, unless it is a trusted proxy;
    /// then the right-most address in `X-Forwarded-For` that is not one.
    fn client(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        if !self.is_trusted(peer) {
            return peer;
        }
        forwarded_for
            .into_iter()
            .flat_map(|header| header.rsplit(','))
            .map_while(|hop| hop.trim().parse::<IpAddr>().ok())
            .find(|hop| !self.is_trusted(*hop))
            .unwrap_or(peer)
    }
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<IpAddr, GovernorError> {
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .ok_or(GovernorError::UnableToExtractKey)?;
        let forwarded_for = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|value| value.to_str().ok());
        Ok(self.client(peer, forwarded_for))
    }
}

/// The rate limit layer: `per_second` requests a second per client on average,
/// with bursts up to `burst`.
pub fn layer(
    per_second: u32,
    burst: u32,
    client_ip: ClientIp,
) -> GovernorLayer<ClientIp, governor::middleware::NoOpMiddleware, Body> {
    let period = Duration::from_secs(1) / per_second.max(1);
    let config = GovernorConfigBuilder::default()
        .period(period)
        .burst_size(burst.max(1))
        .key_extractor(client_ip)
        .finish()
        .expect("a non-zero period and burst make a valid rate limit");
    let config = Arc::new(config);
    // Forget clients that have been quiet, so the table does not grow forever.
    let limiter = config.limiter().clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiter.retain_recent();
        }
    });
    GovernorLayer::new(config).error_handler(|error| match error {
        GovernorError::TooManyRequests { wait_time, .. } => ApiError::RateLimited {
            retry_after: wait_time.max(1),
        }
        .into_response(),
        other => {
            tracing::error!(error = %other, "rate limiter cannot identify the client");
            ApiError::Internal.into_response()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_ignored_without_trusted_proxies() {
        let client_ip = ClientIp::new(vec![]);
        assert_eq!(
            client_ip.client(ip("10.0.0.5"), Some("1.2.3.4")),
            ip("10.0.0.5")
        );
    }

    #[test]
    fn trusted_proxy_passes_on_the_nearest_untrusted_hop() {
        let client_ip = ClientIp::new(vec!["10.0.0.0/8".parse().unwrap()]);
        // The left-most entry is whatever the client claimed; only hops added
        // by trusted proxies are believed.
        let header = "6.6.6.6, 1.2.3.4, 10.0.0.9";
        assert_eq!(
            client_ip.client(ip("10.0.0.5"), Some(header)),
            ip("1.2.3.4")
        );
        assert_eq!(client_ip.client(ip("10.0.0.5"), None), ip("10.0.0.5"));
        assert_eq!(
            client_ip.client(ip("192.0.2.1"), Some(header)),
            ip("192.0.2.1")
        );
    }
}
