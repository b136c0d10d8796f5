//! Restores the requests from a share link opened in a tab that already shows
//! Switchboard: only the fragment changes then, and the page does not reload.

use gloo_events::EventListener;
use yew::prelude::*;

use super::use_app::use_app;
use crate::{share, state::Action};

#[hook]
pub fn use_shared_requests() {
    let app = use_app();
    use_effect_with((), move |()| {
        let window = gloo_utils::window();
        let listener = EventListener::new(&window, "hashchange", move |_| {
            if let Some(requests) = share::from_location() {
                app.dispatch(Action::SetRequests(Box::new(requests)));
            }
        });
        move || drop(listener)
    });
}
