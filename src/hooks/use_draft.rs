//! A panel's request while a person edits it. It lives in the panel, so that
//! a keystroke re-renders that panel alone, and reaches the shared state (for
//! Run all, share links and persistence) once typing pauses or the focus
//! leaves the panel's form, whichever comes first.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use super::use_app::use_app;
use crate::state::Action;

/// How long typing pauses before the shared state gets the request.
const PAUSE_MS: u32 = 300;

/// The request as edited, and what edits it.
#[derive(Debug)]
pub struct Draft<R> {
    pub value: R,
    /// Takes the request with one field changed.
    pub on_change: Callback<R>,
    /// Stores the request in the shared state now: for the form's
    /// `onfocusout`, so that a click elsewhere (Run all, Share) sees it.
    pub flush: Callback<FocusEvent>,
}

/// The panel's copy of `shared`, stored back with `store` (one of the
/// `Action::Edit*`). A change of `shared` made elsewhere (a share link) is
/// taken in; the panel's own, coming back, is not mistaken for one.
#[hook]
pub fn use_draft<R: Clone + PartialEq + 'static>(shared: &R, store: fn(R) -> Action) -> Draft<R> {
    let app = use_app();
    let value = use_state(|| shared.clone());
    // The last request the panel stored, and the store waiting for a pause.
    let stored = use_mut_ref(|| shared.clone());
    let pending = use_mut_ref(|| None::<Timeout>);
    {
        let (value, stored) = (value.clone(), stored.clone());
        use_effect_with(shared.clone(), move |shared| {
            if *shared != *stored.borrow() {
                *stored.borrow_mut() = shared.clone();
                value.set(shared.clone());
            }
        });
    }
    let save = {
        let stored = stored.clone();
        Rc::new(move |request: R| {
            if *stored.borrow() != request {
                *stored.borrow_mut() = request.clone();
                app.dispatch(store(request));
            }
        })
    };
    let on_change = {
        let (value, pending, save) = (value.clone(), pending.clone(), save.clone());
        Callback::from(move |request: R| {
            value.set(request.clone());
            let save = save.clone();
            let later = Timeout::new(PAUSE_MS, move || save(request));
            pending.borrow_mut().replace(later);
        })
    };
    let flush = {
        let value = (*value).clone();
        Callback::from(move |_: FocusEvent| {
            if let Some(waiting) = pending.borrow_mut().take() {
                waiting.cancel();
                save(value.clone());
            }
        })
    };
    Draft {
        value: (*value).clone(),
        on_change,
        flush,
    }
}
