//! The subcommands, one file each (`build.rs`, `check.rs`), and what they share: the
//! dispatch from `Cli`, printing diagnostics and summaries to stderr, the error chain,
//! the progress bars of long builds (`progress.rs`).
//! Stdout is kept for reports; every message here goes to stderr. Uses everything: it
//! is the top of the pipeline.

pub(crate) mod allow;
pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod export;
pub(crate) mod init;
mod progress;
pub(crate) mod run;
pub(crate) mod runs;
pub(crate) mod runs_github;
pub(crate) mod secrets;
pub(crate) mod serve;
pub(crate) mod status;
pub(crate) mod tick;

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use crate::base::diag::{Diagnostics, counts};
use crate::cli::{Cli, Command, Verbosity};

/// Runs the command `cli` names and returns its exit code (0 ok, 1 book errors).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let verbosity = cli.verbosity();
    match cli.command {
        Command::Build(args) => build::run(args, verbosity),
        Command::Check(args) => check::run(args, verbosity),
        Command::Status(args) => status::run(args, verbosity),
        Command::Tick(args) => tick::run_tick(args, verbosity),
        Command::Untick(args) => tick::run_untick(args, verbosity),
        Command::Export(args) => export::run(args, verbosity),
        Command::Init(args) => init::run(args, verbosity),
        Command::Serve(args) => serve::run(args, verbosity),
        Command::Secrets(args) => match &args.action {
            Some(crate::cli::SecretsAction::Allow { fingerprints, dir }) => {
                allow::allow(dir, fingerprints)
            }
            Some(crate::cli::SecretsAction::Rules) => Ok(allow::rules()),
            None => secrets::run(args, verbosity),
        },
        Command::Run(args) => run::run(args, verbosity),
        Command::Runs(args) => runs::run(args),
    }
}

/// Every diagnostic in order, a blank line between them; warnings are left out when quiet.
pub(crate) fn render_diagnostics(diags: &Diagnostics, verbosity: Verbosity) -> String {
    let shown: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error() || verbosity != Verbosity::Quiet)
        .map(ToString::to_string)
        .collect();
    shown.join("\n")
}

/// Prints the diagnostics (sorted) to stderr.
fn print_diagnostics(diags: &mut Diagnostics, verbosity: Verbosity) {
    diags.sort();
    let text = render_diagnostics(diags, verbosity);
    if !text.is_empty() {
        eprintln!("{text}");
    }
}

/// Stages 1–4 for the commands that read progress: the book, or `None` after printing
/// its errors.
fn load_book(dir: &Path, verbosity: Verbosity) -> anyhow::Result<Option<crate::Build>> {
    ensure_book_dir(dir)?;
    let mut build = crate::build(dir, &crate::BuildOptions { check_only: true })?;
    if build.diagnostics.has_errors() {
        print_diagnostics(&mut build.diagnostics, verbosity);
        eprintln!("error: {}", counts(&build.diagnostics));
        return Ok(None);
    }
    Ok(Some(build))
}

/// The environments a report covers: the one asked for, or all (empty).
fn report_environments<'c>(
    cfg: &'c crate::config::Config,
    env: Option<&str>,
) -> anyhow::Result<Vec<&'c str>> {
    env.map(|e| environment(cfg, e)).into_iter().collect()
}

/// An environment name or alias → the book's name; else an error naming the closest.
fn environment<'c>(cfg: &'c crate::config::Config, given: &str) -> anyhow::Result<&'c str> {
    let names = &cfg.environments.names;
    let name = cfg
        .environments
        .aliases
        .get(given)
        .map_or(given, String::as_str);
    if let Some(n) = names.iter().find(|n| *n == name) {
        return Ok(n);
    }
    let hint = crate::base::suggest::did_you_mean(given, names.iter().map(String::as_str))
        .unwrap_or_else(|| {
            format!(
                "the environments are {}",
                crate::base::suggest::listing(names)
            )
        });
    bail!("unknown environment `{given}`\n  hint: {hint}")
}

/// DIR must be an existing folder; a typo should not build an empty book.
fn ensure_book_dir(dir: &Path) -> anyhow::Result<()> {
    if !dir.is_dir() {
        bail!(
            "the book folder {} does not exist or is not a folder\n  hint: pass the folder that holds book.toml and content/",
            dir.display()
        );
    }
    Ok(())
}

/// A path as the user would write it: without a leading `./`.
fn shown(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diag::{Code, Diagnostic, error_chain};
    use crate::base::path::RelPath;

    fn sample() -> Diagnostics {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(Code::Config, RelPath::new("book.toml"), "bad").at_line(1, 1));
        d.push(Diagnostic::warning(Code::BrokenLink, RelPath::new("a.md"), "meh").at_line(2, 3));
        d
    }

    #[test]
    fn counts_use_singular_and_plural() {
        assert_eq!(counts(&sample()), "1 error, 1 warning");
        assert_eq!(counts(&Diagnostics::new()), "0 errors, 0 warnings");
    }

    #[test]
    fn quiet_leaves_out_warnings() {
        let all = render_diagnostics(&sample(), Verbosity::Normal);
        assert!(
            all.contains("warning[broken-link]") && all.contains("error[config]"),
            "{all}"
        );
        let quiet = render_diagnostics(&sample(), Verbosity::Quiet);
        assert!(
            !quiet.contains("warning") && quiet.contains("error[config]"),
            "{quiet}"
        );
    }

    #[test]
    fn error_chain_has_one_caused_by_per_cause() {
        let err = anyhow::anyhow!("disk gone")
            .context("failed to read a.md")
            .context("build failed");
        assert_eq!(
            error_chain(&err),
            "error: build failed\ncaused by: failed to read a.md\ncaused by: disk gone\n"
        );
    }

    #[test]
    fn shown_drops_leading_dot_slash() {
        assert_eq!(shown(Path::new("./site")), "site");
        assert_eq!(shown(Path::new("/tmp/site")), "/tmp/site");
    }
}
