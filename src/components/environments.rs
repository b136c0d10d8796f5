//! Environments: named sets of variables (`{{base_url}}`, `{{token}}`) that
//! the console puts into every request before sending it. The active one is
//! shown, and its variables edited, here; a secret's value is masked.

use switchboard_collection::{Environment, Variable};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::panel::Panel;
use crate::hooks::use_workspace::{WorkspaceState, use_workspace};

#[component]
pub fn Environments() -> Html {
    let workspace = use_workspace();
    let error = use_state(|| None::<String>);
    let new_name = use_state(String::new);
    let report = {
        let error = error.clone();
        move |result: Result<(), String>| error.set(result.err())
    };
    let choose = {
        let (workspace, report) = (workspace.clone(), report.clone());
        Callback::from(move |event: Event| {
            let name = event.target_unchecked_into::<HtmlSelectElement>().value();
            report(workspace.update(|state| {
                state.active = Some(name).filter(|name| !name.is_empty());
                Ok(())
            }));
        })
    };
    let add = {
        let (workspace, new_name, report) = (workspace.clone(), new_name.clone(), report.clone());
        Callback::from(move |_: MouseEvent| {
            let name = new_name.trim().to_owned();
            report(workspace.update(|state| {
                state
                    .workspace
                    .add_environment(name.clone())
                    .map_err(|error| error.to_string())?;
                state.active = Some(name);
                Ok(())
            }));
            new_name.set(String::new());
        })
    };
    let remove = {
        let (workspace, report) = (workspace.clone(), report.clone());
        Callback::from(move |_: MouseEvent| {
            report(workspace.update(|state| {
                let index = active_index(state).ok_or("no environment is active")?;
                state
                    .workspace
                    .remove_environment(index)
                    .map_err(|error| error.to_string())?;
                state.active = None;
                Ok(())
            }));
        })
    };
    let edit_variables = {
        let (workspace, report) = (workspace.clone(), report.clone());
        Callback::from(move |variables: Vec<Variable>| {
            report(workspace.update(|state| {
                let index = active_index(state).ok_or("no environment is active")?;
                state.workspace.environments[index].variables = variables;
                Ok(())
            }));
        })
    };
    let active =
        active_index(&workspace).map(|index| workspace.workspace.environments[index].clone());
    let summary = match &active {
        Some(environment) => format!(
            "{} ({} variables)",
            environment.name,
            environment.variables.len()
        ),
        None => "none: variables are not replaced".to_owned(),
    };
    html! {
        <Panel id="environments" title="Environment" target={summary}>
            <div class="request-line">
                <div class="field">
                    <label for="env-active">{ "Active environment" }</label>
                    <select id="env-active" data-testid="env-active" onchange={choose}>
                        <option value="" selected={active.is_none()}>{ "No environment" }</option>
                        { for workspace.workspace.environments.iter().map(|environment| html! {
                            <option value={environment.name.clone()}
                                selected={active.as_ref().is_some_and(|active| active.name == environment.name)}>
                                { &environment.name }
                            </option>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="env-new-name">{ "New environment" }</label>
                    <input id="env-new-name" data-testid="env-new-name" value={(*new_name).clone()}
                        placeholder="local" autocomplete="off"
                        oninput={Callback::from(move |event: InputEvent| {
                            new_name.set(event.target_unchecked_into::<HtmlInputElement>().value())
                        })} />
                </div>
                <button type="button" class="secondary" data-testid="env-add" onclick={add}>{ "Add" }</button>
            </div>
            if let Some(environment) = &active {
                <Variables environment={environment.clone()} on_change={edit_variables} />
                <button type="button" class="secondary" data-testid="env-remove" onclick={remove}>
                    { format!("Remove {}", environment.name) }
                </button>
            }
            if let Some(error) = &*error {
                <p class="invalid" role="alert" data-testid="env-error">{ error }</p>
            }
        </Panel>
    }
}

fn active_index(state: &WorkspaceState) -> Option<usize> {
    let name = state.active.as_deref()?;
    state
        .workspace
        .environments
        .iter()
        .position(|environment| environment.name == name)
}

#[derive(Debug, Properties, PartialEq)]
struct VariablesProps {
    environment: Environment,
    on_change: Callback<Vec<Variable>>,
}

/// The variables of one environment: name, value, and whether it is secret.
#[component]
fn Variables(props: &VariablesProps) -> Html {
    let variables = &props.environment.variables;
    let change = |index: usize, apply: fn(&mut Variable, &HtmlInputElement)| {
        let (variables, on_change) = (variables.clone(), props.on_change.clone());
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let mut variables = variables.clone();
            if let Some(variable) = variables.get_mut(index) {
                apply(variable, &input);
            }
            on_change.emit(variables);
        })
    };
    let remove = |index: usize| {
        let (variables, on_change) = (variables.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut variables = variables.clone();
            variables.remove(index);
            on_change.emit(variables);
        })
    };
    let add = {
        let (variables, on_change) = (variables.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut variables = variables.clone();
            variables.push(Variable::default());
            on_change.emit(variables);
        })
    };
    html! {
        <fieldset class="rows" data-testid="env-variables">
            <legend>{ format!("Variables of {}", props.environment.name) }</legend>
            { for variables.iter().enumerate().map(|(index, variable)| html! {
                <div class="row" key={index}>
                    <input type="text" value={variable.name.clone()} placeholder="base_url"
                        aria-label={format!("Variable {} name", index + 1)} autocomplete="off"
                        data-testid={format!("env-var-name-{index}")}
                        onchange={change(index, |variable, input| variable.name = input.value().trim().to_owned())} />
                    <input type={if variable.secret { "password" } else { "text" }} value={variable.value.clone()}
                        placeholder="value" aria-label={format!("Variable {} value", index + 1)} autocomplete="off"
                        data-testid={format!("env-var-value-{index}")}
                        onchange={change(index, |variable, input| variable.value = input.value())} />
                    <label class="checkbox">
                        <input type="checkbox" checked={variable.secret} data-testid={format!("env-var-secret-{index}")}
                            onchange={change(index, |variable, input| variable.secret = input.checked())} />
                        { "secret" }
                    </label>
                    <button type="button" class="secondary" aria-label={format!("Remove variable {}", index + 1)}
                        data-testid={format!("env-var-remove-{index}")} onclick={remove(index)}>
                        { "×" }
                    </button>
                </div>
            }) }
            <button type="button" class="secondary" data-testid="env-var-add" onclick={add}>{ "Add a variable" }</button>
        </fieldset>
    }
}
