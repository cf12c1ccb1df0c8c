//! opsbook: a static site generator for deployment runbooks.
//!
//! The pipeline, one plain function per stage; I/O only at the ends (STYLE.md §1):
//!
//! ```text
//!   reads: book.toml, content/, state/, themes/
//!   1 config   config::load(dir)                 → Config        config.rs
//!   2 sources  source::scan(&root, &cfg)         → Sources       source.rs fsio.rs
//!   3 model    book::assemble(&cfg, &src)        → Book + Diags  book.rs model.rs markdown/ frontmatter.rs
//!   4 checks   check::run(&cfg, &book)           → Diagnostics   check.rs diag.rs
//!   5 render   render::site(&cfg, &book, &theme) → Site          render.rs theme.rs highlight.rs
//!   6 site     BTreeMap<path, bytes>, in memory                  site.rs
//!   7 out      output::write(&site, &out)                        output.rs
//!   writes: OUT/ on disk
//! ```

pub mod cli;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod frontmatter;
pub mod fsio;
pub mod highlight;
pub mod ids;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod site;
pub mod source;
pub mod theme;

use std::path::Path;

/// What `build` should do besides checking.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    /// Stop after the checks (stage 4): no rendering, `site` is None.
    pub check_only: bool,
}

/// The result of stages 1–6.
#[derive(Debug)]
pub struct Build {
    pub config: config::Config,
    pub diagnostics: diag::Diagnostics,
    /// None when there are errors or `check_only`.
    pub site: Option<site::Site>,
}

/// Stages 1–6. `site` is None when there are errors or `check_only`. I/O errors
/// (unreadable files) → Err.
///
/// PROVISIONAL (branch `cli`): loads the config, scans the sources and renders a
/// single `index.html`, so the CLI runs end to end. The lead replaces it on merge.
pub fn build(root: &Path, opts: &BuildOptions) -> anyhow::Result<Build> {
    let (config, mut diagnostics) = config::Config::load(root)?;
    let sources = source::scan(root, &config)?;
    tracing::info!(
        "read {} content files, {} state files, {} theme files",
        sources.content.len(),
        sources.state.len(),
        sources.theme.len()
    );
    diagnostics.sort();
    let site = (!diagnostics.has_errors() && !opts.check_only).then(|| {
        let title = config.book.title.clone().unwrap_or(sources.root_name);
        let mut site = site::Site::default();
        site.insert(
            "index.html",
            format!("<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body></body></html>\n",
                pulldown_cmark_escape_attr(&config.book.language),
                pulldown_cmark_escape_attr(&title)),
        );
        site
    });
    Ok(Build {
        config,
        diagnostics,
        site,
    })
}

fn pulldown_cmark_escape_attr(s: &str) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}
