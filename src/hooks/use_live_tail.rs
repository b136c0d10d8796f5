//! The Live panel's subscription: its exchange and binding key, and the
//! `EventSource`, opened on Start and closed on Stop and on unmount. What
//! arrives goes into the [`LiveState`] reducer.

use std::{cell::RefCell, rc::Rc};

use yew::{platform::spawn_local, prelude::*};

use super::use_app::use_app;
use crate::{
    api::live::{self, LiveEvent, LiveStream, Target},
    console,
    error::ApiError,
    live::{LiveAction, LiveState, LiveStatus},
    requests::ToSave,
    variables,
};

/// The Live panel's state and what it can do.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveTail {
    pub state: UseReducerHandle<LiveState>,
    pub exchange: String,
    pub binding_key: String,
    pub set_exchange: Callback<String>,
    pub set_binding_key: Callback<String>,
    pub start: Callback<()>,
    pub stop: Callback<()>,
    pub clear: Callback<()>,
}

impl LiveTail {
    /// Whether a subscription is open or being (re)opened.
    pub fn running(&self) -> bool {
        !matches!(
            self.state.status,
            LiveStatus::Stopped | LiveStatus::Failed(_)
        )
    }
}

#[hook]
pub fn use_live_tail() -> LiveTail {
    let app = use_app();
    let state = use_reducer(LiveState::default);
    let stream: Rc<RefCell<Option<LiveStream>>> = use_mut_ref(|| None);
    let exchange = use_state(String::new);
    let binding_key = use_state(String::new);
    // A live tail opened from a collection, in the console.
    {
        let (exchange, binding_key) = (exchange.clone(), binding_key.clone());
        use_effect_with((), move |()| {
            let listener = console::listen(console::TAIL_EVENT, move |saved: ToSave| {
                if let ToSave::Tail {
                    exchange: saved_exchange,
                    binding_key: saved_key,
                } = saved
                {
                    exchange.set(saved_exchange);
                    binding_key.set(saved_key);
                }
            });
            move || drop(listener)
        });
    }
    {
        let stream = stream.clone();
        use_effect_with((), move |()| move || drop(stream.borrow_mut().take()));
    }
    let start = {
        let (state, stream) = (state.clone(), stream.clone());
        let (base, token) = (
            app.settings.bridge_url.clone(),
            app.settings.bridge_token.clone(),
        );
        let (exchange, binding_key) = ((*exchange).clone(), (*binding_key).clone());
        Callback::from(move |()| {
            // Close the old stream before the new one opens.
            drop(stream.borrow_mut().take());
            let generation = state.next_generation();
            state.dispatch(LiveAction::Start);
            // The active environment's values in place of `{{variables}}`.
            let filled = variables::fill(&exchange, "exchange")
                .and_then(|exchange| Ok((exchange, variables::fill(&binding_key, "binding key")?)));
            let (exchange, binding_key) = match filled {
                Ok(filled) => filled,
                Err(error) => {
                    let error = ApiError::Input(error);
                    state.dispatch(LiveAction::Explained { generation, error });
                    return;
                }
            };
            let target = Target {
                base: base.clone(),
                token: token.clone(),
                exchange,
                binding_key,
            };
            let on_event = {
                let (dispatcher, target) = (state.dispatcher(), target.clone());
                Callback::from(move |event: LiveEvent| {
                    // The browser gave up: ask the bridge why.
                    if matches!(
                        event,
                        LiveEvent::Failed {
                            reconnecting: false
                        }
                    ) {
                        let (dispatcher, target) = (dispatcher.clone(), target.clone());
                        spawn_local(async move {
                            let error = live::explain(&target).await;
                            dispatcher.dispatch(LiveAction::Explained { generation, error });
                        });
                    }
                    let at_ms = js_sys::Date::now();
                    dispatcher.dispatch(LiveAction::Event { event, at_ms });
                })
            };
            match live::subscribe(&target, on_event) {
                Ok(opened) => *stream.borrow_mut() = Some(opened),
                Err(error) => state.dispatch(LiveAction::Explained { generation, error }),
            }
        })
    };
    let stop = {
        let (state, stream) = (state.clone(), stream.clone());
        Callback::from(move |()| {
            drop(stream.borrow_mut().take());
            state.dispatch(LiveAction::Stop);
        })
    };
    let clear = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(LiveAction::Clear))
    };
    let setter = |value: &UseStateHandle<String>| {
        let value = value.clone();
        Callback::from(move |text: String| value.set(text))
    };
    LiveTail {
        state,
        exchange: (*exchange).clone(),
        binding_key: (*binding_key).clone(),
        set_exchange: setter(&exchange),
        set_binding_key: setter(&binding_key),
        start,
        stop,
        clear,
    }
}
