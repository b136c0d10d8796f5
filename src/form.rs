//! Callbacks the request panels' forms share: change one field of a request,
//! and send the request.

use yew::prelude::*;

use crate::{
    history::Replay,
    hooks::use_runner::Run,
    state::{Action, AppContext},
};

/// A callback that changes one field of `request` with `change` and stores
/// the changed copy with `store` (one of the `Action::Edit*`).
pub fn edit<R: Clone + 'static, T: 'static>(
    app: &AppContext,
    request: &R,
    store: fn(R) -> Action,
    change: fn(&mut R, T),
) -> Callback<T> {
    let (app, request) = (app.clone(), request.clone());
    Callback::from(move |value| {
        let mut next = request.clone();
        change(&mut next, value);
        app.dispatch(store(next));
    })
}

/// The form's submit handler: runs `replay` instead of reloading the page.
pub fn submit(run: Callback<Run>, replay: Replay) -> Callback<SubmitEvent> {
    Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        run.emit(replay.clone().into());
    })
}
