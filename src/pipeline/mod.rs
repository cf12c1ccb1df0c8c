//! Build orchestration: stages 1–6 for one book (`build`), and for every released
//! version of it (`versions.rs`). The stages run here in order, side by side where they
//! do not depend on each other; what the versions of one build share (parsed files,
//! scans, renders, search units) is `Shared`. May use every stage below it (base,
//! config, source, model, parse, check, secrets, render); never output/, serve/ or
//! cmd/.

mod stream;
mod versions;

pub use stream::{StreamEvent, build_into, build_streamed};

pub use versions::{
    StreamTo, VersionBuild, VersionEvent, VersionOptions, VersionedBuild, build_versions,
};

use std::path::Path;

use crate::base::cache::Cache;
use crate::base::diag::Diagnostics;
use crate::base::timing::timed;
use crate::check;
use crate::config::Config;
use crate::model::Book;
use crate::parse::book::{self, is_copied};
use crate::parse::highlight;
use crate::render::site::Site;
use crate::render::{self, cache as render_cache, files as pages, search, secret_pages, theme};
use crate::secrets;
use crate::source::{self, Sources};

/// What a build should do beyond the checks.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    /// Run every check but render nothing.
    pub check_only: bool,
}

/// The result of stages 1–6.
#[derive(Debug)]
pub struct Build {
    pub config: Config,
    pub book: Book,
    /// Every problem found, sorted by place.
    pub diagnostics: Diagnostics,
    /// The rendered site; `None` when there are errors or with `check_only`.
    pub site: Option<Site>,
}

/// Stages 1–6 on the book at `root`. Problems in the book are diagnostics; only I/O
/// failures (an unreadable file) are errors.
pub fn build(root: &Path, opts: &BuildOptions) -> anyhow::Result<Build> {
    std::thread::spawn(highlight::prepare);
    let (config, diagnostics) = Config::load(root)?;
    let sources = source::scan(root, &config)?;
    tracing::info!(
        "read {} content files, {} state files, {} theme files",
        sources.content.len(),
        sources.state.len(),
        sources.theme.len()
    );
    Ok(build_from_sources(config, diagnostics, &sources, opts))
}

/// Stages 3–6: pure, from sources already in memory.
pub fn build_from_sources(
    config: Config,
    diagnostics: Diagnostics,
    sources: &Sources,
    opts: &BuildOptions,
) -> Build {
    let shared = Shared::off();
    let (book, diagnostics) = analyse(&config, diagnostics, sources, &shared, Default::default());
    render_analysed(config, book, diagnostics, sources, opts, &shared)
}

/// What the versions of one build share, each keyed by its full inputs so that a hit
/// is exactly what computing again would give: parsed files, leak-scan results,
/// rendered files and the pages' search units. `Shared::off()` keeps nothing (a single build).
pub(crate) struct Shared {
    pages: book::PageCache,
    scans: secrets::scan::SharedScans,
    renders: render_cache::RenderCache,
    search: search::SearchCache,
}

impl Shared {
    pub(crate) fn on() -> Self {
        Shared {
            pages: Cache::on(),
            scans: Cache::on(),
            renders: Cache::on(),
            search: Cache::on(),
        }
    }

    pub(crate) fn off() -> Self {
        Shared {
            pages: Cache::off(),
            scans: Cache::off(),
            renders: Cache::off(),
            search: Cache::off(),
        }
    }
}

/// Stages 3–4: the book and every problem in it (`streaming`: `book::Streaming`).
pub(crate) fn analyse(
    config: &Config,
    mut diagnostics: Diagnostics,
    sources: &Sources,
    shared: &Shared,
    streaming: book::Streaming<'_>,
) -> (Book, Diagnostics) {
    // The leak scan's rules compile while the files are parsed, not while the scan's
    // other threads wait for them.
    std::thread::spawn(secrets::scan::prepare);
    let book = timed("parse", || {
        book::assemble(config, sources, &mut diagnostics, &shared.pages, streaming)
    });
    let (checked, scanned) = rayon::join(
        || timed("check", || check::run(config, &book, sources)),
        || {
            timed("secret scan", || {
                secrets::check(sources, config, &shared.scans)
            })
        },
    );
    diagnostics.extend(checked);
    diagnostics.extend(scanned);
    // What rendering would refuse, said now: `check` stops before it.
    diagnostics.extend(render::reserved_pages(config, &book));
    source::mounts::name_real_files(sources, &mut diagnostics);
    (book, diagnostics)
}

/// Stages 5–6 on an analysed book (none when there are errors or with `check_only`).
pub(crate) fn render_analysed(
    config: Config,
    book: Book,
    mut diagnostics: Diagnostics,
    sources: &Sources,
    opts: &BuildOptions,
    shared: &Shared,
) -> Build {
    let theme = match timed("theme", || {
        theme::Theme::load(&sources.theme, &config.site.theme)
    }) {
        Ok(theme) => Some(theme),
        Err(d) => {
            diagnostics.extend(d);
            None
        }
    };
    let site = match theme {
        Some(theme) if !opts.check_only && !diagnostics.has_errors() => {
            // The pages and the files that read every page (secret inventory, search
            // index) do not depend on each other: made side by side.
            let (pages, derived) = rayon::join(
                || {
                    timed("render", || {
                        render::site(&config, &book, &theme, &shared.renders)
                    })
                },
                || derived_files(&config, &book, sources, &theme, shared),
            );
            match (pages, derived) {
                (Ok(mut site), Ok(files)) => {
                    copy_assets(sources, &mut site);
                    for (path, bytes) in files {
                        site.insert(path, bytes);
                    }
                    Some(site)
                }
                (pages, derived) => {
                    diagnostics.extend(pages.err().into_iter().flatten());
                    diagnostics.extend(derived.err().into_iter().flatten());
                    None
                }
            }
        }
        _ => None,
    };
    crate::secrets::scan::redact(&mut diagnostics);
    diagnostics.sort();
    Build {
        config,
        book,
        diagnostics,
        site,
    }
}

/// The secret inventory's pages, `.nojekyll`, `robots.txt`, the sitemap, the search
/// index (with a record per secret name) and the run pages: the files that read every
/// page, for a build and for serve's deferred rebuild. The secret pages and the search
/// index are made side by side once the inventory is known.
pub(crate) fn derived_files(
    config: &Config,
    book: &Book,
    sources: &Sources,
    theme: &theme::Theme,
    shared: &Shared,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let inv = timed("secret inventory", || {
        secrets::inventory_checked(config, book, sources)
    })?;
    let secret_names = crate::render::search::secret_records(&inv);
    let (secret_pages, mut files) = rayon::join(
        || {
            timed("secret pages", || {
                secret_pages::pages(config, book, &inv, theme, &shared.renders)
            })
        },
        || {
            timed("search index", || {
                pages::files(config, book, &secret_names, &shared.search)
            })
        },
    );
    files.extend(
        secret_pages?
            .into_iter()
            .map(|(p, html)| (p, html.into_bytes())),
    );
    let run_pages = timed("run pages", || render::runs::pages(config, book, theme))?;
    files.extend(
        run_pages
            .into_iter()
            .map(|(p, html)| (p, html.into_bytes())),
    );
    Ok(files)
}

/// Files of `content/` that are not pages (images, attachments) go to the site as they are.
fn copy_assets(sources: &Sources, site: &mut Site) {
    for (path, bytes) in asset_files(sources) {
        site.insert(path, bytes.clone());
    }
}

/// The files of `content/` published as they are (`is_copied`), then the static files
/// the pages name (`Sources::published_statics`), as (site path, bytes).
fn asset_files(sources: &Sources) -> impl Iterator<Item = (String, &Vec<u8>)> {
    sources
        .content
        .iter()
        .filter(|file| is_copied(&file.path))
        .map(|file| {
            let path =
                book::copied_site_path(&file.path, sources.content_prefix(), sources.lower_folders);
            (path, &file.bytes)
        })
        .chain(
            sources
                .published_statics()
                .map(|s| (s.site.clone(), &s.file.bytes)),
        )
}
