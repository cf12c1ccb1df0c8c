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

pub mod checklist;
pub mod config;
pub mod diag;
pub mod frontmatter;
pub mod fsio;
pub mod highlight;
pub mod model;
pub mod progress;
pub mod site;
pub mod source;
pub mod state;
