//! "Why did this fail?": the bridge's server-side CORS check of a target.

use switchboard_wire::diagnose::ProbeKind;
use yew::prelude::*;

use crate::hooks::use_diagnose::{Diagnosis, use_diagnose};

#[derive(Debug, Properties, PartialEq)]
pub struct DiagnosisProps {
    /// Prefix of the `data-testid`s: `{id}-diagnose`, `{id}-diagnosis`.
    pub id: AttrValue,
    /// The base URL the failed call went to.
    pub target: AttrValue,
    pub kind: ProbeKind,
}

#[component]
pub fn DiagnosisView(props: &DiagnosisProps) -> Html {
    let (diagnosis, run) = use_diagnose();
    let onclick = {
        let (target, kind) = (props.target.to_string(), props.kind);
        Callback::from(move |_| run.emit((target.clone(), kind)))
    };
    let id = &props.id;
    let body = match diagnosis {
        Diagnosis::Idle => html! {},
        Diagnosis::Running => html! { <p class="spinner">{ "asking the bridge…" }</p> },
        Diagnosis::Done(Err(error)) => html! {
            <p class="error" data-testid={format!("{id}-diagnosis")}>
                { format!("The bridge could not check it: {error}") }
            </p>
        },
        Diagnosis::Done(Ok(report)) => html! {
            <div data-testid={format!("{id}-diagnosis")} data-ok={report.ok.to_string()}>
                <p>{ format!("As seen from the bridge, for origin {}:", report.origin) }</p>
                <ul class="checks">
                    { for report.checks.iter().map(|check| html! {
                        <li class={if check.ok { "ok" } else { "err" }} data-testid="diagnosis-check">
                            <strong>{ if check.ok { "✓ " } else { "✗ " } }{ &check.name }</strong>
                            { ": " }{ &check.detail }
                        </li>
                    }) }
                </ul>
                if report.relay_available {
                    <p class="hint" data-testid={format!("{id}-relay")}>
                        { "The bridge can reach it: in the console's HTTP panel, choose \
                           \"Through the bridge\" to send requests to it from this page." }
                    </p>
                }
            </div>
        },
    };
    html! {
        <div class="diagnosis" aria-live="polite">
            <button type="button" class="secondary" data-testid={format!("{id}-diagnose")} {onclick}>
                { "Diagnose with the bridge" }
            </button>
            { body }
        </div>
    }
}
