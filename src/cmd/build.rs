//! `opsbook build [DIR] [-o OUT] [--strict]`: a book without versions is streamed into
//! a staging folder beside OUT as it is built (`pipeline::stream`), then swapped in; with
//! `[versions] git-tags`, the working tree and every matching tag are built in memory
//! and written through `output::write`. Progress bars on a terminal (`progress.rs`);
//! every diagnostic printed. Nothing is written when the working tree has errors, nor
//! with `--strict` when a tag has; otherwise a failing tag is left out and the exit
//! code is 1.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

use anyhow::Context as _;

use super::{ensure_book_dir, print_diagnostics, shown};
use crate::base::diag::Diagnostics;
use crate::base::diag::counts;
use crate::cli::{BuildArgs, Verbosity};
use crate::config::Config;
use crate::parse::book::below_content;
use crate::{StreamEvent, VersionBuild, VersionEvent, VersionOptions, VersionedBuild, output};

/// Builds the book in `args.dir` into OUT. Exit 1 on book errors (see the module doc).
pub(crate) fn run(args: BuildArgs, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    ensure_book_dir(&args.dir)?;
    let bar = super::progress::Progress::new(verbosity == Verbosity::Normal);
    let report = |e: VersionEvent<'_>| {
        if let Some(bar) = &bar {
            bar.version(e);
        }
    };
    let stages = |e: StreamEvent| {
        if let Some(bar) = &bar {
            bar.stage(e);
        }
    };
    // A book without versions is written as it is built, into a staging folder made
    // once its config is read (when OUT is refused, the build goes on in memory and
    // says why after it).
    let staging: OnceLock<output::Staging> = OnceLock::new();
    let stream = |config: &Config| {
        let opened = open_staging(&args, config)?;
        let s = staging.get_or_init(|| opened);
        Some((s as &dyn crate::render::site::Sink, s.beside()))
    };
    let opts = VersionOptions {
        progress: Some(&report),
        stream: Some(&stream),
        stages: Some(&stages),
    };
    let build = crate::build_versions(&args.dir, &opts)?;
    let staging = staging.into_inner();
    if let Some(bar) = &bar {
        bar.clear();
    }
    let place = if build.streamed {
        "into the staging folder"
    } else {
        "in memory"
    };
    tracing::info!("built {place} in {} ms", started.elapsed().as_millis());
    if let (Some(note), false) = (&build.note, verbosity == Verbosity::Quiet) {
        eprintln!("note: {note}");
    }
    let mut diags = all_diagnostics(&build);
    print_diagnostics(&mut diags, verbosity);
    // The versions besides the working tree's (git tags, a Docusaurus site's older
    // versions) that did not build.
    let failed_tags: Vec<&VersionBuild> = build
        .versions
        .iter()
        .skip(1)
        .filter(|v| v.failed())
        .collect();
    let site = match &build.site {
        None if build.streamed => None,
        Some(_) if args.strict && !failed_tags.is_empty() => {
            eprintln!(
                "error: {} ({}) with --strict; nothing was written",
                tags_phrase(&failed_tags),
                counts(&diags)
            );
            return Ok(ExitCode::FAILURE);
        }
        Some(site) => Some(site),
        None => {
            eprintln!("error: {}; nothing was written", counts(&diags));
            return Ok(ExitCode::FAILURE);
        }
    };
    let out: PathBuf = args
        .out
        .clone()
        .unwrap_or_else(|| args.dir.join(&build.config.site.output));
    let writing = Instant::now();
    let written = match (site, staging) {
        (None, Some(staging)) => crate::base::timing::timed("swap in", || staging.finish()),
        (site, staging) => {
            drop(staging);
            output::check_target(&args.dir, &out, &build.config)?;
            let site = site.context("the site was neither kept nor written (a bug in opsbook)")?;
            crate::base::timing::timed("write", || output::write(site, &out))
        }
    };
    written.with_context(|| format!("failed to write the site into {}", shown(&out)))?;
    tracing::info!(
        "wrote {} in {} ms",
        shown(&out),
        writing.elapsed().as_millis()
    );
    if verbosity != Verbosity::Quiet {
        eprintln!("{}", summary(&build, &out, &diags, started));
    }
    let failure = (!failed_tags.is_empty()).then(|| {
        format!(
            "error: {}; the other versions were written",
            tags_phrase(&failed_tags)
        )
    });
    // The process ends here: let the OS take back the site and the book at once instead
    // of freeing them one allocation at a time.
    std::mem::forget(build);
    match failure {
        None => Ok(ExitCode::SUCCESS),
        Some(message) => {
            eprintln!("{message}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The staging folder of OUT, when OUT is a place opsbook may write; `None` otherwise
/// (the build then reports the problem where it always did).
fn open_staging(args: &BuildArgs, config: &Config) -> Option<output::Staging> {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.dir.join(&config.site.output));
    output::check_target(&args.dir, &out, config).ok()?;
    output::Staging::open(&out).ok()
}

/// Every version's diagnostics in one list (a tag's paths name the tag).
fn all_diagnostics(build: &VersionedBuild) -> Diagnostics {
    let mut all = Diagnostics::new();
    for v in &build.versions {
        all.extend(v.diagnostics.iter().cloned());
    }
    all
}

/// `tag v1.0 does not build`, `tags v1.0, v1.1 do not build`.
fn tags_phrase(versions: &[&VersionBuild]) -> String {
    let word = match versions.iter().all(|v| v.tag.is_some()) {
        true => "tag",
        false => "version",
    };
    match versions {
        [one] => format!("{word} {} does not build", one.name),
        many => {
            let names: Vec<&str> = many.iter().map(|v| v.name.as_str()).collect();
            format!("{word}s {} do not build", names.join(", "))
        }
    }
}

/// `built 12 pages into site/ in 40 ms` (`12 pages (mdBook)` for an mdBook, `(Hugo)`,
/// `(Docusaurus)`; `12 pages (Hugo) and 3 redirects` with redirect pages, `12 pages (Hugo,
/// 4 of them taxonomy pages)` with a Hugo site's tags), or with versions
/// `built 3 versions (36 pages) into site/ in 90 ms; default v1.1`.
fn summary(
    build: &VersionedBuild,
    out: &std::path::Path,
    diags: &Diagnostics,
    started: Instant,
) -> String {
    let pages: usize = build.versions.iter().map(|v| v.pages).sum();
    // The pages at a page's other URLs (Hugo `aliases`, Docusaurus `slug`, moved files)
    // are counted apart, as Hugo counts its aliases: they are not pages a reader reads.
    let redirects = match build.book.as_ref() {
        Some(book) if pages > 0 && build.entries.is_empty() => book.redirects.len(),
        _ => 0,
    };
    let pages = pages.saturating_sub(redirects);
    let warnings = match diags.warning_count() {
        0 => String::new(),
        1 => " (1 warning)".into(),
        n => format!(" ({n} warnings)"),
    };
    let place = shown(out);
    let place = place.trim_end_matches('/');
    let ms = started.elapsed().as_millis();
    let mut pages_word = if pages == 1 { "page" } else { "pages" }.to_string();
    if let Some(tool) = build.config.tool_name() {
        // Says which tool's book was read in place (opsbook's own layouts say nothing).
        pages_word.push_str(&format!(" ({tool})"));
    }
    // GitHub's issue templates are read although their folder is hidden: said.
    let prefix = build.config.content_prefix();
    let templates = build.book.as_ref().map_or(0, |book| {
        book.pages
            .iter()
            .filter(|p| crate::parse::book::is_issue_template(below_content(&p.source, prefix)))
            .count()
    });
    if templates > 0 {
        pages_word.push_str(&format!(
            " ({templates} from {})",
            crate::source::ISSUE_TEMPLATES
        ));
    }
    // A Hugo site's taxonomy and term pages (`parse/hugo_taxonomy.rs`) are pages, as
    // Hugo counts them; said, as they have no file of their own.
    let taxonomy = build.book.as_ref().map_or(0, |book| {
        (book.pages.iter())
            .filter(|p| p.kind == crate::model::PageKind::Taxonomy)
            .count()
    });
    if taxonomy > 0 {
        // `18 pages (Hugo, 6 of them taxonomy pages)`
        let open = pages_word.strip_suffix(')').map(str::to_string);
        let of = if taxonomy == 1 {
            "1 of them a taxonomy page".to_string()
        } else {
            format!("{taxonomy} of them taxonomy pages")
        };
        pages_word = match open {
            Some(open) => format!("{open}, {of})"),
            None => format!("{pages_word} ({of})"),
        };
    }
    match redirects {
        0 => {}
        1 => pages_word.push_str(" and 1 redirect"),
        n => pages_word.push_str(&format!(" and {n} redirects")),
    }
    if build.entries.is_empty() {
        return format!("built {pages} {pages_word} into {place}/ in {ms} ms{warnings}");
    }
    let default = build
        .entries
        .iter()
        .find(|e| e.default)
        .map_or("", |e| e.name.as_str());
    let total = build.files_parsed + build.files_reused;
    let shared = match build.files_reused {
        0 => String::new(),
        n => format!("; {n} of {total} files unchanged, parsed once"),
    };
    format!(
        "built {} versions ({pages} {pages_word}{shared}) into {place}/ in {ms} ms{warnings}; default {default}",
        build.entries.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(name: &str, tag: bool) -> VersionBuild {
        VersionBuild {
            name: name.into(),
            tag: tag.then(|| crate::source::versions::Tag {
                name: name.into(),
                commit: "0".repeat(40),
                date: String::new(),
            }),
            diagnostics: crate::base::diag::Diagnostics::new(),
            pages: 0,
            reused: false,
        }
    }

    #[test]
    fn failed_tags_are_named() {
        let (v10, v11) = (version("v1.0", true), version("v1.1", true));
        assert_eq!(tags_phrase(&[&v10]), "tag v1.0 does not build");
        assert_eq!(tags_phrase(&[&v10, &v11]), "tags v1.0, v1.1 do not build");
        // A Docusaurus site's versions are no tags.
        let (d10, d20) = (version("1.0", false), version("2.0", false));
        assert_eq!(tags_phrase(&[&d10]), "version 1.0 does not build");
        assert_eq!(tags_phrase(&[&d20, &d10]), "versions 2.0, 1.0 do not build");
    }
}
