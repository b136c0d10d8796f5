//! The HTTP console's calls: [`execute`] prepares and sends one, hands the
//! whole response to the console through [`HttpReplies`], and gives the
//! timeline its record (a 2xx is a success; any other status, the service's
//! error).

use std::rc::Rc;

use switchboard_collection::{Environment, mask};
use yew::prelude::*;

use super::use_runner::CallContext;
use crate::{
    api::{
        capture::{Captured, Traced},
        error::ApiError,
        request::{self, Relay},
    },
    history::Answer,
    http_call::HttpCall,
    http_reply::HttpReply,
};

/// The newest response the HTTP console got, whole, and its call's number.
#[derive(Debug, Clone, PartialEq)]
pub struct LastReply {
    pub seq: u64,
    pub reply: Rc<HttpReply>,
}

/// Where [`execute`] leaves the newest response; the console module provides it.
pub type HttpReplies = UseStateHandle<Option<Rc<LastReply>>>;

/// Makes `call` in `context`, its variables taken from `env`. Secrets are
/// masked in what the timeline keeps.
pub async fn execute(
    context: CallContext,
    call: &HttpCall,
    env: &Environment,
    replies: &HttpReplies,
) -> Traced<Answer> {
    let resolved = call.resolved(env);
    let prepared = resolved
        .map_err(|error| error.to_string())
        .and_then(|call| call.prepare(&context.trace));
    let prepared = match prepared {
        Ok(prepared) => prepared,
        Err(error) => {
            let sent = Captured::new(call.title(), Vec::new(), "");
            return Traced::refused(sent, ApiError::Input(error));
        }
    };
    let settings = &context.settings;
    let relay = call.request.via_bridge.then_some(Relay {
        bridge_url: &settings.bridge_url,
        token: &settings.bridge_token,
    });
    let Traced {
        result,
        ok_status,
        mut request,
        response,
    } = request::send(&prepared, relay).await;
    mask_secrets(&mut request, env);
    let result = result.and_then(|reply| {
        let (status, size) = (reply.status, reply.size);
        replies.set(Some(Rc::new(LastReply {
            seq: context.seq,
            reply: Rc::new(reply),
        })));
        if (200..300).contains(&status) {
            Ok(Answer::Response { status, size })
        } else {
            let body = response.as_ref().map_or("", |response| &response.body);
            Err(ApiError::from_http(status, body))
        }
    });
    Traced {
        result,
        ok_status,
        request,
        response,
    }
}

/// Masks the environment's secrets wherever the captured request repeats
/// them: the URL, header values, the body.
fn mask_secrets(captured: &mut Captured, env: &Environment) {
    captured.line = mask(&captured.line, env).into_owned();
    captured.body = mask(&captured.body, env).into_owned();
    for (_, value) in &mut captured.headers {
        *value = mask(value, env).into_owned();
    }
}
