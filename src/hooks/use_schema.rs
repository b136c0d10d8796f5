//! The gRPC console's schema for its target: the saved one, or one loaded by
//! reflection (through the bridge), from .proto files, a folder of them, or
//! a protoset. A loaded schema is saved for the target and survives a reload.

use switchboard_worker::protocol::Source;
use web_sys::{FileList, FileSystemEntry};
use yew::{platform::spawn_local, prelude::*};

use super::use_app::use_app;
use crate::{
    api::{
        bridge,
        engine::{Engine, Loaded},
    },
    schema_files::{folder, picked, roots},
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
    /// A folder of .proto files picked with `<input webkitdirectory>`.
    Folder(FileList),
    /// Entries of a drop that holds a folder.
    Dropped(Vec<FileSystemEntry>),
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
                LoadFrom::Folder(_) | LoadFrom::Dropped(_) => "from the folder".to_owned(),
            }));
            spawn_local(async move {
                let loaded = async {
                    let (origin, loaded) = match from {
                        LoadFrom::Reflection => {
                            let reflected = bridge::reflect(
                                &settings.bridge_url,
                                &settings.bridge_token,
                                &target,
                            )
                            .await
                            .map_err(|error| error.to_string())?;
                            let source = Source::DescriptorSet(reflected.file_descriptor_set);
                            (Origin::Reflection, engine.load(&target, source).await?)
                        }
                        LoadFrom::Files(files) => {
                            let (origin, source) = picked::read(&files).await?;
                            (origin, engine.load(&target, source).await?)
                        }
                        LoadFrom::Folder(files) => {
                            load_folder(&engine, &target, folder::picked(&files)).await?
                        }
                        LoadFrom::Dropped(entries) => {
                            load_folder(&engine, &target, folder::walk(entries).await?).await?
                        }
                    };
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

/// Loads a folder's .proto files under the paths their imports use. A
/// compile error names the file by its path in the folder.
async fn load_folder(
    engine: &Engine,
    target: &str,
    picked: folder::Folder,
) -> Result<(Origin, Loaded), String> {
    let read = folder::read(picked).await?;
    let rooted = roots::root(read.protos);
    let origin = Origin::Folder {
        name: read.name,
        roots: rooted.roots.clone(),
        files: rooted.files.iter().map(|file| file.name.clone()).collect(),
        skipped: read.skipped,
    };
    let loaded = engine
        .load(target, Source::Protos(rooted.files.clone()))
        .await
        .map_err(|error| rooted.in_folder(&error))?;
    Ok((origin, loaded))
}
