//! What every stage uses and nothing of opsbook's own: relative paths (`path.rs`) and
//! file I/O (`fsio.rs`), page-relative links (`url.rs`), diagnostics (`diag.rs`), HTML
//! and JSON escaping (`html.rs`), gitignore-style patterns (`pathspec.rs`), "did you
//! mean" (`suggest.rs`), hashing (`hash.rs`), a scratch file for what a streamed build
//! reads back (`spill.rs`) and stage timings (`timing.rs`). Uses no other folder of
//! the crate.

pub(crate) mod cache;
pub(crate) mod clock;
pub(crate) mod csv;
pub mod diag;
pub(crate) mod fsio;
pub(crate) mod hash;
pub(crate) mod html;
pub mod path;
pub(crate) mod pathspec;
pub mod spill;
pub(crate) mod suggest;
pub(crate) mod timing;
pub(crate) mod url;
