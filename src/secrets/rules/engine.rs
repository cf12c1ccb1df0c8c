//! Runs the rules over a text, as gitleaks does: the text is lowercased once and an
//! Aho-Corasick automaton over every rule's keywords says which rules can match; each
//! of those runs its regex (compiled on first use, ASCII word semantics) over the
//! whole text (some secrets span lines), takes the secret group, checks its entropy,
//! the global and the rule's allowlists, then `judge.rs`. Pure.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::data::{self, Allow, Condition, Target};
use super::judge::{self, Candidate, shannon_entropy};
use super::table;
use super::{Check, Finding, RULES, Rule};

/// A rule's regexes, compiled on its first use.
#[derive(Debug)]
pub(crate) struct Compiled {
    regex: Regex,
    /// Whether the regex has groups (else the whole match is the secret).
    groups: bool,
    path: Option<Regex>,
    allow: Vec<CompiledAllow>,
}

#[derive(Debug)]
struct CompiledAllow {
    condition: Condition,
    target: Target,
    regexes: Vec<Regex>,
    paths: Vec<Regex>,
    stopwords: Vec<&'static str>,
}

/// The global allowlist, compiled, and the known examples' hashes.
pub(crate) struct Global {
    allow: CompiledAllow,
    pub(crate) examples: Vec<&'static str>,
}

static GLOBAL: LazyLock<Global> = LazyLock::new(|| {
    let allow = data::global();
    Global {
        examples: allow.examples.clone(),
        allow: compile_allow(&allow, "global"),
    }
});

/// The global allowlist.
pub(crate) fn global() -> &'static Global {
    &GLOBAL
}

/// The keyword automaton: keyword index → the rules that have it.
struct Keywords {
    automaton: AhoCorasick,
    rules_of: Vec<Vec<usize>>,
    always: Vec<usize>,
}

static KEYWORDS: LazyLock<Keywords> = LazyLock::new(|| {
    let mut words: Vec<&'static str> = Vec::new();
    let mut rules_of: Vec<Vec<usize>> = Vec::new();
    let mut always = Vec::new();
    for (i, rule) in RULES.iter().enumerate() {
        if rule.keywords.is_empty() {
            always.push(i);
        }
        for k in &rule.keywords {
            match words.iter().position(|w| w == k) {
                Some(j) => rules_of[j].push(i),
                None => {
                    words.push(k);
                    rules_of.push(vec![i]);
                }
            }
        }
    }
    Keywords {
        automaton: AhoCorasick::new(&words).expect("invariant: the keywords build an automaton"),
        rules_of,
        always,
    }
});

/// Builds the keyword automaton and the global allowlist now (rules compile on use).
pub(crate) fn prepare() {
    LazyLock::force(&KEYWORDS);
    LazyLock::force(&GLOBAL);
}

fn compile(pattern: &str, what: &str) -> Regex {
    regex::RegexBuilder::new(pattern)
        .size_limit(64 << 20)
        .build()
        .unwrap_or_else(|e| panic!("invariant: the regex of {what} compiles: {e}"))
}

fn compile_allow(a: &Allow, what: &str) -> CompiledAllow {
    CompiledAllow {
        condition: a.condition,
        target: a.target,
        regexes: a.regexes.iter().map(|r| compile(r, what)).collect(),
        paths: a.paths.iter().map(|r| compile(r, what)).collect(),
        stopwords: a.stopwords.clone(),
    }
}

impl Rule {
    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            let regex = compile(self.regex, self.id);
            Compiled {
                groups: regex.captures_len() > 1,
                regex,
                path: self.path.map(|p| compile(p, self.id)),
                allow: self
                    .allow
                    .iter()
                    .map(|a| compile_allow(a, self.id))
                    .collect(),
            }
        })
    }
}

/// Every finding of every rule in `text`, placeholders left out, ordered by position.
pub(crate) fn scan_text(text: &str) -> Vec<Finding> {
    scan(None, text, &|_| true)
}

/// [`scan_text`] for the text of the file at `path` (relative, `/`-separated): the
/// rules that look only at some files (`path`) run, and allowlisted paths are skipped.
pub(crate) fn scan_file_text(path: &str, text: &str) -> Vec<Finding> {
    scan(Some(path), text, &|_| true)
}

/// The scan, with only the rules `only` accepts.
pub(crate) fn scan(path: Option<&str>, text: &str, only: &dyn Fn(&Rule) -> bool) -> Vec<Finding> {
    if let Some(p) = path
        && GLOBAL.allow.paths.iter().any(|re| re.is_match(p))
    {
        return Vec::new();
    }
    let lower = text.to_ascii_lowercase();
    let kw = &*KEYWORDS;
    let mut wanted = vec![false; RULES.len()];
    for &i in &kw.always {
        wanted[i] = true;
    }
    for m in kw.automaton.find_overlapping_iter(&lower) {
        for &i in &kw.rules_of[m.pattern().as_usize()] {
            wanted[i] = true;
        }
    }
    let mut out: Vec<Finding> = Vec::new();
    for (i, rule) in RULES.iter().enumerate() {
        if !wanted[i] || !only(rule) {
            continue;
        }
        let compiled = rule.compiled();
        match (&compiled.path, path) {
            (Some(re), Some(p)) if re.is_match(p) => {}
            (Some(_), _) => continue,
            _ => {}
        }
        for f in rule_findings(rule, compiled, text, path) {
            if !out.iter().any(|o| o.start < f.end && f.start < o.end) {
                out.push(f);
            }
        }
    }
    out.sort_by_key(|f| f.start);
    out
}

/// The findings of one rule.
fn rule_findings(
    rule: &'static Rule,
    compiled: &Compiled,
    text: &str,
    path: Option<&str>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(whole) = compiled.regex.find_at(text, from) {
        // Never stuck on an empty match; a cut query value moves this back (below).
        from = match text[whole.end()..].chars().next() {
            Some(c) if whole.is_empty() => whole.end() + c.len_utf8(),
            None if whole.is_empty() => break,
            _ => whole.end(),
        };
        let (mut start, mut end, mut name) = (whole.start(), whole.end(), "");
        let mut whole_end = whole.end();
        if compiled.groups {
            let Some(caps) = compiled.regex.captures_at(text, whole.start()) else {
                continue;
            };
            let group = caps
                .name("s")
                .or_else(|| (rule.group > 0).then(|| caps.get(rule.group)).flatten())
                .or_else(|| caps.iter().skip(1).flatten().find(|m| !m.is_empty()));
            if let Some(m) = group {
                (start, end) = (m.start(), m.end());
            }
            name = caps.name("n").map_or("", |n| n.as_str());
            if let Some(n) = caps.name("n")
                && let Some(cut) = query_value_end(text, n.start(), start, end)
            {
                // The parameters after this one are matched on their own.
                (end, whole_end, from) = (cut, cut, cut);
            }
            if let Some(n) = caps.name("n")
                && let Some(column) = table::column_name(path, text, n.end(), start)
            {
                if !judge::has_secret_word(column) {
                    continue;
                }
                name = column;
            }
        }
        let secret = &text[start..end];
        if secret.is_empty() || (rule.entropy > 0.0 && shannon_entropy(secret) <= rule.entropy) {
            continue;
        }
        let spot = Spot {
            secret,
            whole: &text[whole.start()..whole_end],
            line: lines_of(text, whole.start(), whole_end),
            path,
        };
        // A value assigned to an AWS-named key is judged by the AWS formats
        // (`judge.rs`), whatever the name (`aws_access_key_id` holds `key_id`).
        let by_format =
            rule.check == Check::Assignment && name.to_ascii_lowercase().contains("aws");
        let rule_allows = !by_format && compiled.allow.iter().any(|a| allowed(a, &spot));
        if allowed(&GLOBAL.allow, &spot) || rule_allows {
            continue;
        }
        let candidate = Candidate {
            rule,
            text,
            start,
            end,
            name,
        };
        if judge::is_secret(&candidate) {
            out.push(Finding { rule, start, end });
        }
    }
    out
}

/// Where the value of a URL's query parameter ends when the match ran on into the
/// next parameters (`?authuser=1&project=prod`, `&key1=alertBridge&key2=us-east1`):
/// at its `&` or `#`, since a parameter's value holds neither. `None` when the name
/// is not a query parameter's or the value is whole.
fn query_value_end(text: &str, name_start: usize, start: usize, end: usize) -> Option<usize> {
    let in_query = text[..name_start].ends_with(['?', '&']) && text[..start].ends_with('=');
    let cut = text[start..end].find(['&', '#'])?;
    in_query.then_some(start + cut)
}

/// What the allowlists look at.
struct Spot<'a> {
    secret: &'a str,
    whole: &'a str,
    line: &'a str,
    path: Option<&'a str>,
}

/// Whether an allowlist drops the finding at `spot`.
fn allowed(a: &CompiledAllow, spot: &Spot) -> bool {
    let target = match a.target {
        Target::Secret => spot.secret,
        Target::Match => spot.whole,
        Target::Line => spot.line,
    };
    let lower = spot.secret.to_lowercase();
    let mut checks = Vec::with_capacity(3);
    if !a.regexes.is_empty() {
        checks.push(a.regexes.iter().any(|re| re.is_match(target)));
    }
    if !a.stopwords.is_empty() {
        checks.push(a.stopwords.iter().any(|w| lower.contains(w)));
    }
    if !a.paths.is_empty() {
        checks.push(
            spot.path
                .is_some_and(|p| a.paths.iter().any(|re| re.is_match(p))),
        );
    }
    match a.condition {
        Condition::Or => checks.iter().any(|&c| c),
        Condition::And => !checks.is_empty() && checks.iter().all(|&c| c),
    }
}

/// The whole lines holding the byte range `start..end`.
fn lines_of(text: &str, start: usize, end: usize) -> &str {
    let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let to = text[end..].find('\n').map_or(text.len(), |i| end + i);
    &text[from..to]
}

/// The block of text around `offset` that a documentation example is judged by: the
/// fenced code block holding it, else the Markdown section (from the heading before to
/// the next), else the YAML document (between `---` lines); at most 60 lines each way.
pub(crate) fn block_around(text: &str, offset: usize) -> &str {
    const REACH: usize = 60;
    let before: Vec<(usize, &str)> = line_starts_back(text, offset).take(REACH).collect();
    let after: Vec<(usize, &str)> = line_starts_fwd(text, offset).take(REACH).collect();
    let is_fence = |l: &str| {
        let t = l.trim_start();
        t.starts_with("```") || t.starts_with("~~~")
    };
    let fences_before = text[..offset].lines().filter(|l| is_fence(l)).count();
    let in_fence = fences_before % 2 == 1;
    let stop = |l: &str| {
        if in_fence {
            is_fence(l)
        } else {
            l.starts_with('#') && l.trim_start_matches('#').starts_with(' ') || l == "---"
        }
    };
    let from = before
        .iter()
        .skip(1)
        .find(|(_, l)| stop(l))
        .or(before.last())
        .map_or(0, |(i, _)| *i);
    let to = after
        .iter()
        .skip(1)
        .find(|(_, l)| stop(l))
        .or(after.last())
        .map_or(text.len(), |(i, l)| i + l.len());
    &text[from.min(offset)..to.max(offset).min(text.len())]
}

/// (start, line) of the line holding `offset` and of each line before it, nearest first.
fn line_starts_back(text: &str, offset: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[start..end];
        if start == 0 {
            done = true;
        } else {
            end = start - 1;
        }
        Some((start, line))
    })
}

/// (start, line) of the line holding `offset` and of each line after it.
fn line_starts_fwd(text: &str, offset: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    std::iter::from_fn(move || {
        if start > text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let item = (start, &text[start..end]);
        start = end + 1;
        Some(item)
    })
}
