//! One server-reflection stream, in either version of the protocol. v1 and
//! v1alpha are the same messages in two packages, so one macro writes both
//! and the bridge asks its questions the same way of each.

use switchboard_wire::grpc::ReflectionVersion;
use tonic::Status;

use super::upstream::GrpcOnly;

/// What the bridge asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    ListServices,
    FileContainingSymbol(String),
    FileByFilename(String),
}

/// What a server answers.
#[derive(Debug)]
pub enum Answer {
    Services(Vec<String>),
    /// Serialised `FileDescriptorProto`s.
    Files(Vec<Vec<u8>>),
    /// The server could not answer this question (for example `NOT_FOUND`).
    Error {
        code: i32,
        message: String,
    },
    /// An answer to a question the bridge never asks.
    Unexpected,
}

macro_rules! version {
    ($version:ident) => {
        pub mod $version {
            use futures::channel::mpsc;
            use tonic::{Status, Streaming};
            use tonic_reflection::pb::$version::{
                ServerReflectionRequest, ServerReflectionResponse,
                server_reflection_client::ServerReflectionClient,
                server_reflection_request::MessageRequest,
                server_reflection_response::MessageResponse,
            };

            use super::{Answer, GrpcOnly, Question};

            /// The open stream: questions go out on `questions`, answers
            /// come back in order on `answers`.
            #[derive(Debug)]
            pub struct Stream {
                questions: mpsc::UnboundedSender<ServerReflectionRequest>,
                answers: Streaming<ServerReflectionResponse>,
            }

            impl Stream {
                /// Opens the stream with `first` already sent (some servers
                /// answer the call only once a message arrives) and reads its
                /// answer.
                pub async fn open(
                    channel: GrpcOnly,
                    first: Question,
                ) -> Result<(Self, Answer), Status> {
                    let (questions, outgoing) = mpsc::unbounded();
                    let mut stream = Self {
                        answers: ServerReflectionClient::new(channel)
                            .server_reflection_info(outgoing)
                            .await?
                            .into_inner(),
                        questions,
                    };
                    let answer = stream.ask(first).await?;
                    Ok((stream, answer))
                }

                pub async fn ask(&mut self, question: Question) -> Result<Answer, Status> {
                    self.questions
                        .unbounded_send(request(question))
                        .map_err(|_| Status::unknown("the reflection stream closed early"))?;
                    match self.answers.message().await? {
                        Some(response) => Ok(answer(response)),
                        None => Err(Status::unknown(
                            "the reflection stream ended without an answer",
                        )),
                    }
                }
            }

            fn request(question: Question) -> ServerReflectionRequest {
                let message = match question {
                    Question::ListServices => MessageRequest::ListServices(String::new()),
                    Question::FileContainingSymbol(symbol) => {
                        MessageRequest::FileContainingSymbol(symbol)
                    }
                    Question::FileByFilename(name) => MessageRequest::FileByFilename(name),
                };
                ServerReflectionRequest {
                    host: String::new(),
                    message_request: Some(message),
                }
            }

            fn answer(response: ServerReflectionResponse) -> Answer {
                match response.message_response {
                    Some(MessageResponse::ListServicesResponse(list)) => Answer::Services(
                        list.service
                            .into_iter()
                            .map(|service| service.name)
                            .collect(),
                    ),
                    Some(MessageResponse::FileDescriptorResponse(files)) => {
                        Answer::Files(files.file_descriptor_proto)
                    }
                    Some(MessageResponse::ErrorResponse(error)) => Answer::Error {
                        code: error.error_code,
                        message: error.error_message,
                    },
                    _ => Answer::Unexpected,
                }
            }
        }
    };
}

version!(v1);
version!(v1alpha);

/// A reflection stream of either version.
#[derive(Debug)]
pub enum Stream {
    V1(v1::Stream),
    V1alpha(v1alpha::Stream),
}

impl Stream {
    /// Opens a stream of `version` and asks `first`.
    pub async fn open(
        version: ReflectionVersion,
        channel: GrpcOnly,
        first: Question,
    ) -> Result<(Self, Answer), Status> {
        Ok(match version {
            ReflectionVersion::V1 => {
                let (stream, answer) = v1::Stream::open(channel, first).await?;
                (Self::V1(stream), answer)
            }
            ReflectionVersion::V1alpha => {
                let (stream, answer) = v1alpha::Stream::open(channel, first).await?;
                (Self::V1alpha(stream), answer)
            }
        })
    }

    pub async fn ask(&mut self, question: Question) -> Result<Answer, Status> {
        match self {
            Self::V1(stream) => stream.ask(question).await,
            Self::V1alpha(stream) => stream.ask(question).await,
        }
    }
}
