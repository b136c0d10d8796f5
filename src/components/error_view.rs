//! A failed call, explained; when the browser got no response at all, the
//! bridge can be asked to check the target's CORS answers.

use switchboard_wire::diagnose::ProbeKind;
use yew::prelude::*;

use super::diagnosis::DiagnosisView;
use crate::error::ApiError;

#[derive(Debug, Properties, PartialEq)]
pub struct ErrorViewProps {
    /// Prefix of the `data-testid`s: `{id}-error`, `{id}-diagnose`.
    pub id: AttrValue,
    pub error: ApiError,
    /// The failed call's base URL and kind, when the bridge can diagnose it.
    #[prop_or_default]
    pub probe: Option<(AttrValue, ProbeKind)>,
}

#[component]
pub fn ErrorView(props: &ErrorViewProps) -> Html {
    let diagnose = match (&props.error, &props.probe) {
        (ApiError::Network { .. }, Some((target, kind))) => html! {
            <DiagnosisView id={props.id.clone()} target={target.clone()} kind={*kind} />
        },
        _ => html! {},
    };
    html! {
        <>
            <p class="error" role="alert" data-testid={format!("{}-error", props.id)}>
                { props.error.to_string() }
            </p>
            if let Some(hint) = hint(&props.error) {
                <p class="muted" data-testid={format!("{}-hint", props.id)}>{ hint }</p>
            }
            { diagnose }
        </>
    }
}

/// What to do about an error whose message alone does not say.
fn hint(error: &ApiError) -> Option<&'static str> {
    match error {
        ApiError::Http {
            code: Some(code), ..
        } if code == "unroutable" => Some(
            "RabbitMQ drops a message that no queue receives, so the bridge reports it rather \
             than call it delivered. Start the Live panel to bind a queue and watch messages \
             arrive, start a consumer of your own, or uncheck Mandatory to publish without \
             the check.",
        ),
        _ => None,
    }
}
