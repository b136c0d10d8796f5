//! A private certificate authority for tests of TLS upstreams: a CA that no
//! system trusts, a server certificate it signed for `127.0.0.1` and
//! `localhost`, and the CA's certificate in a PEM file, as the bridge's
//! `UPSTREAM_CA_FILE` takes it.

use std::{io::Write, path::Path};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use tempfile::NamedTempFile;

/// A CA and one server certificate it signed, freshly generated.
#[derive(Debug)]
pub struct PrivateCa {
    /// The CA's certificate, PEM-encoded.
    pub ca_pem: String,
    /// The server's certificate, PEM-encoded.
    pub server_cert_pem: String,
    /// The server's private key, PEM-encoded (PKCS #8).
    pub server_key_pem: String,
    ca_file: NamedTempFile,
}

impl PrivateCa {
    /// Also makes ring the process's TLS crypto provider, so that servers
    /// built with rustls's defaults can start in a test binary that links
    /// both of rustls's providers.
    pub fn new() -> Self {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let ca_key = KeyPair::generate().expect("a CA key");
        let mut ca = CertificateParams::default();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "Switchboard test CA");
        let ca_cert = ca.self_signed(&ca_key).expect("a self-signed CA");
        let issuer = Issuer::new(ca, ca_key);
        let server_key = KeyPair::generate().expect("a server key");
        let server = CertificateParams::new(["127.0.0.1".to_owned(), "localhost".to_owned()])
            .expect("names for a certificate");
        let server_cert = server
            .signed_by(&server_key, &issuer)
            .expect("a server certificate");
        let mut ca_file = NamedTempFile::with_suffix(".pem").expect("a temporary file");
        ca_file
            .write_all(ca_cert.pem().as_bytes())
            .expect("the CA file written");
        Self {
            ca_pem: ca_cert.pem(),
            server_cert_pem: server_cert.pem(),
            server_key_pem: server_key.serialize_pem(),
            ca_file,
        }
    }

    /// The CA's certificate in a file, removed when `self` is dropped.
    pub fn ca_file(&self) -> &Path {
        self.ca_file.path()
    }
}

impl Default for PrivateCa {
    fn default() -> Self {
        Self::new()
    }
}
