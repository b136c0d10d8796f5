//! A labelled input and a send button; Enter (or the button) sends.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Debug, Properties, PartialEq)]
pub struct CallFormProps {
    /// Prefix of the `data-testid`s: `{id}-input` and `{id}-send`.
    pub id: AttrValue,
    pub label: AttrValue,
    pub button: AttrValue,
    #[prop_or_default]
    pub initial: AttrValue,
    #[prop_or_default]
    pub placeholder: AttrValue,
    pub in_flight: bool,
    /// Called with the input's value when the person sends.
    pub on_send: Callback<String>,
}

#[component]
pub fn CallForm(props: &CallFormProps) -> Html {
    let value = use_state(|| props.initial.to_string());
    let oninput = {
        let value = value.clone();
        Callback::from(move |event: InputEvent| {
            value.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let onsubmit = {
        let value = value.clone();
        let on_send = props.on_send.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            on_send.emit((*value).clone());
        })
    };
    let input_id = format!("{}-input", props.id);
    html! {
        <form class="call-form" {onsubmit}>
            <label for={input_id.clone()}>{ &props.label }</label>
            <input id={input_id.clone()} data-testid={input_id} value={(*value).clone()}
                placeholder={props.placeholder.clone()} {oninput} autocomplete="off" />
            <button type="submit" data-testid={format!("{}-send", props.id)}
                aria-busy={props.in_flight.to_string()}>
                { &props.button }
            </button>
        </form>
    }
}
