//! Where a service finds RabbitMQ: the settings every AMQP client here reads,
//! and an AMQP URL that can be logged (`Display` and `Debug` hide the password).

use std::{fmt, str::FromStr};

/// An AMQP URL whose `Display` and `Debug` hide the password, so that it can be
/// logged and shown in errors without leaking credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct AmqpUrl(String);

impl AmqpUrl {
    /// The full URL, credentials included: only for connecting.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl FromStr for AmqpUrl {
    type Err = String;

    fn from_str(url: &str) -> Result<Self, Self::Err> {
        let url = url.trim();
        if url.starts_with("amqp://") || url.starts_with("amqps://") {
            Ok(Self(url.to_owned()))
        } else {
            Err("an AMQP URL starts with amqp:// or amqps://".to_owned())
        }
    }
}

impl fmt::Display for AmqpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (scheme, rest) = self.0.split_once("://").unwrap_or(("amqp", &self.0));
        match rest.rsplit_once('@') {
            Some((userinfo, host)) => {
                let user = userinfo.split_once(':').map_or(userinfo, |(user, _)| user);
                write!(f, "{scheme}://{user}:***@{host}")
            }
            None => write!(f, "{scheme}://{rest}"),
        }
    }
}

impl fmt::Debug for AmqpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// The broker settings every AMQP client here reads; flatten it into a
/// service's `Config` with `#[command(flatten)]`.
#[derive(Debug, Clone, clap::Args)]
pub struct BrokerArgs {
    /// RabbitMQ's address. A comma-separated list is tried in order, moving to
    /// the next address when one is unreachable.
    #[arg(
        long,
        env = "AMQP_URL",
        value_delimiter = ',',
        default_value = "amqp://127.0.0.1:5672/%2f"
    )]
    pub amqp_url: Vec<AmqpUrl>,
    /// How long one connection attempt to one broker may take, in milliseconds.
    #[arg(long, env = "CONNECT_TIMEOUT_MS", default_value_t = 3_000)]
    pub connect_timeout_ms: u64,
}

impl BrokerArgs {
    pub fn connect_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.connect_timeout_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_hides_the_password() {
        let url: AmqpUrl = "amqp://guest:s3cret@rabbit:5672/%2f".parse().unwrap();
        assert_eq!(url.to_string(), "amqp://guest:***@rabbit:5672/%2f");
        assert!(!format!("{url:?}").contains("s3cret"));
        assert_eq!(url.secret(), "amqp://guest:s3cret@rabbit:5672/%2f");
    }

    #[test]
    fn display_keeps_urls_without_credentials() {
        let url: AmqpUrl = "amqp://127.0.0.1:5672/%2f".parse().unwrap();
        assert_eq!(url.to_string(), "amqp://127.0.0.1:5672/%2f");
    }

    #[test]
    fn other_schemes_are_refused() {
        assert!("http://rabbit".parse::<AmqpUrl>().is_err());
    }
}
