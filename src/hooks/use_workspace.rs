//! The console's collections and environments: one [`Workspace`] (the
//! collections file's own model), which environment is active, both kept in
//! the browser and changed through [`WorkspaceHandle::update`].

use std::{cell::RefCell, rc::Rc};

use gloo_storage::{LocalStorage, Storage};
use switchboard_collection::{Environment, Workspace};
use yew::prelude::*;

use crate::variables::VARIABLES_KEY;

const WORKSPACE_KEY: &str = "switchboard.collections";
const ACTIVE_KEY: &str = "switchboard.environment";

#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorkspaceState {
    pub workspace: Workspace,
    /// The active environment's name; `None` substitutes nothing.
    pub active: Option<String>,
    /// Why the kept workspace could not be read, if it could not.
    pub load_error: Option<String>,
}

impl WorkspaceState {
    /// What the browser kept.
    pub fn load() -> Self {
        let active = LocalStorage::get::<String>(ACTIVE_KEY).ok();
        match LocalStorage::raw().get_item(WORKSPACE_KEY).ok().flatten() {
            None => Self {
                active,
                ..Self::default()
            },
            Some(json) => match Workspace::from_json(&json) {
                Ok(workspace) => Self {
                    workspace,
                    active,
                    load_error: None,
                },
                Err(error) => Self {
                    load_error: Some(format!("the saved collections did not read: {error}")),
                    ..Self::default()
                },
            },
        }
    }

    /// The active environment, or an empty one.
    pub fn environment(&self) -> Environment {
        self.active
            .as_deref()
            .and_then(|name| self.workspace.environment(name))
            .cloned()
            .unwrap_or_default()
    }

    fn save(&self) {
        let _ = LocalStorage::raw().set_item(WORKSPACE_KEY, &self.workspace.to_json());
        match &self.active {
            Some(name) => {
                let _ = LocalStorage::set(ACTIVE_KEY, name);
            }
            None => LocalStorage::delete(ACTIVE_KEY),
        }
        let variables: Vec<(&str, &str)> = self
            .active
            .as_deref()
            .and_then(|name| self.workspace.environment(name))
            .map(|environment| {
                let pairs = environment.variables.iter();
                pairs
                    .map(|variable| (variable.name.as_str(), variable.value.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        let _ = LocalStorage::set(VARIABLES_KEY, variables);
    }
}

/// The workspace, shared by the console's panels: the state shown, and the
/// latest one, which every change starts from, so that two changes in one
/// turn (two saves handed over at once) both count.
#[derive(Debug, Clone)]
pub struct WorkspaceHandle {
    shown: UseStateHandle<Rc<WorkspaceState>>,
    latest: Rc<RefCell<Rc<WorkspaceState>>>,
}

impl PartialEq for WorkspaceHandle {
    fn eq(&self, other: &Self) -> bool {
        self.shown == other.shown
    }
}

impl std::ops::Deref for WorkspaceHandle {
    type Target = WorkspaceState;

    fn deref(&self) -> &WorkspaceState {
        &self.shown
    }
}

impl WorkspaceHandle {
    /// Changes the workspace with `change` and keeps the result; a change
    /// that fails changes nothing and says why.
    pub fn update(
        &self,
        change: impl FnOnce(&mut WorkspaceState) -> Result<(), String>,
    ) -> Result<(), String> {
        let mut next = (**self.latest.borrow()).clone();
        change(&mut next)?;
        next.load_error = None;
        next.save();
        let next = Rc::new(next);
        *self.latest.borrow_mut() = next.clone();
        self.shown.set(next);
        Ok(())
    }
}

/// Provides the workspace; the console's root calls it once.
#[hook]
pub fn use_workspace_provider() -> WorkspaceHandle {
    let shown = use_state(|| Rc::new(WorkspaceState::load()));
    let latest = use_mut_ref(|| (*shown).clone());
    WorkspaceHandle { shown, latest }
}

/// The workspace the console's root provides.
#[hook]
pub fn use_workspace() -> WorkspaceHandle {
    use_context::<WorkspaceHandle>().expect("the console provides the workspace")
}
