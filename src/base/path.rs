//! `RelPath`: a `/`-separated path relative to the book root, the one way a book's
//! files are named in diagnostics, caches and the model. Also the one rule for which
//! file and folder names a site can hold (`name_problem`). Pure.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

use serde::Serialize;

/// A `/`-separated path relative to the book root, e.g. `content/ops/deploy.md`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RelPath(String);

impl RelPath {
    pub fn new(s: impl Into<String>) -> Self {
        let s: String = s.into();
        RelPath(s.replace('\\', "/"))
    }

    /// A path that is `/`-separated already, kept as it is: a `\` in it is part of a
    /// name (a git tree entry), as in a name the walk of a folder finds on Unix.
    pub fn from_slashed(s: impl Into<String>) -> Self {
        RelPath(s.into())
    }

    /// Builds from a path below `root`; `None` if it is not below it or not UTF-8.
    pub fn from_path(root: &Path, path: &Path) -> Option<Self> {
        let rel = path.strip_prefix(root).ok()?;
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        Some(RelPath(parts?.join("/")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last component.
    pub fn file_name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }

    /// Everything before the last `/`, or `""`.
    pub fn parent(&self) -> &str {
        self.0.rsplit_once('/').map_or("", |(p, _)| p)
    }

    /// The extension without the dot, lower-cased.
    pub fn extension(&self) -> Option<String> {
        let name = self.file_name();
        name.rsplit_once('.')
            .filter(|(stem, _)| !stem.is_empty())
            .map(|(_, ext)| ext.to_ascii_lowercase())
    }

    pub fn join(&self, child: &str) -> RelPath {
        if self.0.is_empty() {
            RelPath::new(child)
        } else {
            RelPath(format!("{}/{}", self.0, child))
        }
    }
}

impl fmt::Display for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for RelPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Why a file or folder of the content cannot be published, in the user's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameProblem {
    /// The offending file or folder name (one part of the path).
    pub(crate) name: String,
    /// Whether that part is a folder.
    pub(crate) folder: bool,
    /// What is wrong with it, after "`name` has …".
    pub(crate) reason: &'static str,
    /// The same name with the offending characters replaced: what to rename it to.
    pub(crate) rename: String,
}

/// `rel` resolved against folder `base` (both `/`-separated): `.` and empty parts
/// dropped, `..` taking one part off. `None` when it climbs above `base`'s root.
pub(crate) fn joined(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `path` below the folder `dir` (`ops/deploy.md` of `content/ops/deploy.md` below
/// `content`); `path` itself when `dir` is empty (the book root) or not its folder.
pub(crate) fn below<'a>(path: &'a str, dir: &str) -> &'a str {
    if dir.is_empty() {
        return path;
    }
    path.strip_prefix(dir)
        .and_then(|p| p.strip_prefix('/'))
        .unwrap_or(path)
}

/// The rule for names, checked on each part of `path` (below `content/`, `/`-separated):
/// a name may hold any character a link can carry percent-encoded (`#`, `?`, `%`,
/// spaces, quotes, brackets, non-ASCII…), except the characters that are path syntax
/// somewhere a site goes or cannot be written in a link at all:
///
/// - `\`: a folder separator on Windows, and in a browser's address (`a\b` is
///   requested as `a/b`);
/// - `:`: a drive or stream marker on Windows, where the file cannot be checked out,
///   and a link `a:b.md` reads as a web address with the scheme `a:`;
/// - control characters (tab, line break, escape…): invisible, and no link can hold
///   them as written.
///
/// Names that differ only in case are a problem of two names, not one: see
/// `parse::site_paths`.
pub(crate) fn name_problem(path: &str) -> Option<NameProblem> {
    let parts: Vec<&str> = path.split('/').collect();
    let last = parts.len() - 1;
    parts.iter().enumerate().find_map(|(i, name)| {
        let reason = if name.contains('\\') {
            "a `\\`, which Windows and browsers read as a folder separator"
        } else if name.contains(':') {
            "a `:`, which Windows cannot hold in a name, and which makes a link to it \
             read as a web address (as `mailto:` does)"
        } else if name.chars().any(char::is_control) {
            "a control character (a tab, a line break…), which no link can hold"
        } else {
            return None;
        };
        let rename = name
            .chars()
            .map(|c| {
                if matches!(c, '\\' | ':') || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        Some(NameProblem {
            name: (*name).to_string(),
            folder: i < last,
            reason,
            rename,
        })
    })
}

/// A name as a terminal can show it: control characters as their Unicode pictures
/// (a tab `␉`, a line break `␊`, escape `␛`), or `\u{85}` for those without one;
/// everything else as it is.
pub(crate) fn shown(name: &str) -> Cow<'_, str> {
    if !name.chars().any(char::is_control) {
        return Cow::Borrowed(name);
    }
    let picture = |c: char| match u32::from(c) {
        n @ 0..0x20 => char::from_u32(0x2400 + n),
        0x7f => Some('\u{2421}'),
        _ => None,
    };
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match (c.is_control(), picture(c)) {
            (false, _) => out.push(c),
            (true, Some(p)) => out.push(p),
            (true, None) => out.push_str(&c.escape_unicode().to_string()),
        }
    }
    Cow::Owned(out)
}

/// Whether a version's name (a git tag, a Docusaurus version) can be a folder of the
/// site: letters, digits, `.`, `-`, `_`, not starting with `.`, and not a file the
/// site root holds (`index.html`, …).
pub(crate) fn is_version_folder(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !matches!(name, "index.html" | "versions.json" | "404.html")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_resolves_dots_and_stops_at_the_root() {
        assert_eq!(
            joined("docs/guides", "../img/./a.png").as_deref(),
            Some("docs/img/a.png")
        );
        assert_eq!(joined("", "a//b").as_deref(), Some("a/b"));
        assert_eq!(joined("docs", "../.."), None);
    }

    #[test]
    fn relpath_parts() {
        let p = RelPath::new("content\\ops\\Deploy.MD");
        assert_eq!(p.as_str(), "content/ops/Deploy.MD");
        assert_eq!(p.file_name(), "Deploy.MD");
        assert_eq!(p.parent(), "content/ops");
        assert_eq!(p.extension().as_deref(), Some("md"));
        assert_eq!(RelPath::new(".gitkeep").extension(), None);
    }

    #[test]
    fn names_a_link_can_carry_are_fine() {
        for path in [
            "ops/deploy.md",
            "a#b.md",
            "what?.md",
            "100%.md",
            "my page.md",
            "ünï/✅.md",
            "x&y'z\"<q>[b]{c}|^`~!$()*+,;=@.md",
            "trailing./dot.md",
            "con.md",
            "Deploy.md",
        ] {
            assert_eq!(name_problem(path), None, "{path}");
        }
    }

    #[test]
    fn names_that_are_path_syntax_or_invisible_are_refused() {
        let p = name_problem("ops/a:b.md").unwrap();
        assert_eq!(
            (p.name.as_str(), p.folder, p.rename.as_str()),
            ("a:b.md", false, "a-b.md")
        );
        assert!(p.reason.contains("Windows"), "{}", p.reason);
        let p = name_problem("old\\ops/run.md").unwrap();
        assert_eq!(
            (p.name.as_str(), p.folder, p.rename.as_str()),
            ("old\\ops", true, "old-ops")
        );
        let p = name_problem("tab\there.md").unwrap();
        assert_eq!(p.rename, "tab-here.md");
        for control in ['\n', '\r', '\u{1b}', '\u{7f}', '\u{85}'] {
            assert!(
                name_problem(&format!("a{control}b.md")).is_some(),
                "{control:?}"
            );
        }
    }

    #[test]
    fn shows_control_characters_as_escapes() {
        assert_eq!(shown("tab\there\n\u{7f}\u{85}.md"), "tab␉here␊␡\\u{85}.md");
        assert_eq!(shown("back\\slash ü.md"), "back\\slash ü.md");
    }
}
