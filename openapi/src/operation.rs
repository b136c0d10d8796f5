//! One operation: its parameters, its request body with a body to start
//! from, and the answers it documents.

use switchboard_wire::openapi::{
    Operation, Parameter, ParameterLocation, RequestBody, ResponseInfo,
};
use yaml_serde::{Mapping, Value};

use crate::{
    ImportError, Where, example,
    model::{self, MediaType},
    refs::Documents,
    schema,
    security::Security,
    summary,
};

/// Reads the operation `method` of `path`, found at `at`; `shared` are its
/// path item's parameters.
pub(crate) fn read(
    documents: &Documents,
    path: &str,
    method: &str,
    value: &Value,
    at: &Where,
    shared: &[Parameter],
    security: &Security,
) -> Result<Operation, ImportError> {
    let (at, value) = documents.deref(value, at)?;
    let operation: model::Operation = model::read(value, &at)?;
    let mut merged = shared.to_vec();
    for own in parameters(documents, &operation.parameters, &at.key("parameters"))? {
        match merged
            .iter_mut()
            .find(|shared| shared.name == own.name && shared.location == own.location)
        {
            Some(shared) => *shared = own,
            None => merged.push(own),
        }
    }
    let request_body = match &operation.request_body {
        Some(body) => Some(request_body(documents, body, &at.key("requestBody"))?),
        None => None,
    };
    let method = method.to_ascii_uppercase();
    Ok(Operation {
        id: operation
            .operation_id
            .unwrap_or_else(|| format!("{method} {path}")),
        method,
        path: path.to_owned(),
        tags: operation.tags,
        summary: operation.summary.unwrap_or_default(),
        description: operation.description.unwrap_or_default(),
        deprecated: operation.deprecated,
        parameters: merged,
        request_body,
        responses: responses(documents, &operation.responses, &at.key("responses"))?,
        security: security.of(operation.security.as_deref()),
    })
}

/// A list of parameters (a path item's or an operation's), found at `at`.
pub(crate) fn parameters(
    documents: &Documents,
    list: &[Value],
    at: &Where,
) -> Result<Vec<Parameter>, ImportError> {
    list.iter()
        .enumerate()
        .map(|(index, value)| parameter(documents, value, &at.index(index)))
        .collect()
}

fn parameter(documents: &Documents, value: &Value, at: &Where) -> Result<Parameter, ImportError> {
    let (at, value) = documents.deref(value, at)?;
    let parameter: model::Parameter = model::read(value, &at)?;
    // A parameter has a schema, or one media type with a schema and examples
    // of its own.
    let media = match &parameter.content {
        Some(content) => match content.iter().next() {
            Some((name, media)) => {
                let media_at = at.key("content").key(name.as_str().unwrap_or_default());
                let (media_at, media) = documents.deref(media, &media_at)?;
                Some((model::read::<MediaType>(media, &media_at)?, media_at))
            }
            None => None,
        },
        None => None,
    };
    let (schema, schema_at) = match (&parameter.schema, &media) {
        (Some(schema), _) => (Some(schema), at.key("schema")),
        (None, Some((media, media_at))) => (media.schema.as_ref(), media_at.key("schema")),
        (None, None) => (None, at.clone()),
    };
    let summary = match schema {
        Some(schema) => summary::summary(documents, schema, &schema_at, 0)?,
        None => Default::default(),
    };
    let mut example = explicit_example(
        documents,
        parameter.example.as_ref(),
        parameter.examples.as_ref(),
        &at,
    )?;
    if example.is_none()
        && let Some((media, media_at)) = &media
    {
        example = explicit_example(
            documents,
            media.example.as_ref(),
            media.examples.as_ref(),
            media_at,
        )?;
    }
    if example.is_none()
        && let Some(schema) = schema
        && let Some(flat) = schema::flatten(documents, schema, &schema_at, &[], 0)?
    {
        example = schema::own_example(&flat.map).cloned();
    }
    Ok(Parameter {
        required: parameter.required || parameter.location == ParameterLocation::Path,
        name: parameter.name,
        location: parameter.location,
        deprecated: parameter.deprecated,
        description: parameter.description.unwrap_or_default(),
        schema: summary,
        example: example.as_ref().map(schema::text),
    })
}

/// An `example`, else the value of the first of `examples` (Example
/// Objects, possibly `$ref`s to `components.examples`).
fn explicit_example(
    documents: &Documents,
    example: Option<&Value>,
    examples: Option<&Mapping>,
    at: &Where,
) -> Result<Option<Value>, ImportError> {
    if let Some(example) = example {
        return Ok(Some(example.clone()));
    }
    let Some((name, first)) = examples.and_then(|examples| examples.iter().next()) else {
        return Ok(None);
    };
    let first_at = at.key("examples").key(name.as_str().unwrap_or_default());
    let (first_at, first) = documents.deref(first, &first_at)?;
    let model::Example { value } = model::read(first, &first_at)?;
    Ok(value)
}

fn request_body(
    documents: &Documents,
    value: &Value,
    at: &Where,
) -> Result<RequestBody, ImportError> {
    let (at, value) = documents.deref(value, at)?;
    let body: model::RequestBody = model::read(value, &at)?;
    let content_types: Vec<String> = body
        .content
        .keys()
        .filter_map(|key| key.as_str().map(str::to_owned))
        .collect();
    let chosen = content_types
        .iter()
        .find(|media| is_json(media))
        .or_else(|| content_types.first())
        .cloned()
        .unwrap_or_default();
    let example = match body.content.get(chosen.as_str()) {
        Some(media) => {
            let media_at = at.key("content").key(&chosen);
            let (media_at, media) = documents.deref(media, &media_at)?;
            let media: MediaType = model::read(media, &media_at)?;
            let explicit = explicit_example(
                documents,
                media.example.as_ref(),
                media.examples.as_ref(),
                &media_at,
            )?;
            let value = match (explicit, &media.schema) {
                (Some(value), _) => Some(value),
                (None, Some(schema)) => {
                    Some(example::build(documents, schema, &media_at.key("schema"))?)
                }
                (None, None) => None,
            };
            body_text(value, is_json(&chosen))
        }
        None => String::new(),
    };
    Ok(RequestBody {
        required: body.required,
        description: body.description.unwrap_or_default(),
        content_types,
        example_content_type: chosen,
        example,
    })
}

/// Whether a media type is JSON: `application/json`, or a `+json` one such
/// as `application/merge-patch+json`, with or without parameters.
fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// A body example as the text to put in the editor.
fn body_text(value: Option<Value>, json: bool) -> String {
    match value {
        None if json => "{}".to_owned(),
        None => String::new(),
        // Documents often give a JSON body's example as the JSON text; read
        // into YAML's value, which keeps the keys in order, to indent it.
        Some(Value::String(text)) if json => match serde_json::from_str::<Value>(&text) {
            Ok(parsed) if parsed.is_mapping() || parsed.is_sequence() => pretty(&parsed),
            _ => pretty(&Value::String(text)),
        },
        Some(Value::String(text)) => text,
        Some(other) => pretty(&other),
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn responses(
    documents: &Documents,
    responses: &Mapping,
    at: &Where,
) -> Result<Vec<ResponseInfo>, ImportError> {
    let mut infos = Vec::new();
    for (status, value) in responses {
        let status = status.as_str().unwrap_or_default();
        if status.starts_with("x-") {
            continue;
        }
        let (response_at, value) = documents.deref(value, &at.key(status))?;
        let response: model::Response = model::read(value, &response_at)?;
        infos.push(ResponseInfo {
            status: status.to_owned(),
            description: response.description.unwrap_or_default(),
        });
    }
    Ok(infos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_media_types_are_told_apart() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/merge-patch+json"));
        assert!(!is_json("application/xml"));
        assert!(!is_json("application/x-www-form-urlencoded"));
    }

    #[test]
    fn a_json_body_given_as_text_is_indented_in_its_own_order() {
        let text = body_text(Some(Value::String(r#"{"b":1,"a":[true]}"#.into())), true);
        assert_eq!(text, "{\n  \"b\": 1,\n  \"a\": [\n    true\n  ]\n}");
        assert_eq!(
            body_text(Some(Value::String("plain".into())), false),
            "plain"
        );
        assert_eq!(body_text(None, true), "{}");
    }
}
