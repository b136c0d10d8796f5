//! A call while it runs: what it is, its stream so far, and the handle that
//! cancels it; and the counter that numbers calls.

use std::{cell::Cell, fmt, rc::Rc};

use futures::future::AbortHandle;

use crate::history::Replay;

/// A call before its record is final.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveCall {
    /// What was called, which says which panel shows it.
    pub replay: Replay,
    /// A stream's replies as they arrive, before and after it finishes;
    /// `None` for a one-shot call.
    pub replies: Option<Vec<String>>,
    /// Whether its record is in the timeline yet (a stream stays, to show its
    /// replies, until another stream of its panel starts).
    pub finished: bool,
    /// Ends the call while it runs (streams only).
    pub cancel: Option<Cancel>,
}

impl LiveCall {
    pub fn is_stream(&self) -> bool {
        self.replies.is_some()
    }
}

/// The handle that cancels a call, compared by identity.
#[derive(Clone)]
pub struct Cancel(Rc<AbortHandle>);

impl Cancel {
    pub fn new(handle: AbortHandle) -> Self {
        Self(Rc::new(handle))
    }

    pub fn cancel(&self) {
        self.0.abort();
    }
}

impl PartialEq for Cancel {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Cancel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cancel")
    }
}

/// Sequence numbers: unique and increasing, shared by every copy of the
/// state (the reducer clones it on each action), so two calls started in one
/// event never get the same.
#[derive(Debug, Clone, Default)]
pub struct CallIds(Rc<Cell<u64>>);

impl CallIds {
    /// Numbers from the clock on, so that they keep growing across reloads
    /// (a thousand a millisecond).
    pub fn from_clock() -> Self {
        Self(Rc::new(Cell::new(js_sys::Date::now() as u64 * 1_000)))
    }

    pub fn next(&self) -> u64 {
        let seq = self.0.get();
        self.0.set(seq + 1);
        seq
    }
}

impl PartialEq for CallIds {
    /// One counter for the page's lifetime: never a reason to render.
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}
