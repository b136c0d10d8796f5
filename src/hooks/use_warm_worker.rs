//! Starting the schema worker on a person's intent: pointing at or focusing a
//! panel that calls through it, so that the first call does not wait for the
//! worker's code to be fetched and compiled.

use yew::prelude::*;

use crate::api::engine::Engine;

/// A callback that starts the schema worker if it is not running yet.
#[hook]
pub fn use_warm_worker() -> Callback<()> {
    let engine = use_context::<Engine>().expect("use_warm_worker needs the Engine provider");
    use_callback(engine, |(), engine| engine.warm())
}
