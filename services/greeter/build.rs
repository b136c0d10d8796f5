//! Generates the Greeter and Echo servers (and, for the tests, native clients)
//! from the same `protos/` the page's client comes from, and keeps the
//! compiled descriptors for the server reflection service: both files, the
//! google/protobuf files they import, and their comments.

use prost::Message;

/// The files compiled, relative to `PROTOS`.
const FILES: [&str; 2] = ["helloworld.proto", "echo.proto"];
const PROTOS: &str = "../../protos";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // protox brings the google/protobuf files itself, and keeps source info.
    let descriptors = protox::compile(FILES, [PROTOS])?;
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out_dir.join("descriptors.bin"), descriptors.encode_to_vec())?;
    // The google.protobuf types are prost-types', the default extern path.
    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        .compile_fds(descriptors)?;
    println!("cargo:rerun-if-changed={PROTOS}");
    Ok(())
}
