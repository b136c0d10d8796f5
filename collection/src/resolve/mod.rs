//! Environments applied to saved requests: every text field of every kind of
//! request gets its `{{variables}}` replaced, and a variable the environment
//! lacks is an error that names it and the field. Disabled headers, fields
//! and parts are kept as written: they are not sent, so they need nothing.

mod walk;

use std::borrow::Cow;

use crate::{model::Environment, request::SavedRequest};
use walk::Resolver;

/// What a secret's value is shown as.
pub const MASK: &str = "••••••";

/// A `{{name}}` the environment does not define, and where it was written:
/// `url`, `headers[1].value`, `body.json`, `auth.bearer.token`, `payload`…
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown variable {{{{{name}}}}} in {field}")]
pub struct UnknownVariable {
    pub name: String,
    pub field: String,
}

/// `request` with the environment's values in place of its variables: what
/// is sent.
pub fn resolve(request: &SavedRequest, env: &Environment) -> Result<SavedRequest, UnknownVariable> {
    Resolver { env, masked: false }.request(request)
}

/// `request` resolved as [`resolve`] does, except that secret variables are
/// replaced by [`MASK`]: what is shown.
pub fn resolve_masked(
    request: &SavedRequest,
    env: &Environment,
) -> Result<SavedRequest, UnknownVariable> {
    Resolver { env, masked: true }.request(request)
}

/// `text` with the value of every secret variable of `env` replaced by
/// [`MASK`]: for text that may repeat a secret without saying so, such as an
/// error message quoting a URL. Empty values are left alone, and longer
/// secrets are masked first, so that one that contains another is masked whole.
pub fn mask<'t>(text: &'t str, env: &Environment) -> Cow<'t, str> {
    let mut secrets: Vec<&str> = env
        .variables
        .iter()
        .filter(|variable| variable.secret && !variable.value.is_empty())
        .map(|variable| variable.value.as_str())
        .collect();
    secrets.sort_by_key(|secret| std::cmp::Reverse(secret.len()));
    let mut text = Cow::Borrowed(text);
    for secret in secrets {
        if text.contains(secret) {
            text = Cow::Owned(text.replace(secret, MASK));
        }
    }
    text
}

#[cfg(test)]
mod tests;
