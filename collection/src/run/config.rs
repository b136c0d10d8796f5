//! The runner's settings: flags, each with an environment variable (listed
//! in the README's settings table) except `--var`, which repeats.

use std::path::PathBuf;

use clap::Parser;

/// Runs the collections of a Switchboard collections file in order, one
/// PASS, FAIL or NOT RUN line per request, then a summary. Exits 0 when every
/// request that ran passed, 1 when one failed, 2 when the file, a name or a
/// variable is wrong (nothing is sent then).
#[derive(Debug, Clone, Parser)]
#[command(name = "switchboard-run", version)]
pub struct Config {
    /// The collections file (`"format": "switchboard.collections"`).
    pub file: PathBuf,
    /// Runs only this collection (repeatable, in the order given); every
    /// collection of the file, in its order, when absent.
    #[arg(long = "collection", env = "RUN_COLLECTION", value_name = "NAME")]
    pub collections: Vec<String>,
    /// The environment whose variables fill `{{name}}`; none when absent.
    #[arg(long = "env", env = "RUN_ENV", value_name = "NAME")]
    pub env: Option<String>,
    /// `name=value`: sets a variable over the environment's (repeatable).
    /// A variable the environment marks secret stays secret, so a token
    /// given here is masked in the output like the others.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// The bridge's base URL, which publish items go through
    /// (`POST /api/publish`); without it they are not run.
    #[arg(long, env = "RUN_BRIDGE", value_name = "URL")]
    pub bridge: Option<String>,
    /// The bearer token the bridge requires, if it requires one.
    #[arg(long, env = "BRIDGE_TOKEN", hide_env_values = true)]
    pub bridge_token: Option<String>,
    /// The longest wait for one request, from connecting to the last byte
    /// of the answer.
    #[arg(long, env = "RUN_TIMEOUT_MS", default_value_t = 10_000)]
    pub timeout_ms: u64,
}

fn parse_var(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.to_owned()))
        }
        _ => Err(format!("{text:?} is not name=value")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vars_are_name_equals_value() {
        assert_eq!(
            parse_var("token=a=b").unwrap(),
            ("token".into(), "a=b".into())
        );
        assert_eq!(
            parse_var("empty=").unwrap(),
            ("empty".into(), String::new())
        );
        assert!(parse_var("=x").is_err());
        assert!(parse_var("novalue").is_err());
    }

    #[test]
    fn flags_parse() {
        let config = Config::try_parse_from([
            "switchboard-run",
            "file.json",
            "--collection",
            "a",
            "--collection",
            "b",
            "--var",
            "x=1",
            "--timeout-ms",
            "250",
        ])
        .unwrap();
        assert_eq!(config.collections, ["a", "b"]);
        assert_eq!(config.vars, [("x".into(), "1".into())]);
        assert_eq!(config.timeout_ms, 250);
    }
}
