//! Generates the Greeter server (and, for the tests, a native client) from the
//! same `protos/helloworld.proto` the page's client comes from, and keeps the
//! compiled descriptors for the server reflection service.

use prost::Message;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let descriptors = protox::compile(["helloworld.proto"], ["../../protos"])?;
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(
        out_dir.join("helloworld_descriptors.bin"),
        descriptors.encode_to_vec(),
    )?;
    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        .compile_fds(descriptors)?;
    println!("cargo:rerun-if-changed=../../protos");
    Ok(())
}
