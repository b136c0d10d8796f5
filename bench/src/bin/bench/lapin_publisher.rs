//! The baseline the bridge is held to: lapin publishing straight to RabbitMQ,
//! with no HTTP in between, on a channel in confirm mode.

use futures::{StreamExt, stream::FuturesUnordered};
use lapin::{
    BasicProperties, Channel, Confirmation,
    options::{BasicPublishOptions, ConfirmSelectOptions},
};
use switchboard_bench::{
    load::Window,
    stats::{Outcome, Stats},
};
use tokio::time::Instant;

/// Opens a confirm-mode channel on a connection of its own.
pub async fn confirm_channel(url: &str) -> anyhow::Result<(lapin::Connection, Channel)> {
    let connection = switchboard_bench::broker::connect(url, "bench lapin baseline").await?;
    let channel = connection.create_channel().await?;
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await?;
    Ok((connection, channel))
}

/// Publishes persistent copies of `payload` to `exchange` for `window`,
/// keeping `in_flight` messages unconfirmed at all times: a sliding window,
/// where each confirm lets the next message go. With `in_flight` 1 it is the
/// plain publish-then-wait-for-the-confirm loop. Latency is from the publish
/// call to the confirm.
pub async fn publish(
    channel: &Channel,
    exchange: &str,
    payload: &[u8],
    in_flight: usize,
    window: Window,
) -> anyhow::Result<Stats> {
    // delivery_mode 2, as the bridge sets by default.
    let properties = BasicProperties::default().with_delivery_mode(2);
    let counted_from = Instant::now() + window.warmup;
    let end = counted_from + window.measure;
    let mut pending = FuturesUnordered::new();
    let mut stats = Stats::default();
    let mut last_answer = counted_from;
    loop {
        while pending.len() < in_flight && Instant::now() < end {
            let begin = Instant::now();
            let confirm = channel
                .basic_publish(
                    exchange.into(),
                    "".into(),
                    BasicPublishOptions::default(),
                    payload,
                    properties.clone(),
                )
                .await?;
            pending.push(async move { (begin, confirm.await) });
        }
        let Some((begin, confirmation)) = pending.next().await else {
            break;
        };
        let done = Instant::now();
        if begin >= counted_from {
            stats.record(outcome(confirmation), done - begin);
            last_answer = done;
        }
    }
    stats.elapsed = last_answer - counted_from;
    Ok(stats)
}

fn outcome(confirmation: lapin::Result<Confirmation>) -> Outcome {
    match confirmation {
        Ok(Confirmation::Ack(None)) => Outcome::Ok,
        Ok(Confirmation::Ack(Some(_))) => Outcome::Error("returned unroutable".into()),
        Ok(other) => Outcome::Error(format!("not confirmed: {other:?}")),
        Err(error) => Outcome::Error(error.to_string()),
    }
}
