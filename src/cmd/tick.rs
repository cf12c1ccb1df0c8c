//! `opsbook tick ID --env E [--by NAME] [--note TEXT] [DIR]` and `opsbook untick ID --env E
//! [DIR]`: edit `state/<environment>.yaml` for one item. The read-modify-write runs under
//! an exclusive lock on the state folder, so concurrent ticks are all kept; the file is
//! replaced atomically (`fsio::write_atomic`) and every other entry keeps its text.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use super::{environment, print_diagnostics, shown};
use crate::cli::{TickArgs, UntickArgs, Verbosity};
use crate::model::state::Entry;
use crate::output::state::StateError;

/// What to write for the item.
struct Change<'a> {
    dir: &'a Path,
    id: &'a str,
    env: &'a str,
    entry: Option<Entry>,
}

pub(crate) fn run_tick(args: TickArgs, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    let by = args.by.clone().or_else(|| default_author(&args.dir));
    let entry = Entry {
        done: true,
        by,
        at: Some(crate::serve::writeback::utc_now()),
        note: args.note.clone(),
        line: 0,
    };
    change(
        Change {
            dir: &args.dir,
            id: &args.id,
            env: &args.env,
            entry: Some(entry),
        },
        verbosity,
    )
}

pub(crate) fn run_untick(args: UntickArgs, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    change(
        Change {
            dir: &args.dir,
            id: &args.id,
            env: &args.env,
            entry: None,
        },
        verbosity,
    )
}

fn change(c: Change<'_>, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    super::ensure_book_dir(c.dir)?;
    let build = crate::build(c.dir, &crate::BuildOptions { check_only: true })?;
    let env = environment(&build.config, c.env)?;
    let Some((page, item)) = build
        .book
        .pages
        .iter()
        .flat_map(|p| p.doc.items.iter().map(move |i| (p, i)))
        .find(|(_, i)| i.id == c.id)
    else {
        let ids = build
            .book
            .pages
            .iter()
            .flat_map(|p| p.doc.items.iter().map(|i| i.id.as_str()));
        let hint = crate::base::suggest::did_you_mean(c.id, ids)
            .unwrap_or_else(|| "`opsbook status --json` lists every item id".into());
        bail!("unknown item id `{}`\n  hint: {hint}", c.id);
    };
    if c.entry.is_some() && !crate::render::progress::applies(item, &page.front.environments, env) {
        let scope = crate::render::progress::scope(item, &page.front.environments);
        bail!(
            "`{}` does not apply to {env}: nothing was written\n  hint: it applies to {}",
            c.id,
            crate::base::suggest::listing(scope)
        );
    }
    let rel = crate::source::state_file(c.dir, &build.config.state.dir, env);
    let path = c.dir.join(rel.as_str());
    match crate::output::state::write(c.dir, &rel, env, &[(c.id, c.entry.as_ref())]) {
        Ok(()) => {}
        Err(StateError::Refused(mut diags)) => {
            print_diagnostics(&mut diags, verbosity);
            eprintln!("error: nothing was changed in {}", shown(&path));
            return Ok(ExitCode::FAILURE);
        }
        Err(StateError::Failed(e)) => {
            return Err(e.context(format!("nothing was changed in {}", shown(&path))));
        }
    }
    if verbosity != Verbosity::Quiet {
        let what = if c.entry.is_some() {
            "ticked"
        } else {
            "unticked"
        };
        eprintln!("{what} `{}` for {env} in {}", c.id, shown(&path));
        if c.entry.is_none() && item.done {
            eprintln!(
                "note: the source ticks this item (`[x]`), so it stays done in every environment"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `git config user.name` in the book, else `$USER`.
fn default_author(dir: &Path) -> Option<String> {
    crate::source::git::user_name(dir)
        .or_else(|| std::env::var("USER").ok().filter(|s| !s.is_empty()))
}
