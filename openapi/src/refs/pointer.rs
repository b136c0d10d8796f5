//! The tokens of a JSON pointer written in a `$ref`'s URI fragment.

/// A JSON pointer token as written in a URI fragment: `~1` is `/`, `~0` is
/// `~`, and `%XX` escapes (`%7BpetId%7D`) are decoded.
pub(super) fn unescape(token: &str) -> String {
    let decoded = percent_decode(token);
    decoded.replace("~1", "/").replace("~0", "~")
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_unescaped() {
        assert_eq!(unescape("~1pets~1%7BpetId%7D"), "/pets/{petId}");
        assert_eq!(unescape("a~0b"), "a~b");
        assert_eq!(unescape("100%"), "100%");
    }
}
