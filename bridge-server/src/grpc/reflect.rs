//! A server's schema through server reflection: list its services, ask for
//! the file that defines each, then for every file those import, until the
//! set is complete. v1 first; v1alpha when v1 is `UNIMPLEMENTED`, because
//! older servers only have that.
//!
//! The files are kept as the server serialised them and put into the
//! `FileDescriptorSet` as they are: decoding and encoding them again would
//! drop custom options, which prost keeps as unknown fields.

use std::{
    collections::{HashMap, HashSet},
    error::Error,
    time::Duration,
};

use prost::Message;
use switchboard_wire::grpc::ReflectionVersion;
use tonic::{Code, Status};

use super::{
    GrpcError, GrpcTarget,
    conversation::{Answer, Question, Stream},
    error::{causes, find},
    upstream::{GrpcOnly, NotGrpc},
};

/// The reflection services themselves, which are no part of a schema.
const REFLECTION_SERVICES: &[&str] = &[
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
];

/// What a server described.
#[derive(Debug, Clone)]
pub struct Schema {
    pub version: ReflectionVersion,
    pub services: Vec<String>,
    /// Serialised `FileDescriptorProto`s, each after the files it imports.
    pub files: Vec<Vec<u8>>,
}

impl Schema {
    /// The files as a serialised `google.protobuf.FileDescriptorSet`
    /// (field 1, `repeated FileDescriptorProto file`).
    pub fn file_descriptor_set(&self) -> Vec<u8> {
        let mut set = Vec::new();
        for file in &self.files {
            prost::encoding::bytes::encode(1, file, &mut set);
        }
        set
    }
}

/// Describes `target`'s services (`only` these, when not empty), within `timeout`.
pub async fn reflect(
    target: &GrpcTarget,
    timeout: Duration,
    only: &[String],
) -> Result<Schema, GrpcError> {
    tokio::time::timeout(timeout, reflect_now(target, timeout, only))
        .await
        .map_err(|_| GrpcError::Timeout {
            target: target.clone(),
            millis: timeout.as_millis(),
        })?
}

async fn reflect_now(
    target: &GrpcTarget,
    timeout: Duration,
    only: &[String],
) -> Result<Schema, GrpcError> {
    let channel = target
        .endpoint(timeout)?
        .connect()
        .await
        .map_err(|error| GrpcError::unreachable(target, &error))?;
    let channel = GrpcOnly(channel);
    for version in [ReflectionVersion::V1, ReflectionVersion::V1alpha] {
        match Stream::open(version, channel.clone(), Question::ListServices).await {
            Ok((stream, listing)) => {
                return Reflection::new(target, version, stream)
                    .describe(listing, only)
                    .await;
            }
            Err(status)
                if status.code() == Code::Unimplemented && Error::source(&status).is_none() =>
            {
                tracing::debug!(%target, ?version, "reflection version not served");
            }
            Err(status) => return Err(failed(target, status)),
        }
    }
    Err(GrpcError::ReflectionUnavailable)
}

/// One reflection conversation and the files it has gathered.
struct Reflection<'a> {
    target: &'a GrpcTarget,
    version: ReflectionVersion,
    stream: Stream,
    /// Files by name, as the server serialised them.
    files: HashMap<String, Vec<u8>>,
    /// Each file's imports.
    imports: HashMap<String, Vec<String>>,
}

impl<'a> Reflection<'a> {
    fn new(target: &'a GrpcTarget, version: ReflectionVersion, stream: Stream) -> Self {
        Self {
            target,
            version,
            stream,
            files: HashMap::new(),
            imports: HashMap::new(),
        }
    }

    async fn describe(mut self, listing: Answer, only: &[String]) -> Result<Schema, GrpcError> {
        let Answer::Services(listed) = listing else {
            return Err(self.unusable(&Question::ListServices, &listing));
        };
        let listed: Vec<String> = listed
            .into_iter()
            .filter(|service| !REFLECTION_SERVICES.contains(&service.as_str()))
            .collect();
        let services = match only {
            [] => listed,
            only => {
                if let Some(service) = only.iter().find(|service| !listed.contains(service)) {
                    return Err(GrpcError::UnknownService {
                        target: self.target.clone(),
                        service: service.clone(),
                        listed,
                    });
                }
                only.to_vec()
            }
        };
        for service in &services {
            self.fetch(Question::FileContainingSymbol(service.clone()))
                .await?;
        }
        while let Some(missing) = self.missing_import() {
            self.fetch(Question::FileByFilename(missing)).await?;
        }
        Ok(Schema {
            version: self.version,
            services,
            files: self.in_import_order(),
        })
    }

    /// Asks `question` and keeps the files in the answer.
    async fn fetch(&mut self, question: Question) -> Result<(), GrpcError> {
        let answer = self
            .stream
            .ask(question.clone())
            .await
            .map_err(|status| failed(self.target, status))?;
        let files = match answer {
            Answer::Files(files) if !files.is_empty() => files,
            other => return Err(self.unusable(&question, &other)),
        };
        for file in files {
            let descriptor = prost_types::FileDescriptorProto::decode(file.as_slice())
                .map_err(|error| self.failed(format!("a file descriptor is not valid: {error}")))?;
            let name = descriptor.name().to_owned();
            self.imports.insert(name.clone(), descriptor.dependency);
            self.files.entry(name).or_insert(file);
        }
        if let Question::FileByFilename(name) = &question
            && !self.files.contains_key(name)
        {
            return Err(self.failed(format!("asked for {name:?}, it sent other files")));
        }
        Ok(())
    }

    /// An imported file not fetched yet.
    fn missing_import(&self) -> Option<String> {
        self.imports
            .values()
            .flatten()
            .find(|name| !self.files.contains_key(*name))
            .cloned()
    }

    /// The files, each after those it imports, so that a reader that adds
    /// them one by one always finds the imports already there.
    fn in_import_order(&mut self) -> Vec<Vec<u8>> {
        let mut names: Vec<&String> = self.files.keys().collect();
        names.sort();
        let mut ordered = Vec::new();
        let mut placed = HashSet::new();
        for name in names {
            self.place(name, &mut placed, &mut ordered);
        }
        ordered
            .into_iter()
            .filter_map(|name| self.files.get(&name).cloned())
            .collect()
    }

    fn place(&self, name: &str, placed: &mut HashSet<String>, ordered: &mut Vec<String>) {
        // Marked before its imports, so an import cycle cannot recurse forever.
        if !placed.insert(name.to_owned()) {
            return;
        }
        for import in self.imports.get(name).into_iter().flatten() {
            self.place(import, placed, ordered);
        }
        ordered.push(name.to_owned());
    }

    fn unusable(&self, question: &Question, answer: &Answer) -> GrpcError {
        let detail = match answer {
            Answer::Error { code, message } => {
                format!(
                    "{question:?} was answered {:?}: {message}",
                    Code::from(*code)
                )
            }
            Answer::Files(files) if files.is_empty() => {
                format!("{question:?} was answered with no file")
            }
            other => format!("{question:?} was answered with {other:?}"),
        };
        self.failed(detail)
    }

    fn failed(&self, detail: String) -> GrpcError {
        GrpcError::ReflectionFailed {
            target: self.target.clone(),
            detail,
        }
    }
}

/// What a failed reflection call means: an answer that was not gRPC, a
/// connection that failed, or a gRPC status from the server.
fn failed(target: &GrpcTarget, status: Status) -> GrpcError {
    let Some(source) = Error::source(&status) else {
        return GrpcError::ReflectionFailed {
            target: target.clone(),
            detail: format!("{:?}: {}", status.code(), status.message()),
        };
    };
    if let Some(not_grpc) = find::<NotGrpc>(source) {
        return GrpcError::NotGrpcServer {
            target: target.clone(),
            detail: not_grpc.to_string(),
        };
    }
    if find::<std::io::Error>(source).is_some() {
        return GrpcError::unreachable(target, source);
    }
    // The connection stands, but the server does not speak HTTP/2 (an HTTP/1
    // server answers the HTTP/2 preface with an HTTP/1 error page).
    GrpcError::NotGrpcServer {
        target: target.clone(),
        detail: format!("it does not speak gRPC over HTTP/2 ({})", causes(source)),
    }
}
