//! The gRPC console's method list, grouped by service with each method's
//! streaming kind, and the chosen method's messages and comments.

use switchboard_wire::schema::{MethodInfo, MethodKind, ServiceInfo};
use yew::prelude::*;

#[derive(Debug, Properties, PartialEq)]
pub struct MethodPickerProps {
    pub services: Vec<ServiceInfo>,
    pub value: AttrValue,
    pub on_change: Callback<String>,
}

/// Every method, grouped by service, with its kind.
#[component]
pub fn MethodPicker(props: &MethodPickerProps) -> Html {
    let on_change = props.on_change.clone();
    let onchange = Callback::from(move |event: Event| {
        on_change.emit(
            event
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value(),
        );
    });
    html! {
        <div class="field">
            <label for="console-method">{ "Method" }</label>
            <select id="console-method" data-testid="console-method" {onchange}>
                <option value="" selected={props.value.is_empty()} disabled=true>{ "Choose a method" }</option>
                { for props.services.iter().map(|service| html! {
                    <optgroup label={service.name.clone()}>
                        { for service.methods.iter().map(|method| html! {
                            <option value={method.path.clone()} selected={method.path == *props.value}>
                                { format!("{} ({})", method.name, kind_label(method.kind)) }
                            </option>
                        }) }
                    </optgroup>
                }) }
            </select>
        </div>
    }
}

#[derive(Debug, Properties, PartialEq)]
pub struct MethodDocProps {
    pub method: MethodInfo,
}

/// A method's kind, messages and comments.
#[component]
pub fn MethodDoc(props: &MethodDocProps) -> Html {
    let method = &props.method;
    html! {
        <div class="method-doc" data-testid="console-method-doc">
            <p>
                <span class="badge">{ kind_label(method.kind) }</span>
                <code>{ format!(" {} → {}", method.input, method.output) }</code>
            </p>
            if !method.comments.is_empty() {
                <p class="hint">{ &method.comments }</p>
            }
        </div>
    }
}

/// How a method's kind reads in the list.
fn kind_label(kind: MethodKind) -> &'static str {
    match kind {
        MethodKind::Unary => "unary",
        MethodKind::ServerStreaming => "server stream",
        MethodKind::ClientStreaming => "client stream",
        MethodKind::Bidi => "bidirectional",
    }
}
