//! Generates the Greeter server (and, for the tests, a native client) from the
//! same `protos/helloworld.proto` the page's client comes from.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let descriptors = protox::compile(["helloworld.proto"], ["../../protos"])?;
    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        .compile_fds(descriptors)?;
    println!("cargo:rerun-if-changed=../../protos");
    Ok(())
}
