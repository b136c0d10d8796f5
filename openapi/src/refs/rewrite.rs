//! Rewriting the `$ref`s of a document to name the files of the import
//! exactly as they were given: relative paths resolved against the referring
//! file's folder, or a unique last segment matched.

use yaml_serde::Value;

/// Rewrites the `$ref`s in `value`, which is in the file `referrer` (`None`:
/// the main document), to name the files given exactly.
pub(super) fn rewrite(value: &mut Value, referrer: Option<&str>, names: &[String]) {
    match value {
        Value::Mapping(mapping) => {
            if let Some(Value::String(target)) = mapping.get_mut("$ref") {
                *target = canonical(target, referrer, names);
            }
            // Example values are rewritten too, should one hold a `$ref`
            // of its own: telling data from OpenAPI would take knowing the
            // context of every member (`default` is data in a schema and a
            // response in `responses`, a property may be called `example`).
            for item in mapping.values_mut() {
                rewrite(item, referrer, names);
            }
        }
        Value::Sequence(items) => items
            .iter_mut()
            .for_each(|item| rewrite(item, referrer, names)),
        _ => {}
    }
}

fn canonical(target: &str, referrer: Option<&str>, names: &[String]) -> String {
    let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
    let file = if file.is_empty() {
        referrer
    } else {
        find_file(file, referrer, names)
    };
    match file {
        Some(file) => format!("{file}#{fragment}"),
        None => target.to_owned(),
    }
}

/// The name among `names` that `file`, written in `referrer`, means: the
/// same name; else the same path once `./` and `../` are resolved against
/// the referrer's folder; else the only name with the same last segment.
fn find_file<'a>(file: &str, referrer: Option<&str>, names: &'a [String]) -> Option<&'a str> {
    if let Some(name) = names.iter().find(|name| *name == file) {
        return Some(name);
    }
    let folder = referrer
        .and_then(|referrer| referrer.rfind('/').map(|end| &referrer[..=end]))
        .unwrap_or("");
    let joined = if file.contains("://") || file.starts_with('/') {
        normalise(file)
    } else {
        normalise(&format!("{folder}{file}"))
    };
    let plain = normalise(file);
    if let Some(name) = names
        .iter()
        .find(|name| normalise(name) == joined || normalise(name) == plain)
    {
        return Some(name);
    }
    let last = |path: &str| path.rsplit('/').next().unwrap_or(path).to_owned();
    let mut same_last = names.iter().filter(|name| last(name) == last(file));
    match (same_last.next(), same_last.next()) {
        (Some(name), None) => Some(name),
        _ => None,
    }
}

/// A path or URL with its `.` segments dropped and `..` applied.
fn normalise(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "." => {}
            ".." if segments
                .last()
                .is_some_and(|last| !last.is_empty() && *last != "..") =>
            {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn files_are_found_as_written_relative_or_by_last_segment() {
        let given = names(&["schemas/pet.yaml", "https://example.com/api/common.json"]);
        assert_eq!(
            find_file("schemas/pet.yaml", None, &given),
            Some("schemas/pet.yaml")
        );
        assert_eq!(
            find_file("./schemas/pet.yaml", None, &given),
            Some("schemas/pet.yaml")
        );
        assert_eq!(
            find_file(
                "../api/common.json",
                Some("https://example.com/api/main.yaml"),
                &given
            ),
            Some("https://example.com/api/common.json")
        );
        assert_eq!(
            find_file("pet.yaml", None, &given),
            Some("schemas/pet.yaml")
        );
        assert_eq!(find_file("other.yaml", None, &given), None);
    }
}
