//! A book built alone, streamed into a sink (`opsbook build` without versions): each
//! page's body goes to a scratch file beside the output as soon as its file is parsed
//! (`model::body`), each rendered file to the sink as soon as it is made
//! (`render::stream`), so memory holds the book's outline (titles, headings, items,
//! links) but never all of its pages. The files are those of `build_from_sources`,
//! byte for byte (tests/integration/streamed.rs builds both ways).

use std::path::Path;
use std::sync::Arc;

use super::{Build, Shared, analyse, asset_files};
use crate::base::diag::Diagnostics;
use crate::base::spill::Spill;
use crate::base::timing::timed;
use crate::config::Config;
use crate::parse::book::Streaming;
use crate::render::site::Sink;
use crate::render::{self, files as host, secret_pages, theme};
use crate::secrets;
use crate::source::Sources;

/// What a streamed build reports as it goes.
#[derive(Debug, Clone, Copy)]
pub enum StreamEvent {
    /// Parsing starts: this many files.
    Parsing(usize),
    /// This many more files are parsed.
    Parsed(usize),
    /// Rendering starts: this many pages.
    Rendering(usize),
    /// This many more pages are rendered.
    Rendered(usize),
}

/// Stages 1–6 of the book at `root` into `sink` (see [`build_into`]).
pub fn build_streamed(
    root: &Path,
    sink: &dyn Sink,
    scratch: &Path,
) -> anyhow::Result<(Build, bool)> {
    let (config, diagnostics) = Config::load(root)?;
    let sources = crate::source::scan(root, &config)?;
    Ok(build_into(
        config,
        diagnostics,
        &sources,
        sink,
        scratch,
        &|_| {},
    ))
}

/// Stages 3–6 of the book in `sources` into `sink`, the bodies kept in a scratch file
/// in `scratch` (in memory when it cannot be made there). The returned build has no
/// `site`; `written` says whether `sink` holds the whole site (no errors).
pub fn build_into(
    config: Config,
    diagnostics: Diagnostics,
    sources: &Sources,
    sink: &dyn Sink,
    scratch: &Path,
    progress: &(dyn Fn(StreamEvent) + Sync),
) -> (Build, bool) {
    let spill = match Spill::create_in(scratch) {
        Ok(spill) => Some(Arc::new(spill)),
        Err(e) => {
            tracing::warn!(
                "no scratch file in {} ({e}): the pages stay in memory",
                scratch.display()
            );
            None
        }
    };
    let parsed = || progress(StreamEvent::Parsed(1));
    let streaming = Streaming {
        spill: spill.as_ref(),
        parsed: Some(&parsed),
    };
    progress(StreamEvent::Parsing(
        crate::parse::book::page_files(&config, sources).count(),
    ));
    let (book, mut diagnostics) = analyse(&config, diagnostics, sources, &Shared::off(), streaming);
    if let Some(spill) = &spill {
        tracing::debug!(
            "page bodies in the scratch file: {} MiB",
            spill.size() >> 20
        );
    }
    let theme = timed("theme", || {
        theme::Theme::load(&sources.theme, &config.site.theme)
    });
    let written = match theme {
        Err(d) => {
            diagnostics.extend(d);
            false
        }
        Ok(_) if diagnostics.has_errors() => false,
        Ok(theme) => match timed("render and write", || {
            write_all(&config, &book, sources, &theme, sink, progress)
        }) {
            Ok(()) => true,
            Err(d) => {
                diagnostics.extend(d);
                false
            }
        },
    };
    secrets::scan::redact(&mut diagnostics);
    diagnostics.sort();
    let build = Build {
        config,
        book,
        diagnostics,
        site: None,
    };
    (build, written)
}

/// The pages (and search index), the assets, then the files that read every page, in
/// the order `render_analysed` layers them: where two have the same path, the later
/// one is kept.
fn write_all(
    config: &Config,
    book: &crate::model::Book,
    sources: &Sources,
    theme: &theme::Theme,
    sink: &dyn Sink,
    progress: &(dyn Fn(StreamEvent) + Sync),
) -> Result<(), Diagnostics> {
    let inv = timed("secret inventory", || {
        secrets::inventory_checked(config, book, sources)
    });
    let extra = match &inv {
        Ok(inv) => render::search::secret_records(inv),
        Err(_) => Vec::new(),
    };
    progress(StreamEvent::Rendering(book.pages.len()));
    let done = |n: usize| progress(StreamEvent::Rendered(n));
    let pages = render::stream::site(config, book, theme, &extra, sink, &done);
    let (inv, search_paths) = match (inv, pages) {
        (Ok(inv), Ok(paths)) => (inv, paths),
        (inv, pages) => {
            let mut diags = inv.err().unwrap_or_default();
            diags.extend(pages.err().into_iter().flatten());
            return Err(diags);
        }
    };
    // A content file at a path of the search index never replaced the index.
    let index: std::collections::HashSet<String> = search_paths.into_iter().collect();
    for (path, bytes) in asset_files(sources) {
        if !index.contains(&path) {
            sink.put(path, Arc::new(bytes.clone()));
        }
    }
    for (path, bytes) in host::host_files(config, book) {
        sink.put(path, Arc::new(bytes));
    }
    let secret = timed("secret pages", || {
        secret_pages::pages(config, book, &inv, theme, &crate::base::cache::Cache::off())
    })?;
    let runs = timed("run pages", || render::runs::pages(config, book, theme))?;
    for (path, html) in secret.into_iter().chain(runs) {
        sink.put(path, Arc::new(html.into_bytes()));
    }
    Ok(())
}
