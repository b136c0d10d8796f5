//! The frame every transport panel shares: a titled section.

use yew::prelude::*;

#[derive(Debug, Properties, PartialEq)]
pub struct PanelProps {
    /// Prefix of the panel's `data-testid`s, e.g. `users`.
    pub id: AttrValue,
    pub title: AttrValue,
    /// What the panel calls, e.g. `REST · GET /users/{id}`.
    pub target: AttrValue,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn Panel(props: &PanelProps) -> Html {
    let heading = format!("{}-heading", props.id);
    html! {
        <section class="panel" data-testid={format!("{}-panel", props.id)}
            aria-labelledby={heading.clone()}>
            <header>
                <h2 id={heading}>{ &props.title }</h2>
                <code class="target">{ &props.target }</code>
            </header>
            { props.children.clone() }
        </section>
    }
}
