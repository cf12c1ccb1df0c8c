//! The one HTML escaper and the one way JSON goes into a page. Every byte of the
//! author's text that reaches HTML goes through `escape` (attributes and text) or
//! `escape_text` (element text only, where quotes may stay); every JSON value embedded
//! in a page or served as a file goes through `script_json`, which writes `<` as
//! `\u003c` so nothing in it can close a `<script>` element or be read as HTML.

use serde::Serialize;

/// `&`, `<`, `>`, `"` and `'` escaped: safe in element text and in quoted attributes.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("invariant: writing to a String");
    out
}

/// `&`, `<` and `>` escaped: safe in element text only (code spans, highlighted code).
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html_body_text(&mut out, s)
        .expect("invariant: writing to a String");
    out
}

/// Compact JSON with every `<` written `\u003c` (JSON has `<` only inside strings), for
/// `<script type="application/json">` and for JSON files of the site.
/// The string is as long as its text: a search index holds one per record, hundreds of
/// thousands in a big book, so the 4 KiB a file starts with would be most of its memory.
pub(crate) fn script_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut bytes = script_json_bytes(value);
    bytes.shrink_to_fit();
    String::from_utf8(bytes).expect("invariant: JSON is UTF-8")
}

/// [`script_json`] as bytes, for files.
pub(crate) fn script_json_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, NoAngle);
    value
        .serialize(&mut ser)
        .expect("invariant: plain data serializes");
    out
}

/// serde_json's compact format, writing `<` inside strings as `\u003c`.
struct NoAngle;

impl serde_json::ser::Formatter for NoAngle {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = memchr::memchr(b'<', rest.as_bytes()) {
            writer.write_all(&rest.as_bytes()[..at])?;
            writer.write_all(b"\\u003c")?;
            rest = &rest[at + 1..];
        }
        writer.write_all(rest.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_attributes_and_text() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(
            escape_text(r#"<b>"q" & 'a'</b>"#),
            r#"&lt;b&gt;"q" &amp; 'a'&lt;/b&gt;"#
        );
    }

    #[test]
    fn script_json_cannot_close_a_script() {
        let json = script_json(&serde_json::json!({"t": "</script><b>", "n": 1}));
        assert_eq!(json, r#"{"n":1,"t":"\u003c/script>\u003cb>"}"#);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&json).unwrap()["t"],
            "</script><b>"
        );
    }
}
