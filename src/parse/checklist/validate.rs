//! The checklist schema (SPEC.md §3): walks the spanned YAML tree of one checklist file
//! and builds a `Checklist`, reporting every unknown key, wrong type, bad id, unknown
//! environment and missing field as a `checklist`/`unknown-environment` diagnostic with
//! a hint. Best effort: a wrong part is left out, the rest is kept. Reads no YAML text
//! itself (that is `parse/yaml.rs`) and writes no Markdown (that is `markdown.rs`).

use std::collections::BTreeSet;

use serde_saphyr::Spanned;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::base::suggest::closest;
use crate::model::{Checklist, ChecklistItem, ChecklistPhase, DeclaredSecret};
use crate::parse::ids::is_valid_id;
use crate::parse::yaml::{Fields, Node, pos, scalar_text};

const TOP_KEYS: &[&str] = &[
    "title",
    "id",
    "environments",
    "description",
    "phases",
    "items",
    "secrets",
];
const PHASE_KEYS: &[&str] = &["title", "id", "items", "gate", "approvers", "estimate"];
const ITEM_KEYS: &[&str] = &[
    "id",
    "text",
    "details",
    "environments",
    "done",
    "secrets",
    "owner",
    "estimate",
];
const SECRET_KEYS: &[&str] = &[
    "name",
    "description",
    "store",
    "environments",
    "rotate",
    "owner",
];

/// Validates the tree of a file already known to be a checklist (see `super::parse`).
pub(super) fn checklist(
    root: &Spanned<Node>,
    text: &str,
    path: &RelPath,
    env_names: &[String],
    diags: &mut Diagnostics,
) -> Checklist {
    let mut cx = Ctx {
        text,
        path,
        env_names,
        diags,
    };
    cx.checklist(root)
}

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
                let guess = closest(&name, allowed.iter().copied());
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

    /// `estimate: 30m` (or a number of minutes), in minutes.
    fn estimate(&mut self, f: &Fields<'_>) -> Option<u32> {
        let (_, v) = f.get("estimate")?;
        let raw = scalar_text(self.text, v);
        match raw.as_deref().and_then(crate::parse::duration::minutes) {
            Some(m) => Some(m),
            None if matches!(v.value, Node::Null) => None,
            None => {
                let shown = raw.unwrap_or_else(|| v.value.kind().to_string());
                let msg = format!("`estimate: {shown}` is not a duration");
                let hint = "write minutes or hours, like `estimate: 10m`, `2h` or `1h30m`".into();
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
                let mut hint = format!(
                    "known environments (book.toml): {}",
                    crate::base::suggest::listing(&known)
                );
                if let Some(c) = closest(&name, known.iter().copied()) {
                    hint = format!("did you mean `{c}`? {hint}");
                }
                let msg = format!("unknown environment `{name}`");
                self.report(Code::UnknownEnvironment, node, msg, hint);
            } else if !scope.is_empty() && !scope.contains(&name) {
                let msg = format!("`{name}` is not one of this checklist's environments");
                let hint = format!(
                    "the checklist lists {}; add `{name}` there or remove it here",
                    crate::base::suggest::listing(scope)
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
            gate: self.boolean(&f, "gate").unwrap_or(false),
            approvers: self
                .names(&f, "approvers")
                .into_iter()
                .map(|(n, _)| n)
                .collect(),
            estimate: self.estimate(&f),
            line: pos(node).0,
        })
    }

    fn implicit_phase(&mut self, node: &Spanned<Node>, envs: &[String]) -> ChecklistPhase {
        ChecklistPhase {
            title: String::new(),
            id: None,
            items: self.items(node, envs),
            gate: false,
            approvers: Vec::new(),
            estimate: None,
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
            estimate: self.estimate(&f),
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
            estimate: None,
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

#[cfg(test)]
mod tests {
    use crate::parse::checklist::looks_like_checklist;
    use crate::parse::checklist::tests::{SPEC_EXAMPLE, brief, corpus, run};

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
}
