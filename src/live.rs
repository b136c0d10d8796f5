//! The Live panel's state: the newest messages, the dropped count and where
//! the subscription stands, as a reducer of the live tail's events
//! (`hooks::use_live_tail` owns the stream that feeds it).

use std::{collections::VecDeque, rc::Rc};

use switchboard_wire::live::Delivery;
use yew::prelude::*;

use crate::{api::live::LiveEvent, error::ApiError};

/// How many messages the panel keeps; older ones scroll away.
pub const KEPT_MESSAGES: usize = 200;

/// Where the subscription stands.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveStatus {
    Stopped,
    Connecting,
    /// Messages flow into `queue`.
    Live {
        queue: String,
    },
    /// The stream broke; the browser is reconnecting.
    Reconnecting(String),
    /// The browser gave up; `None` while the reason is being asked.
    Failed(Option<ApiError>),
}

/// One message as the page received it.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// Unique within the page, for list keys.
    pub seq: u64,
    pub delivery: Delivery,
    /// When the page got it, in ms since the epoch (the page's own clock, the
    /// one publish times are taken with).
    pub received_ms: f64,
}

/// The subscription's state, changed by [`LiveAction`]s.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveState {
    pub status: LiveStatus,
    /// Newest first, at most [`KEPT_MESSAGES`]; shared, so that each new
    /// message costs a pointer copy per kept one, not a deep copy.
    pub messages: VecDeque<Rc<Received>>,
    /// Dropped since Start, across reconnections.
    pub dropped: u64,
    /// The part of `dropped` from subscriptions before the current one: each
    /// new subscription counts from 0 again.
    dropped_before: u64,
    next_seq: u64,
    /// Grows on every Start, so that a late answer about an older stream is
    /// ignored.
    generation: u64,
}

impl LiveState {
    /// The generation the next Start gives the stream it opens.
    pub fn next_generation(&self) -> u64 {
        self.generation + 1
    }
}

impl Default for LiveState {
    fn default() -> Self {
        Self {
            status: LiveStatus::Stopped,
            messages: VecDeque::new(),
            dropped: 0,
            dropped_before: 0,
            next_seq: 0,
            generation: 0,
        }
    }
}

/// Ways the subscription's state changes.
#[derive(Debug)]
pub enum LiveAction {
    Start,
    Stop,
    Clear,
    /// An event of the current stream, and when it arrived.
    Event {
        event: LiveEvent,
        at_ms: f64,
    },
    /// Why the stream of `generation` was given up.
    Explained {
        generation: u64,
        error: ApiError,
    },
}

impl Reducible for LiveState {
    type Action = LiveAction;

    fn reduce(self: Rc<Self>, action: LiveAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            LiveAction::Start => {
                next.status = LiveStatus::Connecting;
                next.dropped = 0;
                next.dropped_before = 0;
                next.generation += 1;
            }
            LiveAction::Stop => next.status = LiveStatus::Stopped,
            LiveAction::Clear => next.messages.clear(),
            LiveAction::Event { event, at_ms } => match event {
                LiveEvent::Ready(ready) => {
                    next.dropped_before = next.dropped;
                    next.status = LiveStatus::Live { queue: ready.queue };
                }
                LiveEvent::Delivery(delivery) => {
                    next.messages.push_front(Rc::new(Received {
                        seq: next.next_seq,
                        delivery: *delivery,
                        received_ms: at_ms,
                    }));
                    next.messages.truncate(KEPT_MESSAGES);
                    next.next_seq += 1;
                }
                LiveEvent::Dropped(dropped) => next.dropped = next.dropped_before + dropped,
                LiveEvent::Ended(reason) => next.status = LiveStatus::Reconnecting(reason),
                LiveEvent::Failed { reconnecting: true } => {
                    if !matches!(next.status, LiveStatus::Reconnecting(_)) {
                        next.status = LiveStatus::Reconnecting("the connection broke".to_owned());
                    }
                }
                LiveEvent::Failed {
                    reconnecting: false,
                } => next.status = LiveStatus::Failed(None),
            },
            LiveAction::Explained { generation, error } => {
                let waiting = matches!(
                    next.status,
                    LiveStatus::Connecting | LiveStatus::Failed(None)
                );
                if generation == next.generation && waiting {
                    next.status = LiveStatus::Failed(Some(error));
                }
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use switchboard_wire::{
        PayloadEncoding,
        live::{Properties, Ready},
    };

    use super::*;

    fn event(state: Rc<LiveState>, event: LiveEvent) -> Rc<LiveState> {
        state.reduce(LiveAction::Event { event, at_ms: 1.0 })
    }

    fn ready(queue: &str) -> LiveEvent {
        LiveEvent::Ready(Ready {
            queue: queue.to_owned(),
            exchange: "logs".to_owned(),
            binding_key: String::new(),
            prefetch: 1,
            buffer: 1,
        })
    }

    fn delivery(body: &str) -> LiveEvent {
        LiveEvent::Delivery(Box::new(Delivery {
            body: body.to_owned(),
            body_encoding: PayloadEncoding::Text,
            exchange: "logs".to_owned(),
            routing_key: String::new(),
            redelivered: false,
            delivery_tag: 1,
            properties: Properties::default(),
            received_at_ms: 0,
        }))
    }

    #[test]
    fn keeps_the_newest_messages_first_and_bounded() {
        let mut state = Rc::new(LiveState::default()).reduce(LiveAction::Start);
        state = event(state, ready("q"));
        assert_eq!(state.status, LiveStatus::Live { queue: "q".into() });
        for n in 0..KEPT_MESSAGES + 5 {
            state = event(state, delivery(&n.to_string()));
        }
        assert_eq!(state.messages.len(), KEPT_MESSAGES);
        assert_eq!(
            state.messages[0].delivery.body,
            (KEPT_MESSAGES + 4).to_string()
        );
    }

    #[test]
    fn dropped_counts_add_up_across_reconnections_and_restart_on_start() {
        let mut state = Rc::new(LiveState::default()).reduce(LiveAction::Start);
        state = event(state, ready("a"));
        state = event(state, LiveEvent::Dropped(3));
        state = event(state, LiveEvent::Ended("connection lost".into()));
        assert!(matches!(state.status, LiveStatus::Reconnecting(_)));
        state = event(state, ready("b"));
        state = event(state, LiveEvent::Dropped(2));
        assert_eq!(state.dropped, 5);
        state = state.reduce(LiveAction::Start);
        assert_eq!(state.dropped, 0);
    }

    #[test]
    fn a_late_explanation_of_an_older_stream_is_ignored() {
        let mut state = Rc::new(LiveState::default()).reduce(LiveAction::Start);
        state = event(
            state,
            LiveEvent::Failed {
                reconnecting: false,
            },
        );
        let old = state.generation;
        state = state.reduce(LiveAction::Start);
        let error = ApiError::Input("old".into());
        state = state.reduce(LiveAction::Explained {
            generation: old,
            error: error.clone(),
        });
        assert_eq!(state.status, LiveStatus::Connecting);
        state = event(
            state,
            LiveEvent::Failed {
                reconnecting: false,
            },
        );
        let generation = state.generation;
        state = state.reduce(LiveAction::Explained {
            generation,
            error: error.clone(),
        });
        assert_eq!(state.status, LiveStatus::Failed(Some(error)));
    }
}
