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
//! - `sb:state`, once per render of the page's root, which renders again
//!   whenever the shared state changes: the end-to-end tests count them to
//!   check that typing in a panel does not re-render the page.
//!
//! They cost nothing noticeable: a mark is a timestamp the browser keeps in
//! its performance timeline, with no network or console traffic, and a call
//! makes two. Names are built from static strings and integers only, which
//! keeps float formatting out of the wasm.

use web_sys::Performance;

use crate::history::{History, Transport};

/// How many of the newest records [`calls_rendered`] looks at: calls finish
/// out of order, but a call's record lands among the newest.
const NEWEST: usize = 8;

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

/// Marks a render of the page's root (a change of the shared state).
pub fn state_rendered() {
    if let Some(performance) = performance() {
        let _ = performance.mark("sb:state");
    }
}

/// Marks one-shot call `seq` as started, now. The browser's performance
/// timeline keeps the mark; nothing is kept in the page.
pub fn call_started(seq: u64) {
    if let Some(performance) = performance() {
        let _ = performance.mark(&format!("sb:click:{seq}"));
    }
}

/// Marks each started call whose record is among the newest in `timeline`,
/// and not marked yet, as rendered, and measures it from its click. Call it
/// from an effect that runs after each render in which the timeline changed:
/// a call's record lands in the same state change that shows its result in
/// its panel.
pub fn calls_rendered(timeline: &History) {
    let Some(performance) = performance() else {
        return;
    };
    for record in timeline.iter().take(NEWEST) {
        let seq = record.seq;
        let (click, rendered) = (format!("sb:click:{seq}"), format!("sb:rendered:{seq}"));
        let marked = |name: &str| performance.get_entries_by_name(name).length() > 0;
        if !marked(&click) || marked(&rendered) {
            continue;
        }
        let _ = performance.mark(&rendered);
        let _ = performance.measure_with_start_mark_and_end_mark(
            measure(record.transport),
            &click,
            &rendered,
        );
    }
}

/// The measure's name for calls over `transport`.
fn measure(transport: Transport) -> &'static str {
    match transport {
        Transport::Rest => "sb:call:rest",
        Transport::Grpc => "sb:call:grpc",
        Transport::Amqp => "sb:call:amqp",
    }
}
