//! Wake-ups to the microsecond for a delaying relay. Tokio's timers round
//! every deadline up to the next millisecond, which would add half a
//! millisecond on average to each direction of a link meant to take one;
//! a thread of its own sleeping on a futex with a timeout is late by tens of
//! microseconds instead.

use std::{
    cmp::Reverse,
    collections::BinaryHeap,
    sync::mpsc::{self, RecvTimeoutError},
    thread,
};

use tokio::{sync::oneshot, time::Instant};

/// A handle to the clock's thread, which runs until every handle is gone.
#[derive(Debug, Clone)]
pub(crate) struct Clock {
    wake_at: mpsc::Sender<(std::time::Instant, oneshot::Sender<()>)>,
}

impl Clock {
    pub(crate) fn start() -> Self {
        let (wake_at, requests) = mpsc::channel();
        thread::Builder::new()
            .name("relay-clock".into())
            .spawn(move || run(&requests))
            .expect("a thread for the relay's clock");
        Self { wake_at }
    }

    /// Returns at `due`, or at once if it has passed.
    pub(crate) async fn until(&self, due: Instant) {
        let due = due.into_std();
        if due <= std::time::Instant::now() {
            return;
        }
        let (wake, woken) = oneshot::channel();
        if self.wake_at.send((due, wake)).is_ok() {
            let _ = woken.await;
        }
    }
}

/// A waiter in the queue, earliest first, in the order asked among equals.
struct Waiter {
    due: std::time::Instant,
    order: u64,
    wake: oneshot::Sender<()>,
}

impl PartialEq for Waiter {
    fn eq(&self, other: &Self) -> bool {
        (self.due, self.order) == (other.due, other.order)
    }
}

impl Eq for Waiter {}

impl PartialOrd for Waiter {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Waiter {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.due, self.order).cmp(&(other.due, other.order))
    }
}

fn run(requests: &mpsc::Receiver<(std::time::Instant, oneshot::Sender<()>)>) {
    let mut waiting = BinaryHeap::new();
    let mut order = 0;
    loop {
        let now = std::time::Instant::now();
        while waiting
            .peek()
            .is_some_and(|Reverse(waiter): &Reverse<Waiter>| waiter.due <= now)
        {
            let Reverse(waiter) = waiting.pop().expect("peeked");
            let _ = waiter.wake.send(());
        }
        let request = match waiting.peek() {
            Some(Reverse(next)) => requests.recv_timeout(next.due - now),
            None => requests.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match request {
            Ok((due, wake)) => {
                order += 1;
                waiting.push(Reverse(Waiter { due, order, wake }));
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn wakes_on_time_to_well_under_a_millisecond() {
        let clock = Clock::start();
        let mut late = Vec::new();
        for _ in 0..20 {
            let due = Instant::now() + Duration::from_millis(1);
            clock.until(due).await;
            late.push(Instant::now() - due);
        }
        late.sort();
        assert!(late[10] < Duration::from_micros(500), "late by {late:?}");
    }
}
