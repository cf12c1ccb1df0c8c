//! Links between pages of the site: relative, so a site works under any base path
//! and from `file://`. A site path is a file's name in the site (`ops/a#b.html`, as
//! written to disk); a link to it is that path percent-encoded (`ops/a%23b.html`),
//! made here and nowhere else: `encode_path`, and its inverse `percent_decode`.

use std::borrow::Cow;

/// The relative prefix from page `from` (e.g. `ops/deploy.html`) to the site root:
/// `../` once per folder level, or `""` at the root.
pub(crate) fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A relative link from page `from` to site path `to` (encoded: `to` is a file's name,
/// not yet a URL).
pub(crate) fn relative(from: &str, to: &str) -> String {
    format!("{}{}", root_prefix(from), encode_path(to))
}

/// A site path (`/`-separated, relative) as it must stand in a link: every byte that
/// is not a URL path character is `%XX`, so `#`, `?`, `%`, spaces, quotes and
/// non-ASCII name the file instead of starting a fragment or query. Unreserved
/// characters, `/` and the sub-delimiters `!$&'()*+,;=` and `@` stay as written (an
/// ordinary name is its own link); `:` is encoded, since `a:b.html` reads as a URL
/// scheme.
pub(crate) fn encode_path(path: &str) -> Cow<'_, str> {
    let keeps = |b: u8| b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=@".contains(&b);
    if path.bytes().all(keeps) {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 8);
    for b in path.bytes() {
        if keeps(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Cow::Owned(out)
}

/// A value in a URL's query (`application/x-www-form-urlencoded`): unreserved characters
/// as they are, a space as `+`, every other byte `%XX`.
pub(crate) fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 2);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else if b == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `%20` → space; an escape that is not two hex digits is kept as written, and so is
/// the whole text when the decoded bytes are not UTF-8.
pub(crate) fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && hex.bytes().all(|b| b.is_ascii_hexdigit())
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).map_or(Cow::Borrowed(s), Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_to_root() {
        assert_eq!(relative("index.html", "ops/deploy.html"), "ops/deploy.html");
        assert_eq!(relative("ops/deploy.html", "index.html"), "../index.html");
        assert_eq!(relative("a/b/c.html", "static/x.css"), "../../static/x.css");
    }

    #[test]
    fn relative_links_encode_the_file_name() {
        assert_eq!(relative("ops/x#y.html", "a#b.html"), "../a%23b.html");
        assert_eq!(
            relative("index.html", "my dir/what?.html"),
            "my%20dir/what%3F.html"
        );
    }

    #[test]
    fn encodes_what_a_url_path_cannot_hold() {
        for (name, link) in [
            ("ops/deploy.html", "ops/deploy.html"),
            ("a#b.html", "a%23b.html"),
            ("what?.html", "what%3F.html"),
            ("100%.html", "100%25.html"),
            ("my page.html", "my%20page.html"),
            ("ünï.html", "%C3%BCn%C3%AF.html"),
            ("q\"<[x]>.html", "q%22%3C%5Bx%5D%3E.html"),
            ("a:b.html", "a%3Ab.html"),
            ("x&y'(1)+z=@.html", "x&y'(1)+z=@.html"),
        ] {
            assert_eq!(encode_path(name), link, "{name}");
            assert_eq!(percent_decode(link), name, "{link}");
        }
        assert!(matches!(encode_path("ops/deploy.html"), Cow::Borrowed(_)));
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("my%20page.md"), "my page.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("100%.md"), "100%.md");
        assert_eq!(percent_decode("%+1"), "%+1", "a sign is no hex digit");
        assert_eq!(
            percent_decode("caf%E9.md"),
            "caf%E9.md",
            "not UTF-8: as written"
        );
    }
}
