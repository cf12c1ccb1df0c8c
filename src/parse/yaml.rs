//! YAML with positions: one document read by serde-saphyr (strict booleans, duplicate
//! keys an error) into a spanned `Node` tree, and the small helpers validators use to
//! walk it (`pos`, `raw`, `scalar_text`, `Fields`). Knows no schema: `checklist/` and
//! `state.rs` validate their own files on top of it. Pure: text in, tree or error out.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::options::NonFiniteFloatPolicy;
use serde_saphyr::{Budget, Error, MessageFormatter, Spanned};

/// in the source (see `raw`), so `id: 5.1` can be reported as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Node>, Spanned<Node>)>),
}

impl Node {
    /// For messages: "a list", "a number", ….
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Node::Null => "empty",
            Node::Bool(_) => "true/false",
            Node::Number(_) => "a number",
            Node::Str(_) => "text",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node, E> {
        Ok(Node::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<Spanned<Node>>()? {
            out.push(v);
        }
        Ok(Node::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<Spanned<Node>>()? {
            let v = map.next_value::<Spanned<Node>>()?;
            out.push((k, v));
        }
        Ok(Node::Map(out))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

/// A YAML syntax error (or a duplicate key, or a size limit) at a 1-based place, in
/// words a user knows; `hint` is set when the problem itself says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
    pub(crate) line: u32,
    pub(crate) col: u32,
    /// Valid YAML with more than one document (`---` between them), such as a
    /// Kubernetes manifest: not an error for a file that is not opsbook's.
    pub(crate) multiple_documents: bool,
}

/// Reads one YAML document into a spanned tree: strict booleans (`yes` is text),
/// duplicate keys an error, `.inf`/`.nan` kept as numbers. Empty text is `Null`.
///
/// Size limits grow with the text, so a file of any size that is written out in full
/// reads (a 10,000-page book's state file of 80,000 entries is ~8 MB); only what could
/// make a small file expand into a huge tree is capped: aliases, anchors, nesting.
pub(crate) fn load_yaml(text: &str) -> Result<Spanned<Node>, YamlError> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        non_finite_float_policy: NonFiniteFloatPolicy::PassThrough,
        budget: Some(budget_for(text.len())),
    };
    serde_saphyr::from_str_with_options::<Spanned<Node>>(text, options)
        .map_err(|e| describe(&e, Some(text), 0))
}

/// How deep lists and mappings may nest. Real files nest a handful of levels; each
/// level costs stack in the tree's reader, and the parse runs on worker threads with
/// small stacks, so the cap is kept well below what would overflow them.
const MAX_DEPTH: usize = 32;

/// The parser's limits for a text of `len` bytes: every count that a text written out
/// in full can reach grows with its length (a node takes at least one byte, an event at
/// most two per node); the guards against expansion keep their defaults.
pub(crate) fn budget_for(len: usize) -> Budget {
    let mut b = Budget::default();
    b.max_depth = MAX_DEPTH;
    let room = len.saturating_add(1024);
    b.max_nodes = b.max_nodes.max(room);
    b.max_events = b.max_events.max(room.saturating_mul(2));
    b.max_total_scalar_bytes = b.max_total_scalar_bytes.max(room);
    b.max_documents = b.max_documents.max(room);
    b
}

/// Turns a serde-saphyr error about `text` into a `YamlError` at its place, `line_offset`
/// lines further down (front matter starts on the file's second line). Never shows the
/// library's own names for things.
pub(crate) fn describe(e: &serde_saphyr::Error, text: Option<&str>, line_offset: u32) -> YamlError {
    let inner = match e {
        Error::WithSnippet { error, .. } | Error::AliasError { error, .. } => error.as_ref(),
        other => other,
    };
    let (line, col) = e
        .location()
        .map_or((0, 0), |l| (clamp(l.line()), clamp(l.column())));
    let mut out = YamlError {
        message: String::new(),
        hint: None,
        line: if line == 0 {
            0
        } else {
            line.saturating_add(line_offset)
        },
        col,
        multiple_documents: matches!(inner, Error::MultipleDocuments { .. }),
    };
    let hint = |s: &str| Some(s.to_string());
    match inner {
        Error::DuplicateMappingKey { key, .. } => {
            out.message = match key {
                Some(k) => format!("`{k}` appears twice in the same mapping"),
                None => "a key appears twice in the same mapping".into(),
            };
            out.hint = hint("a key may appear only once per mapping: remove or rename one of them");
        }
        Error::MultipleDocuments { .. } => {
            // Point at the `---` that starts the second document.
            if let Some(t) = text {
                let before = line.saturating_sub(1) as usize;
                let rows: Vec<&str> = t.lines().take(before).collect();
                if let Some(i) = rows.iter().rposition(|l| l.starts_with("---")) {
                    out.line = u32::try_from(i + 1)
                        .unwrap_or(out.line)
                        .saturating_add(line_offset);
                    out.col = 1;
                }
            }
            out.message = "this file holds more than one YAML document".into();
            out.hint = hint("opsbook reads one document per file: remove the second `---` line");
        }
        Error::UnknownAnchor { .. } => {
            out.message =
                "this alias (`*name`) refers to an anchor (`&name`) defined nowhere above it"
                    .into();
            out.hint =
                hint("define the anchor before its first use, or write the value out in full");
        }
        Error::Budget { breach, .. } => {
            (out.message, out.hint) = limit(breach);
        }
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => {
            (out.message, out.hint) = expansion();
        }
        other => {
            let message = serde_saphyr::UserMessageFormatter.format_message(other);
            out.message = strip_location(&message);
            if let Some((message, hint)) = in_plain_words(&out.message) {
                out.message = message.into();
                out.hint = Some(hint.into());
            }
            if let Some((l, ch)) = text.and_then(|t| invisible_line_before(t, line)) {
                out.message = format!(
                    "this line holds only an invisible character (U+{:04X}), which YAML reads as a value of its own",
                    u32::from(ch)
                );
                out.hint = hint(
                    "delete the line, or the character (pasted from a web page or a chat): YAML sees text there",
                );
                out.line = l.saturating_add(line_offset);
                out.col = 1;
            }
            let opened = unclosed_bracket(&message, line, col)
                .or_else(|| text.and_then(|t| open_bracket_before(t, line, col)));
            if let Some((opener, l, c)) = opened.filter(|(_, l, _)| *l > 0) {
                out.message = format!("this `{opener}` is never closed");
                out.line = l.saturating_add(line_offset);
                out.col = c;
                out.hint = hint(
                    "close it on the same value, or quote text that starts with a bracket: `title: \"[draft] Deploy\"`",
                );
            }
        }
    }
    out
}

/// The parser's message for the commonest mistakes, in words a writer of YAML knows
/// (the parser's own names `<document start>`, `block mapping`, `scalar` are not), and
/// what to do about each.
fn in_plain_words(message: &str) -> Option<(&'static str, &'static str)> {
    let has = |s: &str| message.contains(s);
    Some(if has("expected <document start>") {
        (
            "a second top-level value starts here: one YAML document holds one mapping or one list",
            "indent it under a key of the value above, or start a new document with a `---` line",
        )
    } else if has("trailing content after") && has("quoted") {
        (
            "text follows a quoted value on the same line",
            "a quoted value ends where its quote closes: remove what follows it (a `,` separates values only inside `[…]`), or quote the whole value",
        )
    } else if has("block mapping") && has("expected key") {
        (
            "this line does not line up with the keys of its mapping",
            "YAML is indentation-sensitive: keys of one mapping start in the same column; a list item under a key is indented below it",
        )
    } else if has("expected '-' indicator") {
        (
            "this line does not line up with the items (`-`) of its list",
            "YAML is indentation-sensitive: the `-` of one list's items start in the same column",
        )
    } else if has("mapping values are not allowed") {
        (
            "a `: ` where no key can start",
            "if this line is a key, line it up with the keys above it; if the `: ` is part of a value, quote the value: `title: \"Step 1: drain the node\"`",
        )
    } else if has("cannot start any token") || has("unexpected character") {
        (
            "this character cannot start a value here",
            "quote a value that starts with `@`, a backtick or `%`; indent with spaces, never tabs",
        )
    } else {
        return None;
    })
}

/// The last line before 1-based `line` that holds nothing but invisible characters
/// (a zero-width space, a no-break space, a byte-order mark), and the first of them:
/// YAML reads it as a value, and the error comes at the next value.
fn invisible_line_before(text: &str, line: u32) -> Option<(u32, char)> {
    const INVISIBLE: [char; 5] = ['\u{200B}', '\u{00A0}', '\u{FEFF}', '\u{2060}', '\u{200C}'];
    (1u32..)
        .zip(text.lines())
        .take_while(|(l, _)| *l < line)
        .filter(|(_, row)| {
            let row = row.trim_matches([' ', '\t']);
            !row.is_empty() && row.chars().all(|c| INVISIBLE.contains(&c))
        })
        .last()
        .and_then(|(l, row)| row.chars().find(|c| INVISIBLE.contains(c)).map(|c| (l, c)))
}

/// What a breached parser limit means, and what to do about it.
fn limit(breach: &BudgetBreach) -> (String, Option<String>) {
    let fixed = Budget::default();
    let (what, cap, todo) = match breach {
        BudgetBreach::Depth { .. } => (
            "nests lists and mappings",
            format!("{MAX_DEPTH} levels deep"),
            "flatten the structure",
        ),
        BudgetBreach::Aliases { .. } | BudgetBreach::AliasAnchorRatio { .. } => (
            "uses aliases (`*name`)",
            format!("{} times", fixed.max_aliases),
            "write the values out in full",
        ),
        BudgetBreach::Anchors { .. } => (
            "defines anchors (`&name`)",
            format!("{} times", fixed.max_anchors),
            "write the values out in full",
        ),
        BudgetBreach::MergeKeys { .. } => (
            "uses merge keys (`<<:`)",
            format!("{} times", fixed.max_merge_keys),
            "write the merged keys out in full",
        ),
        _ => return expansion(),
    };
    (
        format!("this file {what} more than {cap}, the most opsbook reads"),
        Some(format!(
            "the cap stops a small file from expanding into a huge one and cannot be raised; {todo}"
        )),
    )
}

/// The message for aliases that expand past the cap.
fn expansion() -> (String, Option<String>) {
    (
        "the aliases (`*name`) in this file expand to far more values than it holds".into(),
        Some("opsbook caps alias expansion so a small file cannot grow into a huge one; write the values out in full instead of repeating `*name`".into()),
    )
}

/// The innermost `[` or `{` still open at 1-based (`line`, `col`), when the parser gave
/// up inside a flow list or mapping that its author never closed (`title: [draft` with
/// more keys below): that opener is where the mistake is. Quoted text and comments are
/// skipped; in block context a bracket opens a collection only where a value starts.
fn open_bracket_before(text: &str, line: u32, col: u32) -> Option<(char, u32, u32)> {
    let mut open: Vec<(char, u32, u32)> = Vec::new();
    for (l, row) in (1u32..).zip(text.lines()) {
        if l > line {
            break;
        }
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        let mut value_start = true;
        for (c, ch) in (1u32..).zip(row.chars()) {
            if l == line && c >= col {
                break;
            }
            match quote {
                Some('"') if ch == '\\' && prev != '\\' => {}
                Some(q) if ch == q && !(q == '"' && prev == '\\') => quote = None,
                Some(_) => {}
                None if ch == '#' && (prev == ' ' || c == 1) => break,
                None if (ch == '"' || ch == '\'') && (value_start || !open.is_empty()) => {
                    quote = Some(ch);
                }
                None if (ch == '[' || ch == '{') && (value_start || !open.is_empty()) => {
                    open.push((ch, l, c));
                }
                None if (ch == ']' || ch == '}') && !open.is_empty() => {
                    open.pop();
                }
                None => {}
            }
            if quote.is_none() && !ch.is_whitespace() {
                value_start = matches!(ch, ':' | '-' | ',' | '[' | '{' | '?');
            }
            prev = if prev == '\\' && ch == '\\' { ' ' } else { ch };
        }
    }
    open.pop()
}

/// serde-saphyr reports an unclosed flow collection as `unclosed bracket '['`, at the
/// opener or naming the opener's place inside the message (`… at line 1, column 8`).
fn unclosed_bracket(message: &str, line: u32, col: u32) -> Option<(char, u32, u32)> {
    let rest = message.strip_prefix("unclosed bracket '")?;
    let opener = rest.chars().next()?;
    let Some((_, at)) = rest.split_once(" at line ") else {
        return Some((opener, line, col));
    };
    let (l, c) = at.split_once(", column ")?;
    let digits = |s: &str| -> Option<u32> {
        s.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .ok()
    };
    Some((opener, digits(l)?, digits(c)?))
}

/// serde-saphyr ends its messages with ` at line L, column C`; we show that separately.
fn strip_location(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message);
    match first.rfind(" at line ") {
        Some(i) if first[i..].contains(", column ") => first[..i].to_string(),
        _ => first.to_string(),
    }
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// 1-based (line, column) where a node starts.
pub(crate) fn pos(n: &Spanned<Node>) -> (u32, u32) {
    (clamp(n.referenced.line()), clamp(n.referenced.column()))
}

/// The node's text exactly as written in `text` (for numbers such as `5.1` or `1.10`).
pub(crate) fn raw<'t>(text: &'t str, n: &Spanned<Node>) -> Option<&'t str> {
    let span = n.referenced.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    text.get(start..start.checked_add(len)?)
}

/// The text of a scalar: strings as they are, numbers as written. Else `None`.
pub(crate) fn scalar_text(text: &str, n: &Spanned<Node>) -> Option<String> {
    match &n.value {
        Node::Str(s) => Some(s.clone()),
        Node::Number(num) => Some(raw(text, n).unwrap_or(num).trim().to_string()),
        _ => None,
    }
}

/// Keys the mapping has, by name; each with its key and value node.
pub(crate) type Fields<'n> = BTreeMap<String, (&'n Spanned<Node>, &'n Spanned<Node>)>;

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> YamlError {
        load_yaml(text).expect_err("should not parse")
    }

    /// No message may show the parser's own vocabulary.
    fn assert_plain(e: &YamlError) {
        let all = format!("{} {}", e.message, e.hint.as_deref().unwrap_or(""));
        for word in [
            "Options",
            "Policy",
            "from_str",
            "budget",
            "Nodes {",
            "serde",
            "deserializ",
        ] {
            assert!(!all.contains(word), "{word:?} in {all:?}");
        }
    }

    #[test]
    fn a_state_file_of_100000_entries_reads() {
        let mut text = String::new();
        for i in 0..100_000 {
            text.push_str(&format!(
                "item-{i}:\n  done: true\n  by: alice\n  at: 2026-12-01T10:00:00Z\n  note: \"checked {i}\"\n"
            ));
        }
        let root = load_yaml(&text).expect("a big file written out in full reads");
        let Node::Map(entries) = root.value else {
            panic!("a mapping")
        };
        assert_eq!(entries.len(), 100_000);
    }

    #[test]
    fn expansion_is_still_capped_and_says_so_in_words() {
        // A billion laughs: each level doubles the one before.
        let mut text = String::from("a0: &a0 [x, x]\n");
        for i in 1..40 {
            text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}]\n", p = i - 1));
        }
        let e = err(&text);
        assert_plain(&e);
        assert!(e.message.contains("alias"), "{e:?}");
        assert!(e.hint.as_deref().unwrap_or("").contains("in full"), "{e:?}");
    }

    #[test]
    fn nesting_past_the_cap_names_the_cap() {
        let text = format!("{}x{}", "[".repeat(100), "]".repeat(100));
        let e = err(&text);
        assert_plain(&e);
        assert!(e.message.contains("32 levels"), "{e:?}");
    }

    #[test]
    fn duplicate_keys_and_second_documents_in_plain_words() {
        let e = err("a: 1\na: 2\n");
        assert_plain(&e);
        assert_eq!(e.message, "`a` appears twice in the same mapping");
        assert_eq!((e.line, e.col), (2, 1));
        let e = err("a: 1\n---\nb: 2\n");
        assert_plain(&e);
        assert!(
            e.hint.as_deref().unwrap_or("").contains("second `---`"),
            "{e:?}"
        );
        let e = err("a: *nowhere\n");
        assert_plain(&e);
        assert!(e.message.contains("anchor"), "{e:?}");
    }

    #[test]
    fn the_commonest_syntax_mistakes_are_said_in_plain_words() {
        // Three of kubernetes/sig-release's exception lists, and two more shapes.
        let cases = [
            (
                "\"just text\"\n- name: x\n",
                "a second top-level value starts here",
            ),
            (
                "a:\n  - \"x\", \n  - \"y\"\n",
                "text follows a quoted value",
            ),
            (
                "- name: x\n  issue: 1\n  - \n  status: A\n",
                "does not line up",
            ),
            ("title: Step 1: drain\n", "a `: ` where no key can start"),
            ("a:\n  b: 1\n   c: 2\n", "a `: ` where no key can start"),
            ("a: @b\n", "cannot start a value"),
        ];
        for (text, said) in cases {
            let e = err(text);
            assert_plain(&e);
            assert!(
                e.message.starts_with(said) || e.message.contains(said),
                "{text:?}: {e:?}"
            );
            assert!(
                !e.message.contains('<') && !e.message.contains("scalar"),
                "{e:?}"
            );
            assert!(!e.message.contains("block mapping"), "{e:?}");
        }
    }

    #[test]
    fn a_line_of_an_invisible_character_is_named_where_it_is() {
        // kubernetes/sig-release's 1.23 exception list: a zero-width space alone on a
        // line between the comments and the list.
        let e = err("# Exceptions\n\u{200B}\n# more\n- name: x\n  issue: 1\n");
        assert_plain(&e);
        assert_eq!(
            (e.message.as_str(), e.line, e.col),
            (
                "this line holds only an invisible character (U+200B), which YAML reads as a value of its own",
                2,
                1
            )
        );
    }

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        let e = err("title: [unclosed\n");
        assert_eq!(
            (e.message.as_str(), e.line, e.col),
            ("this `[` is never closed", 1, 8)
        );
        let e = err("title: [unclosed\nother: 1\n");
        assert_plain(&e);
        assert_eq!(e.message, "this `[` is never closed");
        assert_eq!((e.line, e.col), (1, 8));
        let e = err("a: 1\nb: {x: 1,\n  y: 2\nc: 3\n");
        assert_eq!(e.message, "this `{` is never closed");
        assert_eq!((e.line, e.col), (2, 4));
    }

    #[test]
    fn brackets_in_quotes_comments_and_plain_text_do_not_open() {
        let text = "a: \"[x\"\nb: 'it''s [x'\nc: a[1] # [\nd: [1, \"]\", 2\ne: 5\n";
        assert_eq!(open_bracket_before(text, 5, 1), Some(('[', 4, 4)));
        assert_eq!(open_bracket_before(text, 4, 1), None);
        let e = err(text);
        assert_eq!(
            (e.message.as_str(), e.line, e.col),
            ("this `[` is never closed", 4, 4)
        );
    }
}
