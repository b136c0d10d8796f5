//! Where the page's services are. Defaults match the services' own defaults on
//! the host that served the page; the settings panel (saved in localStorage)
//! and query parameters (`?users=…&greeter=…&bridge=…`) override them without a
//! rebuild.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use web_sys::{UrlSearchParams, window};

const STORAGE_KEY: &str = "switchboard.settings";

/// Base URLs of the three services, without a trailing slash, and the
/// bridge's bearer token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub users_url: String,
    pub greeter_url: String,
    pub bridge_url: String,
    /// Sent as `Authorization: Bearer …` to the bridge when not empty.
    pub bridge_token: String,
}

/// The query parameters that override each setting.
pub const USERS_PARAM: &str = "users";
pub const GREETER_PARAM: &str = "greeter";
pub const BRIDGE_PARAM: &str = "bridge";

impl Settings {
    /// The services' default ports on `host`.
    pub fn defaults_for(host: &str) -> Self {
        Self {
            users_url: format!("http://{host}:3001"),
            greeter_url: format!("http://{host}:50051"),
            bridge_url: format!("http://{host}:3000"),
            bridge_token: String::new(),
        }
    }

    /// The saved settings (or the defaults), overridden by the query string.
    pub fn load() -> Self {
        let query = window()
            .and_then(|window| window.location().search().ok())
            .unwrap_or_default();
        LocalStorage::get::<Self>(STORAGE_KEY)
            .unwrap_or_else(|_| Self::from_location())
            .overridden_by(&query)
    }

    /// Keeps these settings for the next visit.
    pub fn save(&self) {
        if let Err(error) = LocalStorage::set(STORAGE_KEY, self) {
            web_sys::console::warn_1(&format!("cannot save the settings: {error}").into());
        }
    }

    /// The defaults for the page's host, overridden by the page's query string.
    pub fn from_location() -> Self {
        let location = window().map(|window| window.location());
        let host = location
            .as_ref()
            .and_then(|location| location.hostname().ok())
            .filter(|host| !host.is_empty())
            .unwrap_or_else(|| "127.0.0.1".to_owned());
        let query = location
            .and_then(|location| location.search().ok())
            .unwrap_or_default();
        Self::defaults_for(&host).overridden_by(&query)
    }

    /// These settings with any of `users`, `greeter` and `bridge` from `query`.
    pub fn overridden_by(mut self, query: &str) -> Self {
        let Ok(params) = UrlSearchParams::new_with_str(query) else {
            return self;
        };
        for (param, field) in [
            (USERS_PARAM, &mut self.users_url),
            (GREETER_PARAM, &mut self.greeter_url),
            (BRIDGE_PARAM, &mut self.bridge_url),
        ] {
            if let Some(value) = params.get(param).filter(|value| !value.trim().is_empty()) {
                *field = normalise(&value);
            }
        }
        self
    }
}

/// Trims white space and trailing slashes, so URLs join with `/path` cleanly.
pub fn normalise(url: &str) -> String {
    url.trim().trim_end_matches('/').to_owned()
}
