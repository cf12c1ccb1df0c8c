//! `opsbook run start|tick|untick|skip|note|sign|finish|abort|show` (SPEC.md §11): one
//! run of a runbook, one file in `runs/`. Every change goes through `output::run` (the
//! book's write lock, the rules of `check::runs`, read back, atomic); a refusal exits 1
//! with the rule's words and leaves the file as it was.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use super::environment;
use crate::check::runs;
use crate::cli::{RunAction, RunArgs, Verbosity};
use crate::model::run::{Action, Event, Run, Subject};
use crate::output::run::{self as writer, RunError};

pub(crate) fn run(args: RunArgs, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    let dir = args.dir.as_path();
    super::ensure_book_dir(dir)?;
    let build = crate::build(dir, &crate::BuildOptions { check_only: true })?;
    let say = |msg: String| {
        if verbosity != Verbosity::Quiet {
            eprintln!("{msg}");
        }
    };
    let event = |action: Action, by: Option<String>| -> Event {
        let by = by
            .or_else(|| default_author(dir))
            .unwrap_or_else(|| "someone".into());
        Event::new(action, &by, &crate::serve::writeback::utc_now())
    };
    let noted = |action: Action, a: crate::cli::RunItemNote| {
        let mut e = event(action, a.by);
        e.item = Some(a.item);
        e.note = a.note;
        e.evidence = a.evidence;
        (a.run, e)
    };
    let (id, e) = match args.action {
        RunAction::Start {
            runbook,
            env,
            for_,
            version,
            by,
        } => {
            let Some(page) = build.book.pages.iter().find(|p| p.id == runbook) else {
                let ids = build
                    .book
                    .pages
                    .iter()
                    .filter(|p| !p.doc.items.is_empty())
                    .map(|p| p.id.as_str());
                let hint = crate::base::suggest::did_you_mean(&runbook, ids)
                    .unwrap_or_else(|| "`opsbook status` lists the runbooks".into());
                bail!("no runbook has the id `{runbook}`: nothing was written\n  hint: {hint}");
            };
            if page.doc.items.is_empty() {
                bail!(
                    "`{runbook}` has no checklist items, so there is nothing to run\n  hint: a runbook's items are its task-list lines (`- [ ] …`)"
                );
            }
            let subject = match (env, for_) {
                (Some(e), _) => {
                    let env = environment(&build.config, &e)?.to_string();
                    let envs = page.environments(&build.book.environments);
                    if !envs.is_empty() && !envs.contains(&env) {
                        bail!(
                            "`{runbook}` does not apply to {env}\n  hint: it applies to {}",
                            crate::base::suggest::listing(envs)
                        );
                    }
                    Subject::Environment(env)
                }
                (None, Some(p)) => Subject::Person(p),
                (None, None) => bail!("say who or where the run is for: --env ENV or --for NAME"),
            };
            let (git_version, commit) = crate::source::git::head_version(dir);
            let start = event(Action::Finish, by);
            let run = Run {
                id: writer::proposed_id(&start.at, &runbook, &subject),
                source: writer::path_of("x"),
                runbook: runbook.clone(),
                subject,
                version: version.or(git_version),
                commit,
                issue: None,
                started_by: start.by,
                started_at: start.at,
                events: Vec::new(),
                line: 0,
            };
            let id = writer::start(dir, &run).map_err(|e| anyhow::anyhow!("{e}"))?;
            say(format!(
                "started run {id} of `{runbook}` ({}) in {}",
                run.subject.name(),
                super::shown(&dir.join(writer::path_of(&id).as_str()))
            ));
            println!("{id}");
            return Ok(ExitCode::SUCCESS);
        }
        RunAction::Show { run, json } => return show(&build, &run, json),
        RunAction::Tick(a) => noted(Action::Tick, a),
        RunAction::Note(a) => noted(Action::Note, a),
        RunAction::Untick { run, item, by } => {
            let mut e = event(Action::Untick, by);
            e.item = Some(item);
            (run, e)
        }
        RunAction::Skip {
            run,
            item,
            reason,
            by,
        } => {
            let mut e = event(Action::Skip, by);
            e.item = Some(item);
            e.reason = Some(reason);
            (run, e)
        }
        RunAction::Sign { run, phase, by } => {
            let mut e = event(Action::Sign, Some(by));
            e.phase = Some(phase);
            (run, e)
        }
        RunAction::Finish { run, by } => (run, event(Action::Finish, by)),
        RunAction::Abort { run, reason, by } => {
            let mut e = event(Action::Abort, by);
            e.reason = Some(reason);
            (run, e)
        }
    };
    let Some(found) = build.book.runs.iter().find(|r| r.id == id) else {
        let hint =
            crate::base::suggest::did_you_mean(&id, build.book.runs.iter().map(|r| r.id.as_str()))
                .unwrap_or_else(|| "`opsbook runs` lists the runs".into());
        bail!("there is no run `{id}`: nothing was written\n  hint: {hint}");
    };
    let page = runs::runbook(&build.book, found);
    let e = writer::with_phase(e, page);
    match writer::append(dir, &build.config, &id, page, &build.book.environments, &e) {
        Ok(()) => {
            say(done_message(&id, &e));
            Ok(ExitCode::SUCCESS)
        }
        Err(RunError::Failed(err)) => Err(err),
        Err(err) => bail!(
            "{}\n  (nothing was written)",
            err.to_string().replace(" RUN ", &format!(" {id} "))
        ),
    }
}

fn done_message(id: &str, e: &Event) -> String {
    let what = e.item.as_deref().or(e.phase.as_deref()).unwrap_or("");
    match e.action {
        Action::Tick => format!("ticked `{what}` in run {id}"),
        Action::Untick => format!("unticked `{what}` in run {id}"),
        Action::Skip => format!("skipped `{what}` in run {id}"),
        Action::Note => format!("noted `{what}` in run {id}"),
        Action::Sign => format!("{} signed off the phase `{what}` in run {id}", e.by),
        Action::Finish => format!("finished run {id}"),
        Action::Abort => format!("aborted run {id}"),
    }
}

fn show(build: &crate::Build, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let Some(run) = build.book.runs.iter().find(|r| r.id == id) else {
        let hint =
            crate::base::suggest::did_you_mean(id, build.book.runs.iter().map(|r| r.id.as_str()))
                .unwrap_or_else(|| "`opsbook runs` lists the runs".into());
        bail!("there is no run `{id}`\n  hint: {hint}");
    };
    let view = runs::replay(
        run,
        runs::runbook(&build.book, run),
        &build.book.environments,
        &mut crate::base::diag::Diagnostics::new(),
    );
    let text = if json {
        crate::render::run_report::show_json(run, &view)
    } else {
        crate::render::run_report::show_text(run, &view)
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// `git config user.name` in the book, else `$USER`.
pub(crate) fn default_author(dir: &Path) -> Option<String> {
    crate::source::git::user_name(dir)
        .or_else(|| std::env::var("USER").ok().filter(|s| !s.is_empty()))
}
