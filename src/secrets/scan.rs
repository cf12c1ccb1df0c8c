//! The leak scanner: refuses to publish what looks like a real secret (SPEC.md §6).
//!
//! Runs on every file of the book (`content/`, the state folder, `runs/`, theme overrides,
//! files the pages include from elsewhere) on
//! `build` and `check`. Each rule's regex, compiled once, is run over the file on its
//! own: the regex engine skips to the rule's literals (`AKIA`, `ghp_`, `://`, `secret`
//! …) with SIMD prefilters, which a `RegexSet` of all rules cannot (it cost a third
//! more CPU, as a first pass to pick the rules). A finding is an
//! `error[secret-leak]` whose message and source excerpt show the value masked
//! (`AKIA****************`: the first 4 characters, then stars), never in clear.
//!
//! The rules themselves (patterns, placeholders, entropy) are in `rules.rs`; this file
//! runs them over the book's files, applies the `opsbook:allow-secret` marker and the
//! `[secrets] allow` patterns, keeps the results per file for versioned builds and
//! `serve` (`SharedScans`, `ScanCache`), and turns findings into masked diagnostics.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use rayon::prelude::*;
use regex::Regex;

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::path::RelPath;
use std::collections::BTreeMap;

use crate::config::{ALLOW_FILE, Config, RuleLevel, SecretsConfig, Strictness};
use crate::source::{Sources, find_file};

pub(crate) use super::rules::prepare;
use super::rules::{Finding, scan_file_text, scan_text};

/// The inline marker that allows a finding on its line.
pub(crate) const ALLOW_MARKER: &str = "opsbook:allow-secret";

/// Scans every file of the book; one `secret-leak` error per finding, plus a `config`
/// error per `[secrets] allow` pattern that is not a valid regex. (Run writers scan a
/// new event with it before it reaches the file.)
pub(crate) fn scan(sources: &Sources, cfg: &Config) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let policy = Policy::of(cfg, &mut diags);
    let files = book_files(sources, cfg);
    let found: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .map(|(path, bytes)| {
            // An unread page is read here, one at a time (`Sources::unread`); one that
            // cannot be read is reported by the parse.
            let bytes = sources.bytes_at(path, bytes).unwrap_or_default();
            scan_file(path, &bytes, &policy)
        })
        .collect();
    diags.extend(found.into_iter().flatten());
    diags
}

/// The fingerprints of every finding in the book that is not allowed yet (for
/// `opsbook check --baseline`), sorted.
pub(crate) fn fingerprints(sources: &Sources, cfg: &Config) -> Vec<String> {
    let policy = Policy::of(cfg, &mut Diagnostics::new());
    let files = book_files(sources, cfg);
    let mut out: Vec<String> = files
        .par_iter()
        .flat_map_iter(|(path, bytes)| {
            let name = path.as_str();
            let shown = masked_path(path);
            let mut found: Vec<String> = scan_text(name)
                .iter()
                .filter(|f| !is_allowed(name, &shown, f, &policy))
                .map(|f| fingerprint(f.rule.id, &shown, &name[f.start..f.end]))
                .collect();
            if let Ok(text) = std::str::from_utf8(bytes) {
                found.extend(
                    scan_file_text(path.as_str(), text)
                        .iter()
                        .filter(|f| !is_allowed(text, path, f, &policy))
                        .map(|f| fingerprint(f.rule.id, path, &text[f.start..f.end])),
                );
            }
            found
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Per-file scan results shared by the versions of one build.
pub(crate) type SharedScans = crate::parse::file_cache::FileCache<Vec<Diagnostic>>;

/// [`scan`], with each file's diagnostics kept in `shared` by (config, path, bytes):
/// a versioned build scans a file unchanged between versions once. Same result.
pub(crate) fn scan_shared(sources: &Sources, cfg: &Config, shared: &SharedScans) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let policy = Policy::of(cfg, &mut diags);
    let key = shared.config_key(cfg);
    let files = book_files(sources, cfg);
    let found: Vec<Vec<Diagnostic>> = files
        .par_iter()
        .map(|(path, bytes)| {
            // As in `scan`.
            let bytes = sources.bytes_at(path, bytes).unwrap_or_default();
            let file = crate::source::SourceFile {
                path: path.clone().into_owned(),
                bytes: bytes.into_owned(),
            };
            shared.get_or(&key, &file, || scan_file(path, &file.bytes, &policy))
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
    /// The `[secrets]` settings the kept results were made with; `None` before the
    /// first `scan`.
    settings: Option<SecretsConfig>,
    /// Those settings ready to use, and the `config` errors they have.
    compiled: Policy,
    allow_diags: Vec<Diagnostic>,
    /// Path → (content hash, the file's diagnostics).
    files: HashMap<RelPath, (u128, Vec<Diagnostic>)>,
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
        hash_of: &dyn Fn(&RelPath, &[u8]) -> u128,
    ) -> Diagnostics {
        self.compile_allow(cfg);
        let files = book_files(sources, cfg);
        let hashes: Vec<u128> = files.iter().map(|(p, b)| hash_of(p, b)).collect();
        let stale: Vec<usize> = (0..files.len())
            .filter(|&i| self.files.get(files[i].0.as_ref()).map(|(h, _)| *h) != Some(hashes[i]))
            .collect();
        let policy = &self.compiled;
        let rescanned: Vec<(usize, Vec<Diagnostic>)> = stale
            .par_iter()
            .map(|&i| (i, scan_file(&files[i].0, files[i].1, policy)))
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
        hash_of: &dyn Fn(&RelPath, &[u8]) -> u128,
    ) -> Diagnostics {
        if self.settings.as_ref() != Some(&cfg.secrets) {
            self.scan(sources, cfg, hash_of);
            return self.diagnostics();
        }
        for path in paths {
            let file = find_file(&sources.content, path)
                .or_else(|| find_file(&sources.state, path))
                .or_else(|| find_file(&sources.runs, path))
                .or_else(|| sources.config_file.as_ref().filter(|f| &f.path == path));
            match file {
                Some(file) => {
                    let bytes = sources.bytes_of(file).unwrap_or_default();
                    let found = scan_file(path, &bytes, &self.compiled);
                    self.keep(path.clone(), hash_of(path, &bytes), found);
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

    fn keep(&mut self, path: RelPath, hash: u128, found: Vec<Diagnostic>) {
        if found.is_empty() {
            self.found.remove(&path);
        } else {
            self.found.insert(path.clone());
        }
        self.files.insert(path, (hash, found));
    }

    /// Makes the policy of `[secrets]` when it is not what the kept results were made
    /// with (and then forgets them).
    fn compile_allow(&mut self, cfg: &Config) {
        if self.settings.as_ref() == Some(&cfg.secrets) {
            return;
        }
        self.files.clear();
        self.found.clear();
        let mut diags = Diagnostics::new();
        self.compiled = Policy::of(cfg, &mut diags);
        self.allow_diags = diags.into_vec();
        self.settings = Some(cfg.secrets.clone());
    }
}

/// Every file the scanner reads, with the path the diagnostics show.
fn book_files<'a>(sources: &'a Sources, cfg: &Config) -> Vec<(Cow<'a, RelPath>, &'a [u8])> {
    let content = sources
        .content
        .iter()
        .chain(&sources.state)
        .chain(&sources.runs)
        .chain(&sources.config_file);
    let mut files: Vec<(Cow<'a, RelPath>, &[u8])> = content
        .map(|f| (Cow::Borrowed(&f.path), f.bytes.as_slice()))
        .collect();
    // Files pages include (mdBook `{{#include}}`, MkDocs snippets) from outside the
    // content: their text is published in the pages.
    let content_paths: HashSet<&str> = sources.content.iter().map(|f| f.path.as_str()).collect();
    files.extend(
        sources
            .includes
            .files
            .iter()
            .filter(|(p, _)| !content_paths.contains(p.as_str()))
            .map(|(p, b)| (Cow::Owned(RelPath::new(p.clone())), b.as_slice())),
    );
    // A Docusaurus site's static files the pages name: published at the site's root.
    files.extend(
        sources
            .published_statics()
            .map(|s| (Cow::Borrowed(&s.file.path), s.file.bytes.as_slice())),
    );
    let theme_dir = format!("themes/{}", cfg.site.theme);
    files.extend(sources.theme.iter().map(|(p, b)| {
        let path = RelPath::new(format!("{theme_dir}/{p}"));
        (Cow::Owned(path), b.as_slice())
    }));
    files
}

/// What the book decided about findings: `[secrets] allow` compiled, the allowed
/// fingerprints of `.opsbook-allow`, and how severe each rule's findings are.
#[derive(Debug, Default)]
pub(crate) struct Policy {
    allow: Vec<Regex>,
    allowed: BTreeSet<String>,
    leaks: Strictness,
    rules: BTreeMap<String, RuleLevel>,
}

impl Policy {
    /// `[secrets]` of `cfg`; a pattern that is not a regex, or a rule id that no rule
    /// has, is a `config` error (and is skipped).
    pub(crate) fn of(cfg: &Config, diags: &mut Diagnostics) -> Policy {
        let mut allow = Vec::new();
        for pattern in &cfg.secrets.allow {
            match Regex::new(pattern) {
                Ok(re) => allow.push(re),
                Err(e) => diags.push(
                    Diagnostic::error(
                        Code::Config,
                        RelPath::new("book.toml"),
                        format!(
                            "`[secrets] allow` pattern `{pattern}` is not a regular expression"
                        ),
                    )
                    .with_hint(e.to_string()),
                ),
            }
        }
        let ids = || super::rules::RULES.iter().map(|r| r.id);
        for id in cfg.secrets.rules.keys() {
            if !ids().any(|r| r == id) {
                let hint = crate::base::suggest::did_you_mean(id, ids())
                    .unwrap_or_else(|| "`opsbook secrets rules` lists the rule ids".into());
                diags.push(
                    Diagnostic::error(
                        Code::Config,
                        RelPath::new("book.toml"),
                        format!("`[secrets.rules]` names `{id}`, which is no rule of the scanner"),
                    )
                    .with_hint(hint),
                );
            }
        }
        Policy {
            allow,
            allowed: cfg.secrets.allowed.clone(),
            leaks: cfg.secrets.leaks,
            rules: cfg.secrets.rules.clone(),
        }
    }

    /// The level of `rule`'s findings: its own, else `leaks`.
    fn level(&self, rule: &str) -> RuleLevel {
        self.rules.get(rule).copied().unwrap_or(match self.leaks {
            Strictness::Error => RuleLevel::Error,
            Strictness::Warn => RuleLevel::Warn,
        })
    }
}

/// A finding's fingerprint, `rule:path:hash`: stable across edits elsewhere in the
/// file, and one-way (the first 64 bits of the value's SHA-256), so `.opsbook-allow`
/// says nothing about the value.
pub(crate) fn fingerprint(rule: &str, path: &RelPath, value: &str) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(value.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{rule}:{path}:{hex}")
}

/// The diagnostics for one file; files that are not UTF-8 (images, fonts) are skipped.
/// The file's name is scanned too: a token pasted into a file name is published in
/// every link to it.
fn scan_file(path: &RelPath, bytes: &[u8], policy: &Policy) -> Vec<Diagnostic> {
    let mut out = scan_name(path, policy);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return out;
    };
    let findings: Vec<Finding> = scan_file_text(path.as_str(), text)
        .into_iter()
        .filter(|f| !is_allowed(text, path, f, policy))
        .collect();
    if findings.is_empty() {
        return out;
    }
    let index = LineIndex::new(text);
    out.extend(
        findings
            .iter()
            .map(|f| diagnostic(path, text, &index, f, &findings, policy)),
    );
    out
}

/// Findings in the file's path (its folders and its name). The diagnostic names the
/// file with the finding masked, and so does the fingerprint.
fn scan_name(path: &RelPath, policy: &Policy) -> Vec<Diagnostic> {
    let name = path.as_str();
    let shown = masked_path(path);
    let findings: Vec<Finding> = scan_text(name)
        .into_iter()
        .filter(|f| !is_allowed(name, &shown, f, policy))
        .collect();
    findings
        .iter()
        .map(|f| {
            let mut d = diagnostic(&shown, name, &LineIndex::new(name), f, &findings, policy);
            d.message = format!("the file's name holds a secret: {}", d.message);
            d.line = 0;
            d.col = 0;
            d.source_line = None;
            d
        })
        .collect()
}

/// Allowed by the inline marker on the finding's line, a `[secrets] allow` pattern,
/// its fingerprint in `.opsbook-allow`, or its rule being `off`.
fn is_allowed(text: &str, path: &RelPath, f: &Finding, policy: &Policy) -> bool {
    let (start, end) = line_bounds(text, f.start);
    let value = &text[f.start..f.end];
    policy.level(f.rule.id) == RuleLevel::Off
        || text[start..end].contains(ALLOW_MARKER)
        || policy.allow.iter().any(|re| re.is_match(value))
        || (!policy.allowed.is_empty()
            && policy
                .allowed
                .contains(&fingerprint(f.rule.id, path, value)))
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
    policy: &Policy,
) -> Diagnostic {
    let (line, col) = index.line_col(text, f.start);
    let value = &text[f.start..f.end];
    let message = format!("{}: {} `{}`", f.rule.id, f.rule.description, mask(value));
    let mut d = match policy.level(f.rule.id) {
        RuleLevel::Warn => Diagnostic::warning(Code::SecretLeak, path.clone(), message),
        _ => Diagnostic::error(Code::SecretLeak, path.clone(), message),
    }
    .at_line(line, col)
    .with_hint(format!(
        "remove the value from the book (write a placeholder such as `<{}>`) and rotate it if it \
         was real. Not a secret? `opsbook secrets allow {}` records it in {ALLOW_FILE}, or put \
         `{ALLOW_MARKER}` in a comment on the line; `[secrets.rules] {} = \"warn\"` in book.toml \
         makes this rule's findings warnings",
        placeholder_name(f.rule.id),
        fingerprint(f.rule.id, path, value),
        f.rule.id,
    ));
    d.source_line = Some(masked_line(text, f.start, all));
    d
}

/// `aws-access-key-id` → `AWS_ACCESS_KEY_ID`.
fn placeholder_name(rule: &str) -> String {
    rule.to_uppercase().replace('-', "_")
}

/// The line holding `offset`, with every finding on it masked. A finding is masked
/// to the end of the word it starts (up to whitespace or a quote): a rule may capture
/// only part of a long value, and the rest of it is no less secret.
pub(crate) fn masked_line(text: &str, offset: usize, all: &[Finding]) -> String {
    let (start, end) = line_bounds(text, offset);
    let spans = all
        .iter()
        .map(|f| (f.start, masked_end(text, f)))
        .filter(|&(from, to)| from < end && to > start)
        .map(|(from, to)| (from.max(start) - start, to.min(end) - start, from < start));
    mask_spans(&text[start..end], spans)
        .trim_end_matches('\r')
        .to_string()
}

/// Where the masking of `f` ends: at the end of its word, except for a rule whose
/// match ends where the secret does (`exact_end`: a URL's password, at `@`).
fn masked_end(text: &str, f: &Finding) -> usize {
    if f.rule.exact_end {
        f.end
    } else {
        word_end(text, f.end)
    }
}

/// Where the word that a finding ends in ends: the first whitespace or quote after
/// `end` (or the end of the text).
fn word_end(text: &str, end: usize) -> usize {
    text[end..]
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>'))
        .map_or(text.len(), |i| end + i)
}

/// `line` with each span (start, end, whether it began on an earlier line) masked;
/// overlapping spans are masked once.
fn mask_spans(line: &str, spans: impl Iterator<Item = (usize, usize, bool)>) -> String {
    let mut spans: Vec<(usize, usize, bool)> = spans.collect();
    spans.sort_unstable();
    let mut out = String::new();
    let mut pos = 0;
    for (from, to, continued) in spans {
        if from < pos {
            continue;
        }
        out.push_str(&line[pos..from]);
        if continued {
            out.push_str("****");
        } else {
            out.push_str(&mask(&line[from..to]));
        }
        pos = to;
    }
    out.push_str(&line[pos..]);
    out
}

/// `path` with whatever the scanner finds in it masked (the path itself when nothing).
fn masked_path(path: &RelPath) -> RelPath {
    let name = path.as_str();
    let found = scan_text(name);
    if found.is_empty() {
        return path.clone();
    }
    let spans = found.iter().map(|f| (f.start, masked_end(name, f), false));
    RelPath::new(mask_spans(name, spans))
}

/// Masks, in every diagnostic, what the scanner finds in the file's path, and in every
/// one that is not a `secret-leak` (those are masked when made) what it finds in its
/// message, hint and source line: a YAML error on a
/// line holding a password must not print the password. Run on every build's and
/// serve's diagnostics before they are shown.
pub(crate) fn redact(diags: &mut Diagnostics) {
    let clean = |text: &mut String| {
        let found = scan_text(text);
        if !found.is_empty() {
            *text = mask_spans(
                text,
                found.iter().map(|f| (f.start, masked_end(text, f), false)),
            );
        }
    };
    for d in diags.iter_mut() {
        d.path = masked_path(&d.path);
        if d.code == Code::SecretLeak {
            continue;
        }
        clean(&mut d.message);
        if let Some(h) = d.hint.as_mut() {
            clean(h);
        }
        if let Some(line) = d.source_line.as_mut() {
            clean(line);
        }
    }
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    pub(crate) use crate::secrets::rules::tests::{ALNUM, B64, UPPER32, fake, leaks};

    fn file(path: &str, text: &str) -> crate::source::SourceFile {
        crate::source::SourceFile {
            path: RelPath::new(path),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn allow_marker_and_allow_patterns_silence_a_finding() {
        let (_, leak, value) = leaks().remove(0);
        let text = format!("{leak} <!-- {ALLOW_MARKER} -->\n{leak}\n");
        let path = RelPath::new("content/a.md");
        let found: Vec<_> = scan_text(&text)
            .into_iter()
            .filter(|f| !is_allowed(&text, &path, f, &Policy::default()))
            .collect();
        assert_eq!(found.len(), 1);
        let f = &found[0];
        let by_pattern = Policy {
            allow: vec![Regex::new(&regex::escape(&value)).unwrap()],
            ..Policy::default()
        };
        assert!(is_allowed(&text, &path, f, &by_pattern));
        let by_fingerprint = Policy {
            allowed: [fingerprint(f.rule.id, &path, &value)].into(),
            ..Policy::default()
        };
        assert!(is_allowed(&text, &path, f, &by_fingerprint));
        let elsewhere = RelPath::new("content/b.md");
        assert!(!is_allowed(&text, &elsewhere, f, &by_fingerprint));
    }

    #[test]
    fn diagnostics_mask_the_value_in_message_and_excerpt() {
        for (rule, text, value) in leaks() {
            let text = format!("intro\n{text}\n");
            let diags = scan_file(
                &RelPath::new("content/a.md"),
                text.as_bytes(),
                &Policy::default(),
            );
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
        let diags = scan_file(
            &RelPath::new("state/x.yaml"),
            text.as_bytes(),
            &Policy::default(),
        );
        assert_eq!(diags.len(), 2);
        for d in &diags {
            let shown = d.to_string();
            assert!(!shown.contains(&a) && !shown.contains(&b), "{shown}");
        }
    }

    #[test]
    fn mask_keeps_four_characters() {
        assert_eq!(mask("AKIAABCDEFGHIJKLMNOP"), "AKIA****************");
        assert_eq!(mask("hunter22"), "********");
    }

    #[test]
    fn a_bad_allow_pattern_is_a_config_error() {
        let mut cfg = Config::default();
        cfg.secrets.allow = vec!["(".into()];
        let d = scan(&Sources::default(), &cfg);
        assert_eq!(d.iter().next().map(|d| d.code), Some(Code::Config));
    }

    #[test]
    fn the_cache_rescans_only_files_whose_hash_changed() {
        let (_, leak, _) = leaks().remove(0);
        let mut sources = Sources {
            content: vec![file("content/a.md", "clean\n"), file("content/b.md", &leak)],
            ..Sources::default()
        };
        let cfg = Config::default();
        let by_bytes = |_: &RelPath, b: &[u8]| b.len() as u128;
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
                b.len() as u128
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
        let by_bytes = |_: &RelPath, b: &[u8]| b.len() as u128;
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
            let _ = scan_file(&RelPath::new("a"), text.as_bytes(), &Policy::default());
        }
    }
}

/// The shared seeds and public corpus: no false alarm (decisions in SECRETS-DOCS.md).
#[cfg(test)]
mod corpus_tests {
    use super::*;
    use crate::secrets::rules::{ENTROPY_THRESHOLD, shannon_entropy};

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
            let diags = scan_file(
                &RelPath::new(path.display().to_string()),
                &data,
                &Policy::default(),
            );
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
