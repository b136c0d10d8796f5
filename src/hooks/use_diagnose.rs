//! Asks the bridge why a browser call got no response.

use switchboard_wire::diagnose::{DiagnoseReport, ProbeKind};
use yew::{platform::spawn_local, prelude::*};

use super::use_app::use_app;
use crate::api::{bridge, error::ApiError};

/// The diagnosis so far, and a callback that runs it for a target and kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Diagnosis {
    Idle,
    Running,
    Done(Result<DiagnoseReport, ApiError>),
}

#[hook]
pub fn use_diagnose() -> (Diagnosis, Callback<(String, ProbeKind)>) {
    let app = use_app();
    let state = use_state(|| Diagnosis::Idle);
    let run = {
        let state = state.clone();
        Callback::from(move |(target, kind): (String, ProbeKind)| {
            let (state, settings) = (state.clone(), app.settings.clone());
            state.set(Diagnosis::Running);
            spawn_local(async move {
                let report =
                    bridge::diagnose(&settings.bridge_url, &settings.bridge_token, &target, kind)
                        .await;
                state.set(Diagnosis::Done(report));
            });
        })
    };
    ((*state).clone(), run)
}
