//! Postman import: a Collection v2.1 file becomes a [`Collection`] (folders
//! flattened into `Folder / Request` names, in order) and, from the
//! collection's variables, an [`Environment`]; a Postman environment file
//! becomes an [`Environment`]. Postman writes variables as `{{name}}`, as
//! Switchboard does, so they are kept as they are.

mod convert;
mod environment;
mod schema;

pub use environment::import_postman_environment;

use crate::{
    error::Error,
    expect::Expect,
    http::{Auth, Body, HttpRequest},
    model::{Collection, Environment, Item, Variable},
};
use schema::{Event, Node, OrString, Spec, text};

/// What an import gives.
#[derive(Debug, Clone, PartialEq)]
pub struct PostmanImport {
    pub collection: Collection,
    /// The collection's own variables, as an environment named after it;
    /// `None` when it has none.
    pub environment: Option<Environment>,
    /// What was not carried over, each naming its item: scripts, files,
    /// auth kinds other than bearer, basic and API key.
    pub warnings: Vec<String>,
}

/// Reads a Postman Collection v2.1 file.
pub fn import_postman(json: &str) -> Result<PostmanImport, Error> {
    let head: schema::Head = serde_json::from_str(json).map_err(|error| {
        if error.is_data() {
            Error::NotPostman("it is not a JSON object".into())
        } else {
            Error::Syntax(error.to_string())
        }
    })?;
    let schema = head
        .info
        .and_then(|info| info.schema)
        .ok_or_else(|| Error::NotPostman("it has no \"info\" with a \"schema\"".into()))?;
    if !schema.contains("/v2.1") {
        return Err(Error::PostmanVersion(schema));
    }
    let deserializer = &mut serde_json::Deserializer::from_str(json);
    let spec: Spec =
        serde_path_to_error::deserialize(deserializer).map_err(|error| Error::Invalid {
            path: error.path().to_string(),
            message: error.inner().to_string(),
        })?;

    let name = spec.info.name.clone().unwrap_or_else(|| "Postman".into());
    let mut import = PostmanImport {
        collection: Collection::new(name.clone()),
        environment: None,
        warnings: Vec::new(),
    };
    if has_scripts(spec.event.as_deref()) {
        import
            .warnings
            .push("the collection's scripts are not run".into());
    }
    walk(
        spec.item.as_deref().unwrap_or_default(),
        "",
        spec.auth.as_ref(),
        &mut import,
    );
    let mut environment = Environment::new(name);
    for variable in spec.variable.iter().flatten() {
        let Some(key) = variable.key.as_ref().or(variable.id.as_ref()) else {
            continue;
        };
        if variable.disabled != Some(true) {
            environment.set(key, text(variable.value.as_ref()));
        }
    }
    if !environment.variables.is_empty() {
        import.environment = Some(environment);
    }
    Ok(import)
}

/// Adds the requests under `nodes` in order; `prefix` is the folders'
/// names so far, `auth` the nearest auth a folder or the collection set.
fn walk(nodes: &[Node], prefix: &str, auth: Option<&schema::Auth>, import: &mut PostmanImport) {
    for node in nodes {
        let name = node.name.as_deref().unwrap_or("(unnamed)");
        let full = format!("{prefix}{name}");
        let auth = node.auth.as_ref().or(auth);
        if let Some(children) = &node.item {
            if has_scripts(node.event.as_deref()) {
                import
                    .warnings
                    .push(format!("{full:?}: the folder's scripts are not run"));
            }
            walk(children, &format!("{full} / "), auth, import);
            continue;
        }
        let Some(request) = &node.request else {
            import
                .warnings
                .push(format!("{full:?} has no request and was skipped"));
            continue;
        };
        let mut warnings = Vec::new();
        let http = match request {
            OrString::Text(url) => HttpRequest {
                auth: auth.map_or(Auth::None, |auth| convert::auth(auth, &mut warnings)),
                ..HttpRequest::new("GET", url.clone())
            },
            OrString::Value(request) => HttpRequest {
                method: request
                    .method
                    .clone()
                    .filter(|method| !method.is_empty())
                    .unwrap_or_else(|| "GET".into()),
                url: request.url.as_ref().map(convert::url).unwrap_or_default(),
                headers: request
                    .header
                    .as_ref()
                    .map(convert::headers)
                    .unwrap_or_default(),
                body: request
                    .body
                    .as_ref()
                    .map_or(Body::None, |body| convert::body(body, &mut warnings)),
                // The request's own auth, else the nearest folder's or the
                // collection's, as Postman inherits it.
                auth: request
                    .auth
                    .as_ref()
                    .or(auth)
                    .map_or(Auth::None, |auth| convert::auth(auth, &mut warnings)),
                via_bridge: false,
            },
        };
        let tests = script_lines(node.event.as_deref(), "test");
        let expect = convert::expected_status(&tests).map(Expect::status);
        if has_scripts(node.event.as_deref()) {
            warnings.push(match &expect {
                Some(expect) => format!(
                    "its scripts are not run; the status its test expects ({}) is checked",
                    expect.status
                ),
                None => "its scripts are not run".into(),
            });
        }
        import.warnings.extend(
            warnings
                .into_iter()
                .map(|warning| format!("{full:?}: {warning}")),
        );
        import.collection.items.push(Item {
            name: full,
            request: http.into(),
            expect,
        });
    }
}

/// Every line of the enabled scripts that listen to `listen`.
fn script_lines(events: Option<&[Event]>, listen: &str) -> Vec<String> {
    events
        .unwrap_or_default()
        .iter()
        .filter(|event| event.disabled != Some(true) && event.listen.as_deref() == Some(listen))
        .filter_map(|event| event.script.as_ref()?.exec.as_ref())
        .flat_map(|exec| match exec {
            OrString::Text(text) => text.lines().map(str::to_owned).collect(),
            OrString::Value(lines) => lines.clone(),
        })
        .collect()
}

/// Whether any enabled script has a line that is not blank.
fn has_scripts(events: Option<&[Event]>) -> bool {
    ["test", "prerequest"].iter().any(|listen| {
        script_lines(events, listen)
            .iter()
            .any(|line| !line.trim().is_empty())
    })
}

/// A Postman secret type, for environment files.
pub(crate) fn variable(key: &str, value: String, secret: bool) -> Variable {
    Variable {
        name: key.to_owned(),
        value,
        secret,
    }
}
