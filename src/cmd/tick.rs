//! `opsbook tick ID --env E [--by NAME] [--note TEXT] [DIR]`, `opsbook tick --from FILE
//! --env E [DIR]` and `opsbook untick ID --env E [DIR]`: change `state/<environment>.yaml`
//! through `output::state::write` (under the book's write lock, atomically, every
//! other entry keeping its text). `--from` adds every entry of a state file (a reader's
//! Export from the published site) in one edit; any entry that names an unknown item or
//! one that does not apply to the environment stops all of them.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::{environment, print_diagnostics, shown};
use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::fsio;
use crate::base::path::RelPath;
use crate::cli::{TickArgs, UntickArgs, Verbosity};
use crate::model::state::Entry;
use crate::model::{Item, Page};
use crate::output::state::StateError;

pub(crate) fn run_tick(args: TickArgs, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    if let Some(from) = &args.from {
        // With --from there is no ID: one folder given is the book's (DIR).
        let dir = match (&args.id, args.dir.as_os_str() == ".") {
            (None, _) => args.dir.clone(),
            (Some(one), true) => one.into(),
            (Some(_), false) => bail!(
                "--from adds every entry of its file: give no item ID with it\n  hint: opsbook tick --from FILE --env E [DIR]"
            ),
        };
        return tick_from(&dir, from, &args.env, verbosity);
    }
    let by = args
        .by
        .clone()
        .or_else(|| super::run::default_author(&args.dir));
    let entry = Entry {
        done: true,
        by,
        at: Some(crate::serve::writeback::utc_now()),
        note: args.note.clone(),
        line: 0,
    };
    let id = args.id.as_deref().unwrap_or_default();
    change(&args.dir, &args.env, id, Some(entry), verbosity)
}

pub(crate) fn run_untick(args: UntickArgs, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    change(&args.dir, &args.env, &args.id, None, verbosity)
}

/// The book, checked, with the environment's canonical name.
fn open(dir: &Path, env: &str) -> anyhow::Result<(crate::Build, String)> {
    super::ensure_book_dir(dir)?;
    let build = crate::build(dir, &crate::BuildOptions { check_only: true })?;
    let env = environment(&build.config, env)?.to_string();
    Ok((build, env))
}

/// The page and item with this id.
fn find<'b>(build: &'b crate::Build, id: &str) -> Option<(&'b Page, Item)> {
    build.book.pages.iter().find_map(|p| {
        let item = p.doc.items.get().iter().find(|i| i.id() == id)?.clone();
        Some((p, item))
    })
}

/// Why `id` cannot be ticked in `env`, with a hint; `None` when it can.
fn refusal(build: &crate::Build, id: &str, env: &str, ticking: bool) -> Option<(String, String)> {
    let Some((page, item)) = find(build, id) else {
        let ids: Vec<String> = build
            .book
            .pages
            .iter()
            .flat_map(|p| p.doc.items.ids())
            .collect();
        let hint = crate::base::suggest::did_you_mean(id, ids.iter().map(String::as_str))
            .unwrap_or_else(|| "`opsbook status --json` lists every item id".into());
        return Some((format!("unknown item id `{id}`"), hint));
    };
    if ticking && !item.applies_to(&page.front.environments, env) {
        let scope = item.scope(&page.front.environments);
        return Some((
            format!("`{id}` does not apply to {env}"),
            format!("it applies to {}", crate::base::suggest::listing(scope)),
        ));
    }
    None
}

fn change(
    dir: &Path,
    env: &str,
    id: &str,
    entry: Option<Entry>,
    verbosity: Verbosity,
) -> anyhow::Result<ExitCode> {
    let (build, env) = open(dir, env)?;
    if let Some((why, hint)) = refusal(&build, id, &env, entry.is_some()) {
        bail!("{why}: nothing was written\n  hint: {hint}");
    }
    let verb = if entry.is_some() { "tick" } else { "untick" };
    let what = format!("{verb} `{id}` for {env}");
    let path = write(dir, &build, &env, &[(id, entry.as_ref())], &what, verbosity)?;
    let Some(path) = path else {
        return Ok(ExitCode::FAILURE);
    };
    if verbosity != Verbosity::Quiet {
        let what = if entry.is_some() {
            "ticked"
        } else {
            "unticked"
        };
        eprintln!("{what} `{id}` for {env} in {}", shown(&path));
        if entry.is_none() && find(&build, id).is_some_and(|(_, item)| item.done) {
            eprintln!(
                "note: the source ticks this item (`[x]`), so it stays done in every environment"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the changes to the environment's state file; `None` (after printing why)
/// when the edit was refused. `what` names the change for an error (`tick `x` for
/// staging`).
fn write(
    dir: &Path,
    build: &crate::Build,
    env: &str,
    changes: &[crate::parse::state::Change<'_>],
    what: &str,
    verbosity: Verbosity,
) -> anyhow::Result<Option<std::path::PathBuf>> {
    let rel = crate::source::state_file(dir, &build.config.state.dir, env);
    let path = dir.join(rel.as_str());
    match crate::output::state::write(dir, &rel, env, changes) {
        Ok(()) => Ok(Some(path)),
        Err(StateError::Refused(mut diags)) => {
            print_diagnostics(&mut diags, verbosity);
            eprintln!("error: nothing was changed in {}", shown(&path));
            Ok(None)
        }
        Err(StateError::Failed(e)) => {
            Err(e.context(format!("could not {what}; {} is unchanged", shown(&path))))
        }
    }
}

/// `--from FILE`: every entry of FILE, checked first, then written in one edit.
fn tick_from(dir: &Path, from: &Path, env: &str, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    let (build, env) = open(dir, env)?;
    let shown_from = RelPath::new(shown(from));
    let bytes = fsio::read(from).with_context(|| "nothing was written")?;
    let mut diags = Diagnostics::new();
    let text = match fsio::decode_text(&shown_from, bytes) {
        Ok(text) => text,
        Err(d) => {
            diags.push(*d);
            String::new()
        }
    };
    let incoming = crate::parse::state::parse(&text, &shown_from, &env, &mut diags);
    for (id, e) in &incoming.entries {
        if let Some((why, hint)) = refusal(&build, id, &env, e.done) {
            diags.push(
                Diagnostic::error(Code::State, shown_from.clone(), why)
                    .at(&text, e.line, 1)
                    .with_hint(hint),
            );
        }
    }
    if diags.has_errors() {
        print_diagnostics(&mut diags, verbosity);
        eprintln!("error: nothing was written");
        return Ok(ExitCode::FAILURE);
    }
    // What the team has done already stays as the team wrote it (by, at, note).
    let team = build.book.state.get(&env);
    let done_already = |id: &str| team.and_then(|t| t.entries.get(id)).is_some_and(|e| e.done);
    let (kept, changes): (Vec<_>, Vec<_>) = incoming
        .entries
        .iter()
        .map(|(id, e)| (id.as_str(), Some(e)))
        .partition(|(id, e)| e.is_some_and(|e| e.done) && done_already(id));
    let what = format!("add the entries of {}", shown(from));
    let Some(path) = write(dir, &build, &env, &changes, &what, verbosity)? else {
        return Ok(ExitCode::FAILURE);
    };
    if verbosity != Verbosity::Quiet {
        let entries = |n: usize| {
            if n == 1 {
                "1 entry".to_string()
            } else {
                format!("{n} entries")
            }
        };
        eprintln!(
            "added {} from {} to {}",
            entries(changes.len()),
            shown(from),
            shown(&path)
        );
        if !kept.is_empty() {
            eprintln!(
                "note: {} already done in {} kept as the team wrote {}: {}",
                entries(kept.len()),
                shown(&path),
                if kept.len() == 1 { "it" } else { "them" },
                crate::base::suggest::listing(&kept.iter().map(|(id, _)| *id).collect::<Vec<_>>())
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
