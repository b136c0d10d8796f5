//! FileDescriptorSets from reflection or protoset files.

use std::collections::HashSet;

use prost::Message;
use prost_reflect::DescriptorPool;
use protox::file::{FileResolver, GoogleFileResolver};
use switchboard_wire::schema::SchemaError;

/// Decodes a set, first adding the well-known types its files import but it
/// lacks: `protoc -o` without `--include_imports` leaves them out, and a
/// person should not have to know that.
pub fn decode(bytes: &[u8]) -> Result<DescriptorPool, SchemaError> {
    let invalid = |err: &dyn std::fmt::Display| SchemaError::InvalidDescriptorSet {
        message: err.to_string(),
    };
    let set = prost_types::FileDescriptorSet::decode(bytes).map_err(|err| invalid(&err))?;
    let mut pool = DescriptorPool::new();
    pool.add_file_descriptor_protos(missing_well_known(&set))
        .map_err(|err| invalid(&err))?;
    // Decoding the bytes again, rather than adding `set`, keeps the files'
    // custom options, which prost-types drops.
    pool.decode_file_descriptor_set(bytes)
        .map_err(|err| invalid(&err))?;
    Ok(pool)
}

/// The `google/protobuf/*.proto` files imported, directly or through one
/// another, but absent from the set.
fn missing_well_known(
    set: &prost_types::FileDescriptorSet,
) -> Vec<prost_types::FileDescriptorProto> {
    let google = GoogleFileResolver::new();
    let mut known: HashSet<String> = set.file.iter().map(|file| file.name().to_owned()).collect();
    let mut wanted: Vec<String> = set
        .file
        .iter()
        .flat_map(|file| file.dependency.iter().cloned())
        .collect();
    let mut found = Vec::new();
    while let Some(name) = wanted.pop() {
        if known.contains(&name) {
            continue;
        }
        let Ok(file) = google.open_file(&name) else {
            continue;
        };
        known.insert(name);
        let proto = file.file_descriptor_proto().clone();
        wanted.extend(proto.dependency.iter().cloned());
        found.push(proto);
    }
    found
}
