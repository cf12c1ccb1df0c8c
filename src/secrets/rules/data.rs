//! The rule set as data: the TOML files beside this one (`opsbook.toml`, then
//! `gitleaks-*.toml`), embedded with `include_str!` and parsed once into [`Rule`]s. Owns
//! the file format (see the header of `opsbook.toml`) and the expansion of the test-case
//! templates (`{{a:32}}`). Regexes are compiled later, each on its first use
//! (`engine.rs`). Pure.

use std::sync::OnceLock;

use serde::Deserialize;

use super::{Check, Rule};

/// The data files, in reporting order (a finding overlapping an earlier rule's is
/// dropped); `assignment` rules run after all the others whatever their file.
const FILES: &[(&str, &str)] = &[
    ("opsbook.toml", include_str!("opsbook.toml")),
    ("gitleaks-a-c.toml", include_str!("gitleaks-a-c.toml")),
    ("gitleaks-d-g.toml", include_str!("gitleaks-d-g.toml")),
    ("gitleaks-h-o.toml", include_str!("gitleaks-h-o.toml")),
    ("gitleaks-p-z.toml", include_str!("gitleaks-p-z.toml")),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    global: Option<RawAllow>,
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    description: String,
    family: String,
    source: String,
    #[serde(default)]
    gitleaks: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    entropy: f64,
    #[serde(default)]
    group: usize,
    #[serde(default)]
    exact_end: bool,
    #[serde(default)]
    check: Check,
    #[serde(default)]
    path: Option<String>,
    regex: String,
    #[serde(default)]
    allow: Vec<RawAllow>,
    #[serde(default)]
    tp: Vec<String>,
    #[serde(default)]
    fp: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAllow {
    #[serde(default)]
    condition: Condition,
    #[serde(default)]
    target: Target,
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    /// Global only: the known public examples, as hashes (`judge::is_known_example`).
    #[serde(default)]
    examples: Vec<String>,
}

/// Whether an allowlist needs one of its checks (`or`) or all of them (`and`).
#[derive(Deserialize, Debug, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Condition {
    #[default]
    Or,
    And,
}

/// What an allowlist's regexes are matched against.
#[derive(Deserialize, Debug, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Target {
    #[default]
    Secret,
    Match,
    Line,
}

/// An allowlist: a finding it matches is dropped. Regexes are source text here,
/// compiled with the rule (`engine.rs`).
#[derive(Debug, Clone)]
pub(crate) struct Allow {
    pub(crate) condition: Condition,
    pub(crate) target: Target,
    pub(crate) regexes: Vec<&'static str>,
    pub(crate) paths: Vec<&'static str>,
    pub(crate) stopwords: Vec<&'static str>,
    pub(crate) examples: Vec<&'static str>,
}

fn leak(s: String) -> &'static str {
    String::leak(s)
}

fn leak_all(v: Vec<String>) -> Vec<&'static str> {
    v.into_iter().map(leak).collect()
}

impl From<RawAllow> for Allow {
    fn from(a: RawAllow) -> Allow {
        Allow {
            condition: a.condition,
            target: a.target,
            regexes: leak_all(a.regexes),
            paths: leak_all(a.paths),
            stopwords: leak_all(a.stopwords.into_iter().map(|w| w.to_lowercase()).collect()),
            examples: leak_all(a.examples),
        }
    }
}

/// Every rule of the files, in reporting order. The data is ours and tested, so a
/// parse error is a bug.
pub(crate) fn rules() -> Vec<Rule> {
    let mut rules = Vec::new();
    for (name, text) in FILES {
        rules.extend(parse(name, text).rule.into_iter().map(rule_of));
    }
    // Stable: the generic rules after all the others.
    rules.sort_by_key(|r| r.check == Check::Assignment);
    rules
}

/// The global allowlist (in `opsbook.toml`).
pub(crate) fn global() -> Allow {
    let (name, text) = FILES[0];
    let global = parse(name, text).global;
    Allow::from(global.expect("invariant: opsbook.toml has a [global] allowlist"))
}

fn parse(name: &str, text: &str) -> RuleFile {
    toml::from_str(text).unwrap_or_else(|e| panic!("invariant: the rule file {name} parses: {e}"))
}

fn rule_of(r: RawRule) -> Rule {
    let gitleaks = if r.gitleaks.is_empty() && r.source.starts_with("gitleaks") {
        vec![r.id.clone()]
    } else {
        r.gitleaks
    };
    Rule {
        id: leak(r.id),
        description: leak(r.description),
        family: leak(r.family),
        source: leak(r.source),
        gitleaks: leak_all(gitleaks),
        keywords: leak_all(r.keywords.into_iter().map(|k| k.to_lowercase()).collect()),
        entropy: r.entropy,
        group: r.group,
        exact_end: r.exact_end,
        check: r.check,
        path: r.path.map(leak),
        regex: leak(r.regex),
        allow: r.allow.into_iter().map(Allow::from).collect(),
        tp: leak_all(r.tp),
        fp: leak_all(r.fp),
        compiled: OnceLock::new(),
    }
}

#[cfg_attr(not(test), allow(dead_code))]
/// The alphabets of the test-case templates: `{{a:32}}` is 32 characters of `a`;
/// `x`, `X` and `0` repeat that one character.
pub(crate) fn alphabet(code: char) -> Option<&'static str> {
    Some(match code {
        'b' => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        'u' => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
        'm' => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        'a' => "abcdefghijklmnopqrstuvwxyz0123456789",
        'A' => "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        'l' => "abcdefghijklmnopqrstuvwxyz",
        'U' => "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        'h' => "0123456789abcdef",
        'H' => "0123456789ABCDEF",
        'c' => "qpzry9x8gf2tvdw0s3jn54khce6mua7l",
        'C' => "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
        '5' => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
        'd' => "0123456789",
        'x' => "x",
        'X' => "X",
        '0' => "0",
        _ => return None,
    })
}

#[cfg_attr(not(test), allow(dead_code))]
/// A test-case template with each `{{c:n}}` replaced by `n` pseudo-random characters of
/// alphabet `c` (`random(alphabet, n, seed)`), the seed counting up from `seed`.
pub(crate) fn expand(
    template: &str,
    seed: u64,
    random: &dyn Fn(&str, usize, u64) -> String,
) -> String {
    let mut out = String::new();
    let mut rest = template;
    let mut k = seed;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let spec = after.find("}}").map(|j| (&after[..j], &after[j + 2..]));
        let parsed = spec.and_then(|(s, tail)| {
            let (code, n) = s.split_once(':')?;
            let mut chars = code.chars();
            let c = chars.next().filter(|_| chars.next().is_none())?;
            Some((alphabet(c)?, n.parse::<usize>().ok()?, tail))
        });
        match parsed {
            Some((alpha, n, tail)) => {
                out.push_str(&random(alpha, n, k));
                k += 1;
                rest = tail;
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
