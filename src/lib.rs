//! opsbook: a static site generator for deployment runbooks.
//!
//! The pipeline, one plain function per stage; I/O only at the ends (STYLE.md §1):
//!
//! ```text
//!   reads: book.toml, content/, state/, themes/
//!   1 config   Config::load(root)                  → Config + Diags  config.rs
//!   2 sources  source::scan(root, &cfg)            → Sources         source.rs fsio.rs
//!   3 model    book::assemble(&cfg, &src, &mut d)  → Book            book.rs model.rs markdown/ frontmatter.rs ids.rs
//!                                                                    checklist.rs state.rs progress.rs
//!   4 checks   check::run(&cfg, &book, &src)       → Diagnostics     check.rs diag.rs
//!   5 render   render::site(&cfg, &book, &theme)   → Site            render.rs theme.rs highlight.rs
//!   6 site     Site: BTreeMap<path, bytes>, in memory                site.rs
//!   7 out      output::write(&site, &out)                            output.rs
//!   writes: OUT/ on disk
//! ```
//!
//! `build` runs stages 1–6; the `build` command adds stage 7, `check` stops after 4.

pub mod config;
pub mod fsio;
pub mod source;

pub mod board;
pub mod book;
pub mod checklist;
pub mod frontmatter;
pub mod ids;
pub mod markdown;
pub mod model;
pub mod progress;
pub mod state;
pub mod team;

pub mod check;
pub mod diag;

pub mod highlight;
pub mod render;
pub mod site;
pub mod theme;

pub mod output;

pub mod cli;
pub mod cmd;

use std::path::Path;

use crate::book::{FileKind, below_content, kind_of};
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::model::Book;
use crate::site::Site;
use crate::source::Sources;

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
    mut diagnostics: Diagnostics,
    sources: &Sources,
    opts: &BuildOptions,
) -> Build {
    let book = book::assemble(&config, sources, &mut diagnostics);
    diagnostics.extend(check::run(&config, &book, sources));
    let theme = match theme::Theme::load(&sources.theme, &config.site.theme) {
        Ok(theme) => Some(theme),
        Err(d) => {
            diagnostics.extend(d);
            None
        }
    };
    let site = match theme {
        Some(theme) if !opts.check_only && !diagnostics.has_errors() => {
            match render::site(&config, &book, &theme) {
                Ok(mut site) => {
                    copy_assets(sources, &mut site);
                    Some(site)
                }
                Err(d) => {
                    diagnostics.extend(d);
                    None
                }
            }
        }
        _ => None,
    };
    diagnostics.sort();
    Build {
        config,
        book,
        diagnostics,
        site,
    }
}

/// Files of `content/` that are not pages (images, attachments) go to the site as they are.
fn copy_assets(sources: &Sources, site: &mut Site) {
    for file in &sources.content {
        if kind_of(&file.path) == FileKind::Asset {
            site.insert(below_content(&file.path), file.bytes.clone());
        }
    }
}
