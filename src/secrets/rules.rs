//! The leak scanner's rules (SPEC.md §6): which text looks like a real secret. Each rule
//! is a regex with the value in its group `s`, compiled once, and a check the match must
//! pass (not a placeholder; a random-looking key body; enough entropy for a value
//! assigned to a secret-like name). `scan_text` runs them all over one text. Pure: knows
//! no files, no book.toml and no diagnostics (that is `scan.rs`).
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
//! - (applied by `scan.rs`) a line holding the marker `opsbook:allow-secret` (in any
//!   comment), and a value matching one of the `[secrets] allow` regexes of book.toml.
//!
//! Entropy: `secret-assignment` flags a value assigned to a secret-like name
//! (`password = …`, `API_KEY: …`) when its Shannon entropy over characters is at least
//! `ENTROPY_THRESHOLD` bits (the threshold of gitleaks' `generic-api-key`), it is 8+
//! characters long and holds both a letter and a digit.

use std::sync::LazyLock;

use regex::Regex;

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
    //! `fake` and `leaks` make key-shaped values at run time; the tests of `scan.rs`,
    //! `secrets/` and the serve engine use them too.

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
    fn entropy_of_known_strings() {
        assert_eq!(shannon_entropy("aaaa"), 0.0);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
        assert!(shannon_entropy(&fake("", ALNUM, 32, 1)) > ENTROPY_THRESHOLD);
    }
}
