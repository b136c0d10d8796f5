//! The app's shared state and its dispatcher.

use yew::prelude::*;

use crate::state::AppContext;

/// The shared state; every panel reads settings, requests and calls from here.
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("use_app needs the AppContext provider")
}
