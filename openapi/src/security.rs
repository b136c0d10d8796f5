//! How a caller authenticates: the security schemes a document declares, and
//! those an operation asks for (its first security requirement, its own or
//! else the document's).

use std::collections::BTreeMap;

use switchboard_wire::openapi::{SecurityKind, SecurityScheme};
use yaml_serde::Mapping;

use crate::{ImportError, Where, model, refs::Documents};

/// The document's schemes by name, and its default requirements.
#[derive(Debug, Default)]
pub(crate) struct Security {
    schemes: BTreeMap<String, SecurityKind>,
    default: Vec<Mapping>,
}

impl Security {
    /// Reads `components.securitySchemes` (each may be a `$ref`).
    pub(crate) fn read(
        documents: &Documents,
        declared: &Mapping,
        default: Vec<Mapping>,
    ) -> Result<Self, ImportError> {
        let at = Where::top(None).key("components").key("securitySchemes");
        let mut schemes = BTreeMap::new();
        for (name, value) in declared {
            let name = name.as_str().unwrap_or_default();
            let (scheme_at, value) = documents.deref(value, &at.key(name))?;
            let scheme: model::SecurityScheme = model::read(value, &scheme_at)?;
            schemes.insert(name.to_owned(), kind(scheme));
        }
        Ok(Self { schemes, default })
    }

    /// The schemes of the first requirement in `own`, or else in the
    /// document's; schemes it does not declare are left out.
    pub(crate) fn of(&self, own: Option<&[Mapping]>) -> Vec<SecurityScheme> {
        let requirements = own.unwrap_or(&self.default);
        let Some(first) = requirements.first() else {
            return Vec::new();
        };
        first
            .keys()
            .filter_map(|name| name.as_str())
            .filter_map(|name| {
                let kind = self.schemes.get(name)?.clone();
                Some(SecurityScheme {
                    name: name.to_owned(),
                    kind,
                })
            })
            .collect()
    }
}

fn kind(scheme: model::SecurityScheme) -> SecurityKind {
    match (scheme.kind.as_str(), scheme.scheme.as_deref()) {
        ("apiKey", _) => match (scheme.name, scheme.location) {
            (Some(name), Some(location)) => SecurityKind::ApiKey { name, location },
            _ => SecurityKind::Other("apiKey".to_owned()),
        },
        ("http", Some(http)) if http.eq_ignore_ascii_case("bearer") => SecurityKind::Bearer,
        ("http", Some(http)) if http.eq_ignore_ascii_case("basic") => SecurityKind::Basic,
        (kind, _) => SecurityKind::Other(kind.to_owned()),
    }
}
