//! What a reader needs to compare two runs: when, which commit, which machine,
//! and the versions of everything on the measured path.

use std::{path::Path, time::SystemTime};

use procfs::Current;
use tokio::process::Command;

/// Crates on the measured paths whose versions the report names.
const CRATES: &[&str] = &["lapin", "axum", "hyper", "tokio", "tonic", "tonic-web"];

#[derive(Debug)]
pub struct Environment {
    pub date: String,
    pub commit: String,
    pub cpu: String,
    pub cores: usize,
    pub rustc: String,
    pub rabbitmq: String,
    pub erlang: String,
    /// `name version` for each of `CRATES`, from Cargo.lock.
    pub crates: Vec<String>,
}

/// The trimmed stdout of a command, or `unknown` if it cannot run.
async fn output(program: &str, args: &[&str]) -> String {
    match Command::new(program).args(args).output().await {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        _ => "unknown".to_owned(),
    }
}

#[derive(Debug, serde::Deserialize)]
struct Lock {
    package: Vec<Package>,
}

#[derive(Debug, serde::Deserialize)]
struct Package {
    name: String,
    version: String,
}

fn crate_versions(root: &Path) -> Vec<String> {
    let lock: Option<Lock> = std::fs::read_to_string(root.join("Cargo.lock"))
        .ok()
        .and_then(|text| toml::from_str(&text).ok());
    let packages = lock.map(|lock| lock.package).unwrap_or_default();
    CRATES
        .iter()
        .map(|name| {
            let versions: Vec<&str> = packages
                .iter()
                .filter(|package| package.name == *name)
                .map(|package| package.version.as_str())
                .collect();
            format!("{name} {}", versions.join("/"))
        })
        .collect()
}

pub async fn gather(root: &Path) -> Environment {
    let root_arg = root.to_string_lossy();
    let head = output("git", &["-C", &root_arg, "rev-parse", "--short", "HEAD"]).await;
    let dirty = output("git", &["-C", &root_arg, "status", "--porcelain"]).await;
    let commit = if dirty.is_empty() {
        head
    } else {
        format!("{head} with uncommitted changes")
    };
    let cpu = procfs::CpuInfo::current()
        .ok()
        .and_then(|info| info.model_name(0).map(str::to_owned))
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let erlang = output("rabbitmqctl", &["eval", "erlang:system_info(otp_release)."]).await;
    Environment {
        date: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        commit,
        cpu,
        cores: std::thread::available_parallelism().map_or(0, usize::from),
        rustc: output("rustc", &["--version"]).await,
        rabbitmq: output("rabbitmqctl", &["version"]).await,
        erlang: erlang.trim_matches('"').to_owned(),
        crates: crate_versions(root),
    }
}

impl Environment {
    /// One line of versions for the report.
    pub fn versions(&self) -> String {
        format!(
            "{}; RabbitMQ {} (Erlang/OTP {}); {}",
            self.rustc,
            self.rabbitmq,
            self.erlang,
            self.crates.join(", ")
        )
    }
}
