//! The handlers, each with its OpenAPI description beside it, so the
//! document is generated from the code it describes.

use std::sync::{Arc, RwLock};

use axum::{
    Json,
    body::Bytes,
    extract::{Path, Query, State, rejection::QueryRejection},
    http::{HeaderMap, StatusCode, header},
    response::IntoResponse,
};
use serde::Deserialize;
use switchboard_wire::{
    ErrorBody,
    users::{User, UserPage, ValidationErrors},
};

use crate::{
    error::UsersError,
    fields,
    store::{Conflict, Store},
};

pub type Shared = Arc<RwLock<Store>>;

const PER_PAGE_MAX: u32 = 100;

/// `GET /users`'s query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// The page, from 1.
    #[param(minimum = 1, default = 1)]
    page: Option<u32>,
    /// Users a page, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    per_page: Option<u32>,
    /// Only users whose name or email contains this, in any case.
    q: Option<String>,
}

/// Lists users, a page at a time, optionally filtered.
#[utoipa::path(get, path = "/users", tag = "users", params(ListQuery), responses(
    (status = 200, description = "A page of users", body = UserPage),
    (status = 400, description = "A page or page size out of range", body = ErrorBody),
))]
pub async fn list(
    State(store): State<Shared>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<UserPage>, UsersError> {
    let Query(query) =
        query.map_err(|rejection| UsersError::InvalidQuery(rejection.body_text()))?;
    let page = query.page.unwrap_or(1);
    let per_page = query.per_page.unwrap_or(20);
    if page == 0 {
        return Err(UsersError::InvalidQuery("page starts at 1".into()));
    }
    if !(1..=PER_PAGE_MAX).contains(&per_page) {
        return Err(UsersError::InvalidQuery(format!(
            "per_page must be 1 to {PER_PAGE_MAX}, got {per_page}"
        )));
    }
    let filter = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let (total, items) = read(&store).list(filter, page, per_page);
    Ok(Json(UserPage {
        items,
        page,
        per_page,
        total,
    }))
}

/// One user.
#[utoipa::path(get, path = "/users/{id}", tag = "users",
    params(("id" = u64, Path, description = "The user's id")),
    responses(
        (status = 200, description = "The user", body = User),
        (status = 400, description = "An id that is not a number", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
pub async fn get(
    State(store): State<Shared>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, UsersError> {
    let id = parse_id(id)?;
    let json = read(&store).get(id).map(|entry| entry.json.clone());
    let json = json.ok_or(UsersError::NotFound(id))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json))
}

/// Creates a user; the answer's `Location` is its address.
#[utoipa::path(post, path = "/users", tag = "users",
    request_body = switchboard_wire::users::UserFields,
    responses(
        (status = 201, description = "Created", body = User,
            headers(("location" = String, description = "/users/{id}"))),
        (status = 400, description = "A body that is not JSON", body = ErrorBody),
        (status = 409, description = "The email belongs to another user", body = ErrorBody),
        (status = 415, description = "A body that is not application/json", body = ErrorBody),
        (status = 422, description = "Fields that do not validate, each with its path", body = ValidationErrors),
    ))]
pub async fn create(
    State(store): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<impl IntoResponse, UsersError> {
    let fields = fields::read(&headers, &body)?;
    let mut store = write(&store);
    let entry = store.create(fields).map_err(conflict)?;
    let location = format!("/users/{}", entry.user.id);
    tracing::info!(id = entry.user.id, "user created");
    Ok((
        StatusCode::CREATED,
        [
            (header::LOCATION, location),
            (header::CONTENT_TYPE, "application/json".to_owned()),
        ],
        entry.json.clone(),
    ))
}

/// Replaces a user's fields.
#[utoipa::path(put, path = "/users/{id}", tag = "users",
    params(("id" = u64, Path, description = "The user's id")),
    request_body = switchboard_wire::users::UserFields,
    responses(
        (status = 200, description = "The user as updated", body = User),
        (status = 400, description = "An id or body that does not read", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 409, description = "The email belongs to another user", body = ErrorBody),
        (status = 415, description = "A body that is not application/json", body = ErrorBody),
        (status = 422, description = "Fields that do not validate, each with its path", body = ValidationErrors),
    ))]
pub async fn update(
    State(store): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<impl IntoResponse, UsersError> {
    let id = parse_id(id)?;
    let fields = fields::read(&headers, &body)?;
    let mut store = write(&store);
    let entry = store.update(id, fields).ok_or(UsersError::NotFound(id))?;
    let json = entry.map_err(conflict)?.json.clone();
    Ok(([(header::CONTENT_TYPE, "application/json")], json))
}

/// Deletes a user.
#[utoipa::path(delete, path = "/users/{id}", tag = "users",
    params(("id" = u64, Path, description = "The user's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "An id that is not a number", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
    ))]
pub async fn delete(
    State(store): State<Shared>,
    Path(id): Path<String>,
) -> Result<StatusCode, UsersError> {
    let id = parse_id(id)?;
    if write(&store).delete(id) {
        tracing::info!(id, "user deleted");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(UsersError::NotFound(id))
    }
}

fn parse_id(id: String) -> Result<u64, UsersError> {
    id.parse().map_err(|_| UsersError::InvalidId(id))
}

fn conflict(Conflict::EmailTaken { email, owner }: Conflict) -> UsersError {
    UsersError::EmailTaken { email, owner }
}

// A handler never panics while holding the lock, so it is never poisoned;
// if it were, the data is still whole (each change is one insert or remove).
fn read(store: &Shared) -> std::sync::RwLockReadGuard<'_, Store> {
    store
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn write(store: &Shared) -> std::sync::RwLockWriteGuard<'_, Store> {
    store
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
