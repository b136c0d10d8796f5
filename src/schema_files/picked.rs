//! Files picked or dropped on the gRPC console: .proto files, which may
//! import each other by name, or one protoset.

use base64::{Engine as _, engine::general_purpose::STANDARD};
use js_sys::Uint8Array;
use switchboard_wire::schema::ProtoFile;
use switchboard_worker::protocol::Source;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FileList};

use crate::schemas::Origin;

/// The schema in picked or dropped files: .proto files (which may import
/// each other), or else one protoset.
pub async fn read(files: &FileList) -> Result<(Origin, Source), String> {
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
