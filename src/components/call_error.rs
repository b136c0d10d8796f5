//! A panel's newest call, explained if it failed; nothing otherwise.

use switchboard_wire::diagnose::ProbeKind;
use yew::prelude::*;

use super::error_view::ErrorView;
use crate::history::Record;

#[derive(Debug, Properties, PartialEq)]
pub struct CallErrorProps {
    /// Prefix of the `data-testid`s, as for [`ErrorView`].
    pub id: AttrValue,
    /// The panel's newest finished call.
    pub last: Option<Record>,
    /// The call's base URL and kind, when the bridge can diagnose it.
    #[prop_or_default]
    pub probe: Option<(AttrValue, ProbeKind)>,
}

#[component]
pub fn CallError(props: &CallErrorProps) -> Html {
    match props.last.as_ref().map(|record| &record.result) {
        Some(Err(error)) => html! {
            <ErrorView id={props.id.clone()} error={error.clone()} probe={props.probe.clone()} />
        },
        _ => html! {},
    }
}
