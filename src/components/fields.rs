//! Labelled form fields that report their new value; every one has a visible
//! label tied to its input, for screen readers and for tests (`data-testid`).

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Debug, Properties, PartialEq)]
pub struct TextFieldProps {
    /// The input's id and `data-testid`.
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// `text`, `url`, `password`, `number`…
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// Shown under the field, announced as its description.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let on_change = props.on_change.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        on_change.emit(event.target_unchecked_into::<HtmlInputElement>().value());
    });
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ &props.label }</label>
            <input id={props.id.clone()} data-testid={props.id.clone()} type={props.kind.clone()}
                value={props.value.clone()} placeholder={props.placeholder.clone()}
                aria-describedby={props.hint.as_ref().map(|_| hint_id.clone())}
                autocomplete="off" {oninput} />
            if let Some(hint) = &props.hint {
                <small id={hint_id} class="hint">{ hint }</small>
            }
        </div>
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct TextAreaProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_change: Callback<String>,
    #[prop_or_default]
    pub placeholder: AttrValue,
    #[prop_or(3)]
    pub rows: u32,
    /// An error about the current value, shown and announced.
    #[prop_or_default]
    pub invalid: Option<AttrValue>,
}

#[component]
pub fn TextArea(props: &TextAreaProps) -> Html {
    let on_change = props.on_change.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        on_change.emit(event.target_unchecked_into::<HtmlTextAreaElement>().value());
    });
    let error_id = format!("{}-invalid", props.id);
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ &props.label }</label>
            <textarea id={props.id.clone()} data-testid={props.id.clone()} rows={props.rows.to_string()}
                value={props.value.clone()} placeholder={props.placeholder.clone()}
                aria-invalid={props.invalid.is_some().to_string()}
                aria-describedby={props.invalid.as_ref().map(|_| error_id.clone())} {oninput} />
            if let Some(invalid) = &props.invalid {
                <small id={error_id} class="invalid" role="alert"
                    data-testid={format!("{}-invalid", props.id)}>{ invalid }</small>
            }
        </div>
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct CheckboxProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub checked: bool,
    pub on_change: Callback<bool>,
}

#[component]
pub fn Checkbox(props: &CheckboxProps) -> Html {
    let on_change = props.on_change.clone();
    let onchange = Callback::from(move |event: Event| {
        on_change.emit(event.target_unchecked_into::<HtmlInputElement>().checked());
    });
    html! {
        <label class="checkbox">
            <input type="checkbox" id={props.id.clone()} data-testid={props.id.clone()}
                checked={props.checked} {onchange} />
            { &props.label }
        </label>
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct SelectProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    /// Value and label of each option.
    pub options: Vec<(AttrValue, AttrValue)>,
    pub on_change: Callback<String>,
}

#[component]
pub fn Select(props: &SelectProps) -> Html {
    let on_change = props.on_change.clone();
    let onchange = Callback::from(move |event: Event| {
        on_change.emit(event.target_unchecked_into::<HtmlSelectElement>().value());
    });
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ &props.label }</label>
            <select id={props.id.clone()} data-testid={props.id.clone()} {onchange}>
                { for props.options.iter().map(|(value, label)| html! {
                    <option value={value.clone()} selected={*value == props.value}>{ label }</option>
                }) }
            </select>
        </div>
    }
}
