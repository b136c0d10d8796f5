//! An error's whole chain of causes in one line, for messages that say what
//! to fix.

use std::error::Error;

/// An error and its sources, `: `-separated, each message once: the outermost
/// ("transport error", "error sending request") says little, the innermost
/// ("Connection refused") says what to fix.
pub fn causes(error: &(dyn Error + 'static)) -> String {
    let mut messages: Vec<String> = Vec::new();
    let mut next = Some(error);
    while let Some(error) = next {
        let message = error.to_string();
        if !messages.iter().any(|seen| seen.contains(&message)) {
            messages.push(message);
        }
        next = error.source();
    }
    messages.join(": ")
}
