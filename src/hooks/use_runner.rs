//! Makes calls: every call, from a panel, "Run all" or the timeline's "Run
//! again", goes through here, is timed, and lands in the timeline.

use futures::future::{AbortHandle, AbortRegistration};
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
    state::{Action, AppContext, Cancel},
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

/// A callback that makes a call and records it. Calls of the console go to
/// the console module, which makes and records them itself.
#[hook]
pub fn use_runner() -> Callback<Run> {
    let app = use_app();
    let engine = use_context::<Engine>().expect("use_runner needs the Engine provider");
    Callback::from(move |run: Run| {
        if run.replay.made_in_console() {
            app.dispatch(Action::ToConsole(run));
        } else {
            let engine = engine.clone();
            spawn_call(&app, run, async move |context, replay| {
                execute(context, &engine, replay).await
            });
        }
    })
}

/// What a call is made with, besides its request.
#[derive(Debug)]
pub struct CallContext {
    pub app: AppContext,
    pub seq: u64,
    pub settings: Settings,
    pub trace: Trace,
    /// Ends the call when its Cancel button is pressed (streams only; a
    /// one-shot call's never fires).
    pub cancel: AbortRegistration,
}

/// Makes `run` with `execute`, timed, and puts it in the timeline: shown in
/// flight if it takes a while, its replies as they arrive if it streams.
pub fn spawn_call<E>(app: &AppContext, run: Run, execute: E)
where
    E: AsyncFnOnce(CallContext, &Replay) -> Traced<Answer> + 'static,
{
    let app = app.clone();
    let settings = app.settings.clone();
    let seq = app.ids.next();
    let trace = run.trace.unwrap_or_default();
    let (handle, cancel) = AbortHandle::new_pair();
    if run.replay.is_stream() {
        let replay = run.replay.clone();
        let cancel = Cancel::new(handle);
        app.dispatch(Action::StreamStarted {
            seq,
            replay,
            cancel,
        });
    } else {
        perf::call_started(seq);
    }
    spawn_local(async move {
        let at_ms = js_sys::Date::now();
        let started = now_ms();
        let in_flight = {
            let (app, replay) = (app.clone(), run.replay.clone());
            Timeout::new(IN_FLIGHT_AFTER_MS, move || {
                app.dispatch(Action::Started { seq, replay })
            })
        };
        let context = CallContext {
            app: app.clone(),
            seq,
            settings: settings.clone(),
            trace: trace.clone(),
            cancel,
        };
        let traced = execute(context, &run.replay).await;
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

/// Makes a call; a stream also reports its replies, through the state, as
/// they arrive.
async fn execute(context: CallContext, engine: &Engine, replay: &Replay) -> Traced<Answer> {
    let CallContext {
        app,
        seq,
        settings,
        trace,
        cancel,
    } = context;
    let (settings, trace) = (&settings, &trace);
    let worker = InWorker { engine, seq };
    match replay {
        Replay::User(request) => rest::fetch_user(&settings.users_url, request, trace)
            .await
            .map(Answer::User),
        Replay::Greet(request) => grpc::say_hello(worker, &settings.greeter_url, request, trace)
            .await
            .map(Answer::Greeting),
        Replay::GreetStream(request) => use_stream::receive(&app, seq, |on_reply| {
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
        Replay::Grpc(_) | Replay::Http(_) => Traced::refused(
            Default::default(),
            ApiError::Input("the console makes its own calls".to_owned()),
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
