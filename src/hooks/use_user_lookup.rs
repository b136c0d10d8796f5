//! The Users panel's call: `GET /users/{id}`.

use switchboard_wire::User;
use yew::prelude::*;

use super::use_call::{CallState, use_service_call};
use crate::api::rest;

/// The lookup's state and a callback that fetches the user with the given id.
#[hook]
pub fn use_user_lookup() -> (CallState<User>, Callback<String>) {
    use_service_call(|settings, id: String| async move {
        rest::fetch_user(&settings.users_url, &id).await
    })
}
