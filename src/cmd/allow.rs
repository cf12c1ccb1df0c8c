//! Saying "not a secret" without regexes: `opsbook secrets allow FINGERPRINT…` and
//! `opsbook check --baseline` record findings' fingerprints in `.opsbook-allow` at the
//! book root (one per line, kept sorted, comments kept at the top); `opsbook secrets
//! rules` lists the rules a `[secrets.rules]` entry can name.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use super::{ensure_book_dir, shown};
use crate::base::diag::Diagnostics;
use crate::base::fsio;
use crate::base::path::RelPath;
use crate::config::{ALLOW_FILE, Config, parse_allow_file};
use crate::secrets::rules::RULES;

/// The header of a new `.opsbook-allow`.
const HEADER: &str = "# Findings of opsbook's leak scanner that are not secrets, one fingerprint\n\
# (rule:path:hash of the value) per line. Add with `opsbook secrets allow`.\n";

/// `opsbook secrets allow FINGERPRINT… [--dir DIR]`.
pub(crate) fn allow(dir: &Path, given: &[String]) -> anyhow::Result<ExitCode> {
    ensure_book_dir(dir)?;
    let mut diags = Diagnostics::new();
    let wanted = parse_allow_file(&given.join("\n"), &RelPath::new("FINGERPRINT"), &mut diags);
    if wanted.len() != given.len() {
        let bad: Vec<&str> = given
            .iter()
            .map(String::as_str)
            .filter(|g| !wanted.contains(g.trim()))
            .collect();
        bail!(
            "not a finding's fingerprint: {}\n  hint: copy it from the finding's hint, e.g. `opsbook secrets allow generic-api-key:content/deploy.md:3f9a1c0e5b7d2a41`",
            bad.join(", ")
        );
    }
    let added = record(dir, &wanted)?;
    eprintln!(
        "allowed {} in {}{}",
        crate::base::diag::plural(added, "new finding"),
        shown(&dir.join(ALLOW_FILE)),
        if added < wanted.len() {
            " (the others were there already)"
        } else {
            ""
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Adds `fingerprints` to the book's `.opsbook-allow` (made when missing); returns how
/// many were new. The file is replaced atomically.
pub(crate) fn record(dir: &Path, fingerprints: &BTreeSet<String>) -> anyhow::Result<usize> {
    let path = dir.join(ALLOW_FILE);
    let old = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => HEADER.to_string(),
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!("failed to read {}", path.display())));
        }
    };
    let mut ignored = Diagnostics::new();
    let have = parse_allow_file(&old, &RelPath::new(ALLOW_FILE), &mut ignored);
    let new: Vec<&String> = fingerprints.iter().filter(|f| !have.contains(*f)).collect();
    if new.is_empty() {
        return Ok(0);
    }
    let mut text = old;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for f in &new {
        text.push_str(f);
        text.push('\n');
    }
    fsio::write_atomic(&path, text.as_bytes())?;
    Ok(new.len())
}

/// `opsbook check --baseline`: every finding there is now, recorded.
pub(crate) fn baseline(dir: &Path) -> anyhow::Result<usize> {
    let (cfg, _) = Config::load(dir)?;
    let sources = crate::source::scan(dir, &cfg)?;
    let found: BTreeSet<String> = crate::secrets::scan::fingerprints(&sources, &cfg)
        .into_iter()
        .collect();
    record(dir, &found)
}

/// `opsbook secrets rules`: one line per rule on stdout.
pub(crate) fn rules() -> ExitCode {
    let width = RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let family = RULES.iter().map(|r| r.family.len()).max().unwrap_or(0);
    for r in RULES.iter() {
        println!("{:width$}  {:family$}  {}", r.id, r.family, r.description);
    }
    ExitCode::SUCCESS
}
