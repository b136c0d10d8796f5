//! A real server binary started as a child process: its memory is measured
//! from outside, the way an operator would see it, without the load
//! generator's allocations mixed in.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    process::Stdio,
    time::Duration,
};

use crate::http1::Http1Conn;
use anyhow::{Context, anyhow, bail};
use procfs::net::TcpState;
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
    time::timeout,
};

/// A binary of this workspace, built in the same profile as the running one
/// (`target/release/NAME` for a release build).
pub fn sibling_binary(name: &str) -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let path = exe.with_file_name(name);
    if !path.is_file() {
        bail!(
            "{} is not built; run `cargo build --release -p {}` first \
             (scripts/bench.sh and scripts/soak.sh do)",
            path.display(),
            if name == "bridge-server" {
                name
            } else {
                "<its package>"
            },
        );
    }
    Ok(path)
}

/// Where a child's log goes: `target/bench-logs/NAME.log`, beside the build.
pub fn log_path(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    let target = exe
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("."));
    target.join("bench-logs").join(format!("{name}.log"))
}

/// The memory of a process, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    /// Resident now (`VmRSS`).
    pub rss: u64,
    /// The most it was ever resident (`VmHWM`, the kernel's high-water mark).
    pub peak: u64,
}

/// A running server that printed `listening on http://ADDR`.
#[derive(Debug)]
pub struct ServerProcess {
    child: Child,
    pub pid: u32,
    pub addr: SocketAddr,
}

impl ServerProcess {
    /// Starts `program` and waits until it announces its address. Its log goes
    /// to `log`: a pipe nobody reads would fill up and stall the server.
    pub async fn spawn(
        program: &Path,
        args: &[String],
        env: &[(&str, &str)],
        log: &Path,
    ) -> anyhow::Result<Self> {
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let stderr = std::fs::File::create(log)
            .with_context(|| format!("creating the log {}", log.display()))?;
        let mut child = Command::new(program)
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", program.display()))?;
        let pid = child.id().context("the child exited at once")?;
        let stdout = child.stdout.take().context("stdout is piped")?;
        let mut lines = BufReader::new(stdout).lines();
        let announced = timeout(Duration::from_secs(30), async {
            while let Some(line) = lines.next_line().await? {
                if let Some(addr) = line.trim().strip_prefix("listening on http://") {
                    return Ok(addr.parse::<SocketAddr>()?);
                }
            }
            Err(anyhow!("it exited without announcing its address"))
        })
        .await;
        let addr = match announced {
            Ok(result) => result,
            Err(_) => Err(anyhow!("no `listening on` line within 30 s")),
        }
        .with_context(|| format!("{} (log: {})", program.display(), log.display()))?;
        // Keep reading stdout so that nothing the server prints can block it.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Self { child, pid, addr })
    }

    /// Polls `GET path` until it answers 200, for up to `within`: the bridge
    /// listens before its link to the broker is up.
    pub async fn wait_ready(&self, path: &str, within: Duration) -> anyhow::Result<()> {
        let give_up = tokio::time::Instant::now() + within;
        let mut last = String::from("no answer");
        while tokio::time::Instant::now() < give_up {
            match Http1Conn::connect(self.addr, Duration::from_secs(2)).await {
                Ok(mut conn) => match conn.send(conn.get(path)).await {
                    Ok((status, _)) if status.is_success() => return Ok(()),
                    Ok((status, body)) => {
                        last = format!("{status}: {}", String::from_utf8_lossy(&body));
                    }
                    Err(error) => last = format!("{error:#}"),
                },
                Err(error) => last = format!("{error:#}"),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!(
            "{path} on {} not ready within {within:?}: {last}",
            self.addr
        )
    }

    /// Its memory now, from `/proc/PID/status`.
    pub fn memory(&self) -> anyhow::Result<Memory> {
        let pid = i32::try_from(self.pid)?;
        let status = procfs::process::Process::new(pid)?.status()?;
        let kib = |value: Option<u64>, name| {
            value
                .map(|kib| kib * 1024)
                .with_context(|| format!("/proc/{pid}/status has no {name}"))
        };
        Ok(Memory {
            rss: kib(status.vmrss, "VmRSS")?,
            peak: kib(status.vmhwm, "VmHWM")?,
        })
    }

    /// How many TCP connections to its listening address are established, as
    /// the kernel counts them: proof, independent of the client, of how many
    /// connections are really open.
    pub fn established_connections(&self) -> anyhow::Result<usize> {
        let entries = if self.addr.is_ipv4() {
            procfs::net::tcp()?
        } else {
            procfs::net::tcp6()?
        };
        Ok(entries
            .iter()
            .filter(|entry| {
                entry.local_address == self.addr && entry.state == TcpState::Established
            })
            .count())
    }

    /// Asks it to shut down gracefully (SIGTERM), and kills it if it has not
    /// exited within `grace`.
    pub async fn stop(mut self, grace: Duration) -> anyhow::Result<()> {
        let pid = rustix::process::Pid::from_raw(i32::try_from(self.pid)?)
            .context("a child's pid is positive")?;
        if rustix::process::kill_process(pid, rustix::process::Signal::TERM).is_ok()
            && timeout(grace, self.child.wait()).await.is_ok()
        {
            return Ok(());
        }
        self.child.kill().await?;
        Ok(())
    }
}
