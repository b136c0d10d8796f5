//! The service URLs from the app's shared state.

use yew::prelude::*;

use crate::{config::Settings, state::AppContext};

/// The current settings; panels read URLs from here and nowhere else.
#[hook]
pub fn use_settings() -> Settings {
    use_context::<AppContext>()
        .expect("use_settings needs the AppContext provider")
        .settings
        .clone()
}
