//! A failed call, explained.

use yew::prelude::*;

use crate::api::error::ApiError;

#[derive(Debug, Properties, PartialEq)]
pub struct ErrorViewProps {
    /// Prefix of the `data-testid`: `{id}-error`.
    pub id: AttrValue,
    pub error: ApiError,
}

#[component]
pub fn ErrorView(props: &ErrorViewProps) -> Html {
    html! {
        <p class="error" role="alert" data-testid={format!("{}-error", props.id)}>
            { props.error.to_string() }
        </p>
    }
}
