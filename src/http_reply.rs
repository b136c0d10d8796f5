//! What an HTTP request got back, whole, for the HTTP console to show: the
//! status, headers, and the body as pretty JSON, text or hex. The timeline
//! keeps only a cut of it (`capture`).

/// Bodies larger than this are not read: the console says how large they
/// are instead of holding them.
pub const READ_LIMIT: usize = 32 * 1024 * 1024;
/// How much of a body the console shows.
pub const SHOW_LIMIT: usize = 256 * 1024;

// `Eq`, so that comparing two `Rc`s of one reply checks the pointer first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpReply {
    pub status: u16,
    pub status_text: String,
    pub headers: Vec<(String, String)>,
    /// The body as received; empty when it was too large to read.
    pub body: Vec<u8>,
    /// The body's size in bytes (from `content-length` when it was not read).
    pub size: usize,
    /// Whether the body was too large to read.
    pub unread: bool,
}

/// How a body is best shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyView {
    Json,
    Text,
    Hex,
    Empty,
}

impl HttpReply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body as text, if it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }

    /// The view that suits the body: JSON when it says so (or looks so) and
    /// parses, text when it is UTF-8, else hex.
    pub fn view(&self) -> BodyView {
        if self.body.is_empty() {
            return BodyView::Empty;
        }
        let Some(text) = self.text() else {
            return BodyView::Hex;
        };
        let content_type = self.header("content-type").unwrap_or_default();
        let says_json = content_type.contains("json");
        let looks_json = text.trim_start().starts_with(['{', '[']);
        if (says_json || looks_json) && serde_json::from_str::<serde_json::Value>(text).is_ok() {
            BodyView::Json
        } else {
            BodyView::Text
        }
    }

    /// Whether the console shows only the start of the body.
    pub fn cut(&self) -> bool {
        self.unread || self.body.len() > SHOW_LIMIT
    }

    /// The start of the body as text, cut on a character boundary.
    pub fn shown_text(&self) -> String {
        let bytes = &self.body[..self.body.len().min(SHOW_LIMIT)];
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// `offset  hex bytes  ascii`, sixteen bytes a line, for the start of `bytes`.
pub fn hex_dump(bytes: &[u8], limit: usize) -> String {
    let mut out = String::new();
    for (line, chunk) in bytes[..bytes.len().min(limit)].chunks(16).enumerate() {
        let hex: Vec<String> = chunk.iter().map(|byte| format!("{byte:02x}")).collect();
        let ascii: String = chunk
            .iter()
            .map(|&byte| {
                if byte.is_ascii_graphic() || byte == b' ' {
                    byte as char
                } else {
                    '.'
                }
            })
            .collect();
        out.push_str(&format!(
            "{:08x}  {:<47}  {ascii}\n",
            line * 16,
            hex.join(" ")
        ));
    }
    out
}

/// `1.2 KB`, `3.4 MB`: a size for people.
pub fn size_label(bytes: usize) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(content_type: &str, body: &[u8]) -> HttpReply {
        HttpReply {
            status: 200,
            status_text: "OK".into(),
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.to_vec(),
            size: body.len(),
            unread: false,
        }
    }

    #[test]
    fn the_view_follows_the_content() {
        assert_eq!(
            reply("application/json", b"{\"a\":1}").view(),
            BodyView::Json
        );
        assert_eq!(reply("text/plain", b"[1, 2]").view(), BodyView::Json);
        assert_eq!(reply("application/json", b"{oops").view(), BodyView::Text);
        assert_eq!(reply("text/plain", b"hello").view(), BodyView::Text);
        assert_eq!(
            reply("image/png", &[0x89, 0x50, 0xff]).view(),
            BodyView::Hex
        );
        assert_eq!(reply("text/plain", b"").view(), BodyView::Empty);
    }

    #[test]
    fn hex_lines_show_offsets_bytes_and_ascii() {
        let dump = hex_dump(b"ABC\x00\xffdefghijklmnopq", 64);
        let lines: Vec<&str> = dump.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("00000000  41 42 43 00 ff"), "{dump}");
        assert!(lines[0].ends_with("ABC..defghijklmn"), "{dump}");
        assert!(lines[1].starts_with("00000010  6f 70 71"), "{dump}");
    }

    #[test]
    fn large_bodies_are_cut_and_sizes_read_well() {
        let big = reply("text/plain", &vec![b'x'; SHOW_LIMIT + 1]);
        assert!(big.cut());
        assert_eq!(big.shown_text().len(), SHOW_LIMIT);
        assert_eq!(size_label(512), "512 B");
        assert_eq!(size_label(1536), "1.5 KB");
        assert_eq!(size_label(3 * 1_048_576), "3.0 MB");
    }
}
