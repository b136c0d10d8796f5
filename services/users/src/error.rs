//! Every way a request to the users service can fail, each a precise status
//! with a JSON body.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use switchboard_wire::{
    ErrorBody,
    users::{FieldError, ValidationErrors},
};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsersError {
    #[error("user id must be a non-negative integer, got {0:?}")]
    InvalidId(String),
    #[error("no user with id {0}")]
    NotFound(u64),
    #[error("{0}")]
    InvalidQuery(String),
    #[error("the body is not JSON: {0}")]
    InvalidJson(String),
    #[error("the body must be application/json, got {0:?}")]
    UnsupportedMediaType(String),
    #[error("{} field(s) did not validate", .0.len())]
    Invalid(Vec<FieldError>),
    #[error("user {owner} already has the email {email:?}")]
    EmailTaken { email: String, owner: u64 },
    #[error("no such route: the service answers /users, /users/{{id}}, /openapi.json and /healthz")]
    NoRoute,
    #[error("this route does not take that method")]
    MethodNotAllowed,
}

impl UsersError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::InvalidId(_) => (StatusCode::BAD_REQUEST, "invalid_id"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::InvalidQuery(_) => (StatusCode::BAD_REQUEST, "invalid_query"),
            Self::InvalidJson(_) => (StatusCode::BAD_REQUEST, "invalid_json"),
            Self::UnsupportedMediaType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            Self::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            Self::EmailTaken { .. } => (StatusCode::CONFLICT, "email_taken"),
            Self::NoRoute => (StatusCode::NOT_FOUND, "no_route"),
            Self::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        }
    }
}

impl IntoResponse for UsersError {
    fn into_response(self) -> Response {
        let (status, error) = self.status_and_code();
        let message = self.to_string();
        match self {
            Self::Invalid(fields) => {
                let body = ValidationErrors {
                    error: error.into(),
                    message,
                    fields,
                };
                (status, Json(body)).into_response()
            }
            _ => {
                let body = ErrorBody {
                    error: error.into(),
                    message,
                };
                (status, Json(body)).into_response()
            }
        }
    }
}
