//! Reading a folder the browser gives: picked with `<input webkitdirectory>`
//! (a flat list whose files know their path), or dropped (entries to walk).

use js_sys::{Array, Promise};
use wasm_bindgen::{JsCast, prelude::wasm_bindgen};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, File, FileList, FileSystemDirectoryEntry, FileSystemDirectoryReader,
    FileSystemEntry, FileSystemFileEntry,
};

use super::roots::FolderFile;

#[wasm_bindgen]
extern "C" {
    /// A file picked with its folder, whose path web-sys does not bind.
    #[wasm_bindgen(extends = File)]
    type PickedFile;

    /// `File.webkitRelativePath`: the path from the picked folder, that
    /// folder's name first.
    #[wasm_bindgen(method, getter, js_name = webkitRelativePath)]
    fn webkit_relative_path(this: &PickedFile) -> String;
}

/// A folder's files, before they are read.
#[derive(Debug)]
pub struct Folder {
    /// The folder's name, as the person knows it.
    pub name: String,
    /// Each file with its path in the folder.
    pub files: Vec<(String, File)>,
}

/// The .proto files of a folder, read.
#[derive(Debug)]
pub struct ReadFolder {
    pub name: String,
    pub protos: Vec<FolderFile>,
    /// How many files were not .proto files.
    pub skipped: usize,
}

/// The folder picked with `<input webkitdirectory>`.
pub fn picked(list: &FileList) -> Folder {
    let mut name = String::new();
    let files = (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|file| {
            let relative = file.unchecked_ref::<PickedFile>().webkit_relative_path();
            let (top, path) = relative.split_once('/').unwrap_or(("", &relative));
            name = top.to_owned();
            (path.to_owned(), file)
        })
        .collect();
    Folder { name, files }
}

/// The entries of a drop, if it holds a folder. They must be taken while the
/// drop event runs; the browser empties the list after it.
pub fn dropped_folder(data: &DataTransfer) -> Option<Vec<FileSystemEntry>> {
    let items = data.items();
    let entries: Vec<FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i)?.webkit_get_as_entry().ok().flatten())
        .collect();
    entries
        .iter()
        .any(FileSystemEntry::is_directory)
        .then_some(entries)
}

/// Walks dropped entries. One folder dropped alone is the folder; paths are
/// relative to it. Otherwise paths start with each dropped item's name.
pub async fn walk(entries: Vec<FileSystemEntry>) -> Result<Folder, String> {
    let single = match entries.as_slice() {
        [only] if only.is_directory() => Some(only.name()),
        _ => None,
    };
    let mut files = Vec::new();
    let mut pending = entries;
    while let Some(entry) = pending.pop() {
        if let Some(directory) = entry.dyn_ref::<FileSystemDirectoryEntry>() {
            pending.extend(children(&directory.create_reader()).await?);
        } else if let Some(file) = entry.dyn_ref::<FileSystemFileEntry>() {
            let full = entry.full_path();
            let mut path = full.trim_start_matches('/');
            if let Some(top) = &single {
                path = path.strip_prefix(top.as_str()).unwrap_or(path);
            }
            let path = path.trim_start_matches('/');
            files.push((path.to_owned(), file_of(file).await?));
        }
    }
    let name = single.unwrap_or_else(|| "dropped files".to_owned());
    Ok(Folder { name, files })
}

/// Reads a folder's .proto files as text, counting the others.
pub async fn read(mut folder: Folder) -> Result<ReadFolder, String> {
    let total = folder.files.len();
    folder.files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut protos = Vec::new();
    for (path, file) in folder.files {
        if !path.ends_with(".proto") {
            continue;
        }
        let source = JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|text| text.as_string())
            .ok_or_else(|| format!("{path} could not be read as text"))?;
        protos.push(FolderFile { path, source });
    }
    if protos.is_empty() {
        return Err(format!("the folder {} holds no .proto file", folder.name));
    }
    Ok(ReadFolder {
        name: folder.name,
        skipped: total - protos.len(),
        protos,
    })
}

/// Every entry of a directory: `readEntries` answers in batches until an
/// empty one.
async fn children(reader: &FileSystemDirectoryReader) -> Result<Vec<FileSystemEntry>, String> {
    let mut all = Vec::new();
    loop {
        let batch = called(|resolve, reject| {
            // An exception here rejects the promise through `reject`.
            let _ = reader.read_entries_with_callback_and_callback(resolve, reject);
        })
        .await
        .map_err(|_| "a dropped folder could not be read".to_owned())?;
        let batch: Array = batch.unchecked_into();
        if batch.length() == 0 {
            return Ok(all);
        }
        all.extend(batch.iter().map(JsCast::unchecked_into));
    }
}

/// The file of a dropped file entry.
async fn file_of(entry: &FileSystemFileEntry) -> Result<File, String> {
    called(|resolve, reject| entry.file_with_callback_and_callback(resolve, reject))
        .await
        .map(JsCast::unchecked_into)
        .map_err(|_| format!("{} could not be read", entry.full_path()))
}

/// Waits for a callback-style browser API that answers once.
async fn called(
    start: impl FnOnce(&js_sys::Function, &js_sys::Function),
) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
    let mut start = Some(start);
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(start) = start.take() {
            start(&resolve, &reject);
        }
    });
    JsFuture::from(promise).await
}
