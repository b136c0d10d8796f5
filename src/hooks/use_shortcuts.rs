//! Ctrl+Enter (or Cmd+Enter) sends the form that holds the focused input, from
//! any input, textarea or select.

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{HtmlFormElement, KeyboardEvent};
use yew::prelude::*;

#[hook]
pub fn use_shortcuts() {
    use_effect_with((), |()| {
        let document = gloo_utils::document();
        let listener = EventListener::new(&document, "keydown", |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if event.key() != "Enter" || !(event.ctrl_key() || event.meta_key()) {
                return;
            }
            let form = gloo_utils::document()
                .active_element()
                .and_then(|focused| focused.closest("form").ok().flatten())
                .and_then(|form| form.dyn_into::<HtmlFormElement>().ok());
            if let Some(form) = form {
                event.prevent_default();
                let _ = form.request_submit();
            }
        });
        move || drop(listener)
    });
}
