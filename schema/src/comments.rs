//! Comments from a descriptor's source code info, for the page to show next
//! to services, methods, messages and fields.

use prost_types::FileDescriptorProto;

/// The comment of the element at `path` in `file`: its leading comment, or
/// its trailing one when it has none (`int32 x = 1; // across`). Each line is
/// trimmed; empty when there is neither, or no source info.
pub fn of(file: &FileDescriptorProto, path: &[i32]) -> String {
    let Some(info) = &file.source_code_info else {
        return String::new();
    };
    let Some(location) = info.location.iter().find(|location| location.path == path) else {
        return String::new();
    };
    let text = location
        .leading_comments
        .as_deref()
        .filter(|text| !text.trim().is_empty())
        .or(location.trailing_comments.as_deref())
        .unwrap_or_default();
    tidy(text)
}

/// Trims every line and the whole, keeping the line breaks between paragraphs.
fn tidy(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines.join("\n").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn lines_are_trimmed_and_kept() {
        assert_eq!(
            tidy(
                " Answers with the sample it decoded `repeat` times (once if 0), 100 ms\n apart, each reply numbered from 1.\n"
            ),
            "Answers with the sample it decoded `repeat` times (once if 0), 100 ms\napart, each reply numbered from 1."
        );
        assert_eq!(tidy("  \n"), "");
    }
}
