//! A Hugo site read in place: a folder with `hugo.toml`, `hugo.yaml`, `config.toml` or
//! `config.yaml` (or one of them in `config/_default/`) and a `content/` folder is a
//! Hugo site. Its pages are `content/`, as for any opsbook book; its `title` is the
//! book's title unless book.toml names one; each of Hugo's other top-level keys is
//! named in a one-line note for `-v`, never an error. A config file that does not
//! parse is a `config` warning (the title then stays the default). `load` reads;
//! `parse` is pure.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::fsio;
use crate::base::path::RelPath;

/// What opsbook keeps of a Hugo site's config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Hugo {
    /// The config file read, relative to the book root (`hugo.toml`).
    pub(crate) file: String,
    /// Hugo's `title`.
    pub(crate) title: Option<String>,
    /// One line per Hugo key opsbook does not use, `hugo.toml:3:1: …`, for `-v`.
    pub(crate) unused: Vec<String>,
}

/// Hugo's config file names, in the order Hugo looks for them.
pub(super) const NAMES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "config.toml",
    "config.yaml",
    "config.yml",
];

/// The folders a config file may be in: the site root, or Hugo's config folder.
const DIRS: &[&str] = &["", "config/_default/"];

/// The Hugo config file of the site at `root`, relative to it, when `root` is a Hugo
/// site (a config file and a `content/` folder).
pub(super) fn find(root: &Path) -> Option<String> {
    if !root.join("content").is_dir() {
        return None;
    }
    DIRS.iter()
        .flat_map(|dir| NAMES.iter().map(move |name| format!("{dir}{name}")))
        .find(|rel| root.join(rel).is_file())
}

/// Reads the Hugo config of the site at `root`; `None` when it is not a Hugo site.
pub(super) fn load(root: &Path, diags: &mut Diagnostics) -> anyhow::Result<Option<Hugo>> {
    let Some(rel) = find(root) else {
        return Ok(None);
    };
    let path = RelPath::new(rel.as_str());
    let text = match fsio::decode_text(&path, fsio::read(&root.join(&rel))?) {
        Ok(text) => text,
        Err(d) => {
            diags.push(*d);
            return Ok(Some(Hugo {
                file: rel,
                ..Hugo::default()
            }));
        }
    };
    Ok(Some(parse(&text, &path, diags)))
}

/// Pure: the config file's text → what opsbook keeps of it.
pub(crate) fn parse(text: &str, path: &RelPath, diags: &mut Diagnostics) -> Hugo {
    let mut hugo = Hugo {
        file: path.to_string(),
        ..Hugo::default()
    };
    let keys = if path.as_str().ends_with(".toml") {
        toml_keys(text, path, diags)
    } else {
        yaml_keys(text, path, diags)
    };
    let index = LineIndex::new(text);
    for (key, at, title) in keys {
        if key == "title" {
            hugo.title = title;
            continue;
        }
        let (line, col) = index.line_col(text, at);
        hugo.unused.push(format!(
            "{path}:{line}:{col}: `{key}` is Hugo's; opsbook does not use it"
        ));
    }
    hugo
}

/// A top-level key: its name, its byte offset and, for `title`, its text.
type Key = (String, usize, Option<String>);

fn toml_keys(text: &str, path: &RelPath, diags: &mut Diagnostics) -> Vec<Key> {
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            diags.push(unreadable(text, path, at, e.message()));
            return Vec::new();
        }
    };
    let mut keys: Vec<Key> = root
        .get_ref()
        .iter()
        .map(|(k, v)| {
            let title = match v.get_ref() {
                DeValue::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
                _ => None,
            };
            (k.get_ref().to_string(), k.span().start, title)
        })
        .collect();
    keys.sort_by_key(|k| k.1);
    keys
}

fn yaml_keys(text: &str, path: &RelPath, diags: &mut Diagnostics) -> Vec<Key> {
    let map: Option<std::collections::BTreeMap<String, serde_json::Value>> =
        match serde_saphyr::from_str(text) {
            Ok(map) => map,
            Err(e) => {
                let first = e.to_string();
                let first = first.lines().next().unwrap_or("").to_string();
                diags.push(unreadable(text, path, 0, &first));
                return Vec::new();
            }
        };
    let map = map.unwrap_or_default();
    // Top-level keys start a line at column 1: their place, in file order.
    let mut keys = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let name = line
            .split_once(':')
            .map(|(k, _)| k.trim_matches(['"', '\'']))
            .filter(|k| !line.starts_with([' ', '\t', '#', '-']) && map.contains_key(*k));
        if let Some(name) = name {
            let title = (name == "title")
                .then(|| map[name].as_str().map(|s| s.trim().to_string()))
                .flatten()
                .filter(|s| !s.is_empty());
            keys.push((name.to_string(), offset, title));
        }
        offset += line.len();
    }
    keys
}

fn unreadable(text: &str, path: &RelPath, at: usize, message: &str) -> Diagnostic {
    let (line, col) = LineIndex::new(text).line_col(text, at);
    Diagnostic::warning(
        Code::Config,
        path.clone(),
        format!("Hugo's config does not parse: {}", message.trim_end()),
    )
    .at(text, line, col)
    .with_hint("opsbook reads only its `title`; the book's title stays the folder's name")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(name: &str, text: &str) -> (Hugo, Vec<String>) {
        let mut diags = Diagnostics::new();
        let hugo = parse(text, &RelPath::new(name), &mut diags);
        let found = diags
            .iter()
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect();
        (hugo, found)
    }

    #[test]
    fn toml_title_is_read_and_other_keys_are_notes() {
        let (hugo, diags) = run(
            "hugo.toml",
            "baseURL = 'https://x.io/'\ntitle = 'Ops runbooks'\n\n[params]\nBookTheme = 'auto'\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(hugo.title.as_deref(), Some("Ops runbooks"));
        assert_eq!(
            hugo.unused,
            [
                "hugo.toml:1:1: `baseURL` is Hugo's; opsbook does not use it",
                "hugo.toml:4:2: `params` is Hugo's; opsbook does not use it",
            ]
        );
    }

    #[test]
    fn yaml_title_is_read_and_other_keys_are_notes() {
        let (hugo, diags) = run(
            "config.yaml",
            "baseURL: https://x.io/\ntitle: \"Ops\"\nparams:\n  title: nested\nmenu:\n  - a\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(hugo.title.as_deref(), Some("Ops"));
        assert_eq!(hugo.unused.len(), 3, "{:?}", hugo.unused);
        assert_eq!(
            hugo.unused[1],
            "config.yaml:3:1: `params` is Hugo's; opsbook does not use it"
        );
    }

    #[test]
    fn a_config_that_does_not_parse_is_a_warning() {
        let (hugo, diags) = run("hugo.toml", "title = 'x\n");
        assert_eq!(hugo.title, None);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].starts_with("hugo.toml:1:"), "{diags:?}");
        let (_, diags) = run("hugo.yaml", "title: [x\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
    }

    #[test]
    fn a_site_needs_a_config_and_content() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "title = 'T'\n").unwrap();
        assert_eq!(find(dir.path()), None, "no content/");
        std::fs::create_dir(dir.path().join("content")).unwrap();
        assert_eq!(find(dir.path()).as_deref(), Some("config.toml"));
        std::fs::create_dir_all(dir.path().join("config/_default")).unwrap();
        std::fs::write(dir.path().join("config/_default/hugo.toml"), "").unwrap();
        assert_eq!(find(dir.path()).as_deref(), Some("config.toml"));
        std::fs::remove_file(dir.path().join("config.toml")).unwrap();
        assert_eq!(
            find(dir.path()).as_deref(),
            Some("config/_default/hugo.toml")
        );
    }
}
