//! The leak scanner: refuses to publish what looks like a real secret (SPEC.md §6).
//!
//! Runs on every file of the book (`content/`, the state folder, theme overrides) on
//! `build` and `check`. Each rule's regex, compiled once, is run over the file on its
//! own: the regex engine skips to the rule's literals (`AKIA`, `ghp_`, `://`, `secret`
//! …) with SIMD prefilters, which a `RegexSet` of all rules cannot (it cost a third
//! more CPU, as a first pass to pick the rules). A finding is an
//! `error[secret-leak]` whose message and source excerpt show the value masked
//! (`AKIA****************`: the first 4 characters, then stars), never in clear.
//!
//! The token-format rules are ported from the gitleaks rule set
//! (<https://github.com/gitleaks/gitleaks>, `config/gitleaks.toml`, MIT License,
//! Copyright (c) 2019 Zachary Rice): `aws-access-token`, `github-pat`,
//! `github-fine-grained-pat`, `github-oauth`, `github-app-token`,
//! `github-refresh-token`, `gitlab-pat`, `gitlab-rrt`, `slack-bot-token`,
//! `slack-user-token`, `slack-webhook-url`, `stripe-access-token` (live keys only),
//! `gcp-api-key`, `private-key`, `jwt`, and the entropy idea of `generic-api-key`.
//! The patterns were rewritten for the `regex` crate (no look-around); no code is copied.
//! `aws-secret-access-key` and `url-password` are opsbook's own.
//!
//! What passes:
//! - placeholders (`is_placeholder`): `changeme`, `your-…`, `<…>`, `${VAR}`, `$(…)`,
//!   `xxxx`, `****`, `...`, values with `example`/`placeholder`/`dummy`/`test`/`sample`;
//! - a line holding the marker `opsbook:allow-secret` (in any comment);
//! - a value matching one of the `[secrets] allow` regexes of book.toml.
//!
//! Entropy: `secret-assignment` flags a value assigned to a secret-like name
//! (`password = …`, `API_KEY: …`) when its Shannon entropy over characters is at least
//! `ENTROPY_THRESHOLD` bits (the threshold of gitleaks' `generic-api-key`), it is 8+
//! characters long and holds both a letter and a digit.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::path::RelPath;
use crate::config::Config;
use crate::source::{Sources, find_file};

/// The inline marker that allows a finding on its line.
pub(crate) const ALLOW_MARKER: &str = "opsbook:allow-secret";

/// Minimum Shannon entropy (bits per character) of a value assigned to a secret-like name.
/// 3.5 is gitleaks' `generic-api-key` threshold: random keys of 16+ characters score
/// 3.8–5.5, words and lab passwords such as `Pa55w.rd1234` score below.
pub(crate) const ENTROPY_THRESHOLD: f64 = 3.5;

/// One scanner rule. Each pattern has a group named `s`: the secret value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rule {
    pub(crate) id: &'static str,
    pub(crate) description: &'static str,
    pattern: &'static str,
    check: Check,
}

/// What a match of a rule must also satisfy to be reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Only that it is not a placeholder.
    Format,
    /// A private key body: its entropy must look random.
    KeyBody,
    /// A value assigned to a secret-like name: entropy, length, letters and digits.
    Entropy,
}

/// The rules, in reporting order.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "aws-access-key-id",
        description: "AWS access key id",
        pattern: r"\b(?P<s>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
        check: Check::Format,
    },
    Rule {
        id: "aws-secret-access-key",
        description: "AWS secret access key",
        pattern: r#"(?i)aws_?secret(?:_?access)?_?key["']?\s*(?::|=|:=|=>)\s*["']?(?P<s>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+]|\z)"#,
        check: Check::Format,
    },
    Rule {
        id: "github-token",
        description: "GitHub token",
        pattern: r"\b(?P<s>(?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36})\b",
        check: Check::Format,
    },
    Rule {
        id: "github-fine-grained-pat",
        description: "GitHub fine-grained personal access token",
        pattern: r"\b(?P<s>github_pat_[0-9A-Za-z_]{82})\b",
        check: Check::Format,
    },
    Rule {
        id: "gitlab-token",
        description: "GitLab token",
        pattern: r"\b(?P<s>glpat-[0-9A-Za-z_-]{20}|GR1348941[0-9A-Za-z_-]{20})(?:[^0-9A-Za-z_-]|\z)",
        check: Check::Format,
    },
    Rule {
        id: "slack-token",
        description: "Slack token",
        pattern: r"\b(?P<s>xox[baprose]-[0-9]{10,13}-[0-9A-Za-z-]{10,})",
        check: Check::Format,
    },
    Rule {
        id: "slack-webhook-url",
        description: "Slack webhook URL",
        pattern: r"(?P<s>hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56})",
        check: Check::Format,
    },
    Rule {
        id: "stripe-live-key",
        description: "Stripe live key",
        pattern: r"\b(?P<s>(?:sk|rk)_live_[0-9A-Za-z]{10,99})\b",
        check: Check::Format,
    },
    Rule {
        id: "google-api-key",
        description: "Google API key",
        pattern: r"\b(?P<s>AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|\z)",
        check: Check::Format,
    },
    Rule {
        id: "private-key",
        description: "private key block",
        pattern: r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----\s*(?P<s>[A-Za-z0-9+/=:,-][A-Za-z0-9+/=:,\s-]{63,}?)\s*-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----",
        check: Check::KeyBody,
    },
    Rule {
        id: "jwt",
        description: "JSON Web Token",
        pattern: r"\b(?P<s>ey[A-Za-z0-9]{17,}\.ey[A-Za-z0-9/_-]{17,}\.[A-Za-z0-9/_-]{10,}={0,2})",
        check: Check::Format,
    },
    Rule {
        id: "url-password",
        description: "URL with a password",
        pattern: r#"\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s:@/"'<>()\[\]]{1,100}:(?P<s>[^\s:@/"'<>()\[\]]{3,100})@[A-Za-z0-9.\[-]"#,
        check: Check::Format,
    },
    Rule {
        id: "secret-assignment",
        description: "high-entropy value assigned to a secret-like name",
        pattern: r#"(?i)\b(?P<n>[A-Za-z0-9_.-]*(?:secret|passw(?:or)?d|pwd|token|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|auth[_.-]?key|credentials?)[A-Za-z0-9_.-]*)["']?[ \t]*(?::|=|:=|=>)[ \t]*["']?(?P<s>[^\s"'`,;:<>(){}\[\]]{8,200})"#,
        check: Check::Entropy,
    },
];

/// The compiled rules: a set to find which rules match, and one regex per rule.
struct Compiled {
    each: Vec<Regex>,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let patterns: Vec<String> = RULES.iter().map(|r| ascii_boundaries(r.pattern)).collect();
    Compiled {
        each: patterns
            .iter()
            .map(|p| Regex::new(p).expect("invariant: the built-in secret rules compile"))
            .collect(),
    }
});

/// Compiles the rules now (they are otherwise compiled by the first scan).
pub(crate) fn prepare() {
    LazyLock::force(&COMPILED);
}

/// `\b` as an ASCII word boundary: a Unicode `\b` makes the regex crate leave its fast
/// DFA for any non-ASCII text (most runbooks have some), which is 50× slower.
fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// A secret found in a text: the rule and the byte range of the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub(crate) rule: &'static Rule,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Scans every file of the book; one `secret-leak` error per finding, plus a `config`
/// error per `[secrets] allow` pattern that is not a valid regex.
#[cfg(test)]
pub(crate) fn scan(sources: &Sources, cfg: &Config) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let allow = allow_patterns(cfg, &mut diags);
    let files = book_files(sources, cfg);
    let found: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .map(|(path, bytes)| scan_file(path, bytes, &allow))
        .collect();
    diags.extend(found.into_iter().flatten());
    diags
}

/// Per-file scan results shared by the versions of one build.
pub(crate) type SharedScans = crate::parse::file_cache::FileCache<Vec<Diagnostic>>;

/// [`scan`], with each file's diagnostics kept in `shared` by (config, path, bytes):
/// a versioned build scans a file unchanged between versions once. Same result.
pub(crate) fn scan_shared(sources: &Sources, cfg: &Config, shared: &SharedScans) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let allow = allow_patterns(cfg, &mut diags);
    let key = shared.config_key(cfg);
    let files = book_files(sources, cfg);
    let found: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .map(|(path, bytes)| {
            let file = crate::source::SourceFile {
                path: path.clone().into_owned(),
                bytes: bytes.to_vec(),
            };
            shared.get_or(&key, &file, || scan_file(path, bytes, &allow))
        })
        .collect();
    diags.extend(found.into_iter().flatten());
    diags
}

/// The scan of [`scan`], kept per file between rebuilds (for `serve`): a file is scanned
/// again only when its (path, content hash) is new (`scan`), or when the caller names
/// it (`rescan`, which costs what the named files cost, not what the book does).
#[derive(Debug, Default)]
pub(crate) struct ScanCache {
    /// The `[secrets] allow` patterns the kept results were made with; `None` before
    /// the first `scan`.
    allow: Option<Vec<String>>,
    /// Those patterns compiled, and the `config` errors of those that do not compile.
    compiled: Vec<Regex>,
    allow_diags: Vec<Diagnostic>,
    /// Path → (content hash, the file's diagnostics).
    files: HashMap<RelPath, (u64, Vec<Diagnostic>)>,
    /// The paths whose kept diagnostics are not empty.
    found: BTreeSet<RelPath>,
}

impl ScanCache {
    /// What `scan(sources, cfg)` returns, in the same order. `hash_of` gives the content
    /// hash of a file's bytes (the engine passes the hashes it already keeps).
    pub(crate) fn scan(
        &mut self,
        sources: &Sources,
        cfg: &Config,
        hash_of: &dyn Fn(&RelPath, &[u8]) -> u64,
    ) -> Diagnostics {
        self.compile_allow(cfg);
        let files = book_files(sources, cfg);
        let hashes: Vec<u64> = files.iter().map(|(p, b)| hash_of(p, b)).collect();
        let stale: Vec<usize> = (0..files.len())
            .filter(|&i| self.files.get(files[i].0.as_ref()).map(|(h, _)| *h) != Some(hashes[i]))
            .collect();
        let allow = &self.compiled;
        let rescanned: Vec<(usize, Vec<Diagnostic>)> = stale
            .par_iter()
            .map(|&i| (i, scan_file(&files[i].0, files[i].1, allow)))
            .collect();
        for (i, found) in rescanned {
            self.keep(files[i].0.as_ref().clone(), hashes[i], found);
        }
        if self.files.len() != files.len() {
            let now: HashSet<&RelPath> = files.iter().map(|(p, _)| p.as_ref()).collect();
            self.files.retain(|p, _| now.contains(p));
            self.found.retain(|p| now.contains(p));
        }
        let mut diags = Diagnostics::new();
        diags.extend(self.allow_diags.iter().cloned());
        for (path, _) in &files {
            if let Some((_, found)) = self.files.get(path.as_ref()) {
                diags.extend(found.iter().cloned());
            }
        }
        diags
    }

    /// Scans the content and state files at `paths` again (a path no longer in
    /// `sources` is dropped) and returns every kept diagnostic: the diagnostics of
    /// `scan`, ordered by path instead of by file. O(`paths` + findings) once `scan` ran
    /// with the same `[secrets] allow`; a full `scan` otherwise.
    pub(crate) fn rescan(
        &mut self,
        sources: &Sources,
        cfg: &Config,
        paths: &[RelPath],
        hash_of: &dyn Fn(&RelPath, &[u8]) -> u64,
    ) -> Diagnostics {
        if self.allow.as_ref() != Some(&cfg.secrets.allow) {
            self.scan(sources, cfg, hash_of);
            return self.diagnostics();
        }
        for path in paths {
            let file =
                find_file(&sources.content, path).or_else(|| find_file(&sources.state, path));
            match file {
                Some(file) => {
                    let found = scan_file(path, &file.bytes, &self.compiled);
                    self.keep(path.clone(), hash_of(path, &file.bytes), found);
                }
                None => {
                    self.files.remove(path);
                    self.found.remove(path);
                }
            }
        }
        self.diagnostics()
    }

    /// Every kept diagnostic: the allow patterns' errors, then by path.
    fn diagnostics(&self) -> Diagnostics {
        let mut diags = Diagnostics::new();
        diags.extend(self.allow_diags.iter().cloned());
        for path in &self.found {
            if let Some((_, found)) = self.files.get(path) {
                diags.extend(found.iter().cloned());
            }
        }
        diags
    }

    fn keep(&mut self, path: RelPath, hash: u64, found: Vec<Diagnostic>) {
        if found.is_empty() {
            self.found.remove(&path);
        } else {
            self.found.insert(path.clone());
        }
        self.files.insert(path, (hash, found));
    }

    /// Compiles `[secrets] allow` when it is not what the kept results were made with
    /// (and then forgets them).
    fn compile_allow(&mut self, cfg: &Config) {
        if self.allow.as_ref() == Some(&cfg.secrets.allow) {
            return;
        }
        self.files.clear();
        self.found.clear();
        let mut diags = Diagnostics::new();
        self.compiled = allow_patterns(cfg, &mut diags);
        self.allow_diags = diags.into_vec();
        self.allow = Some(cfg.secrets.allow.clone());
    }
}

/// Every file the scanner reads, with the path the diagnostics show.
fn book_files<'a>(sources: &'a Sources, cfg: &Config) -> Vec<(Cow<'a, RelPath>, &'a [u8])> {
    let content = sources.content.iter().chain(&sources.state);
    let mut files: Vec<(Cow<'a, RelPath>, &[u8])> = content
        .map(|f| (Cow::Borrowed(&f.path), f.bytes.as_slice()))
        .collect();
    let theme_dir = format!("themes/{}", cfg.site.theme);
    files.extend(sources.theme.iter().map(|(p, b)| {
        let path = RelPath::new(format!("{theme_dir}/{p}"));
        (Cow::Owned(path), b.as_slice())
    }));
    files
}

/// Compiles `[secrets] allow`; a bad pattern is a `config` error and is skipped.
fn allow_patterns(cfg: &Config, diags: &mut Diagnostics) -> Vec<Regex> {
    let mut out = Vec::new();
    for pattern in &cfg.secrets.allow {
        match Regex::new(pattern) {
            Ok(re) => out.push(re),
            Err(e) => diags.push(
                Diagnostic::error(
                    Code::Config,
                    RelPath::new("book.toml"),
                    format!("`[secrets] allow` pattern `{pattern}` is not a regular expression"),
                )
                .with_hint(e.to_string()),
            ),
        }
    }
    out
}

/// The diagnostics for one file; files that are not UTF-8 (images, fonts) are skipped.
fn scan_file(path: &RelPath, bytes: &[u8], allow: &[Regex]) -> Vec<Diagnostic> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let findings: Vec<Finding> = scan_text(text)
        .into_iter()
        .filter(|f| !is_allowed(text, f, allow))
        .collect();
    if findings.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    findings
        .iter()
        .map(|f| diagnostic(path, text, &index, f, &findings))
        .collect()
}

/// Every finding of every rule in `text`, placeholders left out, ordered by position.
pub(crate) fn scan_text(text: &str) -> Vec<Finding> {
    let compiled = &*COMPILED;
    let mut out: Vec<Finding> = Vec::new();
    for (rule, re) in RULES.iter().zip(&compiled.each) {
        // `find_iter` runs on the fast DFA; captures only on each (short) match.
        for whole in re.find_iter(text) {
            let Some(caps) = re.captures(whole.as_str()) else {
                continue;
            };
            let Some(m) = caps.name("s") else { continue };
            let (start, end) = (whole.start() + m.start(), whole.start() + m.end());
            let overlaps = out.iter().any(|f| f.start < end && start < f.end);
            let name = caps.name("n").map_or("", |n| n.as_str());
            if !overlaps && passes_check(rule.check, name, m.as_str()) {
                out.push(Finding { rule, start, end });
            }
        }
    }
    out.sort_by_key(|f| f.start);
    out
}

/// Whether a matched value is reported under its rule's check.
fn passes_check(check: Check, name: &str, value: &str) -> bool {
    match check {
        Check::Format => !is_placeholder(value),
        Check::KeyBody => {
            let body: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            body.len() >= 64 && shannon_entropy(&body) >= 4.5
        }
        Check::Entropy if name.to_lowercase().contains("aws") => is_aws_credential(value),
        Check::Entropy => looks_random(value),
    }
}

/// A value assigned to an AWS-named key (`aws_access_key_id`, `aws_secret_access_key`):
/// the format is known, so it decides, on the value or on its base64 decoding (the
/// `data:` of a Kubernetes Secret), instead of entropy.
fn is_aws_credential(value: &str) -> bool {
    static AWS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}|[A-Za-z0-9/+]{40})$")
            .expect("invariant: the AWS regex compiles")
    });
    let decoded = base64_text(value);
    [Some(value.to_string()), decoded]
        .iter()
        .flatten()
        .any(|v| AWS.is_match(v) && !is_placeholder(v) && shannon_entropy(v) >= ENTROPY_THRESHOLD)
}

/// The standard-base64 decoding of `s` when it is printable ASCII text.
pub(crate) fn base64_text(s: &str) -> Option<String> {
    let s = s.trim_end_matches('=');
    let mut bits: u32 = 0;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(v);
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    let text = String::from_utf8(out).ok()?;
    text.chars()
        .all(|c| c.is_ascii_graphic() || c == ' ')
        .then_some(text)
}

/// A value assigned to a secret-like name that looks like a real secret.
fn looks_random(value: &str) -> bool {
    let has_letter = value.chars().any(|c| c.is_ascii_alphabetic());
    let has_digit = value.chars().any(|c| c.is_ascii_digit());
    let env_name = value
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let path_like = value.starts_with(['/', '.', '~', '@', '-']) || value.contains("://");
    has_letter
        && has_digit
        && !env_name
        && !path_like
        && !is_placeholder(value)
        && shannon_entropy(value) >= ENTROPY_THRESHOLD
}

/// Whether `value` is a documented placeholder, not a secret.
pub(crate) fn is_placeholder(value: &str) -> bool {
    const MARKERS: &[&str] = &[
        "example",
        "placeholder",
        "dummy",
        "test",
        "sample",
        "changeme",
        "change-me",
        "change_me",
        "your-",
        "your_",
        "yourpass",
        "yoursecret",
        "redacted",
        "xxxx",
        "****",
        "...",
        "…",
        "${",
        "$(",
        "{{",
        "<%",
    ];
    const WORDS: &[&str] = &["password", "secret", "token", "pass", "none", "null"];
    let lower = value.to_lowercase();
    let first = value.chars().next();
    MARKERS.iter().any(|m| lower.contains(m))
        || WORDS.contains(&lower.as_str())
        || matches!(first, Some('<' | '$' | '%'))
        || value.chars().all(|c| Some(c) == first)
}

/// Allowed by the inline marker on the finding's line, or by a `[secrets] allow` pattern.
fn is_allowed(text: &str, f: &Finding, allow: &[Regex]) -> bool {
    let (start, end) = line_bounds(text, f.start);
    let value = &text[f.start..f.end];
    text[start..end].contains(ALLOW_MARKER) || allow.iter().any(|re| re.is_match(value))
}

/// Byte range of the line holding `offset`, without its line break.
fn line_bounds(text: &str, offset: usize) -> (usize, usize) {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    (start, end)
}

/// The `secret-leak` error for `f`, its value masked in message and excerpt.
fn diagnostic(
    path: &RelPath,
    text: &str,
    index: &LineIndex,
    f: &Finding,
    all: &[Finding],
) -> Diagnostic {
    let (line, col) = index.line_col(text, f.start);
    let value = &text[f.start..f.end];
    let mut d = Diagnostic::error(
        Code::SecretLeak,
        path.clone(),
        format!("{}: {} `{}`", f.rule.id, f.rule.description, mask(value)),
    )
    .at_line(line, col)
    .with_hint(format!(
        "remove the value from the book (write a placeholder such as `<{}>`) and rotate it if it \
         was real; if it is not a secret, put `{ALLOW_MARKER}` in a comment on this line or add \
         a pattern to `[secrets] allow` in book.toml",
        placeholder_name(f.rule.id)
    ));
    d.source_line = Some(masked_line(text, f.start, all));
    d
}

/// `aws-access-key-id` → `AWS_ACCESS_KEY_ID`.
fn placeholder_name(rule: &str) -> String {
    rule.to_uppercase().replace('-', "_")
}

/// The line holding `offset`, with every finding on it masked.
pub(crate) fn masked_line(text: &str, offset: usize, all: &[Finding]) -> String {
    let (start, end) = line_bounds(text, offset);
    let mut out = String::new();
    let mut pos = start;
    for f in all.iter().filter(|f| f.start < end && f.end > start) {
        let from = f.start.max(start);
        if from < pos {
            continue;
        }
        out.push_str(&text[pos..from]);
        if f.start >= start {
            out.push_str(&mask(&text[f.start..f.end]));
        } else {
            out.push_str("****");
        }
        pos = f.end.min(end);
    }
    out.push_str(&text[pos..end]);
    out.trim_end_matches('\r').to_string()
}

/// The first 4 characters, then one star per other character (at most 32); values of
/// 8 characters or fewer are all stars. Line breaks are shown as stars too.
pub(crate) fn mask(value: &str) -> String {
    let n = value.chars().count();
    let shown = if n > 8 { 4 } else { 0 };
    let head: String = value
        .chars()
        .take(shown)
        .map(|c| if c.is_whitespace() { '*' } else { c })
        .collect();
    format!("{head}{}", "*".repeat((n - shown).min(32)))
}

/// Shannon entropy of `s` over its characters, in bits per character.
pub(crate) fn shannon_entropy(s: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut n = 0usize;
    for c in s.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    counts
        .values()
        .map(|&k| {
            let p = k as f64 / n as f64;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A deterministic pseudo-random string over `alphabet`: realistic-looking but
    /// invalid values, assembled at runtime so no key-shaped literal is committed.
    pub(crate) fn fake(prefix: &str, alphabet: &str, len: usize, seed: u64) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut out = prefix.to_string();
        for _ in 0..len {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            out.push(chars[(x % chars.len() as u64) as usize]);
        }
        out
    }

    pub(crate) const UPPER32: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    pub(crate) const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    pub(crate) const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// One leaked line (or block) per rule, with the value it leaks.
    pub(crate) fn leaks() -> Vec<(&'static str, String, String)> {
        let aws_id = fake(&["AK", "IA"].concat(), UPPER32, 16, 1);
        let aws_secret = fake("", B64, 40, 2);
        let ghp = fake(&["gh", "p_"].concat(), ALNUM, 36, 3);
        let fine = fake(&["github", "_pat_"].concat(), ALNUM, 82, 4);
        let glpat = fake(&["gl", "pat-"].concat(), ALNUM, 20, 5);
        let slack = format!(
            "{}-{}-{}",
            ["xo", "xb"].concat(),
            "1234567890",
            fake("", ALNUM, 24, 6)
        );
        let hook = format!(
            "{}/services/{}/{}/{}",
            ["hooks.", "slack.com"].concat(),
            fake("T", UPPER32, 8, 7),
            fake("B", UPPER32, 10, 8),
            fake("", ALNUM, 24, 9)
        );
        let stripe = fake(&["sk", "_live_"].concat(), ALNUM, 24, 10);
        let google = fake(&["AI", "za"].concat(), ALNUM, 35, 11);
        let body: Vec<String> = (0..5).map(|i| fake("", B64, 64, 20 + i)).collect();
        let key = body.join("\n");
        let jwt = format!(
            "{}.{}.{}",
            fake("eyJ", ALNUM, 20, 12),
            fake("eyJ", ALNUM, 40, 13),
            fake("", ALNUM, 43, 14)
        );
        let pw = fake("", ALNUM, 16, 15);
        let generic = fake("", ALNUM, 32, 16);
        let (begin, end) = (
            ["-----BEGIN RSA ", "PRIVATE KEY-----"].concat(),
            ["-----END RSA ", "PRIVATE KEY-----"].concat(),
        );
        vec![
            (
                "aws-access-key-id",
                format!("aws_access_key_id = {aws_id}"),
                aws_id,
            ),
            (
                "aws-secret-access-key",
                format!("aws_secret_access_key = {aws_secret}"),
                aws_secret,
            ),
            ("github-token", format!("token: {ghp}"), ghp),
            ("github-fine-grained-pat", format!("GH={fine}"), fine),
            (
                "gitlab-token",
                format!("curl -H 'PRIVATE-TOKEN: {glpat}'"),
                glpat,
            ),
            ("slack-token", format!("SLACK={slack}"), slack),
            ("slack-webhook-url", format!("url: https://{hook}"), hook),
            (
                "stripe-live-key",
                format!("stripe.api_key = \"{stripe}\""),
                stripe,
            ),
            ("google-api-key", format!("key={google}&q=1"), google),
            ("private-key", format!("{begin}\n{key}\n{end}"), key),
            ("jwt", format!("Authorization: Bearer {jwt}"), jwt),
            (
                "url-password",
                format!("DATABASE=postgres://app:{pw}@db:5432/app"),
                pw,
            ),
            (
                "secret-assignment",
                format!("client_secret: {generic}"),
                generic,
            ),
        ]
    }

    fn ids(text: &str) -> Vec<&'static str> {
        scan_text(text).iter().map(|f| f.rule.id).collect()
    }

    #[test]
    fn every_rule_finds_its_leak_and_only_the_value() {
        for (rule, text, value) in leaks() {
            let found = scan_text(&text);
            assert_eq!(found.len(), 1, "{rule}: {found:?}");
            assert_eq!(found[0].rule.id, rule);
            assert_eq!(&text[found[0].start..found[0].end], value, "{rule}");
        }
        assert_eq!(leaks().len(), RULES.len());
    }

    #[test]
    fn placeholders_pass_every_rule() {
        let cases = [
            ["AKIA", "IOSFODNN7EXAMPLE"].concat(),
            ["AKIA", "XXXXXXXXXXXXXXXX"].concat(),
            "AKIAFTKSAW15HJLOGD".to_string(),
            "aws_secret_access_key = <your secret key>".to_string(),
            "SECRET_KEY=your-super-secret-key".to_string(),
            "DB_PASSWORD=changeme".to_string(),
            "password: ${DB_PASSWORD}".to_string(),
            "token: $(cat /run/secrets/token)".to_string(),
            "token: ${{ secrets.GITHUB_TOKEN }}".to_string(),
            "API_KEY=xxxxxxxxxxxxxxxxxxxx".to_string(),
            "api_key: '*****************'".to_string(),
            "secret: sample-9f8e7d6c5b4a3210".to_string(),
            "password: dummy_Passw0rd_1234".to_string(),
            "token: test_4f9a8b7c6d5e4f3a".to_string(),
            "postgres://user:password@localhost/db".to_string(),
            "postgres://user:${PASS}@localhost/db".to_string(),
            "https://user:<password>@example.com".to_string(),
            "-----BEGIN OPENSSH PRIVATE KEY-----".to_string(),
            [
                "-----BEGIN RSA PRIVATE KEY-----\n",
                &"x".repeat(70),
                "\n-----END RSA PRIVATE KEY-----",
            ]
            .concat(),
            "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
                .to_string(),
            "password: secretKeyRef".to_string(),
            "password: DB_PASSWORD_FROM_VAULT".to_string(),
            "token_file: /var/run/secrets/kubernetes.io/token".to_string(),
            "password: Pa55w.rd1234".to_string(),
        ];
        for text in &cases {
            assert_eq!(ids(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn assignment_needs_a_secret_like_name_and_entropy() {
        let value = fake("", ALNUM, 32, 40);
        assert_eq!(ids(&format!("API_KEY={value}")), ["secret-assignment"]);
        assert_eq!(
            ids(&format!("export DB_PASSWORD='{value}'")),
            ["secret-assignment"]
        );
        assert!(ids(&format!("BUILD_ID={value}")).is_empty());
        assert!(ids("password = aaaaaaaa11").is_empty());
    }

    #[test]
    fn allow_marker_and_allow_patterns_silence_a_finding() {
        let (_, leak, value) = leaks().remove(0);
        let text = format!("{leak} <!-- {ALLOW_MARKER} -->\n{leak}\n");
        let found: Vec<_> = scan_text(&text)
            .into_iter()
            .filter(|f| !is_allowed(&text, f, &[]))
            .collect();
        assert_eq!(found.len(), 1);
        let allow = [Regex::new(&regex::escape(&value)).unwrap()];
        let f = &found[0];
        assert!(is_allowed(&text, f, &allow));
    }

    #[test]
    fn diagnostics_mask_the_value_in_message_and_excerpt() {
        for (rule, text, value) in leaks() {
            let text = format!("intro\n{text}\n");
            let diags = scan_file(&RelPath::new("content/a.md"), text.as_bytes(), &[]);
            assert_eq!(diags.len(), 1, "{rule}");
            let shown = diags[0].to_string();
            assert!(
                shown.starts_with("error[secret-leak]: content/a.md:"),
                "{shown}"
            );
            assert_eq!(
                diags[0].line,
                if rule == "private-key" { 3 } else { 2 },
                "{rule}"
            );
            assert!(shown.contains(rule));
            for part in value.lines() {
                assert!(!shown.contains(part), "{rule} leaks its value: {shown}");
            }
        }
    }

    #[test]
    fn two_leaks_on_one_line_are_both_masked_in_each_excerpt() {
        let a = fake(&["AK", "IA"].concat(), UPPER32, 16, 50);
        let b = fake(&["gh", "p_"].concat(), ALNUM, 36, 51);
        let text = format!("{a} {b}\n");
        let diags = scan_file(&RelPath::new("state/x.yaml"), text.as_bytes(), &[]);
        assert_eq!(diags.len(), 2);
        for d in &diags {
            let shown = d.to_string();
            assert!(!shown.contains(&a) && !shown.contains(&b), "{shown}");
        }
    }

    #[test]
    fn aws_named_values_are_judged_by_format_also_in_base64() {
        let id = fake(&["AK", "IA"].concat(), UPPER32, 16, 60);
        let b64 = |s: &str| {
            const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let mut out = String::new();
            for chunk in s.as_bytes().chunks(3) {
                let b = [
                    chunk[0],
                    *chunk.get(1).unwrap_or(&0),
                    *chunk.get(2).unwrap_or(&0),
                ];
                let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
                for i in 0..=chunk.len() {
                    out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
                }
            }
            out
        };
        assert_eq!(
            base64_text(&b64("hello world")).as_deref(),
            Some("hello world")
        );
        assert_eq!(
            ids(&format!("  aws_access_key_id: {}", b64(&id))),
            ["secret-assignment"]
        );
        // The MoJ corpus fake: 18 characters, not an access key id.
        assert!(
            ids(&format!(
                "  aws_access_key_id: {}",
                b64("AKIAFTKSAW15HJLOGD")
            ))
            .is_empty()
        );
    }

    #[test]
    fn mask_keeps_four_characters() {
        assert_eq!(mask("AKIAABCDEFGHIJKLMNOP"), "AKIA****************");
        assert_eq!(mask("hunter22"), "********");
    }

    #[test]
    fn entropy_of_known_strings() {
        assert_eq!(shannon_entropy("aaaa"), 0.0);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
        assert!(shannon_entropy(&fake("", ALNUM, 32, 1)) > ENTROPY_THRESHOLD);
    }

    #[test]
    fn a_bad_allow_pattern_is_a_config_error() {
        let mut cfg = Config::default();
        cfg.secrets.allow = vec!["(".into()];
        let d = scan(&Sources::default(), &cfg);
        assert_eq!(d.iter().next().map(|d| d.code), Some(Code::Config));
    }

    fn file(path: &str, text: &str) -> crate::source::SourceFile {
        crate::source::SourceFile {
            path: RelPath::new(path),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn the_cache_rescans_only_files_whose_hash_changed() {
        let (_, leak, _) = leaks().remove(0);
        let mut sources = Sources {
            content: vec![file("content/a.md", "clean\n"), file("content/b.md", &leak)],
            ..Sources::default()
        };
        let cfg = Config::default();
        let by_bytes = |_: &RelPath, b: &[u8]| b.len() as u64;
        let mut cache = ScanCache::default();
        assert_eq!(cache.scan(&sources, &cfg, &by_bytes), scan(&sources, &cfg));
        sources.content[0] = file("content/a.md", &format!("{leak}\n"));
        sources.content[1] = file("content/b.md", "clean\n");
        assert_eq!(cache.scan(&sources, &cfg, &by_bytes), scan(&sources, &cfg));
        assert_eq!(cache.scan(&sources, &cfg, &by_bytes).iter().count(), 1);
        // Same (path, hash) as `clean\n`: the kept result, not the new leak.
        sources.content[1] = file("content/b.md", &leak);
        let same_hash = |p: &RelPath, b: &[u8]| {
            if p.as_str() == "content/b.md" {
                6
            } else {
                b.len() as u64
            }
        };
        assert_eq!(cache.scan(&sources, &cfg, &same_hash).iter().count(), 1);
        sources.content.remove(0);
        sources.content[0] = file("content/b.md", "clean\n");
        assert!(cache.scan(&sources, &cfg, &by_bytes).is_empty());
    }

    #[test]
    fn rescan_of_named_files_matches_a_whole_scan() {
        let (_, leak, _) = leaks().remove(0);
        let mut sources = Sources {
            content: vec![file("content/a.md", "clean\n"), file("content/b.md", &leak)],
            state: vec![file("state/production.yaml", "x: 1\n")],
            ..Sources::default()
        };
        let mut cfg = Config::default();
        let by_bytes = |_: &RelPath, b: &[u8]| b.len() as u64;
        let sorted = |mut d: Diagnostics| {
            d.sort();
            d
        };
        let mut cache = ScanCache::default();
        // Before any `scan`, a rescan scans everything.
        let first = cache.rescan(&sources, &cfg, &[], &by_bytes);
        assert_eq!(sorted(first.clone()), sorted(scan(&sources, &cfg)));
        assert_eq!(first.iter().count(), 1);
        // Only the named files are read again.
        sources.content[0] = file("content/a.md", &format!("{leak}\n"));
        sources.state[0] = file("state/production.yaml", &format!("k: {leak}\n"));
        let named = [RelPath::new("content/a.md")];
        assert_eq!(
            cache
                .rescan(&sources, &cfg, &named, &by_bytes)
                .iter()
                .count(),
            2
        );
        let named = [RelPath::new("state/production.yaml")];
        let all = cache.rescan(&sources, &cfg, &named, &by_bytes);
        assert_eq!(sorted(all), sorted(scan(&sources, &cfg)));
        // A file gone from the sources is dropped.
        sources.content.remove(1);
        let named = [RelPath::new("content/b.md")];
        let all = cache.rescan(&sources, &cfg, &named, &by_bytes);
        assert_eq!(all.iter().count(), 2);
        assert_eq!(sorted(all), sorted(scan(&sources, &cfg)));
        // New allow patterns: everything again, with the bad pattern's error.
        cfg.secrets.allow = vec!["(".into()];
        let all = cache.rescan(&sources, &cfg, &[], &by_bytes);
        assert_eq!(all.iter().next().map(|d| d.code), Some(Code::Config));
        assert_eq!(sorted(all), sorted(scan(&sources, &cfg)));
    }

    #[test]
    fn no_input_panics() {
        for text in [
            "",
            "\n",
            "password=",
            "-----BEGIN PRIVATE KEY-----",
            "é://ü:ö@x",
            "\r\n",
        ] {
            let _ = scan_file(&RelPath::new("a"), text.as_bytes(), &[]);
        }
    }
}

/// The shared seeds and public corpus: no false alarm (decisions in SECRETS-DOCS.md).
#[cfg(test)]
mod corpus_tests {
    use super::*;

    fn shared_files() -> Vec<std::path::PathBuf> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
        let mut out = Vec::new();
        for dir in ["seeds", "corpus/public"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            out.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_file()));
        }
        out.sort();
        out
    }

    #[test]
    fn no_false_alarm_on_seeds_and_corpus() {
        let files = shared_files();
        assert!(
            files.len() >= 28,
            "the shared corpus is missing: {}",
            files.len()
        );
        let compile = std::time::Instant::now();
        let _ = scan_text("warm-up");
        eprintln!("compiled the rules in {:?}", compile.elapsed());
        let start = std::time::Instant::now();
        let mut bytes = 0;
        for path in &files {
            let data = std::fs::read(path).unwrap();
            bytes += data.len();
            let diags = scan_file(&RelPath::new(path.display().to_string()), &data, &[]);
            let shown: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
            assert!(diags.is_empty(), "{}", shown.join("\n"));
        }
        eprintln!(
            "scanned {} files, {bytes} bytes in {:?}",
            files.len(),
            start.elapsed()
        );
    }

    #[test]
    fn corpus_borderline_cases_are_pinned() {
        // moj-add-secrets: an 18-character AKIA string is not an access key id.
        assert!(scan_text("AKIAFTKSAW15HJLOGD").is_empty());
        // moj-rotate: AKIA + X placeholder.
        assert!(scan_text(&["AKIA", &"X".repeat(16)].concat()).is_empty());
        // ssh-action: a private key header with no body.
        assert!(scan_text("-----BEGIN OPENSSH PRIVATE KEY-----\n  ...\n").is_empty());
        // az400: the lab password is public lab data, below the entropy threshold.
        assert!(scan_text("--admin-password Pa55w.rd1234").is_empty());
        assert!(shannon_entropy("Pa55w.rd1234") < ENTROPY_THRESHOLD);
        // sealed-secrets: ciphertext under a non-secret key name passes.
        let cipher = tests::fake("AgBy3i4O", tests::B64, 120, 9);
        assert!(scan_text(&format!("    foo: {cipher}")).is_empty());
    }
}

/// Scan time on a generated 10,000-page book (printed; `--nocapture` to see it).
#[cfg(test)]
mod perf_tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn ten_thousand_pages_scan_in_seconds() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        let seeds: Vec<Vec<u8>> = std::fs::read_dir(corpus)
            .map(|d| {
                d.flatten()
                    .filter_map(|e| std::fs::read(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        let page = |i: usize| match seeds.get(i % seeds.len().max(1)) {
            Some(s) => s.clone(),
            None => format!("# Page {i}\n\nexport DB_PASSWORD=changeme\n").into_bytes(),
        };
        let sources = Sources {
            content: (0..10_000)
                .map(|i| SourceFile {
                    path: RelPath::new(format!("content/p{i}.md")),
                    bytes: page(i),
                })
                .collect(),
            ..Sources::default()
        };
        let bytes: usize = sources.content.iter().map(|f| f.bytes.len()).sum();
        let start = std::time::Instant::now();
        let d = scan(&sources, &Config::default());
        let took = start.elapsed();
        eprintln!("scanned 10,000 pages, {bytes} bytes, in {took:?}");
        assert!(d.is_empty());
        assert!(took.as_secs() < 60, "{took:?}");
    }
}
