//! Whether the bridge can reach RabbitMQ right now.

use switchboard_wire::Readiness;
use yew::prelude::*;

use crate::error::ApiError;

#[derive(Debug, Properties, PartialEq)]
pub struct BrokerBadgeProps {
    /// The bridge's last readiness answer; `None` before the first.
    pub status: Option<Result<Readiness, ApiError>>,
}

#[component]
pub fn BrokerBadge(props: &BrokerBadgeProps) -> Html {
    let (class, text, detail) = match &props.status {
        None => ("pending", "broker: checking…".to_owned(), None),
        Some(Ok(Readiness {
            broker_connected: true,
            ..
        })) => ("ok", "broker: connected".to_owned(), None),
        Some(Ok(Readiness { detail, .. })) => {
            ("err", "broker: unavailable".to_owned(), detail.clone())
        }
        Some(Err(error)) => (
            "err",
            "bridge: unreachable".to_owned(),
            Some(error.to_string()),
        ),
    };
    html! {
        <div class="broker" data-testid="broker-status" data-state={class}>
            <span class={classes!("badge", class)}>{ text }</span>
            if let Some(detail) = detail {
                <small class="detail">{ detail }</small>
            }
        </div>
    }
}
