//! Which exchanges and routing keys callers may publish to. Anything else is
//! refused with 403 before it reaches the broker.

use std::{fmt, str::FromStr};

use wildmatch::WildMatch;

/// One allowed destination: an exchange, and a pattern its routing keys must
/// match (`*` any run of characters, `?` one character).
#[derive(Clone)]
pub struct Destination {
    exchange: String,
    routing_keys: WildMatch,
    pattern: String,
}

impl Destination {
    /// Any routing key on `exchange`.
    pub fn exchange(exchange: &str) -> Self {
        Self {
            exchange: exchange.to_owned(),
            routing_keys: WildMatch::new("*"),
            pattern: "*".to_owned(),
        }
    }

    fn allows(&self, exchange: &str, routing_key: &str) -> bool {
        self.exchange == exchange && self.routing_keys.matches(routing_key)
    }
}

/// Parses `exchange` (any routing key) or `exchange:pattern`.
impl FromStr for Destination {
    type Err = String;

    fn from_str(entry: &str) -> Result<Self, Self::Err> {
        let (exchange, pattern) = entry.trim().split_once(':').unwrap_or((entry.trim(), "*"));
        if exchange.is_empty() {
            return Err(format!(
                "{entry:?} names no exchange (use exchange or exchange:pattern)"
            ));
        }
        Ok(Self {
            exchange: exchange.to_owned(),
            routing_keys: WildMatch::new(pattern),
            pattern: pattern.to_owned(),
        })
    }
}

impl fmt::Debug for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.exchange, self.pattern)
    }
}

/// The destinations callers may publish to.
#[derive(Debug, Clone)]
pub struct Allowlist(Vec<Destination>);

impl Allowlist {
    pub fn new(destinations: Vec<Destination>) -> Self {
        Self(destinations)
    }

    /// Whether a publish to `exchange` with `routing_key` is allowed.
    pub fn allows(&self, exchange: &str, routing_key: &str) -> bool {
        self.0
            .iter()
            .any(|destination| destination.allows(exchange, routing_key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[&str]) -> Allowlist {
        Allowlist::new(entries.iter().map(|entry| entry.parse().unwrap()).collect())
    }

    #[test]
    fn a_bare_exchange_allows_every_routing_key() {
        let allowlist = list(&["logs"]);
        assert!(allowlist.allows("logs", ""));
        assert!(allowlist.allows("logs", "anything.at.all"));
        assert!(!allowlist.allows("orders", ""));
        assert!(!allowlist.allows("logs2", ""));
    }

    #[test]
    fn patterns_restrict_routing_keys() {
        let allowlist = list(&["orders:order.*", "audit:eu-?"]);
        assert!(allowlist.allows("orders", "order.created"));
        assert!(!allowlist.allows("orders", "invoice.created"));
        assert!(allowlist.allows("audit", "eu-1"));
        assert!(!allowlist.allows("audit", "eu-10"));
    }

    #[test]
    fn an_entry_without_exchange_is_refused() {
        assert!(":key".parse::<Destination>().is_err());
        assert!("".parse::<Destination>().is_err());
    }
}
