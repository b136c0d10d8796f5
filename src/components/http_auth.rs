//! The auth helpers: bearer, basic and API key. Each writes a header (or a
//! query parameter), which is shown, masked, under the choice.

use yew::prelude::*;

use super::fields::{Checkbox, Select, TextField};
use switchboard_collection::{ApiKeyLocation, Auth};

#[derive(Debug, Properties, PartialEq)]
pub struct HttpAuthProps {
    pub auth: Auth,
    /// What the helper writes, as the request would send it.
    pub writes: Vec<(String, String)>,
    pub on_change: Callback<Auth>,
}

#[component]
pub fn HttpAuth(props: &HttpAuthProps) -> Html {
    let kind = match &props.auth {
        Auth::None => "none",
        Auth::Bearer { .. } => "bearer",
        Auth::Basic { .. } => "basic",
        Auth::ApiKey { .. } => "api_key",
    };
    let options = [
        ("none", "None"),
        ("bearer", "Bearer token"),
        ("basic", "Basic (user and password)"),
        ("api_key", "API key"),
    ]
    .map(|(value, label)| (AttrValue::from(value), AttrValue::from(label)))
    .to_vec();
    let choose = props.on_change.reform(|kind: String| match kind.as_str() {
        "bearer" => Auth::Bearer {
            token: String::new(),
        },
        "basic" => Auth::Basic {
            user: String::new(),
            password: String::new(),
        },
        "api_key" => Auth::ApiKey {
            name: "x-api-key".to_owned(),
            value: String::new(),
            location: ApiKeyLocation::Header,
        },
        _ => Auth::None,
    });
    let edit = |change: fn(&mut Auth, String)| {
        let (auth, on_change) = (props.auth.clone(), props.on_change.clone());
        Callback::from(move |value: String| {
            let mut next = auth.clone();
            change(&mut next, value);
            on_change.emit(next);
        })
    };
    let fields = match &props.auth {
        Auth::None => html! {},
        Auth::Bearer { token } => html! {
            <TextField id="http-auth-token" label="Token" kind="password" value={token.clone()}
                on_change={edit(|auth, value| if let Auth::Bearer { token } = auth { *token = value })} />
        },
        Auth::Basic { user, password } => html! {
            <>
                <TextField id="http-auth-user" label="User" value={user.clone()}
                    on_change={edit(|auth, value| if let Auth::Basic { user, .. } = auth { *user = value })} />
                <TextField id="http-auth-password" label="Password" kind="password" value={password.clone()}
                    on_change={edit(|auth, value| if let Auth::Basic { password, .. } = auth { *password = value })} />
            </>
        },
        Auth::ApiKey {
            name,
            value,
            location,
        } => {
            let in_query = *location == ApiKeyLocation::Query;
            let toggle = {
                let (auth, on_change) = (props.auth.clone(), props.on_change.clone());
                Callback::from(move |checked: bool| {
                    let mut next = auth.clone();
                    if let Auth::ApiKey { location, .. } = &mut next {
                        *location = if checked {
                            ApiKeyLocation::Query
                        } else {
                            ApiKeyLocation::Header
                        };
                    }
                    on_change.emit(next);
                })
            };
            html! {
                <>
                    <TextField id="http-auth-key-name" label={if in_query { "Parameter" } else { "Header" }}
                        value={name.clone()}
                        on_change={edit(|auth, value| if let Auth::ApiKey { name, .. } = auth { *name = value })} />
                    <TextField id="http-auth-key-value" label="Key" kind="password" value={value.clone()}
                        on_change={edit(|auth, new| if let Auth::ApiKey { value, .. } = auth { *value = new })} />
                    <Checkbox id="http-auth-key-in-query" label="Send in the query instead of a header"
                        checked={in_query} on_change={toggle} />
                </>
            }
        }
    };
    html! {
        <div class="auth">
            <Select id="http-auth" label="Auth" value={kind} {options} on_change={choose} />
            { fields }
            if !props.writes.is_empty() {
                <p class="hint" data-testid="http-auth-writes">
                    { "Adds " }
                    { for props.writes.iter().map(|(name, value)| html! {
                        <code>{ format!("{name}: {}", mask(value)) }</code>
                    }) }
                </p>
            }
        </div>
    }
}

/// A credential shown on screen: its scheme, and only the ends of the secret.
fn mask(value: &str) -> String {
    let (scheme, secret) = match value.split_once(' ') {
        Some((scheme, secret)) => (format!("{scheme} "), secret),
        None => (String::new(), value),
    };
    let chars: Vec<char> = secret.chars().collect();
    let shown = if chars.len() <= 6 {
        "•".repeat(chars.len())
    } else {
        let head: String = chars[..2].iter().collect();
        let tail: String = chars[chars.len() - 2..].iter().collect();
        format!("{head}••••{tail}")
    };
    format!("{scheme}{shown}")
}
