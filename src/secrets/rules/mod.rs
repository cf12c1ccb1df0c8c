//! The leak scanner's rules (SPEC.md §6): which text looks like a real secret. Pure:
//! knows no files on disk, no book.toml and no diagnostics (that is `scan.rs`).
//!
//! - `*.toml`: the rule set as data, 200+ rules, most ported from gitleaks v8.30.1
//!   (<https://github.com/gitleaks/gitleaks>, MIT License, Copyright (c) 2019 Zachary
//!   Rice; the notice is in `opsbook.toml`), each with its own test cases;
//! - `data.rs` parses them once;
//! - `engine.rs` runs them over a text: an Aho-Corasick automaton over every rule's
//!   keywords picks the rules to run, each rule's regex is compiled on first use;
//! - `judge.rs` decides whether a match is a secret: entropy, allowlists,
//!   placeholders, base64 of words, names that are not values, documentation examples;
//! - `table.rs` gives a value in a `.csv`/`.tsv` cell its column's header as name;
//! - `context.rs` says where in the page a value sits: in command output, or given
//!   in the prose as an example.
//!
//! `scan_text` runs them over one text, `scan_file_text` over a file's text when the
//! path is known (some rules look only at YAML files, `.tf` files, …).

mod context;
mod data;
mod engine;
mod judge;
mod table;

#[cfg(test)]
mod corpus;
#[cfg(test)]
pub(crate) mod tests;

use std::sync::{LazyLock, OnceLock};

use serde::Deserialize;

pub(crate) use engine::{prepare, scan_file_text, scan_text};
// The judge's helpers, for the tests of other files (the scanner itself uses them
// through the rules).
#[cfg(test)]
#[allow(unused_imports)]
pub(crate) use judge::{ENTROPY_THRESHOLD, base64_text, is_placeholder, shannon_entropy};

/// The rule set, parsed once (`data.rs`), in reporting order.
pub(crate) static RULES: LazyLock<Vec<Rule>> = LazyLock::new(data::rules);

/// One scanner rule (see the header of `opsbook.toml` for each field).
#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) id: &'static str,
    pub(crate) description: &'static str,
    /// The group of rules it belongs to: the vendor (`aws`, `slack`) or `generic`.
    pub(crate) family: &'static str,
    /// Where it comes from: `opsbook`, or the gitleaks rules it ports.
    #[cfg_attr(not(test), allow(dead_code))] // data, checked by the tests
    pub(crate) source: &'static str,
    /// The gitleaks rule ids it ports (empty for opsbook's own rules).
    #[cfg_attr(not(test), allow(dead_code))] // the corpus test's per-rule figures
    pub(crate) gitleaks: Vec<&'static str>,
    pub(crate) keywords: Vec<&'static str>,
    pub(crate) entropy: f64,
    pub(crate) group: usize,
    /// The secret ends where the match ends, by the syntax around it (a URL's password
    /// at `@`): masking stops there, not at the end of the word.
    pub(crate) exact_end: bool,
    pub(crate) check: Check,
    pub(crate) path: Option<&'static str>,
    pub(crate) regex: &'static str,
    pub(crate) allow: Vec<data::Allow>,
    /// Its own test cases (templates, `data::expand`): found, and not found.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) tp: Vec<&'static str>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fp: Vec<&'static str>,
    compiled: OnceLock<engine::Compiled>,
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.id == other.id
    }
}

impl Eq for Rule {}

/// What a match of a rule must also satisfy to be reported, beyond entropy and
/// allowlists.
#[derive(Deserialize, Debug, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Check {
    /// A token with a known format: it must not be a placeholder.
    #[default]
    Format,
    /// A value that may be base64 text (a Basic auth header, a Secret's `data:`):
    /// judged decoded when it decodes to text.
    Encoded,
    /// A private key body: its entropy must look random.
    KeyBody,
    /// A JSON Web Token: also not an example token (reserved hosts, placeholder claims).
    Jwt,
    /// A value assigned to a secret-like name: all of `judge.rs`.
    Assignment,
}

/// A secret found in a text: the rule and the byte range of the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub(crate) rule: &'static Rule,
    pub(crate) start: usize,
    pub(crate) end: usize,
}
