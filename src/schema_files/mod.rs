//! Schemas from the person's own files, for the gRPC console: .proto files
//! or a protoset picked or dropped, or a whole folder of .proto files, whose
//! files are named by the paths their imports use.

pub mod folder;
pub mod picked;
pub mod roots;
