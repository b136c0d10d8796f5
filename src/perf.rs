//! User Timing marks for the `browser` benchmark (`bench/browser/timings.mjs`), which reads
//! them from the page in headless Chromium:
//!
//! - `sb:interactive`: the app's first render is in the DOM, its buttons
//!   live; its `startTime` is milliseconds since navigation started;
//! - `sb:click:<seq>` when call `seq` starts (inside the click's handler),
//!   `sb:rendered:<seq>` once the render that shows its result (its record
//!   in the timeline, and its panel's status) is in the DOM,
//!   and between the two a measure named `sb:call:rest`, `sb:call:grpc` or
//!   `sb:call:amqp`: click to rendered, network round trip included.
//!
//! They cost nothing noticeable: a mark is a timestamp the browser keeps in
//! its performance timeline, with no network or console traffic, and a call
//! makes two. Names are built from static strings and integers only, which
//! keeps float formatting out of the wasm.

use std::cell::RefCell;

use web_sys::Performance;

use crate::history::{History, Transport};

thread_local! {
    /// One-shot calls marked as started and not yet rendered.
    static STARTED: RefCell<Vec<Started>> = const { RefCell::new(Vec::new()) };
}

/// A call marked as started.
struct Started {
    seq: u64,
    transport: Transport,
}

fn performance() -> Option<Performance> {
    web_sys::window()?.performance()
}

/// Marks the app's first committed render. Call it from the root
/// component's first effect: effects run after the whole tree has rendered.
pub fn interactive() {
    if let Some(performance) = performance() {
        let _ = performance.mark("sb:interactive");
    }
}

/// Marks one-shot call `seq` over `transport` as started, now.
pub fn call_started(seq: u64, transport: Transport) {
    if let Some(performance) = performance() {
        let _ = performance.mark(&format!("sb:click:{seq}"));
        STARTED.with_borrow_mut(|started| started.push(Started { seq, transport }));
    }
}

/// Marks every started call whose record is in `timeline` as rendered, and
/// measures it from its click. Call it from an effect that runs after each
/// render in which the timeline changed: a call's record lands in the same
/// state change that shows its result in its panel.
pub fn calls_rendered(timeline: &History) {
    let Some(performance) = performance() else {
        return;
    };
    STARTED.with_borrow_mut(|started| {
        started.retain(|call| {
            if !timeline.iter().any(|record| record.seq == call.seq) {
                return true;
            }
            let seq = call.seq;
            let (click, rendered) = (format!("sb:click:{seq}"), format!("sb:rendered:{seq}"));
            let _ = performance.mark(&rendered);
            let _ = performance.measure_with_start_mark_and_end_mark(
                measure(call.transport),
                &click,
                &rendered,
            );
            false
        });
    });
}

/// The measure's name for calls over `transport`.
fn measure(transport: Transport) -> &'static str {
    match transport {
        Transport::Rest => "sb:call:rest",
        Transport::Grpc => "sb:call:grpc",
        Transport::Amqp => "sb:call:amqp",
    }
}
