//! The active environment's `{{variables}}` for the page's own panels (the
//! Live panel's subscription). The console keeps the environments; it also
//! leaves the active one's values in the browser as plain pairs, so that
//! the page reads them without linking the collections' model.

use gloo_storage::{LocalStorage, Storage};

/// Where the console leaves them.
pub const VARIABLES_KEY: &str = "switchboard.variables";

/// `text` with the active environment's values in place of its variables,
/// or the first variable it lacks, named with `field`.
pub fn fill(text: &str, field: &str) -> Result<String, String> {
    if !text.contains("{{") {
        return Ok(text.to_owned());
    }
    let variables: Vec<(String, String)> = LocalStorage::get(VARIABLES_KEY).unwrap_or_default();
    switchboard_collection::substitute(text, |name| {
        variables
            .iter()
            .find(|(variable, _)| variable == name)
            .map(|(_, value)| value.as_str())
    })
    .map_err(|name| {
        format!(
            "unknown variable {{{{{name}}}}} in the {field}: add it to the active environment, in the console"
        )
    })
}
