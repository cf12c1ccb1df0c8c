//! Stage 5: the `Book` rendered through the `Theme` into a `Site`: one HTML file per
//! page, the home page, `toc.html`, `404.html`, `toc.js` (the sidebar tree, shared by
//! every page) and the static files. Each template gets its own typed context (the
//! theme's API, documented in the README's Themes section). Pure: no disk, clock or
//! environment.
//!
//! `context.rs` holds the typed contexts and fills them, `nav.rs` the trails, breadcrumbs
//! and sidebar, `pages.rs` renders them into the `Site`.

pub mod board;
pub mod cache;
pub mod files;
pub mod progress;
pub mod report;
pub mod search;
pub mod secret_pages;
pub mod site;
pub mod team;
pub mod theme;
pub mod versions;

mod context;
mod nav;
mod pages;
#[cfg(test)]
mod tests;

pub use context::{
    CrumbContext, HeadingContext, HomeContext, IndexContext, LinkContext, NotFoundContext,
    PageContext, PageInfo, RunbookContext, ShellContext, TocContext, TocScriptContext, book_key,
    shell,
};
pub use nav::trails;
pub use pages::{PageResult, SHARED_FILES, pages, shared_file, site, site_cached};
