//! The whole document: its title and servers, and its operations walked
//! path by path, then grouped by tag.

use switchboard_wire::openapi::{ApiDocument, Operation};
use yaml_serde::Value;

use crate::{
    ImportError, Where,
    model::{self, PathItem, Root},
    operation,
    refs::Documents,
    security::Security,
};

/// The methods a path item may hold, as OpenAPI spells them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Reads the main document, whose `openapi` version was checked already.
pub(crate) fn read(documents: &Documents, openapi: String) -> Result<ApiDocument, ImportError> {
    let top = Where::top(None);
    let root: Root = model::read(documents.main(), &top)?;
    let security = Security::read(documents, &root.components.security_schemes, root.security)?;
    let mut operations = Vec::new();
    let paths_at = top.key("paths");
    for (path, item) in &root.paths {
        let path = path.as_str().unwrap_or_default();
        if path.starts_with("x-") {
            continue;
        }
        let (item_at, item) = documents.deref(item, &paths_at.key(path))?;
        let PathItem { parameters } = model::read(item, &item_at)?;
        let shared = operation::parameters(documents, &parameters, &item_at.key("parameters"))?;
        let Value::Mapping(members) = item else {
            continue;
        };
        for (method, value) in members {
            let Some(method) = method.as_str().filter(|method| METHODS.contains(method)) else {
                continue;
            };
            operations.push(operation::read(
                documents,
                path,
                method,
                value,
                &item_at.key(method),
                &shared,
                &security,
            )?);
        }
    }
    let declared: Vec<String> = root.tags.into_iter().map(|tag| tag.name).collect();
    group_by_tag(&mut operations, &declared);
    Ok(ApiDocument {
        title: root.info.title,
        version: root.info.version.0,
        openapi,
        servers: servers(&root.servers),
        operations,
    })
}

/// The server URLs with their variables set to their defaults; `/` when
/// there are none, as the specification says.
fn servers(servers: &[model::Server]) -> Vec<String> {
    if servers.is_empty() {
        return vec!["/".to_owned()];
    }
    servers
        .iter()
        .map(|server| {
            server
                .variables
                .iter()
                .fold(server.url.clone(), |url, (name, variable)| {
                    url.replace(&format!("{{{name}}}"), &variable.default.0)
                })
        })
        .collect()
}

/// Orders operations by their first tag: the document's declared tags in
/// their order, then tags it only uses, as they first appear, then
/// untagged and `default` ones. The sort is stable, so document order holds
/// within a tag.
fn group_by_tag(operations: &mut [Operation], declared: &[String]) {
    let mut order: Vec<&str> = declared
        .iter()
        .map(String::as_str)
        .filter(|tag| *tag != "default")
        .collect();
    let mut used: Vec<String> = Vec::new();
    for tag in operations
        .iter()
        .filter_map(|operation| operation.tags.first())
    {
        if tag != "default" && !order.contains(&tag.as_str()) && !used.contains(tag) {
            used.push(tag.clone());
        }
    }
    order.extend(used.iter().map(String::as_str));
    let rank = |operation: &Operation| {
        operation
            .tags
            .first()
            .and_then(|tag| order.iter().position(|known| known == tag))
            .unwrap_or(order.len())
    };
    operations.sort_by_key(rank);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(id: &str, tags: &[&str]) -> Operation {
        Operation {
            id: id.to_owned(),
            method: "GET".to_owned(),
            path: "/".to_owned(),
            tags: tags.iter().map(|tag| (*tag).to_owned()).collect(),
            summary: String::new(),
            description: String::new(),
            deprecated: false,
            parameters: Vec::new(),
            request_body: None,
            responses: Vec::new(),
            security: Vec::new(),
        }
    }

    #[test]
    fn declared_tags_come_first_then_used_ones_then_untagged() {
        let mut operations = vec![
            operation("a", &[]),
            operation("b", &["users"]),
            operation("c", &["pets"]),
            operation("d", &["default"]),
            operation("e", &["users", "pets"]),
            operation("f", &["pets"]),
        ];
        group_by_tag(&mut operations, &["pets".to_owned()]);
        let ids: Vec<_> = operations
            .iter()
            .map(|operation| operation.id.as_str())
            .collect();
        assert_eq!(ids, ["c", "f", "b", "e", "a", "d"]);
    }

    #[test]
    fn server_variables_take_their_defaults() {
        let servers: Vec<model::Server> = yaml_serde::from_str(
            "- url: '{scheme}://api.example.com:{port}/v1'\n  variables:\n    scheme: {default: https}\n    port: {default: 8443}",
        )
        .unwrap();
        assert_eq!(
            super::servers(&servers),
            ["https://api.example.com:8443/v1"]
        );
        assert_eq!(super::servers(&[]), ["/"]);
    }
}
