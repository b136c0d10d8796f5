//! Compiles `protos/helloworld.proto` for the worker's codec benchmark job
//! (`src/bench.rs`): prost's generated `HelloRequest` and `HelloReply`, the
//! compiled code the dynamic path is timed against, and the same file as a
//! FileDescriptorSet for the dynamic path. protox parses the proto in pure
//! Rust, so no `protoc` is needed. Only the benchmark job uses either.

use prost::Message;

const PROTOS: &str = "../protos";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let descriptors = protox::compile(["helloworld.proto"], [PROTOS])?;
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out_dir.join("helloworld.pb"), descriptors.encode_to_vec())?;
    prost_build::Config::new().compile_fds(descriptors)?;
    println!("cargo:rerun-if-changed={PROTOS}/helloworld.proto");
    Ok(())
}
