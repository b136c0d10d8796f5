//! The Greeter panel's call: `SayHello` over gRPC-web.

use yew::prelude::*;

use super::use_call::{CallState, use_service_call};
use crate::api::grpc;

/// The call's state and a callback that greets the given name.
#[hook]
pub fn use_greeter() -> (CallState<String>, Callback<String>) {
    use_service_call(|settings, name: String| async move {
        grpc::say_hello(&settings.greeter_url, &name).await
    })
}
