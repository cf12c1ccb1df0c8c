//! Stage 2: the "last updated" date of each file, from git, when the book is in a
//! repository: the committer date (`%cs`, `YYYY-MM-DD`) of the newest commit that
//! touched it, as `git log -1 --format=%cs -- <path>` gives, read for every file in
//! one `git log` run. Depends only on the repository's history, so output stays
//! deterministic; outside a repository (or without git) there are no dates.

use std::collections::BTreeMap;
use std::path::Path;

/// Marks a commit's line in the log output.
const MARK: char = '\u{1}';

/// Book-root-relative path (`content/ops/deploy.md`) → date of its last commit.
pub(crate) fn last_updated(root: &Path) -> BTreeMap<String, String> {
    let output = super::git::git(root)
        .args([
            "log",
            "--format=format:\u{1}%cs",
            "--name-only",
            "--no-renames",
            "--relative",
            "-z",
            "--",
            "content",
        ])
        .output();
    match output {
        Ok(out) if out.status.success() => parse_log(&String::from_utf8_lossy(&out.stdout)),
        Ok(out) => {
            tracing::debug!(
                "no git dates: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            BTreeMap::new()
        }
        Err(e) => {
            tracing::debug!("no git dates: {e}");
            BTreeMap::new()
        }
    }
}

/// Parses `git log --format=format:\x01%cs --name-only -z` output, newest first: the
/// first date seen for a path is its last update.
pub(crate) fn parse_log(text: &str) -> BTreeMap<String, String> {
    let mut dates = BTreeMap::new();
    let mut date = "";
    for field in text.split(['\0', '\n']) {
        let field = field.trim_matches('\n');
        if let Some(d) = field.strip_prefix(MARK) {
            date = d.trim();
        } else if !field.is_empty() && !date.is_empty() {
            dates
                .entry(field.to_string())
                .or_insert_with(|| date.to_string());
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use super::*;

    #[test]
    fn newest_date_wins() {
        let log = "\u{1}2026-11-24\ncontent/a.md\0content/b.md\0\0\u{1}2026-01-02\ncontent/a.md\0content/c.md\0";
        let d = parse_log(log);
        assert_eq!(d["content/a.md"], "2026-11-24");
        assert_eq!(d["content/b.md"], "2026-11-24");
        assert_eq!(d["content/c.md"], "2026-01-02");
        assert_eq!(d.len(), 3);
    }

    #[test]
    fn reads_a_real_repository_and_nothing_outside_one() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(last_updated(tmp.path()).is_empty());
        let git = |args: &[&str]| {
            Command::new("git")
                .arg("-C")
                .arg(tmp.path())
                .args(args)
                .env("GIT_COMMITTER_DATE", "2024-03-05T10:00:00Z")
                .env("GIT_AUTHOR_DATE", "2024-03-05T10:00:00Z")
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false)
        };
        if !git(&["init", "-q"]) {
            return; // no git on this machine: nothing to read
        }
        std::fs::create_dir_all(tmp.path().join("content")).unwrap();
        std::fs::write(tmp.path().join("content/a b.md"), "# A\n").unwrap();
        assert!(git(&["add", "."]));
        assert!(git(&[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-qm",
            "x"
        ]));
        let d = last_updated(tmp.path());
        assert_eq!(
            d.get("content/a b.md").map(String::as_str),
            Some("2024-03-05")
        );
    }
}
