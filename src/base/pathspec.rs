//! Gitignore-style path patterns, as MkDocs' `exclude_docs`, `draft_docs` and
//! `not_in_nav` read them (Python's `pathspec`, git's rules): one pattern a line, `#`
//! comments, `!` to take a match back (the last matching line wins), a leading or
//! inner `/` anchors the pattern at the folder's top (else it matches at any depth), a
//! trailing `/` matches folders (so every file below them), `*` and `?` stay within a
//! name, `**` crosses folders, `[abc]` a set. Each pattern becomes one regex. Pure.

use regex::Regex;

/// The patterns of one setting, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct PathSpec {
    rules: Vec<(bool, Regex)>,
}

impl PartialEq for PathSpec {
    fn eq(&self, other: &Self) -> bool {
        self.rules.len() == other.rules.len()
            && self
                .rules
                .iter()
                .zip(&other.rules)
                .all(|(a, b)| a.0 == b.0 && a.1.as_str() == b.1.as_str())
    }
}

impl Eq for PathSpec {}

impl PathSpec {
    /// Reads `text` (one pattern a line); a pattern that cannot be read is returned with
    /// its 0-based line, and left out.
    pub(crate) fn parse(text: &str) -> (PathSpec, Vec<(usize, String)>) {
        let mut spec = PathSpec::default();
        let mut bad = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (keep, pattern) = match line.strip_prefix('!') {
                Some(rest) => (false, rest),
                None => (true, line.strip_prefix('\\').unwrap_or(line)),
            };
            match Regex::new(&to_regex(pattern)) {
                Ok(re) => spec.rules.push((keep, re)),
                Err(_) => bad.push((i, line.to_string())),
            }
        }
        (spec, bad)
    }

    /// Whether the file `path` (`/`-separated, from the folder the patterns are for)
    /// is matched.
    pub(crate) fn matches(&self, path: &str) -> bool {
        let mut hit = false;
        for (keep, re) in &self.rules {
            if hit != *keep && re.is_match(path) {
                hit = *keep;
            }
        }
        hit
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// One gitignore pattern as a regex over a file's path.
fn to_regex(pattern: &str) -> String {
    let dir_only = pattern.ends_with('/');
    let body = pattern.trim_end_matches('/');
    let anchored = body.contains('/');
    let body = body.trim_start_matches('/');
    let mut re = String::from(if anchored { "^" } else { "^(?:.*/)?" });
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if chars.get(i + 1) == Some(&'*') => {
                let slash_after = chars.get(i + 2) == Some(&'/');
                let at_start = i == 0 || chars[i - 1] == '/';
                if at_start && slash_after {
                    re.push_str("(?:.*/)?");
                    i += 3;
                } else {
                    re.push_str(".*");
                    i += 2;
                }
                continue;
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            '[' => match chars[i..].iter().position(|&c| c == ']') {
                Some(len) if len > 1 => {
                    let set: String = chars[i + 1..i + len].iter().collect();
                    let set = set
                        .strip_prefix('!')
                        .map_or(set.clone(), |s| format!("^{s}"));
                    re.push('[');
                    re.push_str(&set.replace('\\', "\\\\"));
                    re.push(']');
                    i += len + 1;
                    continue;
                }
                _ => re.push_str("\\["),
            },
            c => re.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    // A match names the file itself or a folder above it.
    re.push_str(if dir_only { "/" } else { "(?:$|/)" });
    re
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> PathSpec {
        let (spec, bad) = PathSpec::parse(text);
        assert!(bad.is_empty(), "{bad:?}");
        spec
    }

    #[test]
    fn names_match_at_any_depth_and_slashes_anchor() {
        let s = spec("drafts/\n*.tmp.md\n/top.md\napi/*.md\n");
        assert!(s.matches("drafts/a.md"));
        assert!(s.matches("guide/drafts/b/c.md"));
        assert!(!s.matches("drafts.md"));
        assert!(s.matches("x/y.tmp.md"));
        assert!(s.matches("top.md"));
        assert!(!s.matches("sub/top.md"));
        assert!(s.matches("api/a.md"));
        assert!(!s.matches("api/deep/a.md"));
        assert!(!s.matches("v1/api/a.md"));
    }

    #[test]
    fn double_stars_negation_and_comments() {
        let s = spec("# private\n**/secret/**\n*.md\n!keep.md\n");
        assert!(s.matches("a/secret/b.txt"));
        assert!(s.matches("secret/b.txt"));
        assert!(s.matches("x.md"));
        assert!(!s.matches("keep.md"));
        assert!(!s.matches("dir/keep.md"));
        assert!(!s.matches("img.png"));
        let sets = spec("page[12].md\n");
        assert!(sets.matches("page1.md") && !sets.matches("page3.md"));
        assert!(spec("").is_empty());
    }
}
