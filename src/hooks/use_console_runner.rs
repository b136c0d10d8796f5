//! The console module's calls: HTTP requests, gRPC calls and publishes, each
//! made with the active environment's variables and recorded like the page's
//! own calls. [`ConsoleRunner::call`] also says how a call ended, so that a
//! collection can be run in order and each request checked.

use futures::channel::oneshot;
use switchboard_collection::Environment;
use yew::prelude::*;

use super::{
    use_app::use_app,
    use_http_console::{self, HttpReplies},
    use_runner::{CallContext, Run, spawn_call},
    use_stream,
    use_workspace::{WorkspaceHandle, use_workspace},
};
use crate::{
    api::{bridge, capture::Traced, dynamic, engine::Engine, error::ApiError},
    console::{DRAFT_EVENT, send},
    history::{Answer, Replay},
    http_call::HttpCall,
    requests::GrpcCall,
    schemas,
    state::{Action, AppContext},
    trace::Trace,
};

/// How a call ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Ended {
    /// As the timeline shows it: `201 Created`, `422 validation_failed`, `OK`.
    pub status: String,
    /// The HTTP status, for an answer that had one.
    pub http_status: Option<u16>,
    pub ok: bool,
}

/// What the console's calls are made with.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsoleRunner {
    app: AppContext,
    engine: Engine,
    replies: HttpReplies,
    workspace: WorkspaceHandle,
}

#[hook]
pub fn use_console_runner() -> ConsoleRunner {
    ConsoleRunner {
        app: use_app(),
        engine: use_context::<Engine>().expect("the console provides the Engine"),
        replies: use_context::<HttpReplies>().expect("the console provides HttpReplies"),
        workspace: use_workspace(),
    }
}

impl ConsoleRunner {
    /// A callback that makes a call; for a form's Send button.
    pub fn callback(&self) -> Callback<Replay> {
        let runner = self.clone();
        Callback::from(move |replay| drop(runner.call(replay)))
    }

    /// Makes `replay` and records it; the receiver says how it ended (it
    /// is dropped unanswered for a call the console does not make).
    pub fn call(&self, replay: Replay) -> oneshot::Receiver<Ended> {
        let (ended, receiver) = oneshot::channel();
        let (app, env) = (&self.app, self.workspace.environment());
        let trace = Trace::new();
        let replay = match replay {
            Replay::Grpc(call) => {
                app.dispatch(Action::EditGrpc(call.clone()));
                Replay::Grpc(call)
            }
            // The record carries the call as curl, with its trace.
            Replay::Http(draft) => {
                let draft = HttpCall::from_draft(&draft).draft(Some(&trace));
                app.dispatch(Action::EditHttp(draft.clone()));
                Replay::Http(draft)
            }
            Replay::Publish(draft) => Replay::Publish(draft),
            _ => return receiver,
        };
        // The page's timeline and share links see the call at once.
        if !matches!(replay, Replay::Publish(_)) {
            send(DRAFT_EVENT, &replay);
        }
        let (engine, replies) = (self.engine.clone(), self.replies.clone());
        let run = Run {
            replay,
            trace: Some(trace),
        };
        spawn_call(app, run, async move |context, replay| {
            let traced = execute(context, replay, &env, &engine, &replies).await;
            let _ = ended.send(ended_as(&traced));
            traced
        });
        receiver
    }
}

async fn execute(
    context: CallContext,
    replay: &Replay,
    env: &Environment,
    engine: &Engine,
    replies: &HttpReplies,
) -> Traced<Answer> {
    match replay {
        Replay::Http(draft) => {
            let call = HttpCall::from_draft(draft);
            use_http_console::execute(context, &call, env, replies).await
        }
        Replay::Grpc(call) => match call.resolved(env) {
            Ok(call) => grpc(context, call, engine).await,
            Err(error) => Traced::refused(Default::default(), ApiError::Input(error.to_string())),
        },
        Replay::Publish(draft) => {
            let draft = match draft.resolved(env) {
                Ok(draft) => draft,
                Err(error) => {
                    return Traced::refused(Default::default(), ApiError::Input(error.to_string()));
                }
            };
            let settings = &context.settings;
            bridge::publish(
                &settings.bridge_url,
                &settings.bridge_token,
                &draft,
                &context.trace,
            )
            .await
            .map(Answer::Published)
        }
        _ => Traced::refused(
            Default::default(),
            ApiError::Input("the console does not make this kind of call".to_owned()),
        ),
    }
}

/// Any method of any gRPC server, with the schema the console keeps for it.
async fn grpc(context: CallContext, call: GrpcCall, engine: &Engine) -> Traced<Answer> {
    let CallContext {
        app,
        seq,
        settings,
        trace,
        cancel,
    } = context;
    let schema = schemas::get(&call.target);
    let bridge = dynamic::Bridge {
        url: &settings.bridge_url,
        token: &settings.bridge_token,
    };
    let schema = schema.as_ref().map(|schema| dynamic::SchemaRef {
        key: &call.target,
        descriptor_set: &schema.descriptor_set,
    });
    let worker = dynamic::InWorker { engine, seq };
    use_stream::receive(&app, seq, |on_reply| {
        dynamic::call(worker, &call, schema, bridge, &trace, cancel, on_reply)
    })
    .await
    .map(Answer::Replies)
}

fn ended_as(traced: &Traced<Answer>) -> Ended {
    let http_status = match &traced.result {
        Ok(Answer::Response { status, .. }) | Err(ApiError::Http { status, .. }) => Some(*status),
        _ => None,
    };
    Ended {
        status: traced.status(),
        http_status,
        ok: traced.result.is_ok(),
    }
}
