//! `opsbook export [DIR] --format json|csv|md [--env E]`: a progress report an auditor
//! can keep, on stdout.

use std::process::ExitCode;

use super::{load_book, report_environments};
use crate::cli::{ExportArgs, ExportFormat, Verbosity};
use crate::render::report;

pub(crate) fn run(args: ExportArgs, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    let Some(build) = load_book(&args.dir, verbosity)? else {
        return Ok(ExitCode::FAILURE);
    };
    let envs = report_environments(&build.config, args.env.as_deref())?;
    let report = report::build(&build.book, &envs);
    let text = match args.format {
        ExportFormat::Json => report::to_json(&report),
        ExportFormat::Csv => report::to_csv(&report),
        ExportFormat::Md => report::to_markdown(&report),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
