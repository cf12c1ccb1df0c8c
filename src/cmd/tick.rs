//! `opsbook tick ID --env E [--by NAME] [--note TEXT] [DIR]` and `opsbook untick ID --env E
//! [DIR]`: edit `state/<environment>.yaml` for one item. The read-modify-write runs under
//! an exclusive lock on the state folder, so concurrent ticks are all kept; the file is
//! replaced atomically (`fsio::write_atomic`) and every other entry keeps its text.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::{environment, print_diagnostics, shown};
use crate::base::diag::Diagnostics;
use crate::base::fsio;
use crate::base::path::RelPath;
use crate::cli::{TickArgs, UntickArgs, Verbosity};
use crate::model::state::Entry;
use crate::parse::state;

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
            scope.join(", ")
        );
    }
    let state_dir = c.dir.join(&build.config.state.dir);
    let rel = crate::source::state_file(c.dir, &build.config.state.dir, env);
    let path = c.dir.join(rel.as_str());
    let verb = if c.entry.is_some() { "tick" } else { "untick" };
    let mut diags =
        write_entry(&state_dir, &path, &rel, c.id, c.entry.as_ref()).with_context(|| {
            format!(
                "could not {verb} `{}` for {env}; {} is unchanged",
                c.id,
                shown(&path)
            )
        })?;
    if diags.has_errors() {
        print_diagnostics(&mut diags, verbosity);
        eprintln!("error: {} has errors; nothing was changed", shown(&path));
        return Ok(ExitCode::FAILURE);
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

/// Read, edit and replace the state file while holding the state folder's lock.
fn write_entry(
    state_dir: &Path,
    path: &Path,
    rel: &RelPath,
    id: &str,
    entry: Option<&Entry>,
) -> anyhow::Result<Diagnostics> {
    fsio::with_state_lock(state_dir, || {
        let text = match fs::read(path) {
            Ok(bytes) => fsio::decode_text(rel, bytes).map_err(|d| anyhow::anyhow!("{d}"))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(e).with_context(|| format!("failed to read {}", path.display())),
        };
        let env = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let mut diags = Diagnostics::new();
        let current = state::parse(&text, rel, env, &mut diags);
        if diags.has_errors() {
            return Ok(diags);
        }
        let new_text = if text.trim().is_empty() {
            let mut fresh = current;
            fresh.environment = env.to_string();
            match entry {
                Some(e) => fresh.entries.insert(id.to_string(), e.clone()),
                None => fresh.entries.remove(id),
            };
            state::render(&fresh)
        } else {
            state::set_entry(&text, id, entry)
        };
        if new_text != text {
            fsio::write_atomic(path, new_text.as_bytes())?;
        }
        Ok(diags)
    })
}

/// `git config user.name` in the book, else `$USER`.
fn default_author(dir: &Path) -> Option<String> {
    crate::source::git::user_name(dir)
        .or_else(|| std::env::var("USER").ok().filter(|s| !s.is_empty()))
}
