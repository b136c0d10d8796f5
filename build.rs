//! Compiles `protos/helloworld.proto` into a FileDescriptorSet that the page
//! hands to its schema worker, which then calls the Greeter like any other
//! service. protox parses the proto in pure Rust, so no `protoc` is needed,
//! and the page itself carries no generated gRPC code.

use prost::Message;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let descriptors = protox::compile(["helloworld.proto"], ["protos"])?;
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out_dir.join("helloworld.pb"), descriptors.encode_to_vec())?;
    println!("cargo:rerun-if-changed=protos");
    Ok(())
}
