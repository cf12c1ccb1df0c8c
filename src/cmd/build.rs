//! `opsbook build [DIR] [-o OUT]`: stages 1–6 in memory, print every diagnostic, then
//! (only if there is no error) check OUT and write the site through `output::write`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;

use super::{counts, ensure_book_dir, print_diagnostics, shown};
use crate::cli::{BuildArgs, Verbosity};
use crate::{BuildOptions, output};

/// Builds the book in `args.dir` into OUT. Exit 1 (nothing written) on book errors.
pub fn run(args: BuildArgs, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    ensure_book_dir(&args.dir)?;
    let build = crate::build(&args.dir, &BuildOptions { check_only: false })?;
    tracing::info!("built in memory in {} ms", started.elapsed().as_millis());
    let mut diags = build.diagnostics;
    print_diagnostics(&mut diags, verbosity);
    let site = match build.site {
        Some(site) if !diags.has_errors() => site,
        _ => {
            eprintln!("error: {}; nothing was written", counts(&diags));
            return Ok(ExitCode::FAILURE);
        }
    };
    let out: PathBuf = args
        .out
        .unwrap_or_else(|| args.dir.join(&build.config.site.output));
    output::check_target(&args.dir, &out, &build.config)?;
    let writing = Instant::now();
    output::write(&site, &out)
        .with_context(|| format!("failed to write the site into {}", shown(&out)))?;
    tracing::info!(
        "wrote {} in {} ms",
        shown(&out),
        writing.elapsed().as_millis()
    );
    if verbosity != Verbosity::Quiet {
        let pages = site.files.keys().filter(|p| p.ends_with(".html")).count();
        let warnings = match diags.warning_count() {
            0 => String::new(),
            1 => " (1 warning)".into(),
            n => format!(" ({n} warnings)"),
        };
        eprintln!(
            "built {pages} {} into {}/ in {} ms{warnings}",
            if pages == 1 { "page" } else { "pages" },
            shown(&out).trim_end_matches('/'),
            started.elapsed().as_millis()
        );
    }
    Ok(ExitCode::SUCCESS)
}
