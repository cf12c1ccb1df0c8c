//! A Hugo site's `cascade`: front-matter keys a section's `_index.md` (and the site
//! config's `cascade`) gives the section itself and every page below it, as Hugo
//! applies them. The map form (`cascade: {bookHidden: true}`) reaches them all; the
//! list form's entries reach only the pages their `_target` (`target` in newer Hugo)
//! names by `kind` (`page`, `section`, `home`, a glob such as `{page,section}`),
//! `path` (a glob of the content path, `/docs/**`: matched against Hugo 0.111's file
//! path, `/docs/a.md`, and newer Hugo's page path, `/docs/a`), `lang` and
//! `environment` (opsbook builds the default language, as `hugo` builds `production`).
//! A page's own key wins; then the nearest section's; within one cascade, its first
//! entry that names the key. Keys are matched in any case. `aliases`, `slug`, `url`,
//! `id` and `headless` are not passed down (each page's own).
//!
//! The values become the page's front matter where it has none (`frontmatter::
//! split_with`), so everything opsbook reads from front matter sees them: `draft`,
//! `bookHidden`, `_build`, `weight`, `linkTitle`, dates, `tags`, `menu` and the
//! `param` shortcode's values. A section Hugo does not build (a draft, a future
//! `publishDate`, an `expiryDate` past) takes the pages below it with it, as in Hugo:
//! [`Cascades::drop_unbuilt`]. Pure: reads the sources' bytes, no disk.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::base::diag::Diagnostics;
use crate::base::fsio;
use crate::config::Config;
use crate::config::hugo::Hugo;
use crate::model::Page;
use crate::parse::book::{FileKind, below_content, kind_of};
use crate::parse::frontmatter;
use crate::parse::hugo_page::{translation, unpublished, without_language};
use crate::source::Sources;

/// The keys a cascade does not pass down: each page's own place and name.
const OWN_KEYS: &[&str] = &["aliases", "slug", "url", "id", "headless", "cascade"];

/// The cascades of a Hugo site's sections, and the sections Hugo does not build.
#[derive(Debug, Default, Clone)]
pub(crate) struct Cascades {
    /// Each section's entries by its folder below the content folder (`docs/v3.5`;
    /// `` for the home page, whose entries come before the site config's).
    sections: BTreeMap<String, Vec<Entry>>,
    /// The folders of the sections Hugo does not build, with why.
    unbuilt: Vec<(String, String)>,
    /// The site's default language, for a `_target`'s `lang`.
    language: String,
}

/// One entry of a cascade: the pages it reaches, and its keys.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    kind: Option<String>,
    path: Option<String>,
    lang: Option<String>,
    environment: Option<String>,
    values: Map<String, Value>,
}

impl Cascades {
    /// The cascades of the site's sections (empty unless `cfg` is a Hugo site's).
    pub(crate) fn read(cfg: &Config, src: &Sources) -> Self {
        let Some(hugo) = &cfg.hugo else {
            return Cascades::default();
        };
        let mut out = Cascades {
            language: hugo.default_language.clone(),
            ..Cascades::default()
        };
        let mut fronts = Vec::new();
        for f in &src.content {
            let rel = below_content(&f.path, cfg.content_prefix());
            if kind_of(&f.path) != FileKind::Markdown || translation(rel, hugo).is_some() {
                continue;
            }
            let rel = without_language(rel, hugo);
            let Some(dir) = section_of(&rel) else {
                continue;
            };
            let text = src
                .bytes_of(f)
                .ok()
                .and_then(|b| fsio::decode_text(&f.path, b.into_owned()).ok());
            let Some(text) = text else {
                continue;
            };
            let split = frontmatter::split(&text, &f.path, &mut Diagnostics::new());
            let cascade = split
                .front
                .extra
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("cascade"));
            if let Some((_, value)) = cascade {
                out.sections.insert(dir.to_string(), entries(value));
            }
            fronts.push((rel.into_owned(), f.path.clone(), text));
        }
        if !hugo.cascade.is_null() {
            out.sections
                .entry(String::new())
                .or_default()
                .extend(entries(&hugo.cascade));
        }
        out.unbuilt = unbuilt_sections(&out, &fronts, hugo);
        out
    }

    /// The keys the site's cascades give the page at `rel` (below the content folder,
    /// without the default language's name: `docs/a.md`, `docs/_index.md`).
    pub(crate) fn values_for(&self, rel: &str) -> Map<String, Value> {
        let mut out = Map::new();
        if self.sections.is_empty() {
            return out;
        }
        let kind = match section_of(rel) {
            Some("") => "home",
            Some(_) => "section",
            None => "page",
        };
        let paths = paths_of(rel);
        let mut dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        loop {
            for entry in self.sections.get(dir).into_iter().flatten() {
                if !self.reaches(entry, kind, &paths) {
                    continue;
                }
                for (key, value) in &entry.values {
                    if !out.keys().any(|k| k.eq_ignore_ascii_case(key)) {
                        out.insert(key.clone(), value.clone());
                    }
                }
            }
            if dir.is_empty() {
                return out;
            }
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        }
    }

    /// Whether `entry`'s `_target` names a page of `kind` at `paths`.
    fn reaches(&self, entry: &Entry, kind: &str, paths: &[String; 2]) -> bool {
        let fits = |glob: &Option<String>, text: &str| {
            glob.as_deref()
                .is_none_or(|g| glob_match(&g.to_lowercase(), text))
        };
        fits(&entry.kind, kind)
            && fits(&entry.lang, &self.language)
            && fits(&entry.environment, "production")
            && (entry.path.is_none() || paths.iter().any(|p| fits(&entry.path, p)))
    }

    /// A fingerprint of the cascades, for the parse cache's key: a page's parse
    /// depends on them.
    pub(crate) fn fingerprint(&self) -> String {
        let mut text = String::new();
        for (dir, entries) in &self.sections {
            text.push_str(dir);
            for e in entries {
                text.push_str(&format!(
                    "|{:?}{:?}{:?}{:?}{}",
                    e.kind,
                    e.path,
                    e.lang,
                    e.environment,
                    Value::Object(e.values.clone())
                ));
            }
            text.push('\n');
        }
        text
    }

    /// Leaves out the pages below a section Hugo does not build, each with a `-v` note.
    pub(crate) fn drop_unbuilt(&self, pages: &mut Vec<Page>, prefix: &str, hugo: &Hugo) {
        if self.unbuilt.is_empty() {
            return;
        }
        pages.retain(|page| {
            let rel = without_language(below_content(&page.source, prefix), hugo);
            let under = self
                .unbuilt
                .iter()
                .find(|(dir, _)| dir.is_empty() || rel.starts_with(&format!("{dir}/")));
            if let Some((dir, why)) = under {
                tracing::info!(
                    "{}: not built: its section `{}` is not built ({why})",
                    page.source,
                    if dir.is_empty() { "/" } else { dir }
                );
            }
            under.is_none()
        });
    }
}

/// A `front-matter` warning for a `cascade` Hugo does not read, at its key's line: on
/// a page that is no section's (`rel`, below the content folder), or one that is not
/// a mapping or a list of mappings.
pub(crate) fn check(
    front: &crate::model::FrontMatter,
    (text, path, rel): (&str, &crate::base::path::RelPath, &str),
) -> Option<crate::base::diag::Diagnostic> {
    let (key, value) = front
        .extra
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("cascade"))?;
    let (message, hint) = if section_of(rel).is_none() {
        (
            format!("`{key}` is read only in a section's `_index.md`; Hugo ignores it here"),
            "move it to the `_index.md` of the folder whose pages it is for",
        )
    } else if entries(value).is_empty() {
        (
            format!("`{key}` must be a mapping or a list of mappings; it is ignored"),
            "write it as `cascade: {bookHidden: true}`, or as a list of them with `_target`",
        )
    } else {
        return None;
    };
    let line = text
        .lines()
        .position(|l| {
            l.trim_start()
                .trim_start_matches(['"', '['])
                .starts_with(key.as_str())
        })
        .map_or(1, |n| u32::try_from(n + 1).unwrap_or(1));
    let col = text
        .lines()
        .nth(line as usize - 1)
        .and_then(|l| l.find(key.as_str()))
        .map_or(1, |c| u32::try_from(c + 1).unwrap_or(1));
    Some(
        crate::base::diag::Diagnostic::warning(
            crate::base::diag::Code::FrontMatter,
            path.clone(),
            message,
        )
        .at(text, line, col)
        .with_hint(hint),
    )
}

/// The section folder whose page `rel` is (`docs/_index.md` → `docs`, `_index.md` →
/// ``); `None` for any other page.
fn section_of(rel: &str) -> Option<&str> {
    match rel.rsplit_once('/') {
        Some((dir, "_index.md")) => Some(dir),
        None if rel == "_index.md" => Some(""),
        _ => None,
    }
}

/// A page's paths as `_target.path` globs are matched against, lowercased: Hugo
/// 0.111's file path (`/docs/a.md`, `/docs/_index.md`) and newer Hugo's page path
/// (`/docs/a`, `/docs`).
fn paths_of(rel: &str) -> [String; 2] {
    let rel = rel.to_lowercase();
    let stem = rel.rsplit_once('.').map_or(rel.as_str(), |(s, _)| s);
    let page = match stem.rsplit_once('/') {
        Some((dir, "_index" | "index")) => dir,
        None if stem == "_index" || stem == "index" => "",
        _ => stem,
    };
    [format!("/{rel}"), format!("/{page}")]
}

/// The entries of a `cascade` value: a map is one entry, a list of maps one each.
fn entries(value: &Value) -> Vec<Entry> {
    let items: Vec<&Map<String, Value>> = match value {
        Value::Object(map) => vec![map],
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    };
    items
        .into_iter()
        .map(|map| {
            let target = map
                .iter()
                .find(|(k, _)| {
                    k.eq_ignore_ascii_case("_target") || k.eq_ignore_ascii_case("target")
                })
                .and_then(|(_, v)| v.as_object());
            let text = |key: &str| {
                target?
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .and_then(|(_, v)| v.as_str())
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            let values = map
                .iter()
                .filter(|(k, _)| {
                    let k = k.to_ascii_lowercase();
                    k != "_target" && k != "target" && !OWN_KEYS.contains(&k.as_str())
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Entry {
                kind: text("kind"),
                path: text("path"),
                lang: text("lang"),
                environment: text("environment"),
                values,
            }
        })
        .collect()
}

/// The sections whose page, with its cascades, is a draft or dated out of the build.
fn unbuilt_sections(
    cascades: &Cascades,
    fronts: &[(String, crate::base::path::RelPath, String)],
    hugo: &Hugo,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (rel, path, text) in fronts {
        let defaults = cascades.values_for(rel);
        let front = frontmatter::split_with(text, path, &mut Diagnostics::new(), &defaults).front;
        let why = if front.draft {
            Some("`draft: true`".to_string())
        } else {
            unpublished(&front, hugo)
        };
        if let (Some(why), Some(dir)) = (why, section_of(rel)) {
            out.push((dir.to_string(), why));
        }
    }
    out
}

/// Whether `text` matches the glob `pattern` as Hugo matches paths: `*` and `?` stop
/// at `/`, `**` does not, `{a,b}` is either, `[a-z]`/`[!a]` a class.
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    matches(&p, &t)
}

fn matches(p: &[char], t: &[char]) -> bool {
    match p.first() {
        None => t.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => {
            let rest = &p[2..];
            (0..=t.len()).any(|i| matches(rest, &t[i..]))
        }
        Some('*') => {
            let rest = &p[1..];
            let stop = t.iter().position(|&c| c == '/').unwrap_or(t.len());
            (0..=stop).any(|i| matches(rest, &t[i..]))
        }
        Some('?') => t.first().is_some_and(|&c| c != '/') && matches(&p[1..], &t[1..]),
        Some('{') => {
            let Some(close) = p.iter().position(|&c| c == '}') else {
                return t.first() == Some(&'{') && matches(&p[1..], &t[1..]);
            };
            let rest = &p[close + 1..];
            p[1..close].split(|&c| c == ',').any(|alt| {
                let mut whole = alt.to_vec();
                whole.extend_from_slice(rest);
                matches(&whole, t)
            })
        }
        Some('[') => {
            let Some(close) = p.iter().skip(1).position(|&c| c == ']').map(|n| n + 1) else {
                return t.first() == Some(&'[') && matches(&p[1..], &t[1..]);
            };
            let Some(&c) = t.first() else {
                return false;
            };
            let (negated, class) = match p[1..close].split_first() {
                Some(('!' | '^', rest)) => (true, rest),
                _ => (false, &p[1..close]),
            };
            let mut hit = false;
            let mut i = 0;
            while i < class.len() {
                if i + 2 < class.len() && class[i + 1] == '-' {
                    hit |= class[i] <= c && c <= class[i + 2];
                    i += 3;
                } else {
                    hit |= class[i] == c;
                    i += 1;
                }
            }
            hit != negated && c != '/' && matches(&p[close + 1..], &t[1..])
        }
        Some('\\') if p.len() > 1 => t.first() == Some(&p[1]) && matches(&p[2..], &t[1..]),
        Some(&c) => t.first() == Some(&c) && matches(&p[1..], &t[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::test_support::sources;

    fn cascades(files: &[(&str, &str)], config: &str) -> Cascades {
        let mut diags = Diagnostics::new();
        let hugo = crate::config::hugo::parse(
            config,
            &crate::base::path::RelPath::new("hugo.toml"),
            &mut diags,
        );
        let cfg = Config {
            hugo: Some(hugo),
            ..Config::default()
        };
        Cascades::read(&cfg, &sources(files))
    }

    fn keys(map: &Map<String, Value>) -> String {
        Value::Object(map.clone()).to_string()
    }

    #[test]
    fn a_cascade_hugo_does_not_read_is_a_warning_at_its_line() {
        let path = crate::base::path::RelPath::new("content/docs/a.md");
        let check = |text: &str, rel: &str| {
            let split = frontmatter::split(text, &path, &mut Diagnostics::new());
            check(&split.front, (text, &path, rel))
                .map(|d| format!("{}: {}", d.location(), d.message))
        };
        assert_eq!(
            check("---\ntitle: A\ncascade:\n  toc: false\n---\n", "docs/a.md").as_deref(),
            Some(
                "content/docs/a.md:3:1: `cascade` is read only in a section's `_index.md`; Hugo ignores it here"
            )
        );
        assert_eq!(
            check("---\ncascade: yes please\n---\n", "docs/_index.md").as_deref(),
            Some(
                "content/docs/a.md:2:1: `cascade` must be a mapping or a list of mappings; it is ignored"
            )
        );
        assert_eq!(
            check("---\ncascade: [{toc: false}]\n---\n", "_index.md"),
            None
        );
    }

    #[test]
    fn globs_as_hugo_matches_paths() {
        assert!(glob_match("/docs/**", "/docs/a/b.md"));
        assert!(glob_match("/docs/**", "/docs/_index.md"));
        assert!(!glob_match("/docs/**", "/docs"));
        assert!(glob_match("/docs/*", "/docs/a.md"));
        assert!(!glob_match("/docs/*", "/docs/a/b.md"));
        assert!(glob_match("{page,section}", "section"));
        assert!(!glob_match("{page,section}", "home"));
        assert!(glob_match("/docs-*/**", "/docs-v1/a.md"));
        assert!(glob_match("/v[0-9]/?.md", "/v3/a.md"));
        assert!(!glob_match("/v[!0-9]/a.md", "/v3/a.md"));
        assert!(glob_match("**", "/anything/at/all"));
    }

    #[test]
    fn nearest_section_wins_and_the_map_form_reaches_the_section_itself() {
        let c = cascades(
            &[
                (
                    "content/_index.md",
                    "---\ncascade:\n  toc: false\n  banner: home\n---\n",
                ),
                (
                    "content/docs/_index.md",
                    "---\ncascade:\n  bookHidden: true\n  Banner: docs\n  aliases: [/x/]\n---\n",
                ),
                (
                    "content/docs/sub/_index.md",
                    "---\ncascade:\n  banner: sub\n---\n",
                ),
                ("content/other/a.md", "---\ntitle: A\n---\n"),
            ],
            "",
        );
        assert_eq!(
            keys(&c.values_for("docs/sub/c.md")),
            r#"{"banner":"sub","bookHidden":true,"toc":false}"#
        );
        assert_eq!(
            keys(&c.values_for("docs/_index.md")),
            r#"{"Banner":"docs","bookHidden":true,"toc":false}"#,
            "a section's own cascade reaches it; aliases are each page's own"
        );
        assert_eq!(
            keys(&c.values_for("other/a.md")),
            r#"{"banner":"home","toc":false}"#
        );
    }

    #[test]
    fn targets_by_kind_path_and_language_and_the_sites_cascade() {
        let c = cascades(
            &[
                (
                    "content/docs/_index.md",
                    "---\ncascade:\n  - _target:\n      kind: page\n    draft: true\n  - _target:\n      path: /docs/sub/**\n    bookHidden: true\n  - target:\n      path: /other/**\n    banner: never\n  - _target:\n      lang: fr\n    weight: 9\n---\n",
                ),
                ("content/docs/sub/_index.md", "---\ntitle: Sub\n---\n"),
            ],
            "[[cascade]]\nsite = 'yes'\n[cascade._target]\nkind = 'section'\n",
        );
        assert_eq!(keys(&c.values_for("docs/a.md")), r#"{"draft":true}"#);
        assert_eq!(
            keys(&c.values_for("docs/sub/_index.md")),
            r#"{"bookHidden":true,"site":"yes"}"#,
            "the section itself, by Hugo 0.111's file path"
        );
        assert_eq!(
            keys(&c.values_for("docs/sub/b.md")),
            r#"{"bookHidden":true,"draft":true}"#
        );
        assert!(
            c.values_for("other/a.md").is_empty(),
            "only below its section"
        );
    }

    #[test]
    fn sections_hugo_does_not_build_take_their_pages_with_them() {
        let mut diags = Diagnostics::new();
        let mut hugo = crate::config::hugo::parse(
            "",
            &crate::base::path::RelPath::new("hugo.toml"),
            &mut diags,
        );
        hugo.now = crate::parse::hugo_page::parse_date("2025-01-01");
        let cfg = Config {
            hugo: Some(hugo.clone()),
            ..Config::default()
        };
        let c = Cascades::read(
            &cfg,
            &sources(&[
                ("content/dr/_index.md", "---\ndraft: true\n---\n"),
                (
                    "content/fut/_index.md",
                    "---\npublishDate: 2999-01-01\n---\n",
                ),
                (
                    "content/hid/_index.md",
                    "---\ncascade:\n  draft: true\n---\n",
                ),
                (
                    "content/ok/_index.md",
                    "---\ncascade:\n  - _target: {kind: page}\n    draft: true\n---\n",
                ),
            ]),
        );
        let dirs: Vec<&str> = c.unbuilt.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(dirs, ["dr", "fut", "hid"]);
        let page = |source: &str| Page {
            source: crate::base::path::RelPath::new(source),
            url: String::new(),
            id: String::new(),
            title: String::new(),
            kind: crate::model::PageKind::Markdown,
            front: crate::model::FrontMatter::default(),
            doc: crate::model::Document::default(),
        };
        let mut pages = vec![
            page("content/dr/a.md"),
            page("content/ok/b.md"),
            page("content/drx.md"),
        ];
        c.drop_unbuilt(&mut pages, "content", &hugo);
        let left: Vec<&str> = pages.iter().map(|p| p.source.as_str()).collect();
        assert_eq!(left, ["content/ok/b.md", "content/drx.md"]);
    }
}
