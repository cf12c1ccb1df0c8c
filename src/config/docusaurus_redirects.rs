//! Stage 1: the options of a Docusaurus site's `@docusaurus/plugin-client-redirects`
//! entry in `docusaurus.config.*`, read as an object literal (`js_literal.rs`), never
//! run: `redirects` (each rule's `from`, a path or a list of them, and its `to`, with
//! their places), `fromExtensions` and `toExtensions`. `createRedirects` is a
//! JavaScript function: a `-v` note says its redirects are not made. A rule or an
//! option that is not a literal is a `config` warning at its place. `redirects` may
//! name a list declared in the config or imported from a file beside it
//! (`import { redirects } from './redirects'`, `require('./redirects')`), which is read
//! too (`import_of`, the one reader of files here). Which pages the paths name is
//! `parse/client_redirects.rs`'s job.

use crate::base::diag::Diagnostics;
use crate::base::path::RelPath;
use crate::config::js_literal::{self, Js, Node};

/// The plugin's options as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClientRedirects {
    /// The config file, and its text (for the places of problems found later).
    pub(crate) file: RelPath,
    pub(crate) text: String,
    /// One per `from` of each rule, in file order.
    pub(crate) rules: Vec<Rule>,
    /// `fromExtensions` without dots (`html`): each page is also at its route + `.html`.
    pub(crate) from_extensions: Vec<String>,
    /// `toExtensions` without dots: a route ending in `.zip` is also at it without.
    pub(crate) to_extensions: Vec<String>,
}

/// One `from` → `to` of `redirects`, with the 1-based places of both texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    pub(crate) from: String,
    pub(crate) from_at: (u32, u32),
    pub(crate) to: String,
    pub(crate) to_at: (u32, u32),
}

/// Reads a file the config imports (`./redirects`, as written): its path in the book
/// and its text; `None` when there is no such file.
pub(crate) type Load<'a> = &'a dyn Fn(&str) -> Option<(RelPath, String)>;

/// The plugin's options in the config `text` (at `file`); `None` when the site does
/// not use the plugin. `redirects` may be a list the config imports from another file
/// (`import { redirects } from './redirects'`, `require('./redirects')`), read with
/// `load`. Problems into `diags`, notes for `-v` into `unused`.
pub(crate) fn read(
    text: &str,
    file: &RelPath,
    load: Load<'_>,
    diags: &mut Diagnostics,
    unused: &mut Vec<String>,
) -> Option<ClientRedirects> {
    let entry = js_literal::plugin_entries(text, "plugin-client-redirects")
        .into_iter()
        .next()?;
    let warn = |line: u32, col: u32, message: &str, hint: &str| {
        js_literal::warning(file, text, (line, col), message, hint)
    };
    let options = match entry {
        Ok(options) => options,
        Err((line, col)) => {
            diags.push(warn(
                line,
                col,
                "the options of plugin-client-redirects are JavaScript that opsbook does not \
                 run; its redirects are not made",
                "write them as an object literal: `{redirects: [{from: '/old', to: '/docs/new'}]}`",
            ));
            return None;
        }
    };
    let mut out = ClientRedirects {
        file: file.clone(),
        text: text.to_string(),
        rules: Vec::new(),
        from_extensions: Vec::new(),
        to_extensions: Vec::new(),
    };
    // A method (`createRedirects(path) {…}`) is no key of the literal: found as text.
    if let Some((line, col)) = options
        .get("createRedirects")
        .map(|f| (f.line, f.col))
        .or_else(|| place_of(text, "createRedirects"))
    {
        unused.push(format!(
            "{file}:{line}:{col}: plugin-client-redirects' `createRedirects` is a \
             JavaScript function, not run: the redirects it makes are not made"
        ));
    }
    for (key, into) in [
        ("fromExtensions", &mut out.from_extensions),
        ("toExtensions", &mut out.to_extensions),
    ] {
        let Some(node) = options.get(key) else {
            continue;
        };
        match texts(node) {
            Some(list) => {
                *into = list
                    .iter()
                    .map(|e| e.trim_start_matches('.').to_string())
                    .collect()
            }
            None => diags.push(warn(
                node.line,
                node.col,
                &format!("`{key}` is not a list of plain texts; it is not read"),
                &format!("write it as a list: `{key}: ['html', 'htm']`"),
            )),
        }
    }
    // `redirects: redirects`, or the shorthand `{redirects}` (no key of the literal),
    // naming a list imported from another file.
    let named = match options.get("redirects").map(|n| &n.value) {
        // What an unreadable value starts with: a name is written `` `name` ``.
        Some(Js::Unreadable(what)) => what.strip_prefix('`').and_then(|w| w.strip_suffix('`')),
        None => Some("redirects"),
        Some(_) => None,
    };
    let imported = named.and_then(|name| match js_literal::imported(text, name) {
        Some((path, export)) => {
            let (rel, body) = load(&path)?;
            let value = match &export {
                None => js_literal::exported(&body),
                Some(e) => js_literal::declared(&body, e),
            };
            Some((rel, body, value))
        }
        // `const redirects = [...]` in the config itself.
        None => js_literal::declared(text, name)
            .ok()
            .map(|node| (file.clone(), text.to_string(), Ok(node))),
    });
    let list = match (&imported, options.get("redirects")) {
        (Some((rel, body, Ok(node))), _) => {
            out.file = rel.clone();
            out.text = body.clone();
            node
        }
        (Some((rel, body, Err(e))), _) => {
            diags.push(js_literal::warning(
                rel,
                body,
                (e.line, e.col),
                format!("the redirects this file exports cannot be read ({}); they are not made", e.message),
                "export them as a list literal: `export const redirects = [{from: '/old', to: '/docs/new'}]`",
            ));
            return Some(out);
        }
        (None, Some(list)) => list,
        (None, None) => return Some(out),
    };
    let Js::Array(items) = &list.value else {
        diags.push(warn(
            list.line,
            list.col,
            "`redirects` is not a list opsbook can read (a variable, a call); its redirects \
             are not made",
            "write the rules in the config: `redirects: [{from: '/old', to: '/docs/new'}]`",
        ));
        return Some(out);
    };
    for item in items {
        match rules_of(item) {
            Ok(rules) => out.rules.extend(rules),
            Err(node) => diags.push(js_literal::warning(
                &out.file,
                &out.text,
                (node.line, node.col),
                "this redirect rule is not a literal opsbook can read; it is not made",
                "write it as `{from: '/old' or ['/a', '/b'], to: '/docs/new'}` with plain texts",
            )),
        }
    }
    Some(out)
}

/// The 1-based line and column of the first `word` in `text`.
fn place_of(text: &str, word: &str) -> Option<(u32, u32)> {
    let at = text.find(word)?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some((u32::try_from(line).ok()?, u32::try_from(col).ok()?))
}

/// The texts of a list of plain texts (or of one text).
fn texts(node: &Node) -> Option<Vec<String>> {
    match &node.value {
        Js::Str(s) => Some(vec![s.clone()]),
        Js::Array(items) => items
            .iter()
            .map(|n| n.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

/// The rules of one `{from, to}`: one per `from`; `Err` names the node not read.
fn rules_of(item: &Node) -> Result<Vec<Rule>, &Node> {
    let to = item.get("to").ok_or(item)?;
    let to_text = to.as_str().ok_or(to)?;
    let from = item.get("from").ok_or(item)?;
    let froms: Vec<&Node> = match &from.value {
        Js::Str(_) => vec![from],
        Js::Array(list) => list.iter().collect(),
        _ => return Err(from),
    };
    froms
        .into_iter()
        .map(|f| {
            Ok(Rule {
                from: f.as_str().ok_or(f)?.to_string(),
                from_at: (f.line, f.col),
                to: to_text.to_string(),
                to_at: (to.line, to.col),
            })
        })
        .collect()
}

/// A file `docusaurus.config.*` at `root` imports (`./redirects`, `@site/redirects`),
/// with the extensions Node.js and Docusaurus try: its path in the book and its text.
pub(crate) fn import_of(root: &std::path::Path, written: &str) -> Option<(RelPath, String)> {
    let rel = written
        .strip_prefix("@site/")
        .or_else(|| written.strip_prefix("./"))
        .filter(|r| !r.starts_with("..") && !r.starts_with('/'))?;
    ["", ".js", ".ts", ".mjs", ".cjs", ".json"]
        .iter()
        .map(|ext| format!("{rel}{ext}"))
        .find(|name| root.join(name).is_file())
        .and_then(|name| {
            let text = std::fs::read_to_string(root.join(&name)).ok()?;
            Some((RelPath::new(name), text))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> (Option<ClientRedirects>, Diagnostics, Vec<String>) {
        let mut diags = Diagnostics::new();
        let mut unused = Vec::new();
        let file = RelPath::new("docusaurus.config.js");
        let out = read(text, &file, &|_: &str| None, &mut diags, &mut unused);
        (out, diags, unused)
    }

    #[test]
    fn each_from_of_a_rule_is_a_rule_with_its_place() {
        let text = "module.exports = {\n  plugins: [\n    ['@docusaurus/plugin-client-redirects', {\n      fromExtensions: ['.html', 'htm'],\n      redirects: [\n        {from: '/old', to: '/docs/new'},\n        {from: ['/a', '/b'], to: '/c'},\n      ],\n    }],\n  ],\n};\n";
        let (out, diags, unused) = read_text(text);
        assert!(
            diags.is_empty() && unused.is_empty(),
            "{diags:?} {unused:?}"
        );
        let out = out.expect("the plugin is used");
        assert_eq!(out.from_extensions, ["html", "htm"]);
        let rules: Vec<(&str, &str, (u32, u32))> = (out.rules.iter())
            .map(|r| (r.from.as_str(), r.to.as_str(), r.from_at))
            .collect();
        assert_eq!(
            rules,
            [
                ("/old", "/docs/new", (6, 16)),
                ("/a", "/c", (7, 17)),
                ("/b", "/c", (7, 23))
            ]
        );
        assert_eq!(out.rules[1].to_at, (7, 34));
    }

    #[test]
    fn a_site_without_the_plugin_has_none() {
        let (out, diags, _) = read_text("module.exports = {title: 'x', plugins: []};\n");
        assert!(out.is_none() && diags.is_empty());
    }

    #[test]
    fn create_redirects_is_a_note_and_unreadable_rules_are_warnings() {
        let text = "export default {\n  plugins: [['@docusaurus/plugin-client-redirects', {\n    createRedirects(path) { return undefined; },\n    redirects: [{from: OLD, to: '/x'}, {from: '/y', to: '/z'}],\n  }]],\n};\n";
        let (out, diags, unused) = read_text(text);
        let out = out.expect("the plugin is used");
        assert_eq!(out.rules.len(), 1, "the readable rule is kept");
        assert_eq!(unused.len(), 1);
        assert!(
            unused[0].contains("`createRedirects` is a JavaScript function"),
            "{unused:?}"
        );
        let d: Vec<String> = diags
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
            .collect();
        assert_eq!(
            d,
            ["4:24: this redirect rule is not a literal opsbook can read; it is not made"]
        );
    }

    #[test]
    fn redirects_from_a_variable_is_a_warning() {
        let text = "module.exports = {plugins: [['@docusaurus/plugin-client-redirects', {redirects: list}]]};\n";
        let (out, diags, _) = read_text(text);
        assert!(out.is_some_and(|o| o.rules.is_empty()));
        let d: Vec<String> = (diags.iter())
            .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
            .collect();
        assert_eq!(
            d,
            [
                "1:81: `redirects` is not a list opsbook can read (a variable, a call); its redirects are not made"
            ]
        );
    }
}
