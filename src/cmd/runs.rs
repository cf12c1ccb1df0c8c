//! `opsbook runs [--runbook R] [--env E] [--open] [--json]` lists the runs in `runs/`;
//! `opsbook runs export [--since D] [--until D] --format csv|json|md` prints the audit
//! trail, one row per event (SPEC.md §11).

use std::process::ExitCode;

use anyhow::bail;

use crate::base::diag::Diagnostics;
use crate::check::runs;
use crate::cli::{ExportFormat, RunsAction, RunsArgs};
use crate::render::run_report;

pub(crate) fn run(args: RunsArgs) -> anyhow::Result<ExitCode> {
    let dir = match &args.action {
        Some(RunsAction::Export { dir, .. }) => dir.clone(),
        Some(RunsAction::ImportGithub { file, dir }) => {
            return super::runs_github::import(dir, file);
        }
        Some(RunsAction::GithubForms { dir }) => return super::runs_github::forms(dir),
        None => args.dir.clone(),
    };
    super::ensure_book_dir(&dir)?;
    let build = crate::build(&dir, &crate::BuildOptions { check_only: true })?;
    let book = &build.book;
    let mut sink = Diagnostics::new();
    let views: Vec<_> = book
        .runs
        .iter()
        .map(|r| {
            let v = runs::replay(r, runs::runbook(book, r), &book.environments, &mut sink);
            (r, v)
        })
        .collect();
    if let Some(RunsAction::Export {
        since,
        until,
        format,
        ..
    }) = &args.action
    {
        for d in [since, until].into_iter().flatten() {
            if !is_day(d) {
                bail!(
                    "`{d}` is not a day\n  hint: write days as YYYY-MM-DD, e.g. --since 2026-01-01"
                );
            }
        }
        let pairs: Vec<_> = views.iter().map(|(r, v)| (*r, v)).collect();
        let rows = run_report::rows(&pairs, since.as_deref(), until.as_deref());
        let text = match format {
            ExportFormat::Csv => run_report::rows_csv(&rows),
            ExportFormat::Json => run_report::rows_json(&rows),
            ExportFormat::Md => run_report::rows_markdown(&rows),
        };
        print!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    let env = match &args.env {
        Some(e) => Some(
            super::environment(&build.config, e)
                .map(str::to_string)
                .unwrap_or_else(|_| e.clone()),
        ),
        None => None,
    };
    let rows: Vec<_> = views
        .iter()
        .filter(|(r, _)| args.runbook.as_deref().is_none_or(|rb| r.runbook == rb))
        .filter(|(r, _)| env.as_deref().is_none_or(|e| r.subject.name() == e))
        .filter(|(r, _)| !args.open || r.is_open())
        .map(|(r, v)| run_report::summary(r, v))
        .collect();
    if args.json {
        let out = serde_json::json!({ "runs": rows });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        print!("{}", run_report::list_text(&rows));
    }
    Ok(ExitCode::SUCCESS)
}

fn is_day(d: &str) -> bool {
    crate::parse::run::is_utc_time(&format!("{d}T00:00:00Z"))
}
