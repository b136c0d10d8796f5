//! A user's fields from a request body: JSON that must read as
//! [`UserFields`] (a wrong type names the field's path) and whose values must
//! make sense (every field refused is listed, not only the first).

use axum::{body::Bytes, http::HeaderMap};
use switchboard_wire::users::{FieldError, UserFields};

use crate::error::UsersError;

const NAME_MAX_CHARS: usize = 100;

/// Reads and validates a body sent with `headers`.
pub fn read(headers: &HeaderMap, body: &Bytes) -> Result<UserFields, UsersError> {
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .map(|value| value.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("application/json") && !essence.ends_with("+json") {
        return Err(UsersError::UnsupportedMediaType(content_type));
    }
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    let fields: UserFields = serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        if inner.is_data() {
            let field = if path == "." { String::new() } else { path };
            UsersError::Invalid(vec![FieldError {
                field,
                message: inner.to_string(),
            }])
        } else {
            UsersError::InvalidJson(inner.to_string())
        }
    })?;
    let errors = validate(&fields);
    if errors.is_empty() {
        Ok(UserFields {
            name: fields.name.trim().to_owned(),
            email: fields.email.trim().to_owned(),
        })
    } else {
        Err(UsersError::Invalid(errors))
    }
}

fn validate(fields: &UserFields) -> Vec<FieldError> {
    let name = fields.name.trim();
    let name_error = if name.is_empty() {
        Some("must not be empty".to_owned())
    } else if name.chars().count() > NAME_MAX_CHARS {
        Some(format!("must be at most {NAME_MAX_CHARS} characters"))
    } else {
        None
    };
    let email_error = (!is_email(fields.email.trim()))
        .then(|| "must be an email address such as ada@example.com".to_owned());
    [("name", name_error), ("email", email_error)]
        .into_iter()
        .filter_map(|(field, message)| {
            message.map(|message| FieldError {
                field: field.into(),
                message,
            })
        })
        .collect()
}

/// One `@`, something before it, and a domain with a dot inside it.
fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let domain_ok = domain
        .split_once('.')
        .is_some_and(|(host, rest)| !host.is_empty() && !rest.is_empty() && !rest.ends_with('.'));
    !local.is_empty() && !domain.contains('@') && domain_ok && !email.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn json_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            "content-type",
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        headers
    }

    fn read_json(body: &str) -> Result<UserFields, UsersError> {
        read(&json_headers(), &Bytes::copy_from_slice(body.as_bytes()))
    }

    #[test]
    fn emails_need_one_at_and_a_dotted_domain() {
        for good in ["a@b.co", "ada.lovelace+x@mail.example.org"] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "", "a", "@b.co", "a@b", "a@.co", "a@b.", "a@@b.co", "a b@c.de",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn every_bad_field_is_listed() {
        let Err(UsersError::Invalid(errors)) = read_json(r#"{"name":"  ","email":"nope"}"#) else {
            panic!("expected a validation error");
        };
        let fields: Vec<_> = errors.iter().map(|error| error.field.as_str()).collect();
        assert_eq!(fields, ["name", "email"]);
    }

    #[test]
    fn a_wrong_type_names_its_field_and_bad_syntax_is_not_json() {
        let Err(UsersError::Invalid(errors)) = read_json(r#"{"name":5,"email":"a@b.co"}"#) else {
            panic!("expected a validation error");
        };
        assert_eq!(errors[0].field, "name");
        assert!(errors[0].message.contains("invalid type"), "{errors:?}");
        assert!(matches!(
            read_json(r#"{"name":"#),
            Err(UsersError::InvalidJson(_))
        ));
    }

    #[test]
    fn values_are_trimmed_and_other_media_types_refused() {
        let fields = read_json(r#"{"name":" Ada ","email":"ada@example.com "}"#).unwrap();
        assert_eq!(fields.name, "Ada");
        assert_eq!(fields.email, "ada@example.com");
        let mut form = HeaderMap::new();
        form.insert(
            "content-type",
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        let refused = read(&form, &Bytes::from_static(b"name=Ada"));
        assert!(matches!(refused, Err(UsersError::UnsupportedMediaType(_))));
    }
}
