//! A book built alone, streamed into a sink (`opsbook build` without versions): the
//! Markdown pages are read one at a time when they are parsed, scanned and
//! inventoried (`source::scan_unread`); each page's body and items go to a scratch
//! file beside the output as soon as its file is parsed (`model::body`,
//! `model::items`), each rendered file to the sink as soon as it is made
//! (`render::stream`), so memory holds the book's outline (titles, headings, links)
//! but never all of its pages; between stages, what one let go of is handed back to
//! the OS (`alloc::hand_back_now`). The files are those of
//! `build_from_sources`, byte for byte (tests/integration/streamed.rs builds both
//! ways).

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::{Build, Shared, analyse};
use crate::base::cache::Cache;
use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::base::spill::Spill;
use crate::base::timing::timed;
use crate::config::Config;
use crate::parse::book::Streaming;
use crate::parse::book::{copied_site_path, is_copied};
use crate::render::search::Record;
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
    let sources = crate::source::scan_unread(root, &config)?;
    Ok(build_into(
        config,
        diagnostics,
        sources,
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
    mut sources: Sources,
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
        items: true,
        parsed: Some(&parsed),
    };
    progress(StreamEvent::Parsing(
        crate::parse::book::page_files(&config, &sources).count(),
    ));
    let (book, mut diagnostics) =
        analyse(&config, diagnostics, &sources, &Shared::off(), streaming);
    crate::parse::highlight::let_go_of_line_caches();
    crate::alloc::hand_back_now();
    if let Some(spill) = &spill {
        tracing::debug!(
            "page bodies in the scratch file: {} MiB",
            spill.size() >> 20
        );
    }
    let theme = timed("theme", || {
        theme::Theme::load(&sources.theme, &config.site.theme)
    });
    let mut written = match theme {
        Err(d) => {
            diagnostics.extend(d);
            false
        }
        Ok(_) if diagnostics.has_errors() => false,
        Ok(theme) => match timed("render and write", || {
            write_all(&config, &book, &mut sources, &theme, sink, progress)
        }) {
            Ok(()) => true,
            Err(d) => {
                diagnostics.extend(d);
                false
            }
        },
    };
    // A page's items that could not be read back were left out where they were read
    // (`model::items`): what was written is not the book.
    if spill.as_ref().is_some_and(|s| s.failed()) {
        diagnostics.push(
            Diagnostic::error(
                Code::Io,
                RelPath::new("."),
                "could not read the pages' checklist items back from the build's scratch file",
            )
            .with_hint("the disk beside the output folder may be full or failing; build again"),
        );
        written = false;
    }
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

/// The secret pages, the pages (and search index), the assets, then the other files
/// that read every page. Where two have the same path the later one is kept, as in
/// `render_analysed`, which adds the files that read every page after the assets: so
/// an asset is never written where one of those goes.
fn write_all(
    config: &Config,
    book: &crate::model::Book,
    sources: &mut Sources,
    theme: &theme::Theme,
    sink: &dyn Sink,
    progress: &(dyn Fn(StreamEvent) + Sync),
) -> Result<(), Diagnostics> {
    let shared = timed("home page", || {
        render::stream::shared_files(config, book, theme, sink)
    });
    crate::alloc::hand_back_now();
    // The inventory and its pages next, and let go of: at 10,000 pages they are the
    // largest thing made at once (a page of the matrix is megabytes).
    let inventory = timed("secret inventory", || {
        secrets::inventory_checked(config, book, sources)
    });
    // Nothing reads the pages' source text from here on: only the assets are kept.
    let assets: Vec<(String, Vec<u8>)> = take_assets(sources);
    let (extra, secret_pages) = match &inventory {
        Ok(inv) => {
            let extra: Vec<Record<'static>> = render::search::secret_records(inv)
                .into_iter()
                .map(Record::into_owned)
                .collect();
            let pages = timed("secret pages", || {
                secret_pages::each_page(config, book, inv, theme, &Cache::off(), sink)
            });
            (extra, Some(pages))
        }
        Err(_) => (Vec::new(), None),
    };
    let inventory = inventory.map(drop);
    crate::alloc::hand_back_now();
    progress(StreamEvent::Rendering(book.pages.len()));
    let done = |n: usize| progress(StreamEvent::Rendered(n));
    let pages = render::stream::site(config, book, theme, &extra, sink, &done);
    // The problems `render_analysed` reports: the pages', and the first of the
    // inventory's, the secret pages' and the run pages' (each stops the next).
    let mut diags = shared;
    let mut derived: HashSet<String> = HashSet::new();
    match pages {
        Ok(paths) => derived.extend(paths),
        Err(d) => diags.extend(d),
    }
    let runs = match (inventory, secret_pages) {
        (Err(d), _) | (Ok(()), Some(Err(d))) => {
            diags.extend(d);
            Vec::new()
        }
        (Ok(()), secret_pages) => {
            derived.extend(secret_pages.and_then(Result::ok).into_iter().flatten());
            match timed("run pages", || render::runs::pages(config, book, theme)) {
                Ok(runs) => runs,
                Err(d) => {
                    diags.extend(d);
                    Vec::new()
                }
            }
        }
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let host = host::host_files(config, book);
    derived.extend(host.iter().map(|(p, _)| p.clone()));
    derived.extend(runs.iter().map(|(p, _)| p.clone()));
    for (path, bytes) in assets {
        if !derived.contains(&path) {
            sink.put(path, Arc::new(bytes));
        }
    }
    for (path, bytes) in host {
        sink.put(path, Arc::new(bytes));
    }
    for (path, html) in runs {
        sink.put(path, Arc::new(html.into_bytes()));
    }
    Ok(())
}

/// The files of `content/` published as they are (`is_copied`) and the static files
/// the pages name (`Sources::published_statics`), as (site path, bytes), every content
/// and static file's bytes dropped.
fn take_assets(sources: &mut Sources) -> Vec<(String, Vec<u8>)> {
    let prefix = sources.content_prefix().to_string();
    let lower = sources.lower_folders;
    let published: Vec<String> = sources
        .published_statics()
        .map(|s| s.site.clone())
        .collect();
    let mut out: Vec<(String, Vec<u8>)> = std::mem::take(&mut sources.statics)
        .into_iter()
        .filter(|s| s.named && published.binary_search(&s.site).is_ok())
        .map(|s| (s.site, s.file.bytes))
        .collect();
    for file in &mut sources.content {
        let bytes = std::mem::take(&mut file.bytes);
        if is_copied(&file.path) {
            out.push((copied_site_path(&file.path, &prefix, lower), bytes));
        }
    }
    out
}
