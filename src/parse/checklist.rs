//! Checklist YAML (SPEC.md §3): `content/**/*.yml` → `Checklist`, and `to_markdown` so the
//! Markdown stage renders a checklist like any runbook. Pure: text in, values and
//! diagnostics out; no disk. Every mistake is a `yaml`/`checklist`/`unknown-environment`
//! diagnostic at path:line:col with a hint, all of them, not just the first.
//!
//! How: serde-saphyr (strict booleans, duplicate keys an error) reads the text into a
//! spanned `Node` tree; the validator walks it and collects every problem. `state.rs`
//! reads its files through the same tree (`load_yaml`).
//!
//! Schema (every key optional unless marked):
//!
//! ```yaml
//! title: Production Deployment Checklist   # default: the file name
//! id: prod-deploy                          # [A-Za-z0-9._-]+
//! environments: [staging, production]      # must be names from book.toml
//! description: Markdown shown under the title
//! phases:                                  # or `items:` at the top level (one phase)
//!   - title: Security                      # required
//!     id: security
//!     items:
//!       - Check backups                    # shorthand for {text: Check backups}
//!       - id: secret-key
//!         text: Generate a `SECRET_KEY`    # required, inline Markdown
//!         details: Markdown block
//!         environments: [production]       # subset of the checklist's environments
//!         done: false                      # true or false only
//!         secrets: [SECRET_KEY]
//!         owner: platform
//! secrets:
//!   - name: SECRET_KEY                     # required, [A-Za-z0-9._-]+
//!     description: Django secret key
//!     store: "kubernetes: secret/django-secrets"
//!     environments: [staging, production]
//!     rotate: 90d
//!     owner: platform
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use serde_saphyr::options::NonFiniteFloatPolicy;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::model::{Checklist, ChecklistItem, ChecklistPhase, DeclaredSecret};

const TOP_KEYS: &[&str] = &[
    "title",
    "id",
    "environments",
    "description",
    "phases",
    "items",
    "secrets",
];
const PHASE_KEYS: &[&str] = &["title", "id", "items"];
const ITEM_KEYS: &[&str] = &[
    "id",
    "text",
    "details",
    "environments",
    "done",
    "secrets",
    "owner",
];
const SECRET_KEYS: &[&str] = &[
    "name",
    "description",
    "store",
    "environments",
    "rotate",
    "owner",
];

/// Is this YAML a checklist at all? (a top-level mapping with a `phases` or `items` key).
/// For text that is not valid YAML, a line at column 0 starting with `phases:` or
/// `items:` decides.
pub(crate) fn looks_like_checklist(text: &str) -> bool {
    match load_yaml(text) {
        Ok(root) => is_checklist_node(&root.value),
        Err(_) => text.lines().any(|l| {
            let key = l.split(':').next().unwrap_or("").trim_end();
            l.contains(':') && matches!(key, "phases" | "items" | "\"phases\"" | "\"items\"")
        }),
    }
}

fn is_checklist_node(node: &Node) -> bool {
    match node {
        Node::Map(entries) => entries
            .iter()
            .any(|(k, _)| matches!(&k.value, Node::Str(s) if s == "phases" || s == "items")),
        _ => false,
    }
}

/// Parses and validates a checklist; every mistake becomes a diagnostic.
///
/// - Not a checklist (`looks_like_checklist` is false) but valid YAML: `None`, no
///   diagnostic (the caller skips the file with a note).
/// - Invalid YAML: a `yaml` error if it looks like a checklist, else only a `yaml`
///   warning; `None` either way.
/// - A checklist: `Some`, best effort even when it has errors (an item without
///   `text` is left out, an unknown environment dropped), so the page still renders.
pub(crate) fn parse(
    text: &str,
    path: &RelPath,
    env_names: &[String],
    diags: &mut Diagnostics,
) -> Option<Checklist> {
    let root = match load_yaml(text) {
        Ok(root) => root,
        Err(e) => {
            diags.push(syntax_diagnostic(
                text,
                path,
                &e,
                looks_like_checklist(text),
            ));
            return None;
        }
    };
    if !is_checklist_node(&root.value) {
        return None;
    }
    let mut cx = Ctx {
        text,
        path,
        env_names,
        diags,
    };
    Some(cx.checklist(&root))
}

fn syntax_diagnostic(text: &str, path: &RelPath, e: &YamlError, checklist: bool) -> Diagnostic {
    let d = if checklist {
        Diagnostic::error(Code::Yaml, path.clone(), e.message.clone())
    } else {
        Diagnostic::warning(
            Code::Yaml,
            path.clone(),
            format!("not valid YAML, skipped: {}", e.message),
        )
    };
    d.at(text, e.line, e.col).with_hint(yaml_hint(&e.message))
}

fn yaml_hint(message: &str) -> String {
    if message.contains("duplicate") {
        "a key may appear only once per mapping: remove or rename one of them".into()
    } else if message.contains("multiple YAML documents") {
        "a checklist is one YAML document: remove the second `---`".into()
    } else {
        "YAML is indentation-sensitive: keys of one mapping and the `-` of one list must line up"
            .into()
    }
}

// ---------------------------------------------------------------------------------------
// The spanned YAML tree (shared with state.rs)

/// A YAML value with positions: what the validators walk. Numbers keep their spelling
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

/// A YAML syntax error (or a duplicate key) at a 1-based place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub(crate) message: String,
    pub(crate) line: u32,
    pub(crate) col: u32,
}

/// Reads one YAML document into a spanned tree: strict booleans (`yes` is text),
/// duplicate keys an error, `.inf`/`.nan` kept as numbers. Empty text is `Null`.
pub(crate) fn load_yaml(text: &str) -> Result<Spanned<Node>, YamlError> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        non_finite_float_policy: NonFiniteFloatPolicy::PassThrough,
    };
    serde_saphyr::from_str_with_options::<Spanned<Node>>(text, options).map_err(|e| {
        let (line, col) = e
            .location()
            .map_or((0, 0), |l| (clamp(l.line()), clamp(l.column())));
        YamlError {
            message: strip_location(&e.without_snippet().to_string()),
            line,
            col,
        }
    })
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

/// A "did you mean" for a misspelt name, if one of `known` is close.
pub(crate) fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    crate::base::suggest::closest(name, known.iter().copied())
}

/// Explicit ids and secret names: `[A-Za-z0-9._-]+`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

// ---------------------------------------------------------------------------------------
// Validation

struct Ctx<'a> {
    text: &'a str,
    path: &'a RelPath,
    env_names: &'a [String],
    diags: &'a mut Diagnostics,
}

impl Ctx<'_> {
    fn report(&mut self, code: Code, at: &Spanned<Node>, message: String, hint: String) {
        let (line, col) = pos(at);
        self.diags.push(
            Diagnostic::error(code, self.path.clone(), message)
                .at(self.text, line, col)
                .with_hint(hint),
        );
    }

    /// The keys of a mapping; an unknown key is an error naming the allowed ones.
    fn fields<'n>(
        &mut self,
        node: &'n Spanned<Node>,
        what: &str,
        allowed: &[&str],
    ) -> Option<Fields<'n>> {
        let Node::Map(entries) = &node.value else {
            let msg = format!("{what} must be a mapping, not {}", node.value.kind());
            self.report(Code::Checklist, node, msg, keys_hint(what, allowed, None));
            return None;
        };
        let mut out = Fields::new();
        for (k, v) in entries {
            let name = scalar_text(self.text, k).unwrap_or_default();
            if allowed.contains(&name.as_str()) {
                out.insert(name, (k, v));
            } else {
                let msg = format!("unknown key `{name}` in {what}");
                let guess = closest(&name, allowed);
                self.report(Code::Checklist, k, msg, keys_hint(what, allowed, guess));
            }
        }
        Some(out)
    }

    /// A text field; numbers are taken as written. Missing or empty: `None`.
    fn string(&mut self, f: &Fields<'_>, key: &str) -> Option<String> {
        let (_, v) = f.get(key)?;
        match &v.value {
            Node::Null => None,
            Node::Str(_) | Node::Number(_) => scalar_text(self.text, v),
            other => {
                let msg = format!("`{key}` must be text, not {}", other.kind());
                let hint =
                    format!("write `{key}: some text`; quote it if it starts with a YAML symbol");
                self.report(Code::Checklist, v, msg, hint);
                None
            }
        }
    }

    /// An explicit id: text matching `[A-Za-z0-9._-]+`.
    fn id(&mut self, f: &Fields<'_>, key: &str) -> Option<String> {
        let (_, v) = f.get(key)?;
        let raw_text = scalar_text(self.text, v);
        match (&v.value, raw_text) {
            (Node::Null, _) => None,
            (Node::Number(_), Some(r)) => {
                let msg = format!("`{key}: {r}` is read as a number, not as an id");
                let hint = format!("quote it: `{key}: \"{r}\"`");
                self.report(Code::Checklist, v, msg, hint);
                None
            }
            (Node::Str(_), Some(s)) if is_valid_id(&s) => Some(s),
            (_, r) => {
                let shown = r.unwrap_or_else(|| v.value.kind().to_string());
                let msg = format!("`{shown}` is not a valid {key}");
                let hint =
                    "ids use only letters, digits, `.`, `_` and `-`, e.g. `db-backup`".into();
                self.report(Code::Checklist, v, msg, hint);
                None
            }
        }
    }

    fn boolean(&mut self, f: &Fields<'_>, key: &str) -> Option<bool> {
        let (_, v) = f.get(key)?;
        match &v.value {
            Node::Bool(b) => Some(*b),
            Node::Null => None,
            other => {
                let shown = scalar_text(self.text, v).unwrap_or_else(|| other.kind().into());
                let msg = format!("`{key}` must be true or false, not `{shown}`");
                self.report(
                    Code::Checklist,
                    v,
                    msg,
                    format!("write `{key}: true` or `{key}: false`"),
                );
                None
            }
        }
    }

    /// A list of names (`[a, b]`), or one name (`a`); each with its node.
    fn names<'n>(&mut self, f: &Fields<'n>, key: &str) -> Vec<(String, &'n Spanned<Node>)> {
        let Some((_, v)) = f.get(key) else {
            return Vec::new();
        };
        let nodes: Vec<&Spanned<Node>> = match &v.value {
            Node::Seq(items) => items.iter().collect(),
            Node::Null => Vec::new(),
            _ => vec![*v],
        };
        let mut out = Vec::new();
        for n in nodes {
            match scalar_text(self.text, n) {
                Some(s) if !s.trim().is_empty() => out.push((s.trim().to_string(), n)),
                _ => {
                    let msg = format!("`{key}` must be a list of names, found {}", n.value.kind());
                    self.report(Code::Checklist, n, msg, format!("write `{key}: [a, b]`"));
                }
            }
        }
        out
    }

    /// Environment names, each known to the book and (when `scope` is not empty) to the
    /// checklist; unknown ones are reported and dropped.
    fn environments(&mut self, f: &Fields<'_>, scope: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for (name, node) in self.names(f, "environments") {
            if !self.env_names.is_empty() && !self.env_names.contains(&name) {
                let known: Vec<&str> = self.env_names.iter().map(String::as_str).collect();
                let mut hint = format!("known environments (book.toml): {}", known.join(", "));
                if let Some(c) = closest(&name, &known) {
                    hint = format!("did you mean `{c}`? {hint}");
                }
                let msg = format!("unknown environment `{name}`");
                self.report(Code::UnknownEnvironment, node, msg, hint);
            } else if !scope.is_empty() && !scope.contains(&name) {
                let msg = format!("`{name}` is not one of this checklist's environments");
                let hint = format!(
                    "the checklist lists {}; add `{name}` there or remove it here",
                    scope.join(", ")
                );
                self.report(Code::UnknownEnvironment, node, msg, hint);
            } else if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    fn checklist(&mut self, root: &Spanned<Node>) -> Checklist {
        let f = self
            .fields(root, "a checklist", TOP_KEYS)
            .unwrap_or_default();
        let environments = self.environments(&f, &[]);
        let phases = match (f.get("phases"), f.get("items")) {
            (Some((_, phases)), Some((k, items))) => {
                let msg = "a checklist has either `phases` or top-level `items`, not both".into();
                let hint = "move these items into a phase".into();
                self.report(Code::Checklist, k, msg, hint);
                let mut all = vec![self.implicit_phase(items, &environments)];
                all.extend(self.phases(phases, &environments));
                all
            }
            (Some((_, v)), None) => self.phases(v, &environments),
            (None, Some((_, v))) => vec![self.implicit_phase(v, &environments)],
            (None, None) => Vec::new(),
        };
        let secrets = match f.get("secrets") {
            Some((_, v)) => self.secrets(v, &environments),
            None => Vec::new(),
        };
        let title = self
            .string(&f, "title")
            .unwrap_or_else(|| default_title(self.path));
        Checklist {
            title: one_line(&title),
            id: self.id(&f, "id"),
            environments,
            description: self.string(&f, "description"),
            phases,
            secrets,
        }
    }

    fn seq<'n>(&mut self, node: &'n Spanned<Node>, what: &str) -> &'n [Spanned<Node>] {
        match &node.value {
            Node::Seq(items) => items,
            Node::Null => &[],
            other => {
                let msg = format!("{what} must be a list, not {}", other.kind());
                let hint = format!("write each entry of {what} on its own line starting with `- `");
                self.report(Code::Checklist, node, msg, hint);
                &[]
            }
        }
    }

    fn phases(&mut self, node: &Spanned<Node>, envs: &[String]) -> Vec<ChecklistPhase> {
        let mut ids = BTreeSet::new();
        let mut out = Vec::new();
        for node in self.seq(node, "`phases`") {
            let Some(phase) = self.phase(node, envs) else {
                continue;
            };
            if let Some(id) = &phase.id
                && !ids.insert(id.clone())
            {
                let msg = format!("two phases have the id `{id}`");
                self.report(
                    Code::Checklist,
                    node,
                    msg,
                    "give each phase its own id".into(),
                );
            }
            out.push(phase);
        }
        out
    }

    fn phase(&mut self, node: &Spanned<Node>, envs: &[String]) -> Option<ChecklistPhase> {
        let f = self.fields(node, "a phase", PHASE_KEYS)?;
        let title = self.string(&f, "title").map(|t| one_line(&t));
        let id = self.id(&f, "id");
        let items = match f.get("items") {
            Some((_, v)) => self.items(v, envs),
            None => Vec::new(),
        };
        let Some(title) = title.filter(|t| !t.is_empty()) else {
            let msg = "this phase has no `title`".into();
            self.report(
                Code::Checklist,
                node,
                msg,
                "add `title: …` to the phase".into(),
            );
            return None;
        };
        Some(ChecklistPhase {
            title,
            id,
            items,
            line: pos(node).0,
        })
    }

    fn implicit_phase(&mut self, node: &Spanned<Node>, envs: &[String]) -> ChecklistPhase {
        ChecklistPhase {
            title: String::new(),
            id: None,
            items: self.items(node, envs),
            line: pos(node).0,
        }
    }

    fn items(&mut self, node: &Spanned<Node>, envs: &[String]) -> Vec<ChecklistItem> {
        let nodes = self.seq(node, "`items`");
        nodes.iter().filter_map(|i| self.item(i, envs)).collect()
    }

    fn item(&mut self, node: &Spanned<Node>, envs: &[String]) -> Option<ChecklistItem> {
        let (line, col) = pos(node);
        if let Node::Str(_) | Node::Number(_) = node.value {
            let text = one_line(&scalar_text(self.text, node)?);
            return self
                .require_text(node, Some(text))
                .map(|text| ChecklistItem {
                    text,
                    ..ChecklistItem::empty(line, col)
                });
        }
        let f = self.fields(node, "an item", ITEM_KEYS)?;
        let text = self.string(&f, "text").map(|t| one_line(&t));
        let id = self.id(&f, "id");
        let environments = self.environments(&f, envs);
        let done = self.boolean(&f, "done").unwrap_or(false);
        let secrets = self.secret_names(&f);
        let item = ChecklistItem {
            id,
            text: self.require_text(node, text)?,
            details: self.string(&f, "details").map(|d| d.trim_end().to_string()),
            environments,
            done,
            secrets,
            owner: self.string(&f, "owner").map(|o| one_line(&o)),
            line,
            col,
        };
        Some(item)
    }

    fn require_text(&mut self, node: &Spanned<Node>, text: Option<String>) -> Option<String> {
        match text.filter(|t| !t.is_empty()) {
            Some(t) => Some(t),
            None => {
                let msg = "this item has no `text`".into();
                let hint = "every item needs `text: …`, the line shown beside its checkbox".into();
                self.report(Code::Checklist, node, msg, hint);
                None
            }
        }
    }

    fn secret_names(&mut self, f: &Fields<'_>) -> Vec<String> {
        let mut out = Vec::new();
        for (name, node) in self.names(f, "secrets") {
            if is_valid_id(&name) {
                out.push(name);
            } else {
                self.bad_secret_name(&name, node);
            }
        }
        out
    }

    fn bad_secret_name(&mut self, name: &str, node: &Spanned<Node>) {
        let msg = format!("`{name}` is not a valid secret name");
        let hint = "secret names use letters, digits, `.`, `_` and `-` (e.g. `DB_PASSWORD`); never put a value here".into();
        self.report(Code::Checklist, node, msg, hint);
    }

    fn secrets(&mut self, node: &Spanned<Node>, envs: &[String]) -> Vec<DeclaredSecret> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for s in self.seq(node, "`secrets`") {
            let Some(secret) = self.secret(s, envs) else {
                continue;
            };
            if seen.insert(secret.name.clone()) {
                out.push(secret);
            } else {
                let msg = format!("the secret `{}` is declared twice", secret.name);
                self.report(Code::Checklist, s, msg, "merge the two entries".into());
            }
        }
        out
    }

    fn secret(&mut self, node: &Spanned<Node>, envs: &[String]) -> Option<DeclaredSecret> {
        let f = self.fields(node, "a secret", SECRET_KEYS)?;
        let (line, col) = pos(node);
        let name = self.string(&f, "name").map(|n| n.trim().to_string());
        let name = match name {
            Some(n) if is_valid_id(&n) => n,
            Some(n) => {
                self.bad_secret_name(&n, f["name"].1);
                return None;
            }
            None => {
                let msg = "this secret has no `name`".into();
                self.report(
                    Code::Checklist,
                    node,
                    msg,
                    "add `name: DB_PASSWORD` (the name, never the value)".into(),
                );
                return None;
            }
        };
        Some(DeclaredSecret {
            name,
            description: self.string(&f, "description"),
            store: self.string(&f, "store"),
            environments: self.environments(&f, envs),
            rotate: self.string(&f, "rotate"),
            owner: self.string(&f, "owner"),
            line,
            col,
        })
    }
}

impl ChecklistItem {
    fn empty(line: u32, col: u32) -> Self {
        ChecklistItem {
            id: None,
            text: String::new(),
            details: None,
            environments: Vec::new(),
            done: false,
            secrets: Vec::new(),
            owner: None,
            line,
            col,
        }
    }
}

fn keys_hint(what: &str, allowed: &[&str], guess: Option<&str>) -> String {
    let list = allowed
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match guess {
        Some(g) => format!("did you mean `{g}`? {what} may have {list}"),
        None => format!("{what} may have {list}"),
    }
}

fn default_title(path: &RelPath) -> String {
    let name = path.file_name();
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_string()
}

/// Joins the lines of a block scalar with spaces; trims.
fn one_line(s: &str) -> String {
    s.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------
// To Markdown

/// The checklist as a Markdown document, rendered by the Markdown stage like any runbook:
/// `# title`, the description, `## Phase title {#phase-id}` per phase (none for the
/// implicit phase of top-level `items`), `- [ ] text {#id env=a,b}` per item (`[x]` when
/// done), then, indented under the item after a blank line, an `*Owner:* … · *Secrets:* …`
/// line (each secret linked to its entry in the inventory: `secrets_href` is the path from
/// the page to `secrets/index.html`) and the details. Pure; always `\n` line endings.
pub(crate) fn to_markdown(c: &Checklist, secrets_href: &str) -> String {
    let mut md = format!("# {}\n", c.title);
    if let Some(d) = &c.description {
        let _ = write!(md, "\n{}\n", d.trim_end());
    }
    for phase in &c.phases {
        if !phase.title.is_empty() {
            let _ = write!(
                md,
                "\n## {}{}\n",
                phase.title,
                attrs(phase.id.as_deref(), &[])
            );
        }
        if !phase.items.is_empty() {
            md.push('\n');
        }
        for item in &phase.items {
            item_markdown(&mut md, item, secrets_href);
        }
    }
    md
}

fn item_markdown(md: &mut String, item: &ChecklistItem, secrets_href: &str) {
    let mark = if item.done { 'x' } else { ' ' };
    let _ = writeln!(
        md,
        "- [{mark}] {}{}",
        item.text,
        attrs(item.id.as_deref(), &item.environments)
    );
    let mut meta = Vec::new();
    if let Some(owner) = &item.owner {
        meta.push(format!("*Owner:* {}", escape_inline(owner)));
    }
    if !item.secrets.is_empty() {
        let names: Vec<String> = item
            .secrets
            .iter()
            .map(|s| secret_link(s, secrets_href))
            .collect();
        meta.push(format!("*Secrets:* {}", names.join(", ")));
    }
    if !meta.is_empty() {
        let _ = write!(md, "\n  {}\n", meta.join(" · "));
    }
    if let Some(details) = &item.details {
        md.push('\n');
        for line in details.lines() {
            if line.trim().is_empty() {
                md.push('\n');
            } else {
                let _ = writeln!(md, "  {line}");
            }
        }
    }
    if !meta.is_empty() || item.details.is_some() {
        md.push('\n');
    }
}

/// A secret's name linked to its entry in the secret inventory (`secrets/index.html`,
/// anchor `secret-<name>`), as inline HTML: the link is the site's, not the author's,
/// so the link check does not see it.
fn secret_link(name: &str, secrets_href: &str) -> String {
    let attr = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    format!(
        "<a class=\"secret-link\" href=\"{}#secret-{}\"><code>{}</code></a>",
        attr(secrets_href),
        attr(name),
        attr(name)
    )
}

/// ` {#id env=a,b}`, or `""` when there is nothing to say.
fn attrs(id: Option<&str>, envs: &[String]) -> String {
    let mut parts = Vec::new();
    if let Some(id) = id {
        parts.push(format!("#{id}"));
    }
    if !envs.is_empty() {
        parts.push(format!("env={}", envs.join(",")));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" {{{}}}", parts.join(" "))
    }
}

/// Plain text made safe to put in inline Markdown.
fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '{' | '}' | '|' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envs() -> Vec<String> {
        ["development", "staging", "production"]
            .map(String::from)
            .to_vec()
    }

    fn run(text: &str) -> (Option<Checklist>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let c = parse(text, &RelPath::new("content/c.yml"), &envs(), &mut diags);
        (c, diags)
    }

    /// `code@line:col message` of every diagnostic, for compact asserts.
    fn brief(diags: &Diagnostics) -> Vec<String> {
        let mut diags = diags.clone();
        diags.sort();
        diags
            .iter()
            .map(|d| format!("{}@{}:{} {}", d.code, d.line, d.col, d.message))
            .collect()
    }

    fn corpus(name: &str) -> Option<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/public/");
        let path = std::path::Path::new(dir).join(name);
        let path = if path.exists() {
            path
        } else {
            std::path::Path::new("/work/shared/corpus/public").join(name)
        };
        std::fs::read_to_string(path).ok()
    }

    const SPEC_EXAMPLE: &str = r#"title: Production Deployment Checklist
id: prod-deploy                 # default: derived from the file path
environments: [staging, production]
phases:
  - title: Security & Settings
    id: security
    items:
      - id: secret-key
        text: Generate a strong `SECRET_KEY`        # inline Markdown
        details: |                                  # optional Markdown block
          ```bash
          python -c "import secrets; print(secrets.token_urlsafe(50))"
          ```
        environments: [production]
        done: false
        secrets: [SECRET_KEY]
        owner: platform
secrets:
  - name: SECRET_KEY
    description: Django secret key
    store: "kubernetes: secret/django-secrets"
    environments: [staging, production]
    rotate: 90d
    owner: platform
"#;

    #[test]
    fn parses_the_spec_example() {
        let (c, diags) = run(SPEC_EXAMPLE);
        assert!(diags.is_empty(), "{:?}", brief(&diags));
        let c = c.expect("a checklist");
        assert_eq!(c.title, "Production Deployment Checklist");
        assert_eq!(c.id.as_deref(), Some("prod-deploy"));
        assert_eq!(c.environments, ["staging", "production"]);
        assert_eq!(c.phases.len(), 1);
        let p = &c.phases[0];
        assert_eq!(
            (p.title.as_str(), p.id.as_deref(), p.line),
            ("Security & Settings", Some("security"), 5)
        );
        let item = &p.items[0];
        assert_eq!(item.id.as_deref(), Some("secret-key"));
        assert_eq!(item.text, "Generate a strong `SECRET_KEY`");
        assert!(
            item.details
                .as_deref()
                .is_some_and(|d| d.starts_with("```bash\npython"))
        );
        assert_eq!(item.environments, ["production"]);
        assert_eq!((item.done, item.line, item.col), (false, 8, 9));
        assert_eq!(item.secrets, ["SECRET_KEY"]);
        assert_eq!(item.owner.as_deref(), Some("platform"));
        let s = &c.secrets[0];
        assert_eq!(s.name, "SECRET_KEY");
        assert_eq!(
            s.store.as_deref(),
            Some("kubernetes: secret/django-secrets")
        );
        assert_eq!(s.rotate.as_deref(), Some("90d"));
        assert_eq!(s.environments, ["staging", "production"]);
        assert_eq!((s.line, s.col), (19, 5));
    }

    #[test]
    fn plain_string_items_and_top_level_items_make_one_phase() {
        let (c, diags) =
            run("title: T\nitems:\n  - Check backups\n  - text: Restore\n    done: true\n");
        assert!(diags.is_empty(), "{:?}", brief(&diags));
        let c = c.expect("a checklist");
        assert_eq!(c.phases.len(), 1);
        assert_eq!(c.phases[0].title, "");
        let items = &c.phases[0].items;
        assert_eq!(items[0].text, "Check backups");
        assert_eq!((items[0].line, items[0].col), (3, 5));
        assert_eq!((items[1].text.as_str(), items[1].done), ("Restore", true));
    }

    #[test]
    fn title_defaults_to_the_file_name() {
        let (c, _) = run("items: [a]\n");
        assert_eq!(c.map(|c| c.title).as_deref(), Some("c"));
    }

    #[test]
    fn unknown_key_lists_allowed_keys_and_guesses() {
        let (c, diags) = run("title: T\nitems:\n  - txt: hello\n    text: ok\n");
        assert_eq!(
            brief(&diags),
            ["checklist@3:5 unknown key `txt` in an item"]
        );
        let hint = diags
            .iter()
            .next()
            .and_then(|d| d.hint.clone())
            .unwrap_or_default();
        assert!(hint.starts_with("did you mean `text`?"), "{hint}");
        assert!(hint.contains("`owner`"), "{hint}");
        assert_eq!(c.map(|c| c.phases[0].items.len()), Some(1));
    }

    #[test]
    fn missing_text_is_an_error_at_the_item() {
        let (c, diags) = run(
            "title: T\nphases:\n  - title: P\n    items:\n      - id: a\n        done: true\n      - ok\n",
        );
        assert_eq!(brief(&diags), ["checklist@5:9 this item has no `text`"]);
        assert_eq!(c.map(|c| c.phases[0].items.len()), Some(1));
    }

    #[test]
    fn wrong_types_are_errors() {
        let text = "title: [a]\nitems:\n  - text: x\n    done: yes\n  - text: {a: 1}\n  - text: y\n    environments: {x: 1}\nphases: 3\n";
        let (_, diags) = run(text);
        assert_eq!(
            brief(&diags),
            [
                "checklist@1:8 `title` must be text, not a list",
                "checklist@2:1 a checklist has either `phases` or top-level `items`, not both",
                "checklist@4:11 `done` must be true or false, not `yes`",
                "checklist@5:5 this item has no `text`",
                "checklist@5:11 `text` must be text, not a mapping",
                "checklist@7:19 `environments` must be a list of names, found a mapping",
                "checklist@8:9 `phases` must be a list, not a number",
            ]
        );
    }

    #[test]
    fn unknown_environment_names_the_closest() {
        let (c, diags) = run(
            "title: T\nenvironments: [prod, staging]\nitems:\n  - text: a\n    environments: [stagin]\n",
        );
        let b = brief(&diags);
        assert_eq!(
            b,
            [
                "unknown-environment@2:16 unknown environment `prod`",
                "unknown-environment@5:20 unknown environment `stagin`",
            ]
        );
        let hints: Vec<String> = diags.iter().filter_map(|d| d.hint.clone()).collect();
        assert!(
            hints[0].starts_with("did you mean `production`?"),
            "{}",
            hints[0]
        );
        assert!(
            hints[1].starts_with("did you mean `staging`?"),
            "{}",
            hints[1]
        );
        assert_eq!(c.map(|c| c.environments), Some(vec!["staging".to_string()]));
    }

    #[test]
    fn item_environment_outside_the_checklist_is_an_error() {
        let (_, diags) = run(
            "title: T\nenvironments: [staging]\nitems:\n  - text: a\n    environments: [production]\n",
        );
        assert_eq!(
            brief(&diags),
            ["unknown-environment@5:20 `production` is not one of this checklist's environments"]
        );
    }

    #[test]
    fn numeric_ids_must_be_quoted() {
        let (_, diags) = run(
            "title: T\nphases:\n  - id: 5.1\n    title: RBAC\n    items:\n      - id: 5.10\n        text: x\n      - id: \"5.1.1\"\n        text: y\n",
        );
        assert_eq!(
            brief(&diags),
            [
                "checklist@3:9 `id: 5.1` is read as a number, not as an id",
                "checklist@6:13 `id: 5.10` is read as a number, not as an id",
            ]
        );
        let hint = diags.iter().next().and_then(|d| d.hint.clone());
        assert_eq!(hint.as_deref(), Some("quote it: `id: \"5.1\"`"));
    }

    #[test]
    fn ids_must_match_the_id_pattern() {
        let (_, diags) = run(
            "title: T\nitems:\n  - id: has space\n    text: a\n  - id: ok.id_-9\n    text: b\n",
        );
        assert_eq!(
            brief(&diags),
            ["checklist@3:9 `has space` is not a valid id"]
        );
    }

    #[test]
    fn duplicate_keys_are_yaml_errors() {
        let (c, diags) = run("title: T\ntitle: U\nitems: [a]\n");
        assert!(c.is_none());
        assert_eq!(
            brief(&diags),
            [
                "yaml@2:1 duplicate mapping key: title, set DuplicateKeyPolicy in Options if acceptable"
            ]
        );
        assert!(diags.has_errors());
    }

    #[test]
    fn all_errors_are_reported_not_only_the_first() {
        let (_, diags) = run(
            "title: T\nitems:\n  - id: a b\n    text: x\n  - done: true\n  - text: y\n    owner: [a]\n",
        );
        assert_eq!(diags.error_count(), 3, "{:?}", brief(&diags));
    }

    #[test]
    fn secrets_are_validated() {
        let text = "title: T\nitems: [a]\nsecrets:\n  - name: DB PASSWORD\n  - description: no name\n  - name: A\n    colour: red\n  - name: A\n";
        let (c, diags) = run(text);
        assert_eq!(
            brief(&diags),
            [
                "checklist@4:11 `DB PASSWORD` is not a valid secret name",
                "checklist@5:5 this secret has no `name`",
                "checklist@7:5 unknown key `colour` in a secret",
                "checklist@8:5 the secret `A` is declared twice",
            ]
        );
        assert_eq!(c.map(|c| c.secrets.len()), Some(1));
    }

    #[test]
    fn duplicate_phase_ids_are_errors() {
        let (_, diags) = run("phases:\n  - title: A\n    id: x\n  - title: B\n    id: x\n");
        assert_eq!(brief(&diags), ["checklist@4:5 two phases have the id `x`"]);
    }

    #[test]
    fn invalid_yaml_that_looks_like_a_checklist_is_an_error() {
        let (c, diags) = run("title: T\nitems:\n  - a\n - b\n");
        assert!(c.is_none());
        let d = diags.iter().next().expect("one diagnostic");
        assert!(d.is_error());
        assert_eq!((d.code, d.line), (Code::Yaml, 4));
        assert!(d.hint.is_some());
    }

    #[test]
    fn non_checklist_yaml_is_skipped_silently() {
        for text in ["name: x\non: push\n", "- a\n- b\n", "", "just text\n"] {
            assert!(!looks_like_checklist(text), "{text}");
            let (c, diags) = run(text);
            assert!(
                c.is_none() && diags.is_empty(),
                "{text}: {:?}",
                brief(&diags)
            );
        }
    }

    #[test]
    fn corpus_tts_invalid_yaml_is_only_a_warning_at_19_8() {
        let Some(text) = corpus("tts-monthly-invoices-invalid.yml") else {
            return;
        };
        assert!(!looks_like_checklist(&text));
        let (c, diags) = run(&text);
        assert!(c.is_none());
        assert!(!diags.has_errors());
        assert_eq!(
            brief(&diags),
            [
                "yaml@19:8 not valid YAML, skipped: while parsing a block collection, did not find expected '-' indicator"
            ]
        );
    }

    #[test]
    fn corpus_yaml_files_that_are_not_checklists_are_skipped() {
        for name in [
            "epinio-release-checklist.yml",
            "kube-bench-cis-1.10-policies.yml",
            "osparc-release-to-production.yml",
        ] {
            let Some(text) = corpus(name) else {
                continue;
            };
            assert!(!looks_like_checklist(&text), "{name}");
            let (c, diags) = run(&text);
            assert!(
                c.is_none() && diags.is_empty(),
                "{name}: {:?}",
                brief(&diags)
            );
        }
    }

    #[test]
    fn kube_bench_groups_as_phases_report_the_float_id() {
        // The kube-bench shape renamed into ours: `id: 5.1` is a float there.
        let Some(text) = corpus("kube-bench-cis-1.10-policies.yml") else {
            return;
        };
        let text = text.replacen("groups:", "phases:", 1);
        assert!(looks_like_checklist(&text));
        let (c, diags) = run(&text);
        assert!(c.is_some());
        let b = brief(&diags);
        assert!(
            b.contains(&"checklist@8:9 `id: 5.1` is read as a number, not as an id".to_string()),
            "{b:?}"
        );
        assert!(
            b.iter()
                .any(|m| m.starts_with("checklist@1") || m.contains("unknown key `controls`")),
            "{b:?}"
        );
        assert!(
            b.iter()
                .any(|m| m.contains("unknown key `checks` in a phase")),
            "{b:?}"
        );
    }

    #[test]
    fn crlf_and_bom_free_text_parse_with_right_lines() {
        let (c, diags) = run("title: T\r\nitems:\r\n  - a\r\n  - b\r\n");
        assert!(diags.is_empty());
        let items = c.map(|c| c.phases[0].items.clone()).unwrap_or_default();
        assert_eq!(items.iter().map(|i| i.line).collect::<Vec<_>>(), [3, 4]);
    }

    #[test]
    fn looks_like_checklist_on_invalid_yaml_uses_top_level_keys() {
        assert!(looks_like_checklist("phases:\n  - title: [\n"));
        assert!(!looks_like_checklist("jobs:\n  x: [\n    items: 1\n"));
    }

    #[test]
    fn to_markdown_writes_headings_items_attributes_and_details() {
        let (c, _) = run(SPEC_EXAMPLE);
        let md = to_markdown(&c.expect("a checklist"), "../secrets/index.html");
        assert_eq!(
            md,
            "# Production Deployment Checklist\n\
             \n## Security & Settings {#security}\n\
             \n- [ ] Generate a strong `SECRET_KEY` {#secret-key env=production}\n\
             \n  *Owner:* platform · *Secrets:* <a class=\"secret-link\" href=\"../secrets/index.html#secret-SECRET_KEY\"><code>SECRET_KEY</code></a>\n\
             \n  ```bash\n  python -c \"import secrets; print(secrets.token_urlsafe(50))\"\n  ```\n\n"
        );
    }

    #[test]
    fn to_markdown_marks_done_items_and_skips_the_implicit_heading() {
        let (c, _) = run(
            "title: T\ndescription: Read me.\nitems:\n  - a\n  - text: b\n    done: true\n    environments: [staging, production]\n  - text: c\n    owner: \"*ops*\"\n",
        );
        let md = to_markdown(&c.expect("a checklist"), "secrets/index.html");
        assert_eq!(
            md,
            "# T\n\nRead me.\n\n- [ ] a\n- [x] b {env=staging,production}\n- [ ] c\n\n  *Owner:* \\*ops\\*\n\n"
        );
    }

    #[test]
    fn closest_prefers_prefixes_then_edit_distance() {
        let known = ["development", "staging", "production"];
        assert_eq!(closest("prod", &known), Some("production"));
        assert_eq!(closest("dev", &known), Some("development"));
        assert_eq!(closest("stagign", &known), Some("staging"));
        assert_eq!(closest("qa", &known), None);
    }

    fn fixture(rel: &str) -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/checklist/");
        std::fs::read_to_string(format!("{path}{rel}")).expect("fixture exists")
    }

    #[test]
    fn fixture_yaml_valid_parses_cleanly() {
        let (c, diags) = run(&fixture("yaml_valid/content/deploy.yml"));
        assert!(diags.is_empty(), "{:?}", brief(&diags));
        let md = to_markdown(&c.expect("a checklist"), "secrets/index.html");
        assert_eq!(md.matches("\n- [ ] ").count(), 4, "{md}");
        assert_eq!(
            md.matches("\n- [x] Tag the release {#tag}").count(),
            1,
            "{md}"
        );
        assert!(
            md.contains("- [ ] Announce in #releases {env=staging}\n"),
            "{md}"
        );
    }

    #[test]
    fn fixture_yaml_errors_reports_every_mistake() {
        let (c, diags) = run(&fixture("yaml_errors/content/broken.yml"));
        assert_eq!(
            brief(&diags),
            [
                "unknown-environment@2:16 unknown environment `prod`",
                "checklist@5:9 `id: 5.1` is read as a number, not as an id",
                "checklist@7:9 unknown key `txt` in an item",
                "checklist@9:9 this item has no `text`",
                "checklist@12:15 `done` must be true or false, not `yes`",
                "unknown-environment@14:24 `production` is not one of this checklist's environments",
                "checklist@15:5 this phase has no `title`",
                "checklist@18:11 `DB PASSWORD` is not a valid secret name",
            ]
        );
        assert_eq!(diags.error_count(), 8);
        assert_eq!(c.map(|c| c.phases.len()), Some(1));
    }

    #[test]
    fn fixture_not_a_checklist_is_skipped_or_warned() {
        let (c, diags) = run(&fixture("not_a_checklist/content/workflow.yml"));
        assert!(c.is_none() && diags.is_empty());
        let (c, diags) = run(&fixture("not_a_checklist/content/broken-workflow.yml"));
        assert!(c.is_none() && !diags.has_errors());
        assert_eq!(diags.warning_count(), 1);
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(text in "(title|items|phases|id|text|done|environments|secrets|name|[-:#{}\\[\\],'\" \n\tax5.]){0,40}") {
            let (c, _) = run(&text);
            if let Some(c) = c {
                let _ = to_markdown(&c, "secrets/index.html");
            }
            let _ = looks_like_checklist(&text);
        }
    }
}
