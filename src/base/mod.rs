//! What every stage uses and nothing of opsbook's own: relative paths and file I/O,
//! diagnostics, HTML and JSON escaping, "did you mean" suggestions, content hashes and
//! stage timings. Uses no other folder of the crate.

pub mod diag;
pub(crate) mod fsio;
pub(crate) mod hash;
pub(crate) mod html;
pub mod path;
pub(crate) mod suggest;
pub(crate) mod timing;
pub(crate) mod url;
