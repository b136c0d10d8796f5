//! `grpc-relay`: a gRPC-web call relayed by the bridge to a native gRPC
//! server, against the same call made directly, as a deployment has them:
//! the bridge and the greeter are release binaries in processes of their
//! own, next to each other, and the callers reach their first hop across a
//! link that delays every byte, as the network between a browser and the
//! services does. The same calls made on one machine, where CPU and not the
//! link bounds the rate, show what each hop costs.

use std::time::Duration;

use switchboard_bench::{
    child::{ServerProcess, log_path, sibling_binary},
    cpu::Watched,
    load::drive,
    stats::Stats,
};
use switchboard_testing::relay::Relay;

use crate::{
    context::{Ctx, Id, Measured},
    grpc_relay_callers::{echo_server, natives, natives_sharing, round_trips, webs},
    grpc_relay_report::{Link, report},
    report::Section,
};

/// Callers on one machine, each with one call in flight.
pub const CONCURRENCY: usize = 16;
/// Callers across the link: as many as keep a direct call's median at the
/// link's round trip (bench/README.md gives the measurements), and fewer
/// than the six connections a browser opens to one origin.
pub const LINK_CONCURRENCY: usize = 4;
/// Each direction of the link; a round trip takes twice this.
pub const ONE_WAY: Duration = Duration::from_millis(1);

/// The ways of calling, in the order they are measured and reported.
pub const LABELS: [&str; 7] = [
    "native gRPC, direct",
    "gRPC-web, direct",
    "gRPC-web, through the relay",
    "native gRPC, one shared conn",
    "link: native gRPC, direct",
    "link: gRPC-web, direct",
    "link: gRPC-web, relayed",
];

/// The release greeter on a free port.
async fn start_greeter(ctx: &Ctx) -> anyhow::Result<ServerProcess> {
    let program = sibling_binary("greeter")?;
    let args = ["--bind=127.0.0.1:0".to_owned()];
    let env = [("RUST_LOG", ctx.config.bridge_log.as_str())];
    let log = log_path("greeter-grpc-relay");
    ServerProcess::spawn(&program, &args, &env, &log).await
}

pub async fn run(ctx: &Ctx) -> anyhow::Result<Section> {
    let greeter = start_greeter(ctx).await?;
    let target = format!("http://{}", greeter.addr);
    let bridge = ctx
        .start_bridge_with(&[format!("--grpc-targets={target}")], "grpc-relay")
        .await?;
    let relay = format!("http://{}/grpc", bridge.addr);
    // The network between the callers and the services: one link to each
    // first hop, alike.
    let to_greeter = Relay::with_delay(&greeter.addr.to_string(), ONE_WAY).await;
    let to_bridge = Relay::with_delay(&bridge.addr.to_string(), ONE_WAY).await;
    let greeter_far = format!("http://{}", to_greeter.addr());
    let relay_far = format!("http://{}/grpc", to_bridge.addr());
    let to_echo = Relay::with_delay(&echo_server().await?, ONE_WAY).await;
    let link = Link {
        round_trips: round_trips(&to_echo.addr().to_string(), 500).await?,
    };
    let watched = [
        Watched::new("bridge", bridge.pid),
        Watched::new("greeter", greeter.pid),
    ];
    let (c, lc) = (CONCURRENCY, LINK_CONCURRENCY);
    let measured = ctx
        .alternate(
            Id::GrpcRelay.name(),
            &LABELS,
            &watched,
            async |i| -> anyhow::Result<Stats> {
                Ok(match i {
                    0 => drive(natives(&target, c).await?, ctx.window).await.0,
                    1 => drive(webs(&target, None, c)?, ctx.window).await.0,
                    2 => drive(webs(&relay, Some(&target), c)?, ctx.window).await.0,
                    3 => {
                        drive(natives_sharing(&target, c).await?, ctx.window)
                            .await
                            .0
                    }
                    4 => drive(natives(&greeter_far, lc).await?, ctx.window).await.0,
                    5 => drive(webs(&greeter_far, None, lc)?, ctx.window).await.0,
                    _ => {
                        let callers = webs(&relay_far, Some(&target), lc)?;
                        drive(callers, ctx.window).await.0
                    }
                })
            },
        )
        .await;
    drop((to_greeter, to_bridge, to_echo));
    bridge.stop(Duration::from_secs(5)).await?;
    greeter.stop(Duration::from_secs(5)).await?;
    let measured: [Measured; 7] = measured?.try_into().expect("one tally per way of calling");
    Ok(report(ctx, &measured, &link))
}
