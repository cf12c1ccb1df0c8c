//! What every stage uses and nothing of opsbook's own: relative paths and file I/O,
//! diagnostics, HTML and JSON escaping, "did you mean" suggestions, content hashes and
//! stage timings. Uses no other folder of the crate.

pub mod diag;
pub mod fsio;
pub mod hash;
pub mod html;
pub mod path;
pub mod suggest;
pub mod timing;
pub mod url;
