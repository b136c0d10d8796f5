//! The state of one call: whether it is in flight, and how the last one ended
//! and how long it took.

use std::future::Future;

use yew::{platform::spawn_local, prelude::*};

use super::use_settings::use_settings;
use crate::{api::error::ApiError, config::Settings};

/// How a finished call ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<T> {
    pub result: Result<T, ApiError>,
    /// Wall time from sending to having the decoded answer.
    pub latency_ms: f64,
}

/// One panel's call: in flight or not, and the last outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct CallState<T> {
    pub in_flight: bool,
    pub last: Option<Outcome<T>>,
}

impl<T> Default for CallState<T> {
    fn default() -> Self {
        Self {
            in_flight: false,
            last: None,
        }
    }
}

/// A call's state and a way to start it.
#[derive(Debug)]
pub struct UseCall<T: 'static> {
    state: UseStateHandle<CallState<T>>,
}

impl<T: Clone + 'static> UseCall<T> {
    /// The current state, for rendering.
    pub fn state(&self) -> CallState<T> {
        (*self.state).clone()
    }

    /// Runs `call`, timing it; the previous outcome stays visible meanwhile.
    pub fn run(&self, call: impl Future<Output = Result<T, ApiError>> + 'static) {
        let state = self.state.clone();
        state.set(CallState {
            in_flight: true,
            last: state.last.clone(),
        });
        spawn_local(async move {
            let started = now_ms();
            let result = call.await;
            state.set(CallState {
                in_flight: false,
                last: Some(Outcome {
                    result,
                    latency_ms: now_ms() - started,
                }),
            });
        });
    }
}

#[hook]
pub fn use_call<T: Clone + 'static>() -> UseCall<T> {
    UseCall {
        state: use_state(CallState::default),
    }
}

/// Milliseconds from the page's time origin, with sub-millisecond precision.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

/// A call to the configured services: `call(settings, input)` makes the
/// request. Returns the call's state and the callback that starts it.
#[hook]
pub fn use_service_call<I, T, F, Fut>(call: F) -> (CallState<T>, Callback<I>)
where
    I: 'static,
    T: Clone + 'static,
    F: Fn(Settings, I) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let handle = use_call::<T>();
    let settings = use_settings();
    let state = handle.state();
    let start = Callback::from(move |input: I| handle.run(call(settings.clone(), input)));
    (state, start)
}
