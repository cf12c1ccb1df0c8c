//! Stage 5: the `Book` rendered through the `Theme` into a `Site`: one HTML file per
//! page, the home page, `toc.html`, `404.html`, `toc.js` (the sidebar tree, shared by
//! every page) and the static files. Each template gets its own typed context (the
//! theme's API, documented in the guide's Reference > Theme). Pure: no disk, clock or
//! environment. Also the files that read every page (search index, sitemap, secret
//! pages, boards, reports, run pages). Uses base/, config/, model/, parse/, check/ (the
//! rules of runs) and secrets/.
//!
//! `context.rs` holds the typed contexts and fills them, `nav.rs` the trails, breadcrumbs
//! and sidebar, `pages.rs` renders them into the `Site` (`stream.rs`: file by file into
//! a sink, for a streamed build); `not_found.rs` the 404 page's
//! root-finding script and its CSP hash. `runs.rs` and `run_page.rs` make what readers
//! see of runs (the runs index, each run's page, the runs sections of runbook pages and
//! the home page); a book without runs gets none of it. `redirects.rs` makes the pages
//! at a page's old URLs (Hugo `aliases`, Docusaurus `slug`).

pub(crate) mod board;
pub(crate) mod cache;
pub(crate) mod diagrams;
pub(crate) mod files;
pub(crate) mod github;
pub(crate) mod progress;
pub(crate) mod report;
pub(crate) mod run_report;
pub(crate) mod runs;
pub mod search;
pub(crate) mod secret_pages;
pub mod site;
pub(crate) mod stream;
pub(crate) mod team;
pub(crate) mod theme;
pub mod versions;

mod context;
mod lead;
mod nav;
mod not_found;
mod pages;
pub(crate) mod redirects;
mod run_page;
#[cfg(test)]
mod tests;

pub(crate) use context::{ShellContext, shell};
pub(crate) use nav::trails;
pub(crate) use pages::{PageResult, SHARED_FILES, pages, reserved_pages, shared_file, site};
