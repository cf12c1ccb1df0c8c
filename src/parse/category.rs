//! Docusaurus's `_category_.json`, `_category_.yml` and `_category_.yaml`: a folder's
//! sidebar title (`label`), place (`position`) and `link: {type: 'generated-index'}`
//! (the page made for it, `generated_index.rs`), read for `nav.rs`. Their other keys
//! (a `doc` link, `collapsed`, `className`, …) are left alone. The files are no pages
//! (`is_category_file`). A file that does not parse, or a `label` or `position` of a
//! wrong type, is a `yaml` error at its line and column. Pure.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::model::GeneratedIndex;
use crate::parse::book::below_content;
use crate::source::Sources;

/// What a `_category_` file says of its folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Category {
    pub(crate) label: Option<String>,
    pub(crate) position: Option<f64>,
    /// `link: {type: 'generated-index', title, description, slug}`.
    pub(crate) index: Option<GeneratedIndex>,
}

/// Whether a content file is a `_category_` file.
pub(crate) fn is_category_file(path: &RelPath) -> bool {
    matches!(
        path.file_name(),
        "_category_.json" | "_category_.yml" | "_category_.yaml"
    )
}

/// The `_category_` files of the book, by folder below the pages' folder `prefix`
/// (`""` for the top folder), of the files `keep` names (in a Docusaurus site with
/// other docs instances, those of the folder's own instance).
pub(crate) fn read(
    src: &Sources,
    prefix: &str,
    keep: &dyn Fn(&RelPath) -> bool,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Category> {
    let mut out = BTreeMap::new();
    let files = src
        .content
        .iter()
        .filter(|f| is_category_file(&f.path) && keep(&f.path));
    for file in files {
        let text = match crate::base::fsio::decode_text(&file.path, file.bytes.clone()) {
            Ok(text) => text,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        let rel = below_content(&file.path, prefix);
        let folder = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        if let Some(category) = parse(&text, &file.path, diags) {
            out.entry(folder.to_string()).or_insert(category);
        }
    }
    out
}

/// One file's text → its category; problems into `diags`.
pub(crate) fn parse(text: &str, path: &RelPath, diags: &mut Diagnostics) -> Option<Category> {
    let source = text;
    let value: Value = if path.as_str().ends_with(".json") {
        match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let (line, col) = (e.line(), e.column());
                diags.push(problem(path, format!("invalid JSON: {e}")).at(
                    text,
                    u32::try_from(line).unwrap_or(1),
                    u32::try_from(col).unwrap_or(1),
                ));
                return None;
            }
        }
    } else {
        match serde_saphyr::from_str::<Option<Value>>(text) {
            Ok(v) => v.unwrap_or(Value::Null),
            Err(e) => {
                // At its line and column, in the user's words (`parse::yaml`).
                let e = crate::parse::yaml::describe(&e, Some(text), 0);
                let mut d = problem(path, format!("invalid YAML: {}", e.message));
                if let Some(hint) = e.hint {
                    d = d.with_hint(hint);
                }
                diags.push(d.at(text, e.line.max(1), e.col.max(1)));
                return None;
            }
        }
    };
    let map = match value {
        Value::Object(map) => map,
        Value::Null => return Some(Category::default()),
        _ => {
            diags.push(problem(path, "a category file is a mapping").at(text, 1, 1));
            return None;
        }
    };
    let mut category = Category::default();
    match map.get("label") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => category.label = Some(s.trim().to_string()),
        Some(_) => diags.push(key_problem(text, path, "label", "a text")),
    }
    match map.get("position") {
        None | Some(Value::Null) => {}
        Some(Value::Number(n)) => category.position = n.as_f64(),
        Some(_) => diags.push(key_problem(text, path, "position", "a number")),
    }
    category.index = map
        .get("link")
        .filter(|l| l.get("type").and_then(Value::as_str) == Some("generated-index"))
        .map(|link| {
            let text = |key: &str| link.get(key).and_then(Value::as_str).map(str::to_string);
            let (line, col) = key_place(source, "link");
            GeneratedIndex {
                title: text("title"),
                description: text("description"),
                slug: text("slug"),
                place: Some(crate::model::Place {
                    path: path.clone(),
                    line,
                    col,
                    text: crate::base::diag::line_of(source, line),
                }),
            }
        });
    Some(category)
}

fn problem(path: &RelPath, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Code::Yaml, path.clone(), message)
        .with_hint("a category file is like `{\"label\": \"Setup\", \"position\": 2}`")
}

/// A key of a wrong type, at the first line that names it.
fn key_problem(text: &str, path: &RelPath, key: &str, expected: &str) -> Diagnostic {
    let (line, col) = key_place(text, key);
    problem(path, format!("`{key}` must be {expected}")).at(text, line, col)
}

/// The line and column of the first mention of `key` in `text` (1, 1 when none).
fn key_place(text: &str, key: &str) -> (u32, u32) {
    (1u32..)
        .zip(text.lines())
        .find_map(|(n, l)| l.find(key).map(|c| (n, c)))
        .map_or((1, 1), |(n, c)| (n, u32::try_from(c).unwrap_or(0) + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(name: &str, text: &str) -> (Option<Category>, Vec<String>) {
        let mut diags = Diagnostics::new();
        let c = parse(text, &RelPath::new(name), &mut diags);
        let found = diags.placed();
        (c, found)
    }

    #[test]
    fn json_and_yaml_give_label_and_position() {
        let want = |path: &str, line, col, text: &str| Category {
            label: Some("Providers".into()),
            position: Some(2.5),
            index: Some(GeneratedIndex {
                slug: Some("/providers/all".into()),
                place: Some(crate::model::Place {
                    path: RelPath::new(path),
                    line,
                    col,
                    text: Some(text.into()),
                }),
                ..GeneratedIndex::default()
            }),
        };
        let json = "{\n  \"label\": \"Providers\",\n  \"position\": 2.5,\n  \"link\": {\"type\": \"generated-index\", \"slug\": \"/providers/all\"}\n}\n";
        let line = "  \"link\": {\"type\": \"generated-index\", \"slug\": \"/providers/all\"}";
        assert_eq!(
            run("docs/p/_category_.json", json),
            (Some(want("docs/p/_category_.json", 4, 4, line)), vec![])
        );
        let yaml = "label: Providers\nposition: 2.5\ncollapsed: false\nlink:\n  type: generated-index\n  slug: /providers/all\n";
        assert_eq!(
            run("docs/p/_category_.yml", yaml),
            (Some(want("docs/p/_category_.yml", 4, 1, "link:")), vec![])
        );
    }

    #[test]
    fn bad_files_and_types_are_errors_with_places() {
        let (c, d) = run("docs/_category_.json", "{\n  \"label\": \"A\",\n}\n");
        assert_eq!(c, None);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].starts_with("docs/_category_.json:3:1: invalid JSON"),
            "{d:?}"
        );
        let (c, d) = run("docs/_category_.yml", "label: A\nlink: {type: x\n");
        assert_eq!(c, None);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].starts_with("docs/_category_.yml:2:") && !d[0].contains("saphyr"),
            "{d:?}"
        );
        let (c, d) = run("docs/_category_.yml", "label: A\nposition: first\n");
        assert_eq!(c.and_then(|c| c.label).as_deref(), Some("A"));
        assert_eq!(d, ["docs/_category_.yml:2:1: `position` must be a number"]);
    }

    #[test]
    fn only_category_files_are_category_files() {
        assert!(is_category_file(&RelPath::new("docs/a/_category_.json")));
        assert!(is_category_file(&RelPath::new("_category_.yml")));
        assert!(!is_category_file(&RelPath::new("docs/category.json")));
    }
}
