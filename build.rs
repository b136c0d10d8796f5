//! Generates the gRPC-web *client* for the page from `protos/helloworld.proto`.
//! protox parses the proto in pure Rust, so no `protoc` is needed; the client
//! has no transport because tonic-web-wasm-client supplies one in the browser.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let descriptors = protox::compile(["helloworld.proto"], ["protos"])?;
    tonic_prost_build::configure()
        .build_server(false)
        .build_client(true)
        .build_transport(false)
        .compile_fds(descriptors)?;
    println!("cargo:rerun-if-changed=protos");
    Ok(())
}
