//! The versioned book: the opsbook corpus in a git repository with ten release tags.
//!
//! The book is copied, `[versions] git-tags = "v*"` is added to its `book.toml`, and
//! it is committed and tagged `v1.0`; before each later tag (`v1.1` … `v1.9`) about 2%
//! of its Markdown pages get a new line, as real releases would. Git runs with a fixed
//! identity and dates, no signing and no system config, so the repository is the same
//! on every machine. `opsbook build` then publishes the ten tags plus the working tree.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context as _, bail};

use crate::corpus::{Corpus, Rng};

/// Tags made, oldest first.
pub(crate) const TAGS: usize = 10;
/// Share of the Markdown pages edited between two tags, percent.
pub(crate) const PERCENT_PER_TAG: usize = 2;

/// One release: its tag and the pages (corpus indices) edited just before it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TagPlan {
    pub(crate) name: String,
    pub(crate) edits: Vec<usize>,
}

/// `tags` releases `v1.0`, `v1.1`, …: the first is the book as generated; each later one
/// edits `percent`% of `candidates` (at least one page), distinct within a tag, picked
/// deterministically from `seed`.
pub(crate) fn plan_tags(
    candidates: &[usize],
    tags: usize,
    percent: usize,
    seed: u64,
) -> Vec<TagPlan> {
    let mut rng = Rng::new(seed ^ 0x7A65_u64);
    let per_tag = (candidates.len() * percent / 100)
        .max(1)
        .min(candidates.len());
    (0..tags)
        .map(|t| {
            let mut edits = Vec::new();
            if t > 0 {
                while edits.len() < per_tag {
                    let pick = candidates[rng.range(0, candidates.len() - 1)];
                    if !edits.contains(&pick) {
                        edits.push(pick);
                    }
                }
                edits.sort_unstable();
            }
            TagPlan {
                name: format!("v1.{t}"),
                edits,
            }
        })
        .collect()
}

/// `book.toml` with a `[versions]` table publishing every `v*` tag.
pub(crate) fn versioned_config(book_toml: &str) -> String {
    let mut s = book_toml.trim_end().to_string();
    s.push_str("\n\n[versions]\ngit-tags = \"v*\"\ncurrent = \"main\"\ndefault = \"latest-tag\"\n");
    s
}

/// Copies the opsbook layout `book` into `dir` and makes its history: one commit and
/// tag per [`plan_tags`] release. Returns the plan.
pub(crate) fn prepare(
    corpus: &Corpus,
    book: &Path,
    dir: &Path,
    seed: u64,
) -> anyhow::Result<Vec<TagPlan>> {
    crate::measure::discard(dir)?;
    copy_tree(book, dir)?;
    let toml = dir.join("book.toml");
    let text = fs::read_to_string(&toml).context("failed to read the copied book.toml")?;
    fs::write(&toml, versioned_config(&text)).context("failed to write book.toml")?;
    let md: Vec<usize> = (0..corpus.pages.len())
        .filter(|&i| corpus.pages[i].yaml.is_none())
        .collect();
    anyhow::ensure!(!md.is_empty(), "the corpus has no Markdown page");
    let plan = plan_tags(&md, TAGS, PERCENT_PER_TAG, seed);
    git(dir, &["init", "-q", "--initial-branch=main"], 0)?;
    for (t, tag) in plan.iter().enumerate() {
        for &i in &tag.edits {
            let p = &corpus.pages[i];
            let path = dir
                .join("content")
                .join(&p.folder)
                .join(format!("{}.md", p.stem));
            let mut text = fs::read_to_string(&path)
                .with_context(|| format!("failed to read {}", path.display()))?;
            text.push_str(&format!(
                "\nRevised for {}: check the rollout again.\n",
                tag.name
            ));
            fs::write(&path, text)
                .with_context(|| format!("failed to write {}", path.display()))?;
        }
        git(dir, &["add", "-A"], t)?;
        git(
            dir,
            &["commit", "-q", "-m", &format!("Release {}", tag.name)],
            t,
        )?;
        git(dir, &["tag", &tag.name], t)?;
    }
    Ok(plan)
}

/// Runs git in `dir` as `Bench`; commit `t` is dated day `t + 1` of 2026. Only the
/// environment is set: without the system and global config nothing signs, and the
/// repository's own config is the one `git init` wrote.
fn git(dir: &Path, args: &[&str], t: usize) -> anyhow::Result<()> {
    let date = format!("2026-01-{:02}T12:00:00+00:00", t % 28 + 1);
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .envs(["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"].map(|k| (k, "Bench")))
        .envs(["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"].map(|k| (k, "bench@example.com")))
        .envs(["GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"].map(|k| (k, date.as_str())))
        .output()
        .context("failed to run git (is it on the PATH?)")?;
    if !out.status.success() {
        bail!(
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// Copies every file under `from` into `to`.
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.with_context(|| format!("failed to list {}", from.display()))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest)
                .with_context(|| format!("failed to create {}", dest.display()))?;
        } else if entry.file_type().is_file() {
            fs::copy(entry.path(), &dest)
                .with_context(|| format!("failed to copy to {}", dest.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_tags_first_unchanged_then_two_percent_distinct() {
        let candidates: Vec<usize> = (0..1000).filter(|i| i % 250 != 249).collect();
        let plan = plan_tags(&candidates, 10, 2, 1);
        let names: Vec<&str> = plan.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "v1.0", "v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9"
            ]
        );
        assert!(plan[0].edits.is_empty());
        for tag in &plan[1..] {
            assert_eq!(tag.edits.len(), 19, "2% of 996");
            assert!(
                tag.edits.windows(2).all(|w| w[0] < w[1]),
                "sorted, distinct"
            );
            assert!(tag.edits.iter().all(|i| candidates.contains(i)));
        }
        assert_ne!(plan[1].edits, plan[2].edits);
        assert_eq!(plan, plan_tags(&candidates, 10, 2, 1), "deterministic");
    }

    #[test]
    fn small_books_edit_at_least_one_page_and_never_more_than_exist() {
        let plan = plan_tags(&[4, 9], 3, 2, 5);
        assert_eq!(plan[1].edits.len(), 1);
        let plan = plan_tags(&[4], 3, 200, 5);
        assert_eq!(plan[2].edits, vec![4]);
    }

    #[test]
    fn config_gains_a_versions_table() {
        let toml = versioned_config("[book]\ntitle = \"B\"\n");
        assert!(
            toml.starts_with("[book]\ntitle = \"B\"\n\n[versions]\n"),
            "{toml}"
        );
        assert!(toml.contains("git-tags = \"v*\""));
        let parsed: toml::Table = toml::from_str(&toml).expect("valid TOML");
        assert_eq!(parsed["versions"]["git-tags"].as_str(), Some("v*"));
    }
}
