//! The gRPC console's schema for its target: the saved one, or one loaded by
//! reflection (through the bridge), from .proto files or from a protoset. A
//! loaded schema is saved for the target and survives a reload.

use base64::{Engine as _, engine::general_purpose::STANDARD};
use js_sys::Uint8Array;
use switchboard_wire::schema::ProtoFile;
use switchboard_worker::protocol::Source;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FileList};
use yew::{platform::spawn_local, prelude::*};

use super::use_app::use_app;
use crate::{
    api::{bridge, engine::Engine},
    schemas::{self, Origin, SavedSchema},
};

/// Where the schema of the console's target stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaState {
    /// None loaded for this target yet.
    Missing,
    /// Loading, from the source described.
    Loading(String),
    Ready(SavedSchema),
    /// The last attempt failed; the message says why.
    Failed(String),
}

/// Ways to load a schema.
#[derive(Debug, Clone)]
pub enum LoadFrom {
    /// Server reflection, through the bridge.
    Reflection,
    /// Files picked or dropped: .proto files, or one protoset.
    Files(FileList),
}

/// The schema of `target`, and a callback that loads one for it.
#[hook]
pub fn use_schema(target: &str) -> (SchemaState, Callback<LoadFrom>) {
    let app = use_app();
    let engine = use_context::<Engine>().expect("use_schema needs the Engine provider");
    let state = use_state(|| SchemaState::Missing);
    {
        let state = state.clone();
        use_effect_with(target.to_owned(), move |target| {
            state.set(match schemas::get(target) {
                Some(saved) => SchemaState::Ready(saved),
                None => SchemaState::Missing,
            });
        });
    }
    let load = {
        let (state, target) = (state.clone(), target.to_owned());
        Callback::from(move |from: LoadFrom| {
            let (state, engine, target) = (state.clone(), engine.clone(), target.clone());
            let settings = app.settings.clone();
            state.set(SchemaState::Loading(match &from {
                LoadFrom::Reflection => "by reflection, through the bridge".to_owned(),
                LoadFrom::Files(_) => "from the files".to_owned(),
            }));
            spawn_local(async move {
                let loaded = async {
                    let (origin, source) = match from {
                        LoadFrom::Reflection => {
                            let reflected = bridge::reflect(
                                &settings.bridge_url,
                                &settings.bridge_token,
                                &target,
                            )
                            .await
                            .map_err(|error| error.to_string())?;
                            let source = Source::DescriptorSet(reflected.file_descriptor_set);
                            (Origin::Reflection, source)
                        }
                        LoadFrom::Files(files) => read_files(&files).await?,
                    };
                    let loaded = engine.load(&target, source).await?;
                    let services = serde_json::from_str(&loaded.services)
                        .map_err(|error| format!("the schema worker's services: {error}"))?;
                    let saved = SavedSchema {
                        origin,
                        services,
                        descriptor_set: loaded.descriptor_set,
                    };
                    schemas::save(&target, saved.clone());
                    Ok::<_, String>(saved)
                };
                state.set(match loaded.await {
                    Ok(saved) => SchemaState::Ready(saved),
                    Err(error) => SchemaState::Failed(error),
                });
            });
        })
    };
    ((*state).clone(), load)
}

/// The schema in picked or dropped files: .proto files (which may import
/// each other), or else one protoset.
async fn read_files(files: &FileList) -> Result<(Origin, Source), String> {
    let files: Vec<File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    if files.is_empty() {
        return Err("no file was given".to_owned());
    }
    let (protos, others): (Vec<&File>, Vec<&File>) = files
        .iter()
        .partition(|file| file.name().ends_with(".proto"));
    if protos.is_empty() {
        let [protoset] = others.as_slice() else {
            return Err("give .proto files, or one protoset (a FileDescriptorSet)".to_owned());
        };
        let buffer = JsFuture::from(protoset.array_buffer())
            .await
            .map_err(|_| format!("{} could not be read", protoset.name()))?;
        let bytes = Uint8Array::new(&buffer).to_vec();
        let source = Source::DescriptorSet(STANDARD.encode(bytes));
        return Ok((Origin::Protoset(protoset.name()), source));
    }
    if let Some(other) = others.first() {
        return Err(format!(
            "{} is not a .proto file; give .proto files, or one protoset on its own",
            other.name()
        ));
    }
    let mut read = Vec::new();
    for file in protos {
        let text = JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|text| text.as_string())
            .ok_or_else(|| format!("{} could not be read as text", file.name()))?;
        read.push(ProtoFile {
            name: file.name(),
            source: text,
        });
    }
    let names = read.iter().map(|file| file.name.clone()).collect();
    Ok((Origin::Protos(names), Source::Protos(read)))
}
