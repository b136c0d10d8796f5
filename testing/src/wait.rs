//! Waiting for a condition, never for a fixed time.

use std::time::Duration;

use tokio::time::{Instant, sleep, timeout_at};

/// How often a condition is checked again.
const RECHECK: Duration = Duration::from_millis(50);

/// Checks `condition` until it answers `Some`, and answers that, or `None` once
/// `within` has passed, even in the middle of a check. A `bool` condition
/// answers `cond.then_some(())`.
pub async fn wait_until<T, F, Fut>(within: Duration, mut condition: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + within;
    loop {
        match timeout_at(deadline, condition()).await {
            Ok(Some(found)) => return Some(found),
            Ok(None) if Instant::now() < deadline => {}
            _ => return None,
        }
        sleep(RECHECK).await;
    }
}
