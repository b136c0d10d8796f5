//! The private certificate authorities the bridge trusts for its `https`
//! upstreams (`UPSTREAM_CA_FILE`), beside the system's roots: a company's
//! internal servers often carry certificates of its own CA, which no system
//! trusts. The file is read and checked once, at startup, so that a wrong
//! path or a file of something else stops the bridge instead of failing
//! every call later.

use std::{
    fmt,
    path::{Path, PathBuf},
    str::FromStr,
    sync::Arc,
};

use rustls::{
    RootCertStore,
    pki_types::{CertificateDer, pem::PemObject},
};

/// The CA certificates of one PEM file; cheap to clone.
#[derive(Clone)]
pub struct UpstreamCa(Arc<Inner>);

struct Inner {
    path: PathBuf,
    /// The file as read, for tonic, which takes PEM.
    pem: Vec<u8>,
    /// Each certificate in it, for reqwest, which takes them one by one.
    certificates: Vec<CertificateDer<'static>>,
}

impl UpstreamCa {
    /// Reads `path`: it must hold at least one PEM certificate, and each must
    /// be one a TLS client can trust; anything else in it is passed over.
    pub fn read(path: &Path) -> Result<Self, String> {
        let name = path.display();
        let pem = std::fs::read(path).map_err(|error| format!("cannot read {name}: {error}"))?;
        let certificates = CertificateDer::pem_slice_iter(&pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| format!("{name} is not a readable PEM file: {error:?}"))?;
        if certificates.is_empty() {
            return Err(format!(
                "{name} holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
            ));
        }
        let mut roots = RootCertStore::empty();
        for (index, certificate) in certificates.iter().enumerate() {
            roots.add(certificate.clone()).map_err(|error| {
                format!(
                    "certificate {} of {name} cannot be trusted: {error}",
                    index + 1
                )
            })?;
        }
        Ok(Self(Arc::new(Inner {
            path: path.to_owned(),
            pem,
            certificates,
        })))
    }

    pub fn path(&self) -> &Path {
        &self.0.path
    }

    /// The whole file, PEM-encoded.
    pub fn pem(&self) -> &[u8] {
        &self.0.pem
    }

    /// Each certificate, DER-encoded.
    pub fn certificates(&self) -> &[CertificateDer<'static>] {
        &self.0.certificates
    }
}

/// `client`, trusting `ca`'s certificates too, when there is a file.
pub fn trusting(
    mut client: reqwest::ClientBuilder,
    ca: Option<&UpstreamCa>,
) -> reqwest::ClientBuilder {
    for certificate in ca.map(UpstreamCa::certificates).unwrap_or_default() {
        let certificate = reqwest::Certificate::from_der(certificate)
            .expect("UpstreamCa checked each certificate");
        client = client.add_root_certificate(certificate);
    }
    client
}

/// A setting names the file.
impl FromStr for UpstreamCa {
    type Err = String;

    fn from_str(path: &str) -> Result<Self, Self::Err> {
        Self::read(Path::new(path))
    }
}

impl fmt::Debug for UpstreamCa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} certificates)",
            self.0.path.display(),
            self.0.certificates.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(contents: Option<&[u8]>) -> String {
        let dir = std::env::temp_dir().join(format!("upstream-ca-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("ca.pem");
        if let Some(contents) = contents {
            std::fs::write(&path, contents).unwrap();
        }
        let error = UpstreamCa::read(&path).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(error.contains(&path.display().to_string()), "{error}");
        error
    }

    #[test]
    fn a_file_without_a_trustable_certificate_is_refused() {
        assert!(refusal(None).contains("cannot read"));
        assert!(refusal(Some(b"not a certificate")).contains("holds no PEM certificate"));
        let key_only = b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert!(refusal(Some(key_only)).contains("holds no PEM certificate"));
        let garbage = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert!(refusal(Some(garbage)).contains("certificate 1 of"));
    }
}
