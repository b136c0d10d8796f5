//! The Publish panel's call: a confirmed publish through the bridge.

use switchboard_wire::{PublishRequest, PublishResponse};
use yew::prelude::*;

use super::use_call::{CallState, use_service_call};
use crate::api::bridge;

/// The call's state and a callback that publishes the given text to `logs`.
#[hook]
pub fn use_publish() -> (CallState<PublishResponse>, Callback<String>) {
    use_service_call(
        |settings| &settings.bridge_url,
        |base, payload: String| async move {
            bridge::publish(&base, &PublishRequest::text(payload)).await
        },
    )
}
