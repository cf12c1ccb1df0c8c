//! YAML (or Hugo's TOML) front matter: split it off a Markdown file, parse it into `FrontMatter`,
//! and report the line offset of the body so diagnostics point at the real line. Pure.
//!
//! The block is `---` on the very first line, closed by a line `---` (or more dashes)
//! or `...` (CRLF accepted). A `---` that never closes is body text (a thematic break). The YAML goes
//! through serde-saphyr with strict booleans and duplicate keys as errors; every problem
//! (invalid YAML, a wrong type for a known key) is a `front-matter` diagnostic at the
//! file's line:col, and the known keys that are fine are still kept. Unknown keys go to
//! `extra`, never an error. Empty values (`title:`, `title: ''`) mean absent.
//!
//! Hugo's TOML block between `+++` lines is read the same way (its dates as text), and
//! so is Hugo's JSON front matter: a JSON object at the very start of the file (its
//! first line `{` or `{"…`), the body starting on the line after its closing `}`.
//! Besides opsbook's keys, Hugo's and Docusaurus's keys for the sidebar and old URLs
//! are read into `order`, `sidebar_title`, `hidden` and `redirects` (`ToolKeys`).

use std::collections::BTreeMap;

use serde_json::Value;
use serde_saphyr::{DuplicateKeyPolicy, Location, Options, Spanned};

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::model::FrontMatter;
use crate::model::front_matter::OldUrl;
use crate::parse::yaml::describe;

/// A Markdown file split into front matter and body.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Split<'a> {
    pub(crate) front: FrontMatter,
    pub(crate) body: &'a str,
    /// Number of lines before the body (the front matter block), to add to body lines.
    pub(crate) line_offset: u32,
}

/// Splits `---\n…\n---\n` off the start of `text` (CRLF accepted) and parses it.
pub(crate) fn split<'a>(text: &'a str, path: &RelPath, diags: &mut Diagnostics) -> Split<'a> {
    split_with(text, path, diags, &serde_json::Map::new())
}

/// [`split`], with `defaults` for the keys the file does not write (in any case): a
/// Hugo section's `cascade` (`parse/hugo_cascade.rs`). A default of the wrong type is
/// left out without a word: its section's page is where it is written.
pub(crate) fn split_with<'a>(
    text: &'a str,
    path: &RelPath,
    diags: &mut Diagnostics,
    defaults: &serde_json::Map<String, Value>,
) -> Split<'a> {
    let block = find_block(text);
    let mut ctx = Ctx { text, path, diags };
    let mut read = match &block {
        None => Read::default(),
        Some(b) if b.kind == Kind::Toml => parse_toml(b.yaml, &mut ctx),
        Some(b) if b.kind == Kind::Json => parse_json(b.yaml, &mut ctx),
        Some(b) => parse(b.yaml, &mut ctx),
    };
    if !defaults.is_empty() {
        let mut quiet = Diagnostics::new();
        let mut ctx = Ctx {
            text,
            path,
            diags: &mut quiet,
        };
        for (key, value) in defaults {
            if !read.keys.iter().any(|k| same_key(k, key)) {
                apply(
                    &mut read.front,
                    &mut read.tool,
                    key.clone(),
                    value.clone(),
                    (1, 1),
                    &mut ctx,
                );
            }
        }
    }
    let front = finish(read.front, read.tool);
    match block {
        None => Split {
            front,
            body: text,
            line_offset: 0,
        },
        Some(block) => Split {
            front,
            body: &text[block.body_start..],
            line_offset: block.lines,
        },
    }
}

/// Whether two front-matter keys are one: in any case, and Hugo's `_build` is newer
/// Hugo's `build`.
fn same_key(a: &str, b: &str) -> bool {
    let name = |k: &str| {
        let k = k.to_ascii_lowercase();
        if k == "_build" {
            "build".to_string()
        } else {
            k
        }
    };
    name(a) == name(b)
}

/// A front matter block read: its known keys, the other tools' keys, and every key
/// it writes (for [`split_with`]'s defaults).
#[derive(Default)]
struct Read {
    front: FrontMatter,
    tool: ToolKeys,
    keys: Vec<String>,
}

/// Where the front matter block is in the file.
struct Block<'a> {
    yaml: &'a str,
    body_start: usize,
    lines: u32,
    kind: Kind,
}

/// The language of a front matter block.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Yaml,
    /// Hugo's, between `+++` lines.
    Toml,
    /// Hugo's, a JSON object at the start of the file.
    Json,
}

/// Finds the opening `---` line and its closing `---`/`...` line, or Hugo's `+++`
/// lines around TOML, or Hugo's JSON object.
fn find_block(text: &str) -> Option<Block<'_>> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    let head = first.trim_end();
    if head == "{" || head.starts_with("{\"") {
        return Some(json_block(text));
    }
    let toml = first.trim_end() == "+++";
    if !(first.trim_end() == "---" || toml) || !first.ends_with('\n') {
        return None;
    }
    let yaml_start = first.len();
    let mut pos = yaml_start;
    for (count, line) in (2u32..).zip(lines) {
        let trimmed = line.trim_end();
        // Docusaurus books close it with a longer line of dashes too.
        let dashes = trimmed.len() >= 3 && trimmed.bytes().all(|b| b == b'-');
        let closes = if toml {
            trimmed == "+++"
        } else {
            dashes || trimmed == "..."
        };
        if closes {
            return Some(Block {
                yaml: &text[yaml_start..pos],
                body_start: pos + line.len(),
                lines: count,
                kind: if toml { Kind::Toml } else { Kind::Yaml },
            });
        }
        pos += line.len();
    }
    None
}

/// Hugo's JSON front matter: the object at the start of `text`, up to the end of the
/// line of its closing brace; when it does not parse, the whole text (the parse
/// reports where).
fn json_block(text: &str) -> Block<'_> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde::de::IgnoredAny>();
    let end = match stream.next() {
        Some(Ok(_)) => stream.byte_offset(),
        // Up to a line `}`, so that the body stays the body.
        _ => text
            .find("\n}")
            .filter(|&n| {
                text[n + 2..]
                    .trim_start_matches([' ', '\t', '\r'])
                    .starts_with('\n')
            })
            .map_or(text.len(), |n| n + 2),
    };
    let body_start = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
    let lines = text[..body_start].matches('\n').count();
    Block {
        yaml: &text[..end],
        body_start,
        lines: u32::try_from(lines).unwrap_or(u32::MAX),
        kind: Kind::Json,
    }
}

/// What the parsing helpers need to report a problem.
struct Ctx<'t, 'd> {
    text: &'t str,
    path: &'t RelPath,
    diags: &'d mut Diagnostics,
}

impl Ctx<'_, '_> {
    /// Reports at a line and column of the file.
    fn report(&mut self, (line, col): At, message: String, hint: &str) {
        let d = Diagnostic::error(Code::FrontMatter, self.path.clone(), message)
            .at(self.text, line, col)
            .with_hint(hint);
        self.diags.push(d);
    }
}

fn yaml_options() -> Options {
    let mut o = Options::default();
    o.strict_booleans = true;
    o.duplicate_keys = DuplicateKeyPolicy::Error;
    o.with_snippet = false;
    o
}

type RawMap = BTreeMap<String, Spanned<Value>>;

/// A 1-based line and column in the file.
type At = (u32, u32);

/// The file's place of a YAML location (1-based in the block; the block starts at
/// line 2).
fn at_of(loc: Location) -> At {
    let line = u32::try_from(loc.line()).unwrap_or(u32::MAX - 1);
    let col = u32::try_from(loc.column()).unwrap_or(0);
    (line.saturating_add(1), col)
}

/// Parses the YAML of the block; problems become diagnostics, never a failure.
fn parse(yaml: &str, ctx: &mut Ctx<'_, '_>) -> Read {
    if yaml.trim().is_empty() {
        return Read::default();
    }
    let raw: Option<RawMap> = match serde_saphyr::from_str_with_options(yaml, yaml_options()) {
        Ok(raw) => raw,
        Err(e) => {
            // The block's first line is the file's second.
            let e = describe(&e, Some(yaml), 1);
            let hint = e.hint.as_deref().unwrap_or(
                "front matter is a YAML mapping between `---` lines, e.g. `title: Deploy`; quote values that contain `: `",
            );
            let d = Diagnostic::error(
                Code::FrontMatter,
                ctx.path.clone(),
                format!("invalid YAML front matter: {}", e.message),
            )
            .at(ctx.text, e.line, e.col)
            .with_hint(hint);
            ctx.diags.push(d);
            return Read::default();
        }
    };
    let mut read = Read::default();
    let mut entries: Vec<(String, Spanned<Value>)> = raw.unwrap_or_default().into_iter().collect();
    // In source order, so diagnostics read top to bottom.
    entries.sort_by_key(|(_, v)| (v.referenced.line(), v.referenced.column()));
    for (key, value) in entries {
        let at = at_of(value.referenced);
        read.keys.push(key.clone());
        apply(&mut read.front, &mut read.tool, key, value.value, at, ctx);
    }
    read
}

/// The keys several tools have for one thing, into `front`.
fn finish(mut front: FrontMatter, tool: ToolKeys) -> FrontMatter {
    front.order = front.order.or(tool.sidebar_position).or(tool.weight);
    front.sidebar_title = tool.sidebar_label.or(tool.link_title);
    front
}

/// Hugo's JSON front matter: the same keys as in YAML; an object that does not parse
/// is a `front-matter` error at its line and column.
fn parse_json(text: &str, ctx: &mut Ctx<'_, '_>) -> Read {
    let values: serde_json::Map<String, Value> = match serde_json::from_str(text) {
        Ok(values) => values,
        Err(e) => {
            let message = e.to_string();
            // serde_json says "… at line 3 column 5": the place is given apart.
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            let line = u32::try_from(e.line()).unwrap_or(1).max(1);
            let col = u32::try_from(e.column()).unwrap_or(1).max(1);
            ctx.report(
                (line, col),
                format!("invalid JSON front matter: {message}"),
                "Hugo's JSON front matter is one object at the top of the file, e.g. `{ \"title\": \"Deploy\" }`, closed by `}` on its own line; keys and texts in double quotes, commas between entries, none after the last",
            );
            return Read::default();
        }
    };
    let index = crate::base::diag::LineIndex::new(text);
    let mut read = Read::default();
    for (key, at) in json_keys(text) {
        if let Some(v) = values.get(&key) {
            let place = index.line_col(text, at);
            read.keys.push(key.clone());
            apply(&mut read.front, &mut read.tool, key, v.clone(), place, ctx);
        }
    }
    read
}

/// The top-level keys of a JSON object with the byte offset of each value, in order.
fn json_keys(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0u32, false, false);
    let mut string_start = 0;
    let mut last_string: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    in_string = false;
                    last_string = Some((string_start, i));
                }
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                string_start = i + 1;
            }
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            ':' if depth == 1 => {
                if let Some((from, to)) = last_string.take() {
                    let key = serde_json::from_str(&format!("\"{}\"", &text[from..to]));
                    let value_at = text[i + 1..]
                        .find(|c: char| !c.is_whitespace())
                        .map_or(i + 1, |n| i + 1 + n);
                    if let Ok(key) = key {
                        out.push((key, value_at));
                    }
                }
            }
            _ if !c.is_whitespace() => last_string = None,
            _ => {}
        }
    }
    out
}

/// Hugo's TOML front matter: the same keys as in YAML; a block that does not parse is
/// a `front-matter` error at its line.
fn parse_toml(text: &str, ctx: &mut Ctx<'_, '_>) -> Read {
    if text.trim().is_empty() {
        return Read::default();
    }
    let index = crate::base::diag::LineIndex::new(text);
    let place = |at: usize| {
        let (line, col) = index.line_col(text, at);
        (line.saturating_add(1), col)
    };
    let parsed = toml::de::DeTable::parse(text)
        .map_err(|e| (e.span().map_or(0, |s| s.start), e.message().to_string()))
        .and_then(|spans| {
            let values: toml::Table = toml::from_str(text)
                .map_err(|e| (e.span().map_or(0, |s| s.start), e.message().to_string()))?;
            Ok((spans, values))
        });
    let (spans, values) = match parsed {
        Ok(found) => found,
        Err((at, message)) => {
            ctx.report(
                place(at),
                format!("invalid TOML front matter: {}", message.trim_end()),
                "Hugo's TOML front matter is `key = value` lines between `+++` lines, e.g. `title = \"Deploy\"`",
            );
            return Read::default();
        }
    };
    let mut entries: Vec<(String, usize)> = spans
        .get_ref()
        .iter()
        .map(|(k, v)| (k.get_ref().to_string(), v.span().start))
        .collect();
    entries.sort_by_key(|e| e.1);
    let mut read = Read::default();
    for (key, at) in entries {
        if let Some(v) = values.get(&key) {
            read.keys.push(key.clone());
            apply(
                &mut read.front,
                &mut read.tool,
                key,
                crate::config::hugo::toml_to_json(v),
                place(at),
                ctx,
            );
        }
    }
    read
}

/// Hugo's and Docusaurus's keys that say the same thing, kept apart until all are read:
/// `sidebar_position` wins over `weight`, `sidebar_label` over `linkTitle`.
#[derive(Default)]
struct ToolKeys {
    sidebar_position: Option<f64>,
    weight: Option<f64>,
    sidebar_label: Option<String>,
    link_title: Option<String>,
}

/// Hugo's and Docusaurus's keys (Hugo's in any case, as Hugo reads them); `None` when
/// `key` is none of them, else whether the value had a wrong type.
fn apply_tool_key(
    front: &mut FrontMatter,
    tool: &mut ToolKeys,
    key: &str,
    (v, at): (&Value, At),
    ctx: &Ctx<'_, '_>,
) -> Option<bool> {
    let wrong = match key {
        "sidebar_position" => v
            .as_f64()
            .map(|n| tool.sidebar_position = Some(n))
            .is_none(),
        "sidebar_label" => scalar_string(v)
            .map(|s| tool.sidebar_label = Some(s))
            .is_none(),
        "unlisted" => v.as_bool().map(|b| front.hidden |= b).is_none(),
        "slug" => scalar_string(v)
            .map(|s| front.redirects.push(old_url(ctx, at, s, true)))
            .is_none(),
        _ => match key.to_ascii_lowercase().as_str() {
            // Hugo: weight 0 is no weight.
            "weight" => v
                .as_i64()
                .map(|n| tool.weight = (n != 0).then_some(n as f64))
                .is_none(),
            "linktitle" => scalar_string(v)
                .map(|s| tool.link_title = Some(s))
                .is_none(),
            "bookhidden" => v.as_bool().map(|b| front.hidden |= b).is_none(),
            "aliases" => string_list(v)
                .map(|l| {
                    let urls = l.into_iter().map(|s| old_url(ctx, at, s, false));
                    front.redirects.extend(urls);
                })
                .is_none(),
            _ => return None,
        },
    };
    Some(wrong)
}

/// An old URL at its place: the first line at or after the key's value that holds it.
fn old_url(ctx: &Ctx<'_, '_>, (from, at_col): At, url: String, slug: bool) -> OldUrl {
    let found = (from..)
        .zip(ctx.text.lines().skip(from.saturating_sub(1) as usize))
        .take_while(|(_, l)| !matches!(l.trim_end(), "---" | "..." | "+++"))
        .find_map(|(n, l)| l.find(url.as_str()).map(|c| (n, c)));
    let (line, col) = match found {
        Some((n, c)) => (n, u32::try_from(c).unwrap_or(0).saturating_add(1)),
        None => (from, at_col),
    };
    OldUrl {
        url,
        slug,
        line,
        col,
    }
}

/// Puts one key into `front` (or `tool`), or reports a wrong type.
fn apply(
    front: &mut FrontMatter,
    tool: &mut ToolKeys,
    key: String,
    v: Value,
    at: At,
    ctx: &mut Ctx<'_, '_>,
) {
    if is_empty(&v) {
        // Docusaurus's `custom_edit_url: null` says "no edit link": kept, as `null`.
        if key == NULLABLE && v.is_null() {
            front.extra.insert(key, v);
        }
        return;
    }
    let wrong = match key.as_str() {
        "title" => scalar_string(&v).map(|s| front.title = Some(s)).is_none(),
        "id" => scalar_string(&v)
            .map(|s| {
                front.id = Some(s);
                front.id_at = Some(at);
            })
            .is_none(),
        "order" => v.as_f64().map(|n| front.order = Some(n)).is_none(),
        "draft" => v.as_bool().map(|b| front.draft = b).is_none(),
        "environments" => string_list(&v).map(|l| front.environments = l).is_none(),
        _ => match apply_tool_key(front, tool, &key, (&v, at), ctx) {
            Some(false) => false,
            Some(true) => {
                // Another tool's key in any book: it may mean something else there,
                // so a wrong type is a warning and the value is kept as it is.
                let (expected, example) = expected_type(&key);
                let d = Diagnostic::warning(
                    Code::FrontMatter,
                    ctx.path.clone(),
                    format!(
                        "`{key}` is read as Hugo or Docusaurus read it and must be {expected}, found {}; it is ignored",
                        type_name(&v)
                    ),
                )
                .at(ctx.text, at.0, at.1)
                .with_hint(format!("write it as `{key}: {example}`, or rename the key"));
                ctx.diags.push(d);
                front.extra.insert(key, v);
                return;
            }
            None => {
                front.extra.insert(key, v);
                return;
            }
        },
    };
    if wrong {
        let (expected, example) = expected_type(&key);
        ctx.report(
            at,
            format!("`{key}` must be {expected}, found {}", type_name(&v)),
            &format!("write it as `{key}: {example}`"),
        );
    }
}

/// The one key whose empty value means something: Docusaurus's `custom_edit_url: null`
/// hides the page's edit link (`render::context`).
const NULLABLE: &str = "custom_edit_url";

fn expected_type(key: &str) -> (&'static str, &'static str) {
    match key.to_ascii_lowercase().as_str() {
        "order" | "sidebar_position" => ("a number", "10"),
        "weight" => ("an integer", "10"),
        "draft" | "unlisted" | "bookhidden" => ("`true` or `false`", "true"),
        "aliases" => ("a list of paths", "[/old/path/]"),
        "environments" => ("a list of names", "[staging, production]"),
        "id" => ("a string", "ops-deploy"),
        _ => ("a string", "Deploy to production"),
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A string, or a number written where a string is expected (`id: 5.1`).
fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A list of strings, or one string (a single environment).
fn string_list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::String(s) => Some(vec![s.trim().to_string()]),
        Value::Array(items) => items
            .iter()
            .filter(|i| !is_empty(i))
            .map(|i| i.as_str().map(|s| s.trim().to_string()))
            .collect(),
        _ => None,
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Split<'_>, Diagnostics) {
        let mut d = Diagnostics::new();
        let s = split(text, &RelPath::new("content/a.md"), &mut d);
        (s, d)
    }

    /// Each diagnostic as `file:line:col message`.
    fn located(d: &Diagnostics) -> Vec<String> {
        d.iter()
            .map(|d| format!("{} {}", d.location(), d.message))
            .collect()
    }

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let (s, d) = run("---\ntitle: Deploy\norder: 3\n---\n# Body\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.front.title.as_deref(), Some("Deploy"));
        assert_eq!(s.front.order, Some(3.0));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.line_offset, 4);
    }

    #[test]
    fn accepts_crlf_and_dots_closer() {
        let (s, d) = run("---\r\ntitle: X\r\ndraft: true\r\n...\r\nbody\r\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.front.title.as_deref(), Some("X"));
        assert!(s.front.draft);
        assert_eq!(s.body, "body\r\n");
        assert_eq!(s.line_offset, 4);
    }

    #[test]
    fn unclosed_block_is_body_text() {
        let text = "---\n# Not front matter\n";
        let (s, d) = run(text);
        assert!(d.is_empty());
        assert_eq!(s.body, text);
        assert_eq!(s.line_offset, 0);
        assert_eq!(run("---").0.body, "---");
    }

    #[test]
    fn a_longer_line_of_dashes_closes_it() {
        let mut diags = Diagnostics::new();
        let path = RelPath::new("a.md");
        let s = split("---\ntitle: T\n----------\n# Body\n", &path, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(s.front.title.as_deref(), Some("T"));
        assert_eq!(s.body, "# Body\n");
    }

    #[test]
    fn no_front_matter_when_not_on_first_line() {
        let text = "\n---\ntitle: x\n---\n";
        assert_eq!(run(text).0.body, text);
    }

    #[test]
    fn keeps_nested_maps_and_lists_in_extra() {
        let (s, d) =
            run("---\nlab:\n  title: Key Vault\n  module: 7\nredirect_from:\n  - /old/\n---\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.front.extra["lab"]["title"], "Key Vault");
        assert_eq!(s.front.extra["lab"]["module"], 7);
        assert_eq!(s.front.extra["redirect_from"][0], "/old/");
    }

    #[test]
    fn empty_values_mean_absent() {
        let (s, d) = run("---\ntitle: ''\nid:\nenvironments: []\nlabels: ''\n---\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.front.title, None);
        assert_eq!(s.front.id, None);
        assert!(s.front.environments.is_empty());
        let (s, d) = run("---\n---\nbody");
        assert!(d.is_empty());
        assert_eq!(s.front, FrontMatter::default());
        assert_eq!(s.body, "body");
    }

    #[test]
    fn an_id_keeps_its_place() {
        let (s, _) = run("---\ntitle: T\nid:   setup\n---\n");
        assert_eq!(s.front.id.as_deref(), Some("setup"));
        assert_eq!(s.front.id_at, Some((3, 7)));
    }

    #[test]
    fn custom_edit_url_null_is_kept_as_null() {
        let (s, d) = run("---\ncustom_edit_url: null\nlabels:\n---\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.front.extra.get("custom_edit_url"), Some(&Value::Null));
        assert_eq!(s.front.extra.get("labels"), None);
        let (s, _) = run("---\ncustom_edit_url: ''\n---\n");
        assert_eq!(s.front.extra.get("custom_edit_url"), None);
    }

    #[test]
    fn environments_as_list_or_single_string() {
        let (s, _) = run("---\nenvironments: [staging, production]\n---\n");
        assert_eq!(s.front.environments, ["staging", "production"]);
        let (s, _) = run("---\nenvironments: production\n---\n");
        assert_eq!(s.front.environments, ["production"]);
    }

    #[test]
    fn wrong_type_reports_file_line_and_column() {
        let (s, d) = run("---\ntitle: Deploy\norder: first\ndraft: yes\n---\nbody\n");
        let msgs = located(&d);
        assert_eq!(
            msgs,
            [
                "content/a.md:3:8 `order` must be a number, found a string",
                "content/a.md:4:8 `draft` must be `true` or `false`, found a string",
            ]
        );
        assert!(
            d.iter()
                .all(|d| d.hint.is_some() && d.code == Code::FrontMatter)
        );
        assert_eq!(
            s.front.title.as_deref(),
            Some("Deploy"),
            "good keys are kept"
        );
        assert_eq!(s.body, "body\n");
    }

    #[test]
    fn invalid_yaml_reports_real_line() {
        let (s, d) = run("---\ntitle: ok\nbad: [unclosed\n---\n# Still here\n");
        assert_eq!(d.error_count(), 1, "{d:?}");
        let diag = d.iter().next().unwrap();
        assert!(diag.line >= 3, "{}", diag.location());
        assert!(diag.message.starts_with("invalid YAML"), "{}", diag.message);
        assert_eq!(s.body, "# Still here\n");
        assert_eq!(s.line_offset, 4);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let (_, d) = run("---\ntitle: a\ntitle: b\n---\n");
        assert_eq!(d.error_count(), 1, "{d:?}");
        assert_eq!(d.iter().next().unwrap().line, 3);
    }

    #[test]
    fn hugo_and_docusaurus_keys_give_order_sidebar_title_hidden_and_old_urls() {
        let (s, d) = run(
            "---\nweight: 3\nsidebar_position: 1.5\nlinkTitle: Short\nbookHidden: true\naliases:\n  - /old/a/\n  - /old/b.html\nslug: /start\n---\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            s.front.order,
            Some(1.5),
            "sidebar_position wins over weight"
        );
        assert_eq!(s.front.sidebar_title.as_deref(), Some("Short"));
        assert!(s.front.hidden);
        let urls: Vec<(&str, bool, u32, u32)> = s
            .front
            .redirects
            .iter()
            .map(|r| (r.url.as_str(), r.slug, r.line, r.col))
            .collect();
        assert_eq!(
            urls,
            [
                ("/old/a/", false, 7, 5),
                ("/old/b.html", false, 8, 5),
                ("/start", true, 9, 7)
            ]
        );
        assert!(s.front.extra.is_empty(), "{:?}", s.front.extra);
        let (s, _) = run("---\norder: 2\nWeight: 0\nsidebar_label: L\nlinkTitle: T\n---\n");
        assert_eq!(s.front.order, Some(2.0));
        assert_eq!(s.front.sidebar_title.as_deref(), Some("L"));
        let (s, _) = run("---\nweight: 0\n---\n");
        assert_eq!(s.front.order, None, "weight 0 is no weight, as in Hugo");
    }

    #[test]
    fn hugo_toml_front_matter_between_plus_lines() {
        let text = "+++\ntitle = \"Deploy\"\nweight = 20\ndate = 2024-01-02T03:04:05Z\naliases = [\"/old/\"]\n[params]\nx = 1\n+++\n# Body\n";
        let (s, d) = run(text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.front.title.as_deref(), Some("Deploy"));
        assert_eq!(s.front.order, Some(20.0));
        assert_eq!(s.front.extra["date"], "2024-01-02T03:04:05Z");
        assert_eq!(s.front.extra["params"]["x"], 1);
        assert_eq!(
            (s.front.redirects[0].line, s.front.redirects[0].col),
            (5, 13)
        );
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.line_offset, 8);
        let (s, d) = run("+++\ntitle = \"x\nweight = \"heavy\"\n+++\nbody\n");
        assert_eq!(d.error_count(), 1, "{d:?}");
        assert_eq!(d.iter().next().unwrap().line, 2);
        assert_eq!(s.body, "body\n");
        let (_, d) = run("+++\norder = \"first\"\n+++\n");
        let found = located(&d);
        assert_eq!(
            found,
            ["content/a.md:2:9 `order` must be a number, found a string"]
        );
    }

    #[test]
    fn hugo_json_front_matter_at_the_top() {
        let text = "{\n  \"title\": \"Deploy\",\n  \"weight\": 20,\n  \"aliases\": [\"/old/\"],\n  \"params\": {\"x\": \"a:b\"}\n}\n# Body\n";
        let (s, d) = run(text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.front.title.as_deref(), Some("Deploy"));
        assert_eq!(s.front.order, Some(20.0));
        assert_eq!(s.front.extra["params"]["x"], "a:b");
        assert_eq!(
            (s.front.redirects[0].line, s.front.redirects[0].col),
            (4, 16)
        );
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.line_offset, 6);
        let (s, d) = run("{\"title\": \"One line\"}\nbody\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.front.title.as_deref(), Some("One line"));
        assert_eq!((s.body, s.line_offset), ("body\n", 1));
    }

    #[test]
    fn bad_json_front_matter_is_an_error_at_its_place() {
        let (s, d) = run("{\n  \"title\": \"x\",\n  \"weight\": 2,\n}\n# Body\n");
        let found = located(&d);
        assert_eq!(
            found,
            ["content/a.md:4:1 invalid JSON front matter: trailing comma"]
        );
        assert_eq!(s.front, FrontMatter::default());
        let (_, d) = run("{\n  \"order\": \"first\"\n}\n");
        let found = located(&d);
        assert_eq!(
            found,
            ["content/a.md:2:12 `order` must be a number, found a string"]
        );
        let (s, d) = run("{{< hint >}}\ntext\n");
        assert!(d.is_empty(), "a shortcode is not front matter");
        assert_eq!(s.body, "{{< hint >}}\ntext\n");
    }

    #[test]
    fn wrong_types_of_tool_keys_are_warnings_and_kept() {
        let (s, d) = run("---\nweight: first\nunlisted: 1\naliases: {a: b}\n---\n");
        assert!(!d.has_errors(), "{d:?}");
        let msgs = located(&d);
        assert_eq!(
            msgs,
            [
                "content/a.md:2:9 `weight` is read as Hugo or Docusaurus read it and must be an integer, found a string; it is ignored",
                "content/a.md:3:11 `unlisted` is read as Hugo or Docusaurus read it and must be `true` or `false`, found a number; it is ignored",
                "content/a.md:4:10 `aliases` is read as Hugo or Docusaurus read it and must be a list of paths, found a mapping; it is ignored",
            ]
        );
        assert_eq!(s.front.extra["aliases"]["a"], "b");
        assert_eq!(s.front.order, None);
    }

    #[test]
    fn a_list_is_not_front_matter_mapping() {
        let (_, d) = run("---\n- a\n- b\n---\n");
        assert_eq!(d.error_count(), 1, "{d:?}");
    }
}
