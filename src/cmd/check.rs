//! `opsbook check [DIR] [--baseline]`: every check of a build (stages 1–4), every
//! diagnostic printed; nothing is rendered or written (but `.opsbook-allow`, with
//! `--baseline`).

use std::process::ExitCode;

use super::{ensure_book_dir, print_diagnostics, shown};
use crate::BuildOptions;
use crate::base::diag::counts;
use crate::cli::{CheckArgs, Verbosity};

/// Checks the book in `args.dir`. Exit 1 when there is an error.
pub(crate) fn run(args: CheckArgs, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    ensure_book_dir(&args.dir)?;
    if args.baseline {
        let added = super::allow::baseline(&args.dir)?;
        eprintln!(
            "recorded {} in {}: from now on only new findings are refused",
            crate::base::diag::plural(added, "finding"),
            shown(&args.dir.join(crate::config::ALLOW_FILE))
        );
    }
    let build = crate::build(&args.dir, &BuildOptions { check_only: true })?;
    let mut diags = build.diagnostics;
    print_diagnostics(&mut diags, verbosity);
    if diags.has_errors() {
        eprintln!("error: {}", counts(&diags));
        return Ok(ExitCode::FAILURE);
    }
    if verbosity != Verbosity::Quiet {
        let warnings = match diags.warning_count() {
            0 => String::new(),
            n => format!(", {}", crate::base::diag::plural(n, "warning")),
        };
        eprintln!("checked {}: no errors{warnings}", shown(&args.dir));
    }
    Ok(ExitCode::SUCCESS)
}
