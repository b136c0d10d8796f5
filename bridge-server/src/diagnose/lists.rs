//! CORS list headers (`Access-Control-Allow-Headers` and the like): reading
//! them, and judging whether they name what a call needs.

use reqwest::header::HeaderMap;
use switchboard_wire::diagnose::Check;

/// A check that the CORS list `header` names every one of `wanted`; `why`
/// follows the missing names and says what they break.
pub fn all_listed<T: AsRef<str>>(
    name: &str,
    headers: &HeaderMap,
    header: &str,
    wanted: &[T],
    why: &str,
) -> Check {
    let values = list(headers, header);
    let missing: Vec<&T> = wanted
        .iter()
        .filter(|wanted| !listed(&values, wanted.as_ref()))
        .collect();
    let detail = if missing.is_empty() {
        format!("{header}: {}", shown(&values))
    } else {
        format!(
            "{} not listed in {header} ({}){why}",
            names(&missing),
            shown(&values)
        )
    };
    Check {
        name: name.to_owned(),
        ok: missing.is_empty(),
        detail,
    }
}

/// Whether the values of a CORS list header (as [`list`] reads them) allow
/// `name`: they name it, in any case, or they are the wildcard `*`.
pub fn listed(values: &[String], name: &str) -> bool {
    values
        .iter()
        .any(|value| value == "*" || value.eq_ignore_ascii_case(name))
}

/// The items of a comma-separated header, every occurrence of it, lower-cased.
pub fn list(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|item| item.trim().to_ascii_lowercase())
        .filter(|item| !item.is_empty())
        .collect()
}

/// A list as a detail line shows it.
pub fn shown(items: &[String]) -> String {
    if items.is_empty() {
        "absent".to_owned()
    } else {
        items.join(", ")
    }
}

/// Names in backquotes, comma-separated.
fn names<T: AsRef<str>>(items: &[T]) -> String {
    items
        .iter()
        .map(|item| format!("`{}`", item.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn headers(name: &'static str, values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn a_list_is_read_from_every_occurrence_of_its_header() {
        let headers = headers(
            "access-control-allow-headers",
            &["Content-Type, ,x-a", "X-B"],
        );
        let values = list(&headers, "Access-Control-Allow-Headers");
        assert_eq!(values, ["content-type", "x-a", "x-b"]);
    }

    #[test]
    fn listed_ignores_case_and_honours_the_wildcard() {
        let values = ["grpc-status".to_owned()];
        assert!(listed(&values, "GRPC-Status"));
        assert!(!listed(&values, "grpc-message"));
        assert!(listed(&["*".to_owned()], "grpc-message"));
        assert!(!listed(&[], "grpc-status"));
    }

    #[test]
    fn all_listed_names_what_is_missing() {
        let headers = headers("access-control-expose-headers", &["grpc-status"]);
        let check = all_listed(
            "readable",
            &headers,
            "Access-Control-Expose-Headers",
            &["grpc-status", "grpc-message"],
            ", so …",
        );
        assert!(!check.ok);
        assert_eq!(
            check.detail,
            "`grpc-message` not listed in Access-Control-Expose-Headers (grpc-status), so …"
        );
        let empty = all_listed("readable", &HeaderMap::new(), "Vary", &["origin"], "");
        assert_eq!(empty.detail, "`origin` not listed in Vary (absent)");
    }
}
