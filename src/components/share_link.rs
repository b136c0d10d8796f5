//! A link that opens Switchboard with the current requests filled in.

use yew::prelude::*;

use crate::{hooks::use_app::use_app, share};

#[component]
pub fn ShareLink() -> Html {
    let app = use_app();
    let link = use_state(|| None::<String>);
    let onclick = {
        let (link, requests) = (link.clone(), app.requests.clone());
        Callback::from(move |_| {
            let url = share::link(&requests);
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_hash(&share::fragment(&requests));
            }
            link.set(Some(url));
        })
    };
    html! {
        <div class="share">
            <button type="button" class="secondary" data-testid="share-button" {onclick}>
                { "Share requests" }
            </button>
            if let Some(url) = &*link {
                <label class="share-link">
                    { "Link (the requests travel in the fragment, never to a server)" }
                    <input data-testid="share-link" readonly=true value={url.clone()} />
                </label>
            }
        </div>
    }
}
