//! `{{name}}` templates: finding the variables a text names and replacing
//! them. Spaces inside the braces are allowed (`{{ name }}`); braces around
//! nothing, or around more braces, are kept as written.

/// One `{{…}}` found in a text: its byte range and the trimmed name inside.
struct Reference<'a> {
    start: usize,
    end: usize,
    name: &'a str,
}

/// Every reference in `text`, in order.
fn scan(text: &str) -> impl Iterator<Item = Reference<'_>> {
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let start = from + text.get(from..)?.find("{{")?;
            let inner_start = start + 2;
            let length = text[inner_start..].find("}}")?;
            let inner = &text[inner_start..inner_start + length];
            let name = inner.trim();
            if name.is_empty() || name.contains('{') {
                // Not a reference: look again from the next brace, so that
                // `{{{a}}` still finds `{{a}}`.
                from = start + 1;
                continue;
            }
            let end = inner_start + length + 2;
            from = end;
            return Some(Reference { start, end, name });
        }
    })
}

/// The names of the variables `text` refers to, in order, repeats included.
pub fn references(text: &str) -> Vec<&str> {
    scan(text).map(|reference| reference.name).collect()
}

/// `text` with every reference replaced by what `lookup` gives for its name;
/// the first name it has nothing for is the error.
pub fn substitute<'v>(
    text: &str,
    lookup: impl Fn(&str) -> Option<&'v str>,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for reference in scan(text) {
        let value = lookup(reference.name).ok_or_else(|| reference.name.to_owned())?;
        out.push_str(&text[copied..reference.start]);
        out.push_str(value);
        copied = reference.end;
    }
    out.push_str(&text[copied..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(name: &str) -> Option<&'static str> {
        match name {
            "base_url" => Some("http://127.0.0.1:3001"),
            "id" => Some("7"),
            "empty" => Some(""),
            _ => None,
        }
    }

    #[test]
    fn names_are_replaced_with_or_without_spaces() {
        assert_eq!(
            substitute("{{base_url}}/users/{{ id }}?x={{empty}}", vars).unwrap(),
            "http://127.0.0.1:3001/users/7?x="
        );
    }

    #[test]
    fn the_first_unknown_name_is_the_error() {
        assert_eq!(
            substitute("{{id}}{{ nope }}{{other}}", vars).unwrap_err(),
            "nope"
        );
    }

    #[test]
    fn braces_that_name_nothing_stay_as_written() {
        for text in [
            "{{}}",
            "{{ }}",
            "{{ open",
            "a }} b",
            "{",
            "{\"a\":{\"b\":1}}",
        ] {
            assert_eq!(substitute(text, vars).unwrap(), text);
        }
        assert_eq!(substitute("{{{id}}}", vars).unwrap(), "{7}");
    }

    #[test]
    fn values_are_not_substituted_again() {
        let lookup = |name: &str| (name == "a").then_some("{{a}}");
        assert_eq!(substitute("{{a}}", lookup).unwrap(), "{{a}}");
    }

    #[test]
    fn references_lists_names_in_order() {
        assert_eq!(
            references("{{base_url}}/x/{{ id }}/{{id}} {{}}"),
            ["base_url", "id", "id"]
        );
    }

    #[test]
    fn text_around_multibyte_characters_is_kept() {
        assert_eq!(substitute("é{{id}}ü", vars).unwrap(), "é7ü");
    }
}
