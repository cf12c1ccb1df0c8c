//! The JavaScript/TypeScript object literals of a Docusaurus site's `sidebars.js` and
//! `docusaurus.config.js`, read without running them. A small tokenizer: `//` and
//! `/* */` comments, `'…'`, `"…"` and `` `…` `` texts (a `${…}` inside makes the text
//! unreadable), numbers, names and punctuation. On it, a reader of the literal subset:
//! objects (quoted or unquoted keys, trailing commas), arrays, texts, numbers,
//! `true`/`false`/`null`. Anything else (a spread, a call, `require(…)`, a variable, an
//! arrow function) is an `Js::Unreadable` value at its line and column, skipped to the
//! next `,` of its object or array, so that the rest is still read: the caller
//! decides what an unreadable value means. The file's value is found after
//! `module.exports =`, `export default` or, when those name a variable, after
//! `const name = ` (a TypeScript type annotation, `satisfies …` and `as …` are
//! skipped). A JSON parser (json5) would refuse the whole file at the first call or
//! spread; this reader keeps what it can and says where it stopped. Pure.

/// A `config` warning about the value at `line:col` of `file` (whose text is `text`):
/// how the readers of a config's literals say what they leave out.
pub(crate) fn warning(
    file: &crate::base::path::RelPath,
    text: &str,
    (line, col): (u32, u32),
    message: impl Into<String>,
    hint: &str,
) -> crate::base::diag::Diagnostic {
    use crate::base::diag::{Code, Diagnostic};
    Diagnostic::warning(Code::Config, file.clone(), message)
        .at(text, line, col)
        .with_hint(hint.to_string())
}

/// A value of the literal, with the 1-based line and column where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) value: Js,
    pub(crate) line: u32,
    pub(crate) col: u32,
}

/// What a value is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Js {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Array(Vec<Node>),
    /// Keys in source order.
    Object(Vec<(String, Node)>),
    /// Not a literal: what it starts with (`...items`, `require`, `sidebar`).
    Unreadable(String),
}

impl Node {
    /// The value of `key` when this is an object that has it.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Js::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text when this is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            Js::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The first unreadable value in this one (itself or nested), depth-first.
    pub(crate) fn first_unreadable(&self) -> Option<&Node> {
        match &self.value {
            Js::Unreadable(_) => Some(self),
            Js::Array(items) => items.iter().find_map(Node::first_unreadable),
            Js::Object(entries) => entries.iter().find_map(|(_, v)| v.first_unreadable()),
            _ => None,
        }
    }
}

/// Why no value could be read, and where.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unread {
    pub(crate) message: String,
    pub(crate) line: u32,
    pub(crate) col: u32,
}

/// The value the file exports (`module.exports = …`, `export default …`).
pub(crate) fn exported(text: &str) -> Result<Node, Unread> {
    let toks = tokenize(text);
    let start = find_export(&toks).ok_or_else(|| Unread {
        message: "no `module.exports =` or `export default` was found".into(),
        line: 1,
        col: 1,
    })?;
    let mut reader = Reader {
        toks: &toks,
        at: start,
    };
    // `export default sidebars;` names a variable declared above.
    if let Some(Tok {
        kind: Kind::Name(name),
        ..
    }) = reader.peek()
        && !matches!(name.as_str(), "true" | "false" | "null")
        && !matches!(
            reader.peek_at(1).map(|t| &t.kind),
            Some(Kind::Punct('(' | '.'))
        )
    {
        let name = name.clone();
        reader.at = find_declaration(&toks, &name).ok_or_else(|| {
            let t = &toks[start];
            Unread {
                message: format!("`{name}` is not declared as `const {name} = …` in the file"),
                line: t.line,
                col: t.col,
            }
        })?;
    }
    Ok(reader.value())
}

/// The value of `const name = …` in `text` (`let`, `var`; a `: Type` skipped): what a
/// module exports by that name (`export const name = …`, or `export { name }` below).
pub(crate) fn declared(text: &str, name: &str) -> Result<Node, Unread> {
    let toks = tokenize(text);
    let at = find_declaration(&toks, name).ok_or_else(|| Unread {
        message: format!("`{name}` is not declared as `const {name} = …` in the file"),
        line: 1,
        col: 1,
    })?;
    Ok(Reader { toks: &toks, at }.value())
}

/// Where the binding `name` of a file comes from: `import name from './x'` and
/// `const name = require('./x')` (the module's default export or `module.exports`:
/// `None`), `import { name } from './x'` and `import { y as name } from './x'` (its
/// export `name`, `y`), `const name = require('./x').y` (`y`). The path as written.
pub(crate) fn imported(text: &str, name: &str) -> Option<(String, Option<String>)> {
    let toks = tokenize(text);
    let word =
        |i: usize, w: &str| matches!(toks.get(i).map(|t| &t.kind), Some(Kind::Name(n)) if n == w);
    let punct = |i: usize, c: char| toks.get(i).is_some_and(|t| t.kind == Kind::Punct(c));
    let text_at = |i: usize| match toks.get(i).map(|t| &t.kind) {
        Some(Kind::Str(s)) => Some(s.clone()),
        _ => None,
    };
    for i in 0..toks.len() {
        if word(i, "import") && !word(i + 1, "type") {
            // Up to `from '…'`: a default name, then `{ a, b as c }`.
            let end = (i + 1..toks.len()).find(|&j| word(j, "from"))?;
            let path = text_at(end + 1)?;
            let mut j = i + 1;
            if word(j, name) {
                return Some((path, None));
            }
            while j < end {
                if let Some(Kind::Name(export)) = toks.get(j).map(|t| &t.kind) {
                    if word(j + 1, "as") && word(j + 2, name) {
                        return Some((path, Some(export.clone())));
                    }
                    if export == name && punct(j - 1, '{') | punct(j - 1, ',') {
                        return Some((path, Some(name.to_string())));
                    }
                }
                j += 1;
            }
        }
        let declares =
            matches!(&toks[i].kind, Kind::Name(k) if matches!(k.as_str(), "const" | "let" | "var"));
        if declares
            && word(i + 1, name)
            && punct(i + 2, '=')
            && word(i + 3, "require")
            && punct(i + 4, '(')
        {
            let path = text_at(i + 5)?;
            let export = (punct(i + 6, ')') && punct(i + 7, '.'))
                .then(|| match toks.get(i + 8).map(|t| &t.kind) {
                    Some(Kind::Name(e)) => Some(e.clone()),
                    _ => None,
                })
                .flatten();
            return Some((path, export));
        }
    }
    None
}

/// The value a JSON file holds (`versions.json`, a versioned sidebars file): JSON is
/// a literal of the subset read here.
pub(crate) fn json(text: &str) -> Node {
    let toks = tokenize(text);
    Reader { toks: &toks, at: 0 }.value()
}

/// The object that follows the first `key: {` in the file whose object holds one of
/// `with` (`docs: { path: … }`); `None` when there is none.
pub(crate) fn object_at_key(text: &str, key: &str, with: &[&str]) -> Option<Node> {
    let toks = tokenize(text);
    (0..toks.len()).find_map(|i| {
        let is_key = matches!(&toks[i].kind, Kind::Name(n) | Kind::Str(n) if n == key);
        let followed = matches!(toks.get(i + 1).map(|t| &t.kind), Some(Kind::Punct(':')))
            && matches!(toks.get(i + 2).map(|t| &t.kind), Some(Kind::Punct('{')));
        if !is_key || !followed {
            return None;
        }
        let node = Reader {
            toks: &toks,
            at: i + 2,
        }
        .value();
        with.iter().any(|k| node.get(k).is_some()).then_some(node)
    })
}

/// The array that follows the first `key: [` in the file (`staticDirectories: […]`);
/// `None` when there is none.
pub(crate) fn array_at_key(text: &str, key: &str) -> Option<Node> {
    let toks = tokenize(text);
    (0..toks.len()).find_map(|i| {
        let is_key = matches!(&toks[i].kind, Kind::Name(n) | Kind::Str(n) if n == key);
        let followed = matches!(toks.get(i + 1).map(|t| &t.kind), Some(Kind::Punct(':')))
            && matches!(toks.get(i + 2).map(|t| &t.kind), Some(Kind::Punct('[')));
        (is_key && followed).then(|| {
            Reader {
                toks: &toks,
                at: i + 2,
            }
            .value()
        })
    })
}

/// Every plugin entry `['<name>', …]` whose name contains `name_part`, in file order:
/// its options object (`Ok`), or the place of options that are not an object
/// literal (`Err`: a variable, a call), which opsbook cannot read.
pub(crate) fn plugin_entries(text: &str, name_part: &str) -> Vec<Result<Node, (u32, u32)>> {
    let toks = tokenize(text);
    (0..toks.len())
        .filter_map(|i| {
            let Kind::Str(name) = &toks[i].kind else {
                return None;
            };
            let comma = matches!(toks.get(i + 1).map(|t| &t.kind), Some(Kind::Punct(',')));
            let opened = i > 0 && toks[i - 1].kind == Kind::Punct('[');
            if !name.contains(name_part) || !comma || !opened {
                return None;
            }
            let options = toks.get(i + 2)?;
            if options.kind != Kind::Punct('{') && options.kind != Kind::Punct('(') {
                return Some(Err((options.line, options.col)));
            }
            let node = Reader {
                toks: &toks,
                at: i + 2,
            }
            .value();
            match node.value {
                Js::Object(_) => Some(Ok(node)),
                _ => Some(Err((options.line, options.col))),
            }
        })
        .collect()
}

/// Every object literal of the file that has `key: '<value>'` (the navbar items of
/// `docsPluginId: 'community'`), in file order.
pub(crate) fn objects_with(text: &str, key: &str, value: &str) -> Vec<Node> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        if tok.kind != Kind::Punct('{') {
            continue;
        }
        // Only objects that name the pair themselves are read (cheap test first).
        let names = toks[i..]
            .windows(3)
            .take_while(|w| w[0].kind != Kind::Punct('}'));
        let has = names
            .clone()
            .any(|w| matches!((&w[0].kind, &w[2].kind), (Kind::Name(k) | Kind::Str(k), Kind::Str(v)) if k == key && v == value));
        if !has {
            continue;
        }
        let node = Reader { toks: &toks, at: i }.value();
        if node.get(key).and_then(Node::as_str) == Some(value) {
            out.push(node);
        }
    }
    out
}

/// The text of the first `key: '<text>'` of the file (`onBrokenAnchors: 'warn'`).
pub(crate) fn text_at_key(text: &str, key: &str) -> Option<String> {
    let toks = tokenize(text);
    toks.windows(3)
        .find_map(|w| match (&w[0].kind, &w[1].kind, &w[2].kind) {
            (Kind::Name(k) | Kind::Str(k), Kind::Punct(':'), Kind::Str(v)) if k == key => {
                Some(v.clone())
            }
            _ => None,
        })
}

/// Whether the first `key: true|false` of the file (`docs: false`) is `false`.
pub(crate) fn is_false_at_key(text: &str, key: &str) -> bool {
    let toks = tokenize(text);
    toks.windows(3).any(|w| {
        matches!(&w[0].kind, Kind::Name(k) | Kind::Str(k) if k == key)
            && w[1].kind == Kind::Punct(':')
            && matches!(&w[2].kind, Kind::Name(v) if v == "false")
    })
}

/// The options object of the first plugin entry `['<name>', { … }]` whose name
/// contains `name_part` and whose `id` is absent or `default`.
pub(crate) fn plugin_options(text: &str, name_part: &str) -> Option<Node> {
    let toks = tokenize(text);
    (0..toks.len()).find_map(|i| {
        let Kind::Str(name) = &toks[i].kind else {
            return None;
        };
        let opens = matches!(toks.get(i + 1).map(|t| &t.kind), Some(Kind::Punct(',')))
            && matches!(toks.get(i + 2).map(|t| &t.kind), Some(Kind::Punct('{')));
        if !name.contains(name_part) || !opens {
            return None;
        }
        let node = Reader {
            toks: &toks,
            at: i + 2,
        }
        .value();
        let default = node
            .get("id")
            .is_none_or(|id| id.as_str() == Some("default"));
        default.then_some(node)
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Str(String),
    /// A `` `…${x}…` `` text: not a literal.
    Template,
    Num(f64),
    Name(String),
    Punct(char),
    /// `...`
    Spread,
}

#[derive(Debug, Clone)]
struct Tok {
    kind: Kind,
    line: u32,
    col: u32,
}

/// The tokens of `text`; comments and white space dropped.
fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1u32, 1u32);
    let advance = |i: &mut usize, line: &mut u32, col: &mut u32, n: usize| {
        for _ in 0..n {
            if chars.get(*i) == Some(&'\n') {
                *line += 1;
                *col = 1;
            } else {
                *col += 1;
            }
            *i += 1;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let (l, cl) = (line, col);
        let next = chars.get(i + 1).copied();
        if c.is_whitespace() {
            advance(&mut i, &mut line, &mut col, 1);
        } else if c == '/' && next == Some('/') {
            let n = chars[i..].iter().take_while(|&&c| c != '\n').count();
            advance(&mut i, &mut line, &mut col, n);
        } else if c == '/' && next == Some('*') {
            let n = (i + 2..chars.len().saturating_sub(1))
                .find(|&j| chars[j] == '*' && chars[j + 1] == '/')
                .map_or(chars.len() - i, |j| j + 2 - i);
            advance(&mut i, &mut line, &mut col, n);
        } else if matches!(c, '\'' | '"' | '`') {
            let (kind, n) = quoted(&chars[i..]);
            toks.push(Tok {
                kind,
                line: l,
                col: cl,
            });
            advance(&mut i, &mut line, &mut col, n);
        } else if c == '.' && next == Some('.') && chars.get(i + 2) == Some(&'.') {
            toks.push(Tok {
                kind: Kind::Spread,
                line: l,
                col: cl,
            });
            advance(&mut i, &mut line, &mut col, 3);
        } else if c.is_ascii_digit() || (c == '-' && next.is_some_and(|n| n.is_ascii_digit())) {
            let n = 1 + chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == '.' || **c == '_')
                .count();
            let s: String = chars[i..i + n].iter().filter(|c| **c != '_').collect();
            let kind = s.parse().map_or(Kind::Name(s), Kind::Num);
            toks.push(Tok {
                kind,
                line: l,
                col: cl,
            });
            advance(&mut i, &mut line, &mut col, n);
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let n = chars[i..]
                .iter()
                .take_while(|c| c.is_alphanumeric() || **c == '_' || **c == '$')
                .count();
            toks.push(Tok {
                kind: Kind::Name(chars[i..i + n].iter().collect()),
                line: l,
                col: cl,
            });
            advance(&mut i, &mut line, &mut col, n);
        } else {
            toks.push(Tok {
                kind: Kind::Punct(c),
                line: l,
                col: cl,
            });
            advance(&mut i, &mut line, &mut col, 1);
        }
    }
    toks
}

/// A quoted text at the start of `chars`: its token and its length in chars.
fn quoted(chars: &[char]) -> (Kind, usize) {
    let quote = chars[0];
    let mut out = String::new();
    let mut template = false;
    let mut i = 1;
    while i < chars.len() {
        let c = chars[i];
        if c == quote {
            let kind = if template {
                Kind::Template
            } else {
                Kind::Str(out)
            };
            return (kind, i + 1);
        }
        if c == '\n' && quote != '`' {
            break; // an unclosed text ends at the line's end
        }
        if c == '\\' {
            i += 1;
            match chars.get(i) {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('\n') => {}
                Some(&e) => out.push(e),
                None => {}
            }
        } else if quote == '`' && c == '$' && chars.get(i + 1) == Some(&'{') {
            template = true;
            out.push(c);
        } else {
            out.push(c);
        }
        i += 1;
    }
    (Kind::Template, i)
}

/// The index of the token after `module.exports =` or `export default` (the last one
/// in the file, as the last assignment wins).
fn find_export(toks: &[Tok]) -> Option<usize> {
    let is = |i: usize, k: Kind| toks.get(i).is_some_and(|t| t.kind == k);
    let name = |s: &str| Kind::Name(s.to_string());
    (0..toks.len()).rev().find_map(|i| {
        if is(i, name("module")) && is(i + 1, Kind::Punct('.')) && is(i + 2, name("exports")) {
            is(i + 3, Kind::Punct('=')).then_some(i + 4)
        } else if is(i, name("export")) && is(i + 1, name("default")) {
            Some(i + 2)
        } else {
            None
        }
    })
}

/// The index of the value of `const name = …` (`let`, `var`; a `: Type` skipped).
fn find_declaration(toks: &[Tok], name: &str) -> Option<usize> {
    (0..toks.len()).find_map(|i| {
        let decl =
            matches!(&toks[i].kind, Kind::Name(k) if matches!(k.as_str(), "const" | "let" | "var"));
        let named = matches!(toks.get(i + 1).map(|t| &t.kind), Some(Kind::Name(n)) if n == name);
        if !decl || !named {
            return None;
        }
        // The `=` of the declaration, past a type annotation (`: SidebarsConfig`).
        let mut depth = 0i32;
        for (j, t) in toks.iter().enumerate().skip(i + 2) {
            match t.kind {
                Kind::Punct('<' | '(' | '[' | '{') => depth += 1,
                Kind::Punct('>' | ')' | ']' | '}') => depth -= 1,
                Kind::Punct('=') if depth == 0 => return Some(j + 1),
                Kind::Punct(';') if depth == 0 => return None,
                _ => {}
            }
        }
        None
    })
}

struct Reader<'t> {
    toks: &'t [Tok],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn peek_at(&self, ahead: usize) -> Option<&Tok> {
        self.toks.get(self.at + ahead)
    }

    fn is_punct(&self, c: char) -> bool {
        self.peek().is_some_and(|t| t.kind == Kind::Punct(c))
    }

    /// One value; an unreadable one is skipped to the `,` or closing bracket that ends
    /// it.
    fn value(&mut self) -> Node {
        let Some(tok) = self.peek().cloned() else {
            let (line, col) = self.toks.last().map_or((1, 1), |t| (t.line, t.col));
            return Node {
                value: Js::Unreadable("the end of the file".into()),
                line,
                col,
            };
        };
        let node = |value| Node {
            value,
            line: tok.line,
            col: tok.col,
        };
        // `({ … })`: a value in parentheses, as a JSDoc type cast writes it.
        if tok.kind == Kind::Punct('(') && self.closes_paren_after_value() {
            self.at += 1;
            let inner = self.value();
            if self.is_punct(')') {
                self.at += 1;
            }
            return inner;
        }
        if let Some(path) = self.require_resolve() {
            return node(Js::Str(path));
        }
        if let Some(joined) = self.concatenation() {
            return node(Js::Str(joined));
        }
        let value = match &tok.kind {
            Kind::Punct('{') => {
                self.at += 1;
                return node(self.object());
            }
            Kind::Punct('[') => {
                self.at += 1;
                return node(self.array());
            }
            Kind::Str(s) => Some(Js::Str(s.clone())),
            Kind::Num(n) => Some(Js::Num(*n)),
            Kind::Name(n) if n == "true" => Some(Js::Bool(true)),
            Kind::Name(n) if n == "false" => Some(Js::Bool(false)),
            Kind::Name(n) if n == "null" || n == "undefined" => Some(Js::Null),
            _ => None,
        };
        let simple_end = matches!(
            self.peek_at(1).map(|t| &t.kind),
            None | Some(Kind::Punct(',' | '}' | ']' | ')' | ';')) | Some(Kind::Name(_))
        );
        match value {
            Some(v) if simple_end => {
                self.at += 1;
                self.skip_type_suffix();
                node(v)
            }
            _ => {
                let what = match &tok.kind {
                    Kind::Spread => "a spread (`...`)".to_string(),
                    Kind::Template => "a template text with `${…}`".to_string(),
                    Kind::Name(n) => format!("`{n}`"),
                    Kind::Str(s) => format!("an expression starting with `'{s}'`"),
                    Kind::Num(n) => format!("an expression starting with `{n}`"),
                    Kind::Punct(c) => format!("`{c}`"),
                };
                self.skip_expression();
                node(Js::Unreadable(what))
            }
        }
    }

    /// `require.resolve('<path>')` here (a config's `sidebarPath`): the path, read as
    /// the text it names; the reader moves past the call.
    fn require_resolve(&mut self) -> Option<String> {
        let kinds: Vec<&Kind> = (0..6)
            .filter_map(|k| self.peek_at(k).map(|t| &t.kind))
            .collect();
        let [
            Kind::Name(r),
            Kind::Punct('.'),
            Kind::Name(res),
            Kind::Punct('('),
            Kind::Str(path),
            Kind::Punct(')'),
        ] = kinds.as_slice()
        else {
            return None;
        };
        if r != "require" || res != "resolve" {
            return None;
        }
        let path = path.clone();
        self.at += 6;
        Some(path)
    }

    /// Texts joined with `+` here (`"a long " + "description"`, as a sidebar's
    /// `description` is written over several lines): the joined text, and the reader
    /// moves past it. `None` (and the reader stays) for one text alone, or when
    /// anything but a text is added (`'v' + version`).
    fn concatenation(&mut self) -> Option<String> {
        let Some(Kind::Str(first)) = self.peek().map(|t| &t.kind) else {
            return None;
        };
        let mut joined = first.clone();
        let mut k = 1;
        while self.peek_at(k).is_some_and(|t| t.kind == Kind::Punct('+')) {
            let Some(Kind::Str(next)) = self.peek_at(k + 1).map(|t| &t.kind) else {
                return None;
            };
            joined.push_str(next);
            k += 2;
        }
        let ends = matches!(
            self.peek_at(k).map(|t| &t.kind),
            None | Some(Kind::Punct(',' | '}' | ']' | ')' | ';'))
        );
        if k == 1 || !ends {
            return None;
        }
        self.at += k;
        Some(joined)
    }

    /// Whether the `(` here holds one literal (`({ … })`), not a call's arguments or an
    /// arrow function's parameters.
    fn closes_paren_after_value(&self) -> bool {
        let mut probe = Reader {
            toks: self.toks,
            at: self.at + 1,
        };
        if !matches!(probe.peek().map(|t| &t.kind), Some(Kind::Punct('{' | '['))) {
            return false;
        }
        let _ = probe.value();
        probe.is_punct(')')
            && !matches!(
                probe.peek_at(1).map(|t| &t.kind),
                Some(Kind::Punct('=' | '('))
            )
    }

    /// `satisfies Type` or `as const` after a value.
    fn skip_type_suffix(&mut self) {
        while let Some(Kind::Name(n)) = self.peek().map(|t| &t.kind) {
            if n != "satisfies" && n != "as" {
                return;
            }
            self.at += 1;
            let mut depth = 0i32;
            while let Some(t) = self.peek() {
                match t.kind {
                    Kind::Punct('<' | '(' | '[' | '{') => depth += 1,
                    Kind::Punct('>' | ')' | ']' | '}') if depth > 0 => depth -= 1,
                    Kind::Punct(',' | '}' | ']' | ')' | ';') if depth == 0 => return,
                    _ => {}
                }
                self.at += 1;
            }
        }
    }

    /// Skips tokens to the `,`, `}`, `]`, `)` or `;` that ends the expression here.
    fn skip_expression(&mut self) {
        let mut depth = 0i32;
        while let Some(t) = self.peek() {
            match t.kind {
                Kind::Punct('(' | '[' | '{') => depth += 1,
                Kind::Punct(')' | ']' | '}') if depth == 0 => return,
                Kind::Punct(')' | ']' | '}') => depth -= 1,
                Kind::Punct(',' | ';') if depth == 0 => return,
                _ => {}
            }
            self.at += 1;
        }
    }

    fn object(&mut self) -> Js {
        let mut entries = Vec::new();
        while let Some(tok) = self.peek().cloned() {
            match &tok.kind {
                Kind::Punct('}') => {
                    self.at += 1;
                    self.skip_type_suffix();
                    break;
                }
                Kind::Punct(',') => {
                    self.at += 1;
                    continue;
                }
                Kind::Name(k) | Kind::Str(k)
                    if self.peek_at(1).is_some_and(|t| t.kind == Kind::Punct(':')) =>
                {
                    let key = k.clone();
                    self.at += 2;
                    let value = self.value();
                    entries.push((key, value));
                }
                Kind::Num(n) if self.peek_at(1).is_some_and(|t| t.kind == Kind::Punct(':')) => {
                    let key = n.to_string();
                    self.at += 2;
                    let value = self.value();
                    entries.push((key, value));
                }
                _ => {
                    // A spread, a method, a computed key, a shorthand property.
                    let value = self.value();
                    entries.push((String::new(), value));
                }
            }
            if !self.is_punct(',') && !self.is_punct('}') {
                // Something the reader does not know between entries.
                self.skip_expression();
                if self.is_punct(')') || self.is_punct(']') || self.is_punct(';') {
                    break;
                }
            }
        }
        Js::Object(entries)
    }

    fn array(&mut self) -> Js {
        let mut items = Vec::new();
        loop {
            match self.peek().map(|t| &t.kind) {
                None => break,
                Some(Kind::Punct(']')) => {
                    self.at += 1;
                    self.skip_type_suffix();
                    break;
                }
                Some(Kind::Punct(',')) => self.at += 1,
                Some(_) => {
                    items.push(self.value());
                    if !self.is_punct(',') && !self.is_punct(']') {
                        self.skip_expression();
                        if self.is_punct(')') || self.is_punct('}') || self.is_punct(';') {
                            break;
                        }
                    }
                }
            }
        }
        Js::Array(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_and_declarations_are_found_by_name() {
        let config = "import type { Config } from '@docusaurus/types'\n\
            import { redirects, createRedirects as make } from './redirects' // rules\n\
            import more from '@site/more'\n\
            const old = require(\"./old\");\n\
            const picked = require('./all').picked;\n";
        assert_eq!(imported(config, "Config"), None, "a type import");
        assert_eq!(
            imported(config, "redirects"),
            Some(("./redirects".into(), Some("redirects".into())))
        );
        assert_eq!(
            imported(config, "make"),
            Some(("./redirects".into(), Some("createRedirects".into())))
        );
        assert_eq!(imported(config, "more"), Some(("@site/more".into(), None)));
        assert_eq!(imported(config, "old"), Some(("./old".into(), None)));
        assert_eq!(
            imported(config, "picked"),
            Some(("./all".into(), Some("picked".into())))
        );
        assert_eq!(imported(config, "nothing"), None);
        let module =
            "const redirects: RedirectItem[] = [{from: '/a', to: '/b'}]\nexport { redirects }\n";
        let node = declared(module, "redirects").unwrap();
        assert!(
            matches!(&node.value, Js::Array(items) if items.len() == 1),
            "{node:?}"
        );
        assert!(declared(module, "other").is_err());
    }

    /// The value as compact text, unreadable parts as `?what@line:col`.
    fn show(n: &Node) -> String {
        match &n.value {
            Js::Str(s) => format!("{s:?}"),
            Js::Num(x) => x.to_string(),
            Js::Bool(b) => b.to_string(),
            Js::Null => "null".into(),
            Js::Array(items) => {
                format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(","))
            }
            Js::Object(e) => format!(
                "{{{}}}",
                e.iter()
                    .map(|(k, v)| format!("{k}:{}", show(v)))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Js::Unreadable(what) => format!("?{what}@{}:{}", n.line, n.col),
        }
    }

    fn read(text: &str) -> String {
        exported(text).map_or_else(|e| format!("ERR {e:?}"), |n| show(&n))
    }

    #[test]
    fn commonjs_esm_and_typescript_shapes() {
        let want = r#"{docs:["intro",{type:"category",label:"Ops",items:["a"]}]}"#;
        for text in [
            "module.exports = {\n  docs: ['intro', {type: 'category', label: 'Ops', items: ['a',],},],\n};\n",
            "// @ts-check\n/** @type {import('x').SidebarsConfig} */\nconst sidebars = {\n  docs: [\"intro\", {\"type\": `category`, label: 'Ops', /* c */ items: ['a']}],\n};\nmodule.exports = sidebars;\n",
            "import type {SidebarsConfig} from '@docusaurus/plugin-content-docs';\nconst sidebars: SidebarsConfig = {\n  docs: ['intro', {type: 'category', label: 'Ops', items: ['a']}],\n};\nexport default sidebars;\n",
            "export default {\n  docs: ['intro', {type: 'category', label: 'Ops', items: ['a']}],\n} satisfies SidebarsConfig;\n",
            "const sidebars = {\n  docs: ['intro', {type: 'category' as const, label: 'Ops', items: ['a']}],\n} satisfies SidebarsConfig;\n\nexport default sidebars;\n",
        ] {
            assert_eq!(read(text), want, "{text}");
        }
    }

    #[test]
    fn texts_numbers_and_escapes() {
        assert_eq!(
            read("module.exports = {a: 'it\\'s', b: -1.5, c: true, d: null, 'e-f': \"x\"};"),
            r#"{a:"it's",b:-1.5,c:true,d:null,e-f:"x"}"#
        );
    }

    #[test]
    fn what_is_not_a_literal_is_unreadable_at_its_place_and_the_rest_is_read() {
        let text = "const extra = ['x'];\nmodule.exports = {\n  docs: [\n    'a',\n    ...extra,\n    require('./more'),\n    `${base}/b`,\n    items.map((i) => ({type: 'doc', id: i})),\n    'c',\n  ],\n};\n";
        assert_eq!(
            read(text),
            r#"{docs:["a",?a spread (`...`)@5:5,?`require`@6:5,?a template text with `${…}`@7:5,?`items`@8:5,"c"]}"#
        );
        let n = exported(text).unwrap();
        let first = n.first_unreadable().unwrap();
        assert_eq!((first.line, first.col), (5, 5));
    }

    #[test]
    fn texts_joined_with_plus_are_one_text_and_anything_else_added_is_unreadable() {
        assert_eq!(
            read("module.exports = {d: \"it's \" +\n  'one ' + `text`, e: 'v' + n, f: 'x'};"),
            r#"{d:"it's one text",e:?an expression starting with `'v'`@2:23,f:"x"}"#
        );
    }

    #[test]
    fn no_export_or_an_undeclared_name_is_unread() {
        assert!(read("const x = {};\n").starts_with("ERR"));
        let e = exported("module.exports = sidebars;\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 18));
        assert!(e.message.contains("`sidebars`"), "{e:?}");
    }

    #[test]
    fn the_docs_options_of_a_config() {
        let config = "const config = {\n  title: 'X',\n  presets: [\n    [\n      'classic',\n      /** @type {import('@docusaurus/preset-classic').Options} */\n      ({\n        docs: {\n          sidebarPath: require.resolve('./sidebars.js'),\n          path: 'handbook',\n          routeBasePath: '/',\n          editUrl: ({docPath}) => `https://x/${docPath}`,\n        },\n        blog: false,\n      }),\n    ],\n  ],\n};\nmodule.exports = config;\n";
        let docs = object_at_key(config, "docs", &["path", "routeBasePath"]).unwrap();
        assert_eq!(docs.get("path").and_then(Node::as_str), Some("handbook"));
        assert_eq!(docs.get("routeBasePath").and_then(Node::as_str), Some("/"));
        let plugin = "module.exports = {\n  plugins: [\n    ['@docusaurus/plugin-content-docs', {id: 'community', path: 'community'}],\n    ['@docusaurus/plugin-content-docs', {path: 'guides', routeBasePath: 'guides'}],\n  ],\n};\n";
        let opts = plugin_options(plugin, "plugin-content-docs").unwrap();
        assert_eq!(opts.get("path").and_then(Node::as_str), Some("guides"));
    }
}
