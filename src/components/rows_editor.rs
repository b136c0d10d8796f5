//! A table of names and values (query parameters, headers, form fields):
//! each row can be edited, switched off or removed, and rows added.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use switchboard_collection::Pair as Row;

#[derive(Debug, Properties, PartialEq)]
pub struct RowsEditorProps {
    /// Prefix of every input's `data-testid`: `{id}-name-0`, `{id}-value-0`…
    pub id: AttrValue,
    pub label: AttrValue,
    pub rows: Vec<Row>,
    pub on_change: Callback<Vec<Row>>,
    /// Whether rows can be switched off without being removed.
    #[prop_or(true)]
    pub toggles: bool,
    #[prop_or(AttrValue::Static("name"))]
    pub name_placeholder: AttrValue,
    #[prop_or(AttrValue::Static("value"))]
    pub value_placeholder: AttrValue,
}

#[component]
pub fn RowsEditor(props: &RowsEditorProps) -> Html {
    let changed = |index: usize, change: fn(&mut Row, &HtmlInputElement)| {
        let (rows, on_change) = (props.rows.clone(), props.on_change.clone());
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let mut rows = rows.clone();
            if let Some(row) = rows.get_mut(index) {
                change(row, &input);
            }
            on_change.emit(rows);
        })
    };
    let typed = |index: usize, change: fn(&mut Row, String)| {
        let (rows, on_change) = (props.rows.clone(), props.on_change.clone());
        Callback::from(move |event: InputEvent| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            let mut rows = rows.clone();
            if let Some(row) = rows.get_mut(index) {
                change(row, value);
            }
            on_change.emit(rows);
        })
    };
    let remove = |index: usize| {
        let (rows, on_change) = (props.rows.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut rows = rows.clone();
            rows.remove(index);
            on_change.emit(rows);
        })
    };
    let add = {
        let (rows, on_change) = (props.rows.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut rows = rows.clone();
            rows.push(Row::new("", ""));
            on_change.emit(rows);
        })
    };
    let id = &props.id;
    html! {
        <fieldset class="rows" data-testid={id.clone()}>
            <legend>{ &props.label }</legend>
            { for props.rows.iter().enumerate().map(|(index, row)| html! {
                <div class={classes!("row", (!row.enabled).then_some("off"))} key={index}>
                    if props.toggles {
                        <input type="checkbox" checked={row.enabled} title="Send this row"
                            aria-label={format!("Send row {}", index + 1)}
                            data-testid={format!("{id}-on-{index}")}
                            onchange={changed(index, |row, input| row.enabled = input.checked())} />
                    }
                    <input type="text" value={row.name.clone()} placeholder={props.name_placeholder.clone()}
                        aria-label={format!("{} {} name", props.label, index + 1)}
                        data-testid={format!("{id}-name-{index}")} autocomplete="off"
                        oninput={typed(index, |row, value| row.name = value)} />
                    <input type="text" value={row.value.clone()} placeholder={props.value_placeholder.clone()}
                        aria-label={format!("{} {} value", props.label, index + 1)}
                        data-testid={format!("{id}-value-{index}")} autocomplete="off"
                        oninput={typed(index, |row, value| row.value = value)} />
                    <button type="button" class="secondary" title="Remove this row"
                        aria-label={format!("Remove row {}", index + 1)}
                        data-testid={format!("{id}-remove-{index}")} onclick={remove(index)}>
                        { "×" }
                    </button>
                </div>
            }) }
            <button type="button" class="secondary" data-testid={format!("{id}-add")} onclick={add}>
                { "Add" }
            </button>
        </fieldset>
    }
}
