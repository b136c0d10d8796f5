//! Whether the bridge is connected to RabbitMQ, polled while the page is open.

use gloo_timers::callback::Interval;
use switchboard_wire::Readiness;
use yew::{platform::spawn_local, prelude::*};

use super::use_app::use_app;
use crate::api::{bridge, error::ApiError};

/// How often the bridge's readiness is asked.
const POLL_MS: u32 = 3_000;

/// The bridge's last readiness answer; `None` until the first one arrives.
#[hook]
pub fn use_broker_status() -> Option<Result<Readiness, ApiError>> {
    let status = use_state(|| None);
    let base = use_app().settings.bridge_url.clone();
    {
        let status = status.clone();
        use_effect_with(base, move |base| {
            let poll = {
                let base = base.clone();
                move || {
                    let base = base.clone();
                    let status = status.clone();
                    spawn_local(async move {
                        status.set(Some(bridge::readiness(&base).await));
                    });
                }
            };
            poll();
            let interval = Interval::new(POLL_MS, poll);
            move || drop(interval)
        });
    }
    (*status).clone()
}
