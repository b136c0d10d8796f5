//! Keeps the history in localStorage whenever it changes.

use yew::prelude::*;

use crate::{history, state::AppState};

#[hook]
pub fn use_persistence(state: &AppState) {
    use_effect_with(state.timeline.clone(), |timeline| history::save(timeline));
}
