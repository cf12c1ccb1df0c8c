//! A Hugo site's module mounts (`[[module.mounts]]`, with `source`, `target`, `lang`,
//! `includeFiles`, `excludeFiles`; or `[[mounts]]` in `config/_default/module.toml`): folders Hugo reads as if they were in its
//! `content/` or `static/` folder, often from beside the site (`../sdkdocs/python/…`).
//! `parse` reads them from the config's values (pure); `resolve` checks each against the
//! disk: a `content` mount of the built language and a `static` mount are kept (each
//! with its `includeFiles` and `excludeFiles`: `Filter`); a
//! mount of another language, and `layouts`, `data`, `assets`, `i18n` and `archetypes`
//! mounts (templates and data, which opsbook does not read) are a note for `-v`; a
//! source folder that does not exist is a `config` warning at its line (Hugo skips it
//! silently); a source outside the repository that holds the site (above its git root,
//! or above the site folder's parent when there is no git) is a `config` error.
//! Walking the mounted folders is `source::mounts`'.

use std::path::{Component, Path, PathBuf};

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::path::RelPath;

/// One `[[module.mounts]]` entry, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Mount {
    pub(crate) source: String,
    /// Without a leading or trailing `/`: `content/developing-applications/sdks/go`.
    pub(crate) target: String,
    pub(crate) lang: Option<String>,
    pub(crate) include: Vec<String>,
    pub(crate) exclude: Vec<String>,
    /// Where the entry's `source` is written in the config file (1-based).
    pub(crate) line: u32,
    pub(crate) col: u32,
}

/// A mounted folder opsbook reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Mounted {
    /// The folder, relative to the site folder and normalised: `content/en`,
    /// `../sdkdocs/python/daprdocs/content/en/python-sdk-docs`.
    pub(crate) dir: String,
    /// Where its files go below the component folder (`developing-applications/sdks/go`;
    /// `""`: at its top).
    pub(crate) under: String,
    /// `includeFiles` and `excludeFiles`, as written.
    pub(crate) include: Vec<String>,
    pub(crate) exclude: Vec<String>,
}

/// What opsbook reads of a site's mounts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Mounts {
    /// The `content` mounts in config order (an earlier one wins a path two give);
    /// `None` when no mount targets `content`: the content folder is read as usual.
    pub(crate) content: Option<Vec<Mounted>>,
    /// The `static` mounts; `None` when none: the site's `static/` folder.
    pub(crate) statics: Option<Vec<Mounted>>,
}

/// Hugo's component folders a mount may target, beside `content` and `static`.
const UNREAD: &[&str] = &["layouts", "data", "assets", "i18n", "archetypes"];

impl Mounted {
    /// Its `includeFiles` and `excludeFiles`, ready to match.
    pub(crate) fn filter(&self) -> Filter {
        let compile = |globs: &[String]| globs.iter().filter_map(|g| glob_regex(g)).collect();
        Filter {
            include: compile(&self.include),
            exclude: compile(&self.exclude),
        }
    }
}

/// A mount's `includeFiles` and `excludeFiles`, as Hugo matches them: against the
/// file's path below the mount's source with a leading `/` (a pattern without one gets
/// it), ignoring case; `*` and `?` stay within a name, `**` crosses folders, `{a,b}` is
/// either, `[abc]` a set. A pattern that matches a folder matches every file below it.
/// A file `includeFiles` matches is mounted even when `excludeFiles` matches it too
/// (Hugo checks the inclusions first; `hugo` 0.111 does so), unless it is below a
/// folder only `excludeFiles` matches, which Hugo does not walk into.
#[derive(Debug, Default)]
pub(crate) struct Filter {
    include: Vec<regex::Regex>,
    exclude: Vec<regex::Regex>,
}

impl Filter {
    /// Whether the file at `rel` (below the mount's source, `/`-separated) is mounted.
    pub(crate) fn keeps(&self, rel: &str) -> bool {
        let path = format!("/{}", rel.trim_start_matches('/'));
        let ends = path
            .match_indices('/')
            .skip(1)
            .map(|(i, _)| i)
            .chain([path.len()]);
        let parts: Vec<&str> = ends.map(|end| &path[..end]).collect();
        let hit = |globs: &[regex::Regex], part: &str| globs.iter().any(|g| g.is_match(part));
        // Hugo does not walk into a folder excluded and not included.
        let (_, folders) = parts.split_last().unwrap_or((&"", &[]));
        if (folders.iter()).any(|f| hit(&self.exclude, f) && !hit(&self.include, f)) {
            return false;
        }
        // Then, as Hugo's `FilenameFilter`: the inclusions first (a file they match
        // stays, excluded or not), the exclusions only without inclusions.
        if !self.include.is_empty() {
            return parts.iter().any(|p| hit(&self.include, p));
        }
        !parts.iter().any(|p| hit(&self.exclude, p))
    }
}

/// One glob as an anchored, case-insensitive regex; `None` when it cannot be read.
fn glob_regex(glob: &str) -> Option<regex::Regex> {
    let glob = glob.trim().replace('\\', "/");
    let glob = if glob.starts_with('/') {
        glob
    } else {
        format!("/{glob}")
    };
    let mut re = String::from("(?i)^");
    let mut chars = glob.chars().peekable();
    let mut braces = 0;
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                re.push_str(".*");
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            '{' => {
                braces += 1;
                re.push_str("(?:");
            }
            '}' if braces > 0 => {
                braces -= 1;
                re.push(')');
            }
            ',' if braces > 0 => re.push('|'),
            '[' => {
                re.push('[');
                if chars.peek() == Some(&'!') {
                    chars.next();
                    re.push('^');
                }
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    if c == '\\' || c == '[' {
                        re.push('\\');
                    }
                    re.push(c);
                }
                re.push(']');
            }
            other => re.push_str(&regex::escape(&other.to_string())),
        }
    }
    re.push('$');
    regex::Regex::new(&re).ok()
}

/// Pure: the mounts of the config's `module` value, placed in `text` (the config
/// file's text): each entry's line is that of its `source`.
pub(crate) fn parse(module: &serde_json::Value, text: &str) -> Vec<Mount> {
    let entries = module.get("mounts").and_then(serde_json::Value::as_array);
    let index = LineIndex::new(text);
    let mut from = 0;
    let mut out = Vec::new();
    for entry in entries.into_iter().flatten() {
        let field = |k: &str| entry.get(k).and_then(serde_json::Value::as_str);
        let source = field("source").unwrap_or("").trim().to_string();
        let (at, next) = place_of(text, &source, from);
        from = next;
        let (line, col) = index.line_col(text, at);
        out.push(Mount {
            target: field("target")
                .unwrap_or("")
                .trim()
                .trim_matches('/')
                .to_string(),
            lang: field("lang")
                .map(|l| l.trim().to_lowercase())
                .filter(|l| !l.is_empty()),
            include: globs(entry.get("includeFiles")),
            exclude: globs(entry.get("excludeFiles")),
            source,
            line,
            col,
        });
    }
    out
}

/// `includeFiles`/`excludeFiles`: a string or a list of strings.
fn globs(value: Option<&serde_json::Value>) -> Vec<String> {
    match value {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(serde_json::Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// The byte offset of the next `source` key (from `from`) whose line holds `source`,
/// and where to look for the one after it.
fn place_of(text: &str, source: &str, from: usize) -> (usize, usize) {
    let mut offset = from;
    for line in text.get(from..).unwrap_or("").split_inclusive('\n') {
        let key = line
            .trim_start()
            .trim_start_matches(['-', ' ', '{', '"', '\'']);
        if key.starts_with("source") && line.contains(source) {
            let col = line.len() - line.trim_start().len();
            return (offset + col, offset + line.len());
        }
        offset += line.len();
    }
    (from, from)
}

/// Checks the mounts against the site at `root` (read from `file`, whose text is
/// `text`): see the file's doc. `language` is the one opsbook builds.
pub(crate) fn resolve(
    root: &Path,
    mounts: &[Mount],
    language: &str,
    (file, text): (&str, &str),
    diags: &mut Diagnostics,
) -> Mounts {
    let mut out = Mounts::default();
    let root = &root.canonicalize().unwrap_or_else(|_| normalise(root));
    let boundary = boundary_of(root);
    for m in mounts {
        let at = format!("{file}:{}:{}", m.line, m.col);
        let (component, under) = m.target.split_once('/').unwrap_or((&m.target, ""));
        let list = match component {
            "content" => &mut out.content,
            "static" => &mut out.statics,
            c if UNREAD.contains(&c) => {
                tracing::info!(
                    "{at}: the `{c}` mount `{}` is Hugo's templates or data; opsbook does not read it",
                    m.source
                );
                continue;
            }
            _ => {
                tracing::info!(
                    "{at}: the mount's target `{}` is none of Hugo's folders; Hugo refuses it, opsbook leaves it out",
                    m.target
                );
                continue;
            }
        };
        // Claimed before the checks below: a mount that names the content folder
        // replaces Hugo's default one, even when its source is missing.
        let list = list.get_or_insert_with(Vec::new);
        if let Some(lang) = m
            .lang
            .as_deref()
            .filter(|l| component == "content" && *l != language)
        {
            tracing::info!(
                "{at}: the mount `{}` is for the language `{lang}`; opsbook builds `{language}`",
                m.source
            );
            continue;
        }
        let place = |d: Diagnostic| d.at(text, m.line, m.col);
        let Some(dir) = check_source(root, &boundary, m, file, diags, place) else {
            continue;
        };
        list.push(Mounted {
            dir,
            under: under.trim_matches('/').to_string(),
            include: m.include.clone(),
            exclude: m.exclude.clone(),
        });
    }
    out
}

/// The mount's source, relative to `root` and normalised, when opsbook reads it: a
/// diagnostic (placed by `place`) when it is outside `boundary` or does not exist.
fn check_source(
    root: &Path,
    boundary: &Path,
    m: &Mount,
    file: &str,
    diags: &mut Diagnostics,
    place: impl Fn(Diagnostic) -> Diagnostic,
) -> Option<String> {
    let path = RelPath::new(file);
    let full = normalise(&root.join(&m.source));
    let real = full.canonicalize().ok();
    let outside =
        !full.starts_with(boundary) || real.as_ref().is_some_and(|r| !r.starts_with(boundary));
    if m.source.is_empty() {
        diags.push(place(
            Diagnostic::error(Code::Config, path, "the mount has no `source`")
                .with_hint("name the folder to mount: `source = \"docs\"`"),
        ));
        return None;
    }
    if outside {
        diags.push(place(
            Diagnostic::error(
                Code::Config,
                path,
                format!(
                    "the mount's source `{}` is outside {}; opsbook reads no file there",
                    m.source,
                    boundary.display()
                ),
            )
            .with_hint(
                "opsbook reads a site's files only from the repository that holds it: \
                 move the folder inside it (a git submodule is inside), or remove the mount",
            ),
        ));
        return None;
    }
    if !full.is_dir() {
        diags.push(place(
            Diagnostic::warning(
                Code::Config,
                path,
                format!(
                    "the mount's source folder `{}` does not exist; like Hugo, opsbook leaves the mount out",
                    m.source
                ),
            )
            .with_hint(
                "a git submodule not checked out yet? `git submodule update --init` fetches it",
            ),
        ));
        return None;
    }
    Some(relative(root, &full))
}

/// Where a mount may read: the git repository's root that holds `root` (canonical; the
/// nearest folder above it with a `.git`), else `root`'s parent.
fn boundary_of(root: &Path) -> PathBuf {
    root.ancestors()
        .find(|dir| dir.join(".git").exists())
        .or_else(|| root.parent())
        .unwrap_or(root)
        .to_path_buf()
}

/// `path` (absolute, or made so) with `.` and `..` taken out, without reading the disk.
fn normalise(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `full` relative to `root`, `/`-separated, with `..` where it is not below it.
fn relative(root: &Path, full: &Path) -> String {
    let common = root
        .components()
        .zip(full.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = root.components().count() - common;
    let downs = full
        .components()
        .skip(common)
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let parts: Vec<String> = std::iter::repeat_n("..".to_string(), ups)
        .chain(downs)
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml_mounts(text: &str) -> Vec<Mount> {
        let value: toml::Table = toml::from_str(text).unwrap();
        let json = crate::config::hugo::toml_to_json(&toml::Value::Table(value));
        parse(&json["module"], text)
    }

    const DAPR_LIKE: &str = "title = 'x'\n[module]\n  [[module.mounts]]\n    source = \"content/en\"\n    target = \"content\"\n    lang = \"en\"\n  [[module.mounts]]\n    source = \"../other/content/en/x-docs\"\n    target = \"content/developing/sdks/x/\"\n    excludeFiles = \"drafts/*\"\n  [[module.mounts]]\n    source = \"layouts\"\n    target = \"layouts\"\n  [[module.mounts]]\n    source = \"../zh/docs\"\n    target = \"content\"\n    lang = \"zh-hans\"\n";

    #[test]
    fn reads_each_mount_at_the_line_of_its_source() {
        let mounts = toml_mounts(DAPR_LIKE);
        assert_eq!(mounts.len(), 4);
        assert_eq!(mounts[1].source, "../other/content/en/x-docs");
        assert_eq!(mounts[1].target, "content/developing/sdks/x");
        assert_eq!(mounts[1].exclude, ["drafts/*"]);
        assert_eq!((mounts[1].line, mounts[1].col), (8, 5));
        assert_eq!(mounts[3].lang.as_deref(), Some("zh-hans"));
        assert_eq!(mounts[3].line, 15);
    }

    #[test]
    fn yaml_mounts_are_placed_too() {
        let text = "module:\n  mounts:\n    - source: docs\n      target: content\n      includeFiles: ['**.md', '/img/**']\n    - {source: assets, target: assets}\n";
        let value: serde_json::Value = serde_saphyr::from_str(text).unwrap();
        let mounts = parse(&value["module"], text);
        assert_eq!((mounts[0].line, mounts[0].col), (3, 5));
        assert_eq!(mounts[0].include, ["**.md", "/img/**"]);
        assert_eq!((mounts[1].line, mounts[1].col), (6, 5));
    }

    /// A repository `repo/` (with `.git`) holding the site `repo/site/` and
    /// `repo/other/content/en/x-docs/`.
    fn repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for d in [".git", "site/content/en", "other/content/en/x-docs"] {
            std::fs::create_dir_all(dir.path().join("repo").join(d)).unwrap();
        }
        dir
    }

    /// The mounts of `text` (a `config.toml`) for the site at `root`, and what was said.
    fn resolved(root: &Path, text: &str) -> (Mounts, Diagnostics) {
        let mut diags = Diagnostics::new();
        let mounts = resolve(
            root,
            &toml_mounts(text),
            "en",
            ("config.toml", text),
            &mut diags,
        );
        (mounts, diags)
    }

    fn run(root: &Path, text: &str) -> (Mounts, Vec<String>) {
        let (mounts, diags) = resolved(root, text);
        (mounts, diags.placed())
    }

    #[test]
    fn keeps_content_mounts_of_the_language_and_leaves_out_the_rest() {
        let dir = repo();
        let (mounts, diags) = run(&dir.path().join("repo/site"), DAPR_LIKE);
        assert!(diags.is_empty(), "{diags:?}");
        let content = mounts.content.unwrap();
        assert_eq!(content.len(), 2, "{content:?}");
        assert_eq!(
            (content[0].dir.as_str(), content[0].under.as_str()),
            ("content/en", "")
        );
        assert_eq!(content[1].dir, "../other/content/en/x-docs");
        assert_eq!(content[1].under, "developing/sdks/x");
        assert_eq!(mounts.statics, None);
    }

    #[test]
    fn a_missing_source_is_a_warning_at_its_line() {
        let dir = repo();
        let text = "[[module.mounts]]\nsource = '../gone/docs'\ntarget = 'content/gone'\n";
        let (mounts, diags) = run(&dir.path().join("repo/site"), text);
        assert_eq!(mounts.content, Some(Vec::new()), "still replaces content/");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].starts_with("config.toml:2:1: "), "{diags:?}");
    }

    #[test]
    fn a_source_outside_the_repository_is_an_error() {
        let dir = repo();
        std::fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
        let text = "[[module.mounts]]\nsource = '../../elsewhere'\ntarget = 'content'\n";
        let (_, diags) = resolved(&dir.path().join("repo/site"), text);
        assert!(diags.has_errors());
        let d = diags.iter().next().unwrap();
        assert_eq!((d.line, d.col), (2, 1));
        assert!(d.message.contains("is outside"), "{}", d.message);
    }

    #[test]
    fn a_mount_without_source_is_an_error() {
        let dir = repo();
        let text = "[[module.mounts]]\ntarget = 'content'\n";
        let (_, diags) = resolved(&dir.path().join("repo/site"), text);
        let d = diags.iter().next().expect("one error");
        assert!(d.is_error() && d.message.contains("no `source`"), "{d:?}");
    }

    #[test]
    fn without_git_the_site_folders_parent_is_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("a/site");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(dir.path().join("a/docs")).unwrap();
        std::fs::create_dir_all(dir.path().join("b")).unwrap();
        let text = "[[module.mounts]]\nsource = '../docs'\ntarget = 'content'\n[[module.mounts]]\nsource = '../../b'\ntarget = 'static'\n";
        let (mounts, diags) = run(&root, text);
        assert_eq!(mounts.content.unwrap()[0].dir, "../docs");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].starts_with("config.toml:5:1: "), "{diags:?}");
    }

    #[test]
    fn globs_match_as_hugo_reads_them() {
        let m = Mounted {
            include: vec!["**.md".into(), "/img/**".into()],
            exclude: vec!["drafts".into(), "*.{tmp,bak}".into(), "old/[ab]?.md".into()],
            ..Mounted::default()
        };
        let f = m.filter();
        assert!(f.keeps("a.md") && f.keeps("x/y/B.MD") && f.keeps("img/p/x.png"));
        assert!(!f.keeps("x.png"), "not included");
        assert!(!f.keeps("drafts/a.md"), "a folder excluded: all below it");
        assert!(
            f.keeps("old/a1.md") && f.keeps("old/c1.md"),
            "an included file stays, excluded or not"
        );
        let m = Mounted {
            exclude: vec!["x.tmp".into(), "*.bak".into()],
            ..Mounted::default()
        };
        let f = m.filter();
        assert!(
            !f.keeps("x.tmp") && f.keeps("d/x.tmp"),
            "`/x.tmp` is at the top"
        );
        assert!(
            !f.keeps("a.bak") && f.keeps("d/a.bak"),
            "`*` stays in a name"
        );
        assert!(Mounted::default().filter().keeps("any/thing.md"));
    }

    #[test]
    fn relative_paths_climb_with_dots() {
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/c/d")), "../c/d");
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/b/c")), "c");
    }
}
