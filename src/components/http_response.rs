//! An HTTP response: status, time, size, headers, and the body as folding
//! JSON, raw text or hex. Large bodies are shown cut, with their full size.

use yew::prelude::*;

use super::json_tree::JsonTree;
use crate::http_reply::{BodyView, HttpReply, SHOW_LIMIT, hex_dump, size_label};

#[derive(Debug, Properties, PartialEq)]
pub struct HttpResponseProps {
    pub reply: std::rc::Rc<HttpReply>,
    pub latency_ms: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Pretty,
    Raw,
    Hex,
}

#[component]
pub fn HttpResponse(props: &HttpResponseProps) -> Html {
    let reply = &props.reply;
    let natural = reply.view();
    let shown = use_state(|| None::<Shown>);
    // Parsed once a response, not on every render.
    let json = use_memo(reply.clone(), |reply| {
        let text = reply.text()?;
        serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .map(std::rc::Rc::new)
    });
    let current = shown.unwrap_or(match natural {
        BodyView::Json => Shown::Pretty,
        BodyView::Hex => Shown::Hex,
        BodyView::Text | BodyView::Empty => Shown::Raw,
    });
    let class = match reply.status {
        200..=299 => "ok",
        300..=399 => "redirect",
        _ => "failed",
    };
    let choose = |view: Shown| {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(Some(view)))
    };
    let body = match (natural, current) {
        (BodyView::Empty, _) => html! { <p class="hint">{ "No body." }</p> },
        (BodyView::Json, Shown::Pretty) => match (*json).clone() {
            Some(value) => html! { <JsonTree {value} /> },
            None => html! { <pre data-testid="http-raw">{ reply.shown_text() }</pre> },
        },
        (_, Shown::Hex) => html! {
            <pre class="hex" data-testid="http-hex">{ hex_dump(&reply.body, SHOW_LIMIT / 4) }</pre>
        },
        _ => html! { <pre data-testid="http-raw">{ reply.shown_text() }</pre> },
    };
    let tab = |view: Shown, label: &'static str, testid: &'static str| {
        html! {
            <button type="button" class={classes!("tab", (current == view).then_some("active"))}
                aria-pressed={(current == view).to_string()} data-testid={testid} onclick={choose(view)}>
                { label }
            </button>
        }
    };
    html! {
        <section class="http-response" data-testid="http-response" aria-label="Response">
            <p class="response-line">
                <span class={classes!("status", class)} data-testid="http-response-status">
                    { format!("{} {}", reply.status, reply.status_text) }
                </span>
                <span data-testid="http-time">{ format!(" {:.0} ms", props.latency_ms) }</span>
                <span data-testid="http-size">{ format!(" · {}", size_label(reply.size)) }</span>
            </p>
            <details class="headers">
                <summary>{ format!("Headers ({})", reply.headers.len()) }</summary>
                <dl data-testid="http-response-headers">
                    { for reply.headers.iter().map(|(name, value)| html! {
                        <><dt>{ name }</dt><dd>{ value }</dd></>
                    }) }
                </dl>
            </details>
            if natural != BodyView::Empty {
                <div class="tabs" role="group" aria-label="Show the body as">
                    if natural == BodyView::Json { { tab(Shown::Pretty, "Pretty", "http-view-pretty") } }
                    if natural != BodyView::Hex { { tab(Shown::Raw, "Raw", "http-view-raw") } }
                    { tab(Shown::Hex, "Hex", "http-view-hex") }
                </div>
            }
            if reply.cut() {
                <p class="hint" data-testid="http-cut">
                    { if reply.unread {
                        format!("The body is {}: too large to show here. Export the request as curl to fetch it.",
                            size_label(reply.size))
                    } else {
                        format!("Showing the first {} of {}.", size_label(SHOW_LIMIT), size_label(reply.size))
                    } }
                </p>
            }
            { body }
        </section>
    }
}
