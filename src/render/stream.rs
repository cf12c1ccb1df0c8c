//! Stage 5 of a streamed build (`pipeline::stream`): the same files as `pages::site`
//! and the search index of `files::files`, byte for byte, but each handed to the
//! [`Sink`] as soon as it is made. Pages go in chunks, in book order: each page's body
//! is read once (from the build's scratch file), rendered, and its search records
//! indexed; a thread of its own adds the chunks' search units to the index in order
//! while the next chunk renders. Pure but for the sink and the scratch file.

use std::sync::Arc;
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

use crate::base::cache::Cache;
use crate::base::diag::{Diagnostic, Diagnostics};
use crate::config::Config;
use crate::model::Book;
use crate::render::cache::RenderCache;
use crate::render::search::stream::IndexBuilder;
use crate::render::search::{self, Record, Unit};
use crate::render::site::Sink;
use crate::render::theme::Theme;

use super::nav::trails;
use super::pages::{
    SHARED_FILES, home_page_into, page_with_body, shared_file_in, static_files, unreadable_body,
};

/// Pages rendered side by side before their search units go to the index.
const CHUNK: usize = 128;

/// The home page, `404.html` and the contents (`toc.html`, `toc.js`) into `sink`; their
/// template errors. A streamed build makes them first, before the pages and the secret
/// inventory: the home page's template context holds a row and a card per runbook
/// (60 MB at 10,000 pages), which would otherwise come on top of what those hold.
pub(crate) fn shared_files(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
    sink: &dyn Sink,
) -> Diagnostics {
    let mut diags = Diagnostics::new();
    if let Err(d) = home_page_into(cfg, book, theme, sink) {
        diags.push(*d);
    }
    for name in SHARED_FILES.into_iter().filter(|n| *n != "index.html") {
        match shared_file_in(cfg, book, theme, name, &Cache::off()) {
            Ok(bytes) => sink.put(name.to_string(), bytes),
            Err(d) => diags.push(*d),
        }
    }
    diags
}

/// Every page, the static files and the search index (the book's records, then
/// `extra`) into `sink`; `done(n)` is told of each `n` pages finished. Returns the
/// search index's paths, or every template error (then what was put is no site).
pub(crate) fn site(
    cfg: &Config,
    book: &Book,
    theme: &Theme,
    extra: &[Record<'_>],
    sink: &dyn Sink,
    done: &(dyn Fn(usize) + Sync),
) -> Result<Vec<String>, Diagnostics> {
    let trails = trails(&book.nav, book.pages.len());
    let cache = RenderCache::off();
    let all: Vec<usize> = (0..book.pages.len()).collect();
    let mut diags = Diagnostics::new();
    let (units, indexed) = sync_channel::<Vec<Unit>>(2);
    let paths = std::thread::scope(|s| {
        let indexer = s.spawn(move || {
            let mut index = IndexBuilder::default();
            for chunk in indexed {
                for unit in chunk {
                    index.add(unit, sink);
                }
            }
            index
        });
        for chunk in all.chunks(CHUNK) {
            let results: Vec<(Unit, Option<Box<Diagnostic>>)> = chunk
                .par_iter()
                .map(|&i| {
                    let page = &book.pages[i];
                    let body = match page.doc.body() {
                        Ok(body) => body,
                        Err(e) => {
                            return (Unit::default(), Some(Box::new(unreadable_body(page, &e))));
                        }
                    };
                    let failed =
                        match page_with_body(cfg, book, theme, i, &trails, &cache, &body.html) {
                            None => None,
                            Some(Ok(bytes)) => {
                                sink.put(page.url.clone(), bytes);
                                None
                            }
                            Some(Err(d)) => Some(d),
                        };
                    let unit = Unit::of(&search::page_records_with(page, &body.sections));
                    (unit, failed)
                })
                .collect();
            done(chunk.len());
            let mut chunk_units = Vec::with_capacity(results.len());
            for (unit, failed) in results {
                diags.extend(failed.map(|d| *d));
                chunk_units.push(unit);
            }
            // The indexer only ends early by panicking, which `join` reports below.
            let _ = units.send(chunk_units);
        }
        drop(units);
        let mut index = match indexer.join() {
            Ok(index) => index,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        index.add(Unit::of(extra), sink);
        index.finish(sink)
    });
    for (path, bytes) in static_files(theme) {
        sink.put(path, Arc::new(bytes));
    }
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    Ok(paths)
}
