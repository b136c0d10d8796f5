//! The fields of a greeter call (name, metadata, deadline), shared by the
//! unary and the streaming panel.

use yew::prelude::*;

use super::fields::{TextArea, TextField};
use crate::{form, requests::GreeterRequest};

#[derive(Debug, Properties, PartialEq)]
pub struct GreeterFieldsProps {
    /// Prefix of the fields' ids: `{id}-input`, `{id}-metadata`, `{id}-deadline`.
    pub id: AttrValue,
    pub request: GreeterRequest,
    /// Receives the request with one field changed.
    pub on_change: Callback<GreeterRequest>,
    /// Shown under the name field.
    #[prop_or_default]
    pub name_hint: Option<AttrValue>,
}

#[component]
pub fn GreeterFields(props: &GreeterFieldsProps) -> Html {
    let id = &props.id;
    let request = &props.request;
    let edit =
        |change: fn(&mut GreeterRequest, String)| form::change(request, &props.on_change, change);
    html! {
        <>
            <TextField id={format!("{id}-input")} label="Name" value={request.name.clone()}
                hint={props.name_hint.clone()}
                on_change={edit(|request, value| request.name = value)} />
            <TextArea id={format!("{id}-metadata")} label="Metadata (name: value per line)"
                value={request.metadata.clone()} rows={2} placeholder="x-team: payments"
                on_change={edit(|request, value| request.metadata = value)} />
            <TextField id={format!("{id}-deadline")} label="Deadline (ms)" kind="number"
                value={request.deadline_ms.clone()} placeholder="none"
                on_change={edit(|request, value| request.deadline_ms = value)} />
        </>
    }
}
