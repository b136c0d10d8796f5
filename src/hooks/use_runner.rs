//! Makes calls: every call, from a panel, "Run all" or the timeline's "Run
//! again", goes through here, is timed, and lands in the timeline.

use std::cell::Cell;

use gloo_timers::callback::Timeout;
use yew::{platform::spawn_local, prelude::*};

use super::{use_app::use_app, use_stream};
use crate::{
    api::{
        bridge, capture::Traced, dynamic::InWorker, engine::Engine, error::ApiError, grpc, rest,
    },
    config::Settings,
    history::{Answer, CallRecord, Replay},
    perf,
    state::{Action, AppContext},
    trace::Trace,
};

/// One call to make: what, and under which trace (a new one if `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub replay: Replay,
    pub trace: Option<Trace>,
}

impl From<Replay> for Run {
    fn from(replay: Replay) -> Self {
        Self {
            replay,
            trace: None,
        }
    }
}

/// How long a call runs before its panel shows it in flight. A faster call
/// goes straight to its result: no spinner flashes for a few milliseconds,
/// and the browser draws one frame per call instead of two.
const IN_FLIGHT_AFTER_MS: u32 = 150;

thread_local! {
    /// Sequence numbers: start from the clock so they grow across reloads.
    static NEXT_SEQ: Cell<u64> = Cell::new(js_sys::Date::now() as u64 * 1_000);
}

fn next_seq() -> u64 {
    NEXT_SEQ.with(|next| {
        let seq = next.get();
        next.set(seq + 1);
        seq
    })
}

/// A callback that makes a call and records it. Calls of the gRPC console
/// go to the console module, which makes and records them itself.
#[hook]
pub fn use_runner() -> Callback<Run> {
    let app = use_app();
    let engine = use_context::<Engine>().expect("use_runner needs the Engine provider");
    Callback::from(move |run: Run| {
        if let Replay::Grpc(_) = run.replay {
            app.dispatch(Action::ToConsole(run));
        } else {
            let engine = engine.clone();
            spawn_call(&app, run, async move |app, seq, settings, replay, trace| {
                let worker = InWorker {
                    engine: &engine,
                    seq,
                };
                execute(app, worker, settings, replay, trace).await
            });
        }
    })
}

/// Makes `run` with `execute`, timed, and puts it in the timeline: shown in
/// flight if it takes a while, its replies as they arrive if it streams.
pub fn spawn_call<E>(app: &AppContext, run: Run, execute: E)
where
    E: AsyncFnOnce(&AppContext, u64, &Settings, &Replay, &Trace) -> Traced<Answer> + 'static,
{
    let app = app.clone();
    let settings = app.settings.clone();
    let seq = next_seq();
    let trace = run.trace.unwrap_or_default();
    let transport = run.replay.transport();
    if run.replay.is_stream() {
        let replay = run.replay.clone();
        app.dispatch(Action::StreamStarted { seq, replay });
    } else {
        perf::call_started(seq, transport);
    }
    spawn_local(async move {
        let at_ms = js_sys::Date::now();
        let started = now_ms();
        let in_flight = {
            let app = app.clone();
            Timeout::new(IN_FLIGHT_AFTER_MS, move || {
                app.dispatch(Action::Started { seq, transport })
            })
        };
        let traced = execute(&app, seq, &settings, &run.replay, &trace).await;
        let latency_ms = now_ms() - started;
        // A call that finished in time was never shown in flight.
        drop(in_flight);
        let record = CallRecord::new(
            seq,
            trace.trace_id,
            run.replay,
            &settings,
            traced,
            latency_ms,
            at_ms,
        );
        app.dispatch(Action::Finished(Box::new(record)));
    });
}

/// Makes call `seq`; a stream also reports its replies, through `app`, as
/// they arrive.
async fn execute(
    app: &AppContext,
    worker: InWorker<'_>,
    settings: &Settings,
    replay: &Replay,
    trace: &Trace,
) -> Traced<Answer> {
    match replay {
        Replay::User(request) => rest::fetch_user(&settings.users_url, request, trace)
            .await
            .map(Answer::User),
        Replay::Greet(request) => grpc::say_hello(worker, &settings.greeter_url, request, trace)
            .await
            .map(Answer::Greeting),
        Replay::GreetStream(request) => use_stream::receive(app, worker.seq, |cancel, on_reply| {
            grpc::say_hello_stream(
                worker,
                &settings.greeter_url,
                request,
                trace,
                cancel,
                on_reply,
            )
        })
        .await
        .map(Answer::Greetings),
        // `use_runner` hands these to the console module.
        Replay::Grpc(_) => Traced::refused(
            Default::default(),
            ApiError::Input("the gRPC console makes its own calls".to_owned()),
        ),
        Replay::Publish(draft) => {
            bridge::publish(&settings.bridge_url, &settings.bridge_token, draft, trace)
                .await
                .map(Answer::Published)
        }
    }
}

/// Milliseconds from the page's time origin, with sub-millisecond precision.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}
