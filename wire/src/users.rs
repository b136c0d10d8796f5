//! The users service's JSON: a user, a page of them, the fields of a new or
//! updated one, and the answer when those fields do not validate.

use serde::{Deserialize, Serialize};

/// A user, as `GET /users/{id}` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: u64,
    pub name: String,
    pub email: String,
}

/// What `POST /users` creates and `PUT /users/{id}` replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserFields {
    /// 1 to 100 characters, not only spaces.
    #[cfg_attr(feature = "openapi", schema(example = "Margaret Hamilton"))]
    pub name: String,
    /// An address with one `@` and a dot in its domain; unique among users.
    #[cfg_attr(feature = "openapi", schema(example = "margaret@example.com"))]
    pub email: String,
}

/// One page of `GET /users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserPage {
    pub items: Vec<User>,
    /// The page shown, from 1.
    pub page: u32,
    pub per_page: u32,
    /// How many users match the filter, over all pages.
    pub total: u64,
}

/// The answer to fields that do not validate (422): one entry per field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidationErrors {
    /// Always `validation_failed`.
    pub error: String,
    pub message: String,
    pub fields: Vec<FieldError>,
}

/// Why one field was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's path in the body, such as `email`.
    pub field: String,
    pub message: String,
}
