//! The one CSV field writer, for every CSV opsbook prints (`export --format csv`,
//! `secrets --format csv`). A field that a spreadsheet would run as a formula (it
//! starts with `=`, `+`, `-`, `@`, a TAB or a CR, OWASP's list) gets a leading `'`, so
//! an author's text cannot run in a reader's spreadsheet; a field with `,`, `"` or a
//! line break is quoted, `"` doubled (RFC 4180).

/// One field, defused and quoted as needed.
pub(crate) fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// One line of fields, ending in `\n`.
pub(crate) fn line<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let cells: Vec<String> = fields.into_iter().map(field).collect();
    format!("{}\n", cells.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_defused() {
        for start in ["=", "+", "-", "@", "\t"] {
            let cell = format!("{start}HYPERLINK(\"x\")");
            assert!(
                field(&cell).trim_start_matches('"').starts_with('\''),
                "{cell:?}"
            );
        }
        assert_eq!(field("\rcmd"), "\"'\rcmd\"");
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a-b"), "a-b", "only the first character counts");
    }

    #[test]
    fn quotes_what_needs_quoting() {
        assert_eq!(field("b, \"q\""), "\"b, \"\"q\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(line(["a", "=x", "c,d"]), "a,'=x,\"c,d\"\n");
    }
}
