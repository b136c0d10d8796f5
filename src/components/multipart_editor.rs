//! Multipart parts: each a name with a text value or a file, read into the
//! request so that it can be sent again and shared.

use base64::Engine as _;
use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, HtmlInputElement};
use yew::{platform::spawn_local, prelude::*};

use switchboard_collection::{FilePart, Part, PartContent};

use crate::http_reply::size_label;

/// Files larger than this are not read: the request, files and all, is kept
/// in the browser's storage.
const FILE_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Debug, Properties, PartialEq)]
pub struct MultipartEditorProps {
    pub parts: Vec<Part>,
    pub on_change: Callback<Vec<Part>>,
}

#[component]
pub fn MultipartEditor(props: &MultipartEditorProps) -> Html {
    let error = use_state(|| None::<String>);
    let update = |index: usize, change: fn(&mut Part, String)| {
        let (parts, on_change) = (props.parts.clone(), props.on_change.clone());
        Callback::from(move |event: InputEvent| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            let mut parts = parts.clone();
            if let Some(part) = parts.get_mut(index) {
                change(part, value);
            }
            on_change.emit(parts);
        })
    };
    let with_parts = |index: usize, change: fn(&mut Vec<Part>, usize)| {
        let (parts, on_change) = (props.parts.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut parts = parts.clone();
            change(&mut parts, index);
            on_change.emit(parts);
        })
    };
    let toggle = |index: usize| {
        let (parts, on_change) = (props.parts.clone(), props.on_change.clone());
        Callback::from(move |event: Event| {
            let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
            let mut parts = parts.clone();
            if let Some(part) = parts.get_mut(index) {
                part.enabled = checked;
            }
            on_change.emit(parts);
        })
    };
    let pick = |index: usize| {
        let (parts, on_change, error) =
            (props.parts.clone(), props.on_change.clone(), error.clone());
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            let (parts, on_change, error) = (parts.clone(), on_change.clone(), error.clone());
            spawn_local(async move {
                match read(&file).await {
                    Ok(read) => {
                        let mut parts = parts;
                        if let Some(part) = parts.get_mut(index) {
                            part.content = PartContent::File(read);
                        }
                        error.set(None);
                        on_change.emit(parts);
                    }
                    Err(message) => error.set(Some(message)),
                }
            });
        })
    };
    html! {
        <fieldset class="rows parts" data-testid="http-parts">
            <legend>{ "Parts" }</legend>
            { for props.parts.iter().enumerate().map(|(index, part)| html! {
                <div class={classes!("row", (!part.enabled).then_some("off"))} key={index}>
                    <input type="checkbox" checked={part.enabled} aria-label={format!("Send part {}", index + 1)}
                        data-testid={format!("http-part-on-{index}")} onchange={toggle(index)} />
                    <input type="text" value={part.name.clone()} placeholder="name"
                        aria-label={format!("Part {} name", index + 1)} autocomplete="off"
                        data-testid={format!("http-part-name-{index}")}
                        oninput={update(index, |part, value| part.name = value)} />
                    if let PartContent::File(file) = &part.content {
                        <span class="file-name" data-testid={format!("http-part-file-{index}")}>
                            { format!("{} ({}, {})", file.file_name, file.content_type,
                                size_label(decoded_len(&file.base64))) }
                        </span>
                        <button type="button" class="secondary" aria-label={format!("Drop the file of part {}", index + 1)}
                            onclick={with_parts(index, |parts, index| if let Some(part) = parts.get_mut(index) {
                                part.content = PartContent::Text(String::new());
                            })}>
                            { "Use text" }
                        </button>
                    } else {
                        <input type="text" value={text(part)} placeholder="value"
                            aria-label={format!("Part {} value", index + 1)} autocomplete="off"
                            data-testid={format!("http-part-value-{index}")}
                            oninput={update(index, |part, value| part.content = PartContent::Text(value))} />
                        <input type="file" aria-label={format!("Part {} file", index + 1)}
                            data-testid={format!("http-part-pick-{index}")} onchange={pick(index)} />
                    }
                    <button type="button" class="secondary" aria-label={format!("Remove part {}", index + 1)}
                        onclick={with_parts(index, |parts, index| { parts.remove(index); })}>
                        { "×" }
                    </button>
                </div>
            }) }
            <button type="button" class="secondary" data-testid="http-parts-add"
                onclick={with_parts(0, |parts, _| parts.push(Part {
                    name: String::new(),
                    content: PartContent::Text(String::new()),
                    enabled: true,
                }))}>
                { "Add a part" }
            </button>
            if let Some(error) = &*error {
                <p class="invalid" role="alert">{ error }</p>
            }
        </fieldset>
    }
}

/// The size of the bytes that `base64` (standard, padded) holds.
fn decoded_len(base64: &str) -> usize {
    let padding = base64
        .bytes()
        .rev()
        .take_while(|byte| *byte == b'=')
        .count();
    (base64.len() / 4 * 3).saturating_sub(padding)
}

/// A text part's text.
fn text(part: &Part) -> String {
    match &part.content {
        PartContent::Text(text) => text.clone(),
        PartContent::File(_) => String::new(),
    }
}

/// Reads `file` whole.
async fn read(file: &File) -> Result<FilePart, String> {
    let size = file.size() as usize;
    if size > FILE_LIMIT {
        return Err(format!(
            "{} is {}: files in a request are kept to {}",
            file.name(),
            size_label(size),
            size_label(FILE_LIMIT)
        ));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("{} could not be read", file.name()))?;
    let bytes = Uint8Array::new(&buffer).to_vec();
    let content_type = match file.type_() {
        kind if kind.is_empty() => "application/octet-stream".to_owned(),
        kind => kind,
    };
    Ok(FilePart {
        file_name: file.name(),
        content_type,
        base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}
