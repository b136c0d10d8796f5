//! The gRPC servers the bridge may reflect and relay to (`GRPC_TARGETS`), and
//! the one spelling each has, so that `http://host:80/` and `http://host`
//! name the same server and nothing else slips past the allowlist.

use std::{
    fmt,
    hash::{Hash, Hasher},
    str::FromStr,
    sync::Arc,
    time::Duration,
};

use axum::http::{Uri, uri::Scheme};
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint};

use super::GrpcError;
use crate::upstream_ca::UpstreamCa;

/// A gRPC server's base URL: `http://host:port` (HTTP/2 without TLS, h2c) or
/// `https://host:port` (TLS, HTTP/2 chosen through ALPN). Two targets are
/// equal when they name the same server, whatever CA each trusts.
#[derive(Clone)]
pub struct GrpcTarget {
    tls: bool,
    /// Lower case; an IPv6 address keeps its brackets.
    host: String,
    /// `None` for the scheme's default port.
    port: Option<u16>,
    /// The private CAs trusted beside the system's roots (`UPSTREAM_CA_FILE`).
    ca: Option<UpstreamCa>,
}

impl GrpcTarget {
    /// The same server, its certificate also checked against `ca`.
    pub fn trusting(self, ca: Option<UpstreamCa>) -> Self {
        Self { ca, ..self }
    }

    /// How the bridge connects: a connect timeout, so that an unreachable
    /// server is reported instead of waited for, and for `https` TLS with the
    /// system's trusted roots and the private CAs, if any. A machine without
    /// system roots still reaches the servers of those CAs.
    pub fn endpoint(&self, connect_timeout: Duration) -> Result<Endpoint, GrpcError> {
        let endpoint = Endpoint::from_shared(self.to_string())
            .map_err(|error| GrpcError::unreachable(self, &error))?
            .connect_timeout(connect_timeout)
            .tcp_nodelay(true);
        if !self.tls {
            return Ok(endpoint);
        }
        let tls = ClientTlsConfig::new().timeout(connect_timeout);
        let Some(ca) = &self.ca else {
            return endpoint
                .tls_config(tls.with_enabled_roots())
                .map_err(|error| GrpcError::unreachable(self, &error));
        };
        let tls = tls.ca_certificate(Certificate::from_pem(ca.pem()));
        endpoint
            .clone()
            .tls_config(tls.clone().with_enabled_roots())
            .or_else(|error| {
                let target = self;
                tracing::debug!(%target, %error, "no system roots; the private CAs only");
                endpoint.tls_config(tls)
            })
            .map_err(|error| GrpcError::unreachable(self, &error))
    }

    /// What names the server: scheme, host and port.
    fn identity(&self) -> (bool, &str, Option<u16>) {
        (self.tls, &self.host, self.port)
    }
}

impl PartialEq for GrpcTarget {
    fn eq(&self, other: &Self) -> bool {
        self.identity() == other.identity()
    }
}

impl Eq for GrpcTarget {}

impl Hash for GrpcTarget {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.identity().hash(state);
    }
}

/// Parses and normalises a base URL; anything but a scheme, a host and a port
/// is refused, because the relay appends `/{service}/{method}` to it.
impl FromStr for GrpcTarget {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let uri: Uri = text
            .parse()
            .map_err(|error| format!("{text:?} is not a URL: {error}"))?;
        let tls = match uri.scheme() {
            Some(scheme) if *scheme == Scheme::HTTP => false,
            Some(scheme) if *scheme == Scheme::HTTPS => true,
            _ => {
                return Err(format!(
                    "{text:?} must start with http:// (h2c) or https:// (TLS)"
                ));
            }
        };
        let authority = uri
            .authority()
            .ok_or_else(|| format!("{text:?} names no host"))?;
        if authority.as_str().contains('@') {
            return Err(format!("{text:?} must not carry credentials"));
        }
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
            return Err(format!(
                "{text:?} must be a base URL without a path or query, such as http://127.0.0.1:50051"
            ));
        }
        let host = authority.host().to_ascii_lowercase();
        if host.is_empty() {
            return Err(format!("{text:?} names no host"));
        }
        let default_port = if tls { 443 } else { 80 };
        let port = authority.port_u16().filter(|port| *port != default_port);
        Ok(Self {
            tls,
            host,
            port,
            ca: None,
        })
    }
}

impl fmt::Display for GrpcTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.tls { "https" } else { "http" };
        write!(f, "{scheme}://{}", self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for GrpcTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The allowlisted targets, each with a channel the relay reuses: it connects
/// on first use and reconnects after a failure, so calls share connections.
#[derive(Debug, Clone)]
pub struct GrpcTargets {
    /// A target whose TLS cannot be set up (no trusted roots, say) keeps the
    /// reason, and each call to it is refused with it.
    targets: Arc<[(GrpcTarget, Result<Channel, String>)]>,
    timeout: Duration,
}

impl GrpcTargets {
    /// Must run inside a Tokio runtime: each channel spawns its worker.
    /// `https` targets also trust `ca`.
    pub fn new(targets: &[GrpcTarget], timeout: Duration, ca: Option<&UpstreamCa>) -> Self {
        let targets = targets
            .iter()
            .map(|target| {
                let target = target.clone().trusting(ca.cloned());
                let channel = target
                    .endpoint(timeout)
                    .map(|endpoint| endpoint.connect_lazy())
                    .map_err(|error| {
                        tracing::warn!(%target, %error, "gRPC target cannot be used");
                        error.to_string()
                    });
                (target, channel)
            })
            .collect();
        Self { targets, timeout }
    }

    /// The allowed target `spelled` names, however it is spelled, with its channel.
    pub fn get(&self, spelled: &str) -> Result<(&GrpcTarget, Channel), GrpcError> {
        let not_allowed = || GrpcError::NotAllowed(spelled.trim().to_owned());
        let wanted: GrpcTarget = spelled.parse().map_err(|_| not_allowed())?;
        let (target, channel) = self
            .targets
            .iter()
            .find(|(allowed, _)| *allowed == wanted)
            .ok_or_else(not_allowed)?;
        match channel {
            Ok(channel) => Ok((target, channel.clone())),
            Err(cause) => Err(GrpcError::Unreachable {
                target: target.clone(),
                cause: cause.clone(),
            }),
        }
    }

    /// The longest wait for a target: to connect, for a reflection, and for a
    /// relayed call's answer to begin.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normal(text: &str) -> String {
        text.parse::<GrpcTarget>().unwrap().to_string()
    }

    #[test]
    fn spellings_of_one_server_are_one_target() {
        assert_eq!(normal("http://127.0.0.1:50051"), "http://127.0.0.1:50051");
        assert_eq!(
            normal(" http://127.0.0.1:50051/ "),
            "http://127.0.0.1:50051"
        );
        assert_eq!(
            normal("http://Greeter.Internal:80"),
            "http://greeter.internal"
        );
        assert_eq!(normal("https://api.test:443/"), "https://api.test");
        assert_eq!(normal("https://api.test:80"), "https://api.test:80");
        assert_eq!(normal("http://[::1]:50051"), "http://[::1]:50051");
    }

    #[test]
    fn anything_but_a_base_url_is_refused() {
        for (text, reason) in [
            ("127.0.0.1:50051", "must start with http://"),
            ("grpc://127.0.0.1:50051", "must start with http://"),
            ("http://127.0.0.1:50051/prefix", "without a path"),
            ("http://127.0.0.1:50051/?a=1", "without a path"),
            ("http://user:pw@127.0.0.1:50051", "credentials"),
            ("http://", "not a URL"),
            ("", "not a URL"),
        ] {
            let error = text.parse::<GrpcTarget>().unwrap_err();
            assert!(error.contains(reason), "{text:?}: {error}");
        }
    }
}
