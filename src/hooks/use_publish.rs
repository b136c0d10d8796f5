//! The Publish panel's call: a confirmed publish through the bridge.

use switchboard_wire::{PublishRequest, PublishResponse};
use yew::prelude::*;

use super::use_call::{CallState, use_service_call};
use crate::api::bridge;

/// The call's state and a callback that publishes the given text to `logs`.
#[hook]
pub fn use_publish() -> (CallState<PublishResponse>, Callback<String>) {
    use_service_call(|settings, payload: String| async move {
        let request = PublishRequest::text(payload);
        bridge::publish(&settings.bridge_url, &settings.bridge_token, &request).await
    })
}
