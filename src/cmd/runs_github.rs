//! `opsbook runs import-github FILE` and `opsbook runs github-forms` (SPEC.md §11): runs
//! worked in GitHub issues. The import reads what GitHub's GraphQL API returned
//! (`parse::github::json`), turns each issue into events (`parse::github::events`) and
//! merges them into `runs/<id>.yaml` through `output::run::merge` (the book's write lock,
//! the rules of runs, by time). It prints the ids of the runs it changed on stdout (the
//! Pages workflow names them in its commit) and on stderr what it refused or ignored.
//! Exit 1 when the file is not GitHub's answer or a run file cannot be read.

use std::io::Read as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};

use super::shown;
use crate::model::run::{Event, Run, Subject};
use crate::output::run::{self as writer, RunError};
use crate::parse::github::events::{WRITERS, translate};
use crate::parse::github::json::{self, Issue};
use crate::parse::github::read_header;

/// `gh-12-ops-deploy-production`: the issue's number, the runbook, the environment.
pub(crate) fn run_id(number: u64, runbook: &str, env: &str) -> String {
    let slug = |s: &str| crate::parse::ids::slug(&s.replace(['/', '.', '_'], " "));
    format!("gh-{number}-{}-{}", slug(runbook), slug(env))
}

pub(crate) fn import(dir: &Path, file: &Path) -> anyhow::Result<ExitCode> {
    super::ensure_book_dir(dir)?;
    let text = if file.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("failed to read stdin")?;
        s
    } else {
        let bytes = crate::base::fsio::read(file)?;
        String::from_utf8(bytes).map_err(|_| anyhow!("{}: is not UTF-8 text", shown(file)))?
    };
    let issues = json::issues(&text).map_err(|m| {
        anyhow!(
            "{}: {m}\n  hint: make it with the `gh api graphql` query of the guide \"Runs on GitHub Pages\"",
            shown(file)
        )
    })?;
    let build = crate::build(dir, &crate::BuildOptions { check_only: true })?;
    let mut failed = false;
    for issue in &issues {
        match import_one(dir, &build, issue) {
            Ok(Some(id)) => println!("{id}"),
            Ok(None) => {}
            Err(RunError::Failed(e)) => return Err(e),
            Err(e) => {
                eprintln!("#{} {}: {e}", issue.number, issue.url);
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `tick deploy/backup by alice at 2026-12-05T10:02:11Z`.
fn describe(e: &Event) -> String {
    let what = e
        .item
        .as_deref()
        .or(e.phase.as_deref())
        .unwrap_or("the run");
    format!("{} `{what}` by {} at {}", e.action.as_str(), e.by, e.at)
}

/// One issue into its run; `Some(id)` when its file changed.
fn import_one(dir: &Path, build: &crate::Build, issue: &Issue) -> Result<Option<String>, RunError> {
    let say = |what: &str| eprintln!("#{} {}: {what}", issue.number, issue.url);
    let Some(header) = read_header(&issue.body) else {
        say("no opsbook header in its body (it was not opened from a runbook page): skipped");
        return Ok(None);
    };
    if !WRITERS.contains(&issue.author_association.as_str()) {
        say(&format!(
            "opened by {}, who has no write access to the repository (authorAssociation {}): skipped",
            issue.author, issue.author_association
        ));
        return Ok(None);
    }
    let book = &build.book;
    let Some(page) = book.pages.iter().find(|p| p.id == header.runbook) else {
        say(&format!(
            "no runbook has the id `{}`: skipped",
            header.runbook
        ));
        return Ok(None);
    };
    let env = header.environment.clone().or_else(|| {
        issue
            .labels
            .iter()
            .find(|l| book.environments.contains(l))
            .cloned()
    });
    let Some(env) = env.filter(|e| book.environments.is_empty() || book.environments.contains(e))
    else {
        say("no environment of this book in its header or labels: skipped");
        return Ok(None);
    };
    let existing = book
        .runs
        .iter()
        .find(|r| r.issue.as_deref() == Some(&issue.url));
    if let Some(r) = existing
        && (r.runbook != page.id || r.subject.environment() != Some(env.as_str()))
    {
        say(&format!(
            "its run {} is of `{}` in {}, the issue of `{}` in {env}: skipped",
            r.id,
            r.runbook,
            r.subject.name(),
            page.id
        ));
        return Ok(None);
    }
    let id = existing.map_or_else(|| run_id(issue.number, &page.id, &env), |r| r.id.clone());
    let run = Run {
        id: id.clone(),
        source: writer::path_of(&id),
        runbook: page.id.clone(),
        subject: Subject::Environment(env),
        version: header.version.clone(),
        commit: None,
        issue: Some(issue.url.clone()),
        started_by: issue.author.clone(),
        started_at: issue.created_at.clone(),
        events: Vec::new(),
        line: 0,
    };
    let t = translate(issue, page);
    let out = writer::merge(
        dir,
        &build.config,
        &run,
        Some(page),
        &book.environments,
        &t.events,
    )?;
    let changed = out.created || !out.added.is_empty();
    if changed || !out.refused.is_empty() || !t.ignored.is_empty() {
        say(&format!(
            "{} ({}{} event{} added)",
            writer::path_of(&id),
            if out.created { "new run, " } else { "" },
            out.added.len(),
            if out.added.len() == 1 { "" } else { "s" }
        ));
    }
    for (e, r) in &out.refused {
        eprintln!("  refused: {}: {}", describe(e), r.message);
    }
    for why in &t.ignored {
        eprintln!("  ignored: {why}");
    }
    Ok(changed.then_some(id))
}

/// `opsbook runs github-forms`: writes the issue forms the book needs.
pub(crate) fn forms(dir: &Path) -> anyhow::Result<ExitCode> {
    super::ensure_book_dir(dir)?;
    let build = crate::build(dir, &crate::BuildOptions { check_only: true })?;
    if build.config.site.repository.is_none() {
        bail!(
            "this book has no `repository` in [site], so its pages have no \"Start a run on GitHub\"\n  hint: add `repository = \"owner/repo\"` under [site] in book.toml"
        );
    }
    for (path, text) in crate::render::github::issue_forms(&build.config, &build.book) {
        let file = dir.join(&path);
        if std::fs::read_to_string(&file).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("failed to create {}", parent.display()))?;
        }
        crate::base::fsio::write_atomic(&file, text.as_bytes())?;
        println!("{path}");
    }
    Ok(ExitCode::SUCCESS)
}
