//! Runs the built `switchboard-run` on a collections file written for the
//! test, and reads what it printed and how it exited.

#![allow(dead_code)]

pub mod users;

use std::path::PathBuf;

use switchboard_collection::Workspace;
use tempfile::TempDir;

/// A collections file in a directory of its own, removed with it.
pub struct File {
    _dir: TempDir,
    pub path: PathBuf,
}

impl File {
    pub fn workspace(workspace: &Workspace) -> Self {
        Self::text(&workspace.to_json())
    }

    pub fn text(text: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("collections.json");
        std::fs::write(&path, text).unwrap();
        Self { _dir: dir, path }
    }
}

/// What a run printed, and its exit code.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The printed line that starts with `start` and contains `part`.
    pub fn line(&self, start: &str, part: &str) -> &str {
        self.stdout
            .lines()
            .find(|line| line.starts_with(start) && line.contains(part))
            .unwrap_or_else(|| panic!("no {start:?} line with {part:?} in:\n{}", self.stdout))
    }
}

/// Runs the binary on `file` with `args`, away from any setting in the
/// environment of the test.
pub async fn run(file: &File, args: &[&str]) -> Run {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_switchboard-run"))
        .arg(&file.path)
        .args(args)
        .env_remove("RUN_COLLECTION")
        .env_remove("RUN_ENV")
        .env_remove("RUN_BRIDGE")
        .env_remove("RUN_TIMEOUT_MS")
        .env_remove("BRIDGE_TOKEN")
        .output()
        .await
        .unwrap();
    Run {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}
