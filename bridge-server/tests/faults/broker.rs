//! Controls the real RabbitMQ for fault tests, and puts it back afterwards.

use std::{path::PathBuf, process::Command, time::Duration};

use switchboard_testing::wait_until;

/// Runs `rabbitmqctl` with `args` and returns its output; panics if it fails.
pub fn rabbitmqctl(args: &[&str]) -> String {
    let output = Command::new("rabbitmqctl")
        .args(args)
        .output()
        .expect("rabbitmqctl is installed");
    assert!(
        output.status.success(),
        "rabbitmqctl {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Async wrapper, so the publishers keep running while the broker changes.
pub async fn ctl(args: &'static [&'static str]) -> String {
    tokio::task::spawn_blocking(move || rabbitmqctl(args))
        .await
        .unwrap()
}

/// RabbitMQ's default memory high watermark.
const DEFAULT_WATERMARK: &str = "0.4";

/// Restores the main broker when dropped, even if the test failed midway:
/// the application runs and the memory watermark is back where it was.
pub struct Restore {
    watermark: String,
}

impl Restore {
    pub fn new() -> Self {
        let watermark = rabbitmqctl(&["eval", "vm_memory_monitor:get_vm_memory_high_watermark()."]);
        let watermark = match watermark.trim() {
            // An alarm left by an interrupted run, not a setting to keep.
            "0" | "0.0" => DEFAULT_WATERMARK.to_owned(),
            set => set.to_owned(),
        };
        Self { watermark }
    }

    /// The watermark to restore, in `set_vm_memory_high_watermark` form.
    pub fn watermark(&self) -> String {
        // `{absolute,N}` comes back for absolute limits; a plain float otherwise.
        match self.watermark.strip_prefix("{absolute,") {
            Some(rest) => format!("absolute {}", rest.trim_end_matches('}')),
            None => self.watermark.clone(),
        }
    }
}

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = Command::new("rabbitmqctl").arg("start_app").output();
        let watermark = self.watermark();
        let mut args = vec!["set_vm_memory_high_watermark"];
        args.extend(watermark.split(' '));
        let _ = Command::new("rabbitmqctl").args(&args).output();
        let _ = Command::new("rabbitmqctl")
            .args(["await_startup", "--timeout", "60"])
            .output();
    }
}

/// A second, independent RabbitMQ node on port 5673, stopped and deleted on drop.
pub struct SecondNode {
    dir: PathBuf,
}

pub const SECOND_NODE: &str = "switchboard-test@localhost";
pub const SECOND_NODE_URL: &str = "amqp://127.0.0.1:5673/%2f";

impl SecondNode {
    pub async fn start() -> Self {
        // A node left over from an interrupted run would hold the port.
        let _ = Command::new("rabbitmqctl")
            .args(["-n", SECOND_NODE, "stop"])
            .output();
        let dir = std::env::temp_dir().join(format!("switchboard-node-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("mnesia")).unwrap();
        std::fs::create_dir_all(dir.join("log")).unwrap();
        std::fs::write(
            dir.join("rabbitmq.conf"),
            "listeners.tcp.local = 127.0.0.1:5673\n",
        )
        .unwrap();
        std::fs::write(dir.join("enabled_plugins"), "[].\n").unwrap();
        // The broker runs as the rabbitmq user, which must own its files.
        let _ = Command::new("chown")
            .args(["-R", "rabbitmq:rabbitmq"])
            .arg(&dir)
            .output();
        let node = Self { dir };
        let path = |name: &str| node.dir.join(name);
        let started = Command::new("rabbitmq-server")
            .arg("-detached")
            .env("RABBITMQ_NODENAME", SECOND_NODE)
            .env("RABBITMQ_NODE_PORT", "5673")
            .env("RABBITMQ_DIST_PORT", "25673")
            .env("RABBITMQ_CONFIG_FILE", path("rabbitmq.conf"))
            .env("RABBITMQ_MNESIA_BASE", path("mnesia"))
            .env("RABBITMQ_LOG_BASE", path("log"))
            .env("RABBITMQ_ENABLED_PLUGINS_FILE", path("enabled_plugins"))
            .env("RABBITMQ_PID_FILE", path("pid"))
            .status()
            .expect("rabbitmq-server is installed");
        assert!(started.success(), "the second node did not start");
        wait_until(Duration::from_secs(180), async || {
            let booted = tokio::task::spawn_blocking(|| {
                Command::new("rabbitmqctl")
                    .args(["-n", SECOND_NODE, "await_startup", "--timeout", "10"])
                    .output()
                    .is_ok_and(|output| output.status.success())
            });
            booted.await.unwrap().then_some(())
        })
        .await
        .expect("the second node did not boot in 180 s");
        node
    }

    pub fn stop(&self) {
        let _ = Command::new("rabbitmqctl")
            .args(["-n", SECOND_NODE, "stop"])
            .output();
    }
}

impl Drop for SecondNode {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
