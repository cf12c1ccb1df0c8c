//! opsbook: a static site generator for deployment runbooks.
//!
//! The folders are the pipeline (STYLE.md §1); each one's `mod.rs` says what it owns and
//! which folders it may use. A folder uses only the folders above it in this list:
//!
//! ```text
//!   base/      paths, file I/O, diagnostics, escaping, suggestions, hashing, timing
//!   config/    1 book.toml → Config
//!   source/    2 the book's files: a sorted walk, git (dates, release tags' objects)
//!   model/     3 plain data: Book, Document, Checklist, FrontMatter, EnvState, …
//!   parse/     3 every source → model: front matter, checklists, state, Markdown passes
//!   check/     4 links, ids and state → diagnostics
//!   secrets/   4 the leak scan and the per-environment inventory
//!   render/    5 the Book through the theme → Site: pages, boards, search, secret pages
//!   pipeline/  stages 1–6 in order, for one book or every released version
//!   output/    7 the Site onto disk: staging folder, swap, the OUT guard
//!   serve/     7 the Site over HTTP: router, reload, write-back, incremental engine
//!   cli.rs cmd/  the command line
//! ```
//!
//! `build` runs stages 1–6; the `build` command adds stage 7, `check` stops after 4.

pub mod alloc;
pub mod base;
pub mod config;
pub mod source;

pub mod model;
pub mod parse;

pub(crate) mod check;
pub(crate) mod secrets;

pub mod render;

pub mod pipeline;

pub(crate) mod output;
pub mod serve;

pub mod cli;
pub mod cmd;

pub use pipeline::{
    Build, BuildOptions, StreamEvent, StreamTo, VersionBuild, VersionEvent, VersionOptions,
    VersionedBuild, build, build_from_sources, build_versions,
};
