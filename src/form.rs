//! Callbacks the request panels' forms share: change one field of a request,
//! store the changed request, and send it.

use yew::prelude::*;

use crate::{
    history::Replay,
    hooks::use_runner::Run,
    state::{Action, AppContext},
};

/// A callback that stores a changed request with `store` (one of the
/// `Action::Edit*`).
pub fn store<R: 'static>(app: &AppContext, store: fn(R) -> Action) -> Callback<R> {
    let app = app.clone();
    Callback::from(move |request| app.dispatch(store(request)))
}

/// A callback that changes one field of `request` with `change` and hands the
/// changed copy to `on_change`.
pub fn change<R: Clone + 'static, T: 'static>(
    request: &R,
    on_change: &Callback<R>,
    change: fn(&mut R, T),
) -> Callback<T> {
    let (request, on_change) = (request.clone(), on_change.clone());
    Callback::from(move |value| {
        let mut next = request.clone();
        change(&mut next, value);
        on_change.emit(next);
    })
}

/// The form's submit handler: runs `replay` instead of reloading the page.
pub fn submit(run: Callback<Run>, replay: Replay) -> Callback<SubmitEvent> {
    Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        run.emit(replay.clone().into());
    })
}
