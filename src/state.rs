//! The page's shared state: a reducer handed out through a context provider.

use std::rc::Rc;

use yew::prelude::*;

use crate::config::Settings;

/// State every panel can read.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub settings: Settings,
}

/// Ways the shared state changes.
#[derive(Debug)]
pub enum Action {
    /// Replace the service URLs.
    SetSettings(Settings),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::SetSettings(settings) => Rc::new(Self { settings }),
        }
    }
}

/// What `use_context::<AppContext>()` returns.
pub type AppContext = UseReducerHandle<AppState>;
