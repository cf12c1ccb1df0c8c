//! `opsbook init [DIR] [--force]`: a new book that builds at once. The files it writes
//! are real files under `src/init/` (embedded with `include_str!`), so they can be read
//! and built as they are; in them `OPSBOOK_REPO` and `OPSBOOK_VERSION` are replaced by
//! opsbook's repository and version, so the Pages workflow installs the very release
//! that wrote it (the tests lint the written workflow). A folder that is not empty is
//! refused unless `--force`; even then an existing file is never overwritten (it is
//! skipped and named).

use std::fs;
use std::io::{ErrorKind, Write as _};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::shown;
use crate::cli::{InitArgs, OPSBOOK_REPO, Verbosity};

/// Every file `init` writes: path below DIR, then its text.
pub(crate) const FILES: &[(&str, &str)] = &[
    ("book.toml", include_str!("../init/book.toml")),
    ("content/index.md", include_str!("../init/content/index.md")),
    (
        "content/deploy.md",
        include_str!("../init/content/deploy.md"),
    ),
    (
        "content/release.yml",
        include_str!("../init/content/release.yml"),
    ),
    ("state/.gitkeep", ""),
    (".gitignore", include_str!("../init/gitignore")),
    (
        ".github/workflows/pages.yml",
        include_str!("../init/github/workflows/pages.yml"),
    ),
    (
        ".github/opsbook-runs.graphql",
        include_str!("../init/github/opsbook-runs.graphql"),
    ),
];

/// `text` with the placeholders of `src/init/` filled in: `OPSBOOK_REPO@vOPSBOOK_VERSION`
/// becomes `opsbook/opsbook@v0.1.0`, the GitHub Action of this very release.
fn filled(text: &str) -> String {
    text.replace("OPSBOOK_REPO", OPSBOOK_REPO)
        .replace("OPSBOOK_VERSION", env!("CARGO_PKG_VERSION"))
}

/// What `init` did: files written and files left as they were.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct InitReport {
    pub(crate) written: Vec<String>,
    pub(crate) skipped: Vec<String>,
}

/// Runs `opsbook init`.
pub(crate) fn run(args: InitArgs, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    let report = init(&args.dir, args.force)?;
    if verbosity != Verbosity::Quiet {
        for path in &report.skipped {
            eprintln!("skipped {path}: it exists already");
        }
        eprintln!(
            "created a book in {} ({} files); build it with `opsbook build {}`",
            shown(&args.dir),
            report.written.len(),
            shown(&args.dir)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the sample book into `dir` (created if missing). Refuses a non-empty `dir`
/// unless `force`; never overwrites a file.
pub(crate) fn init(dir: &Path, force: bool) -> anyhow::Result<InitReport> {
    if dir.exists() && !dir.is_dir() {
        bail!("{} exists and is not a folder", dir.display());
    }
    if !force && !is_empty_dir(dir)? {
        bail!(
            "{} is not empty\n  hint: pass --force to add the sample files anyway (no existing file is overwritten)",
            dir.display()
        );
    }
    let mut report = InitReport::default();
    for (path, text) in FILES {
        if write_new(&dir.join(path), filled(text).as_bytes())? {
            report.written.push(path.to_string());
        } else {
            report.skipped.push(path.to_string());
        }
    }
    // A book with `[site] repository` whose runbooks are too long for a "Start a run on
    // GitHub" link gets their issue forms (`--force` on an existing book).
    if let Ok(build) = crate::build(dir, &crate::BuildOptions { check_only: true }) {
        for (path, text) in crate::render::github::issue_forms(&build.config, &build.book) {
            if write_new(&dir.join(&path), text.as_bytes())? {
                report.written.push(path);
            } else {
                report.skipped.push(path);
            }
        }
    }
    Ok(report)
}

fn is_empty_dir(dir: &Path) -> anyhow::Result<bool> {
    match fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(true),
        Err(e) => Err(e).with_context(|| format!("failed to read {}", dir.display())),
    }
}

/// Creates `path` with `bytes`; `false` when it exists (then it is left alone).
fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<bool> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("failed to create {}", parent.display()))?;
    }
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(e).with_context(|| format!("failed to create {}", path.display())),
    };
    file.write_all(bytes)
        .with_context(|| format!("failed to write {}", path.display()))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_file_into_a_new_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("book");
        let report = init(&dir, false).unwrap();
        assert_eq!(report.written.len(), FILES.len());
        assert!(dir.join(".github/workflows/pages.yml").is_file());
        assert!(dir.join("state/.gitkeep").is_file());
    }

    #[test]
    fn the_workflow_installs_the_release_that_wrote_it() {
        let tmp = tempfile::tempdir().unwrap();
        init(tmp.path(), false).unwrap();
        let wf = fs::read_to_string(tmp.path().join(".github/workflows/pages.yml")).unwrap();
        let action = format!("uses: {OPSBOOK_REPO}@v{} ", env!("CARGO_PKG_VERSION"));
        assert!(wf.contains(&action), "no `{action}` in\n{wf}");
        for (path, _) in FILES {
            let text = fs::read_to_string(tmp.path().join(path)).unwrap();
            assert!(!text.contains("OPSBOOK_"), "{path} keeps a placeholder");
        }
    }

    #[test]
    fn refuses_a_non_empty_folder_without_force() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("notes.txt"), "x").unwrap();
        let err = init(tmp.path(), false).unwrap_err().to_string();
        assert!(err.contains("not empty"), "{err}");
        assert!(!tmp.path().join("book.toml").exists());
    }

    #[test]
    fn force_never_overwrites() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("book.toml"), "[book]\ntitle = \"Mine\"\n").unwrap();
        let report = init(tmp.path(), true).unwrap();
        assert_eq!(report.skipped, vec!["book.toml"]);
        let kept = fs::read_to_string(tmp.path().join("book.toml")).unwrap();
        assert!(kept.contains("Mine"));
    }

    #[test]
    fn book_toml_comments_every_key_of_the_config() {
        let text = FILES[0].1;
        for key in [
            "title",
            "description",
            "language",
            "url",
            "output",
            "edit-url",
            "theme",
            "names",
            "aliases",
            "heading-level",
            "git-tags",
            "current",
            "default",
            "dir",
            "allow",
            "broken-links",
        ] {
            assert!(
                text.contains(&format!("# {key} = ")),
                "book.toml misses {key}"
            );
        }
    }
}
