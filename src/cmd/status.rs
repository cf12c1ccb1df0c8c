//! `opsbook status [DIR] [--env E] [--json]`: progress per runbook and environment, as a
//! table (with the open items when one environment is asked for) or as JSON on stdout.

use std::process::ExitCode;

use super::{load_book, report_environments};
use crate::cli::{StatusArgs, Verbosity};
use crate::render::report;

pub(crate) fn run(args: StatusArgs, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    let Some(build) = load_book(&args.dir, verbosity)? else {
        return Ok(ExitCode::FAILURE);
    };
    let envs = report_environments(&build.config, args.env.as_deref())?;
    let report = report::build(&build.book, &envs);
    if args.json {
        print!("{}", report::to_json(&report));
    } else if report.runbooks.is_empty() {
        eprintln!("no checklist items in this book yet: write `- [ ] …` task lists in content/");
    } else {
        print!("{}", report::to_text(&report));
    }
    Ok(ExitCode::SUCCESS)
}
