//! Keeps the history in localStorage whenever it changes.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::{history, state::AppState};

/// Stores the timeline after each change, once the render that shows the
/// change is done: encoding a hundred calls is the slowest part of a call's
/// bookkeeping, and nobody waits for it. A change that comes before the save
/// ran replaces it, so a burst of calls is stored once.
#[hook]
pub fn use_persistence(state: &AppState) {
    let pending = use_mut_ref(|| None::<Timeout>);
    use_effect_with(state.timeline.clone(), move |timeline| {
        let timeline = timeline.clone();
        let save = Timeout::new(0, move || history::save(&timeline));
        pending.borrow_mut().replace(save);
    });
}
