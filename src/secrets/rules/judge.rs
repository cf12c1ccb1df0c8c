//! Whether a rule's match is a secret, once its regex, keywords, entropy and allowlists
//! let it through (`engine.rs`): placeholders (`changeme`, `xxxx`, `<…>`, `${VAR}`,
//! a value naming itself, filler words, runs such as `1234567890`), known public
//! examples (by hash), private-key bodies (a base64 PEM block's too), example JWTs, and for a value assigned to a
//! secret-like name: names that are not values (identifiers, generated object names,
//! `*Ref` fields), base64 of words, words, and documentation examples by their block
//! or by what the page says of them (`context.rs`: command output, a value the prose
//! calls an example). Pure.

use std::sync::LazyLock;

use regex::Regex;

use super::{Check, Rule};

/// Minimum Shannon entropy (bits per character) of a value assigned to a secret-like name.
/// 3.5 is gitleaks' `generic-api-key` threshold: random keys of 16+ characters score
/// 3.8–5.5, words and lab passwords such as `Pa55w.rd1234` score below.
pub(crate) const ENTROPY_THRESHOLD: f64 = 3.5;

/// A match of a rule, with what the checks look at.
pub(crate) struct Candidate<'a> {
    pub(crate) rule: &'static Rule,
    /// The whole text scanned (for the block around the value).
    pub(crate) text: &'a str,
    /// The secret's byte range in `text`.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The name a value is assigned to (group `n`), if the rule captures one.
    pub(crate) name: &'a str,
}

impl Candidate<'_> {
    fn value(&self) -> &str {
        &self.text[self.start..self.end]
    }
}

/// Whether the candidate is reported: it looks like a secret, and the page does not
/// call that very value an example (`context.rs`; not for private keys, which no page
/// gives inline).
pub(crate) fn is_secret(c: &Candidate) -> bool {
    looks_secret(c)
        && (c.rule.check == Check::KeyBody || !super::context::called_an_example(c.text, c.value()))
        && !(matches!(
            c.rule.check,
            Check::Assignment | Check::Jwt | Check::Encoded
        ) && shown_as_output(c.text, c.value()))
}

/// The page prints `value` as command output, or prints what it is the base64 of (a
/// Secret's `data:` made from the keys a command printed above).
fn shown_as_output(text: &str, value: &str) -> bool {
    super::context::shown_as_output(text, value)
        || base64_text(value).is_some_and(|decoded| {
            let decoded = decoded.trim_end();
            decoded.len() >= 8 && super::context::shown_as_output(text, decoded)
        })
}

/// Whether the candidate looks like a secret, by itself and its block.
fn looks_secret(c: &Candidate) -> bool {
    let value = c.value();
    let body = token_body(value, c.rule);
    let decoded = base64_utf8(body);
    if is_known_example(value)
        || is_known_example(body)
        || decoded
            .as_deref()
            .is_some_and(|d| is_known_example(d.trim_end()))
    {
        return false;
    }
    if c.rule.check != Check::KeyBody
        && decoded
            .as_deref()
            .and_then(pem_body)
            .is_some_and(|key| !is_key_body(key))
    {
        return false;
    }
    match c.rule.check {
        Check::Format => !is_placeholder(body),
        Check::Encoded => match base64_text(body) {
            Some(decoded) => decoded_secret(&decoded),
            None => !is_placeholder(body) && !body.is_empty(),
        },
        Check::KeyBody => is_key_body(value),
        Check::Jwt => !is_placeholder(value) && !is_example_jwt(value) && !in_example(c),
        Check::Assignment => assigned_secret(c.name, value) && !in_example(c),
    }
}

/// Whether the body of a PEM block (whitespace aside) looks like key material: 64
/// characters or more, of random-looking entropy, nothing elided with `...`.
fn is_key_body(body: &str) -> bool {
    let body: String = body.chars().filter(|ch| !ch.is_whitespace()).collect();
    body.len() >= 64 && shannon_entropy(&body) >= 4.5 && !body.contains("...")
}

/// The body of the PEM block that `decoded` (a base64 value, decoded: a Secret's
/// `tls.key`, a Helm value) is, from after its `-----BEGIN …-----` line to its
/// `-----END` line or the end. A body that is no key material (`-----BEGIN PRIVATE
/// KEY-----` over `...`) is an elided example; one that is, is judged as before (a
/// base64 key is still refused).
fn pem_body(decoded: &str) -> Option<&str> {
    let rest = decoded.trim_start().strip_prefix("-----BEGIN ")?;
    let (_, body) = rest.split_once("-----")?;
    Some(body.split("-----END").next().unwrap_or(body))
}

/// A token without its fixed prefix: `sk_test_…` is not a placeholder for its `test`;
/// a `key: value` secret (a Kubernetes Secret's data, `user:password`) is judged by
/// its value.
fn token_body<'a>(value: &'a str, rule: &Rule) -> &'a str {
    let value = value.trim_matches(['"', '\'']);
    if let Some((key, rest)) = value.split_once(':')
        && !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
    {
        return rest.trim_matches(|c: char| c.is_whitespace() || "\"'|>-+".contains(c));
    }
    let lower = value.to_ascii_lowercase();
    let skip = rule
        .keywords
        .iter()
        .filter(|k| lower.starts_with(*k))
        .map(|k| k.len())
        .max()
        .unwrap_or(0);
    let rest = &value[skip..];
    let trimmed = rest.trim_start_matches(['_', '-', '.']);
    let lower = trimmed.to_ascii_lowercase();
    for env in ["test", "live", "prod"] {
        if lower.starts_with(env) && lower[env.len()..].starts_with(['_', '-']) {
            return &trimmed[env.len() + 1..];
        }
    }
    rest
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
    MARKERS.iter().any(|m| has_marker(&lower, m))
        || WORDS.contains(&lower.as_str())
        || matches!(first, Some('<' | '$' | '%'))
        || value.chars().all(|c| Some(c) == first)
        || names_itself(&lower)
        || has_filler_word(&lower)
        || mostly_runs(value)
}

/// The value says what it is: `some-client-secret_123`, `n0t-a-r3al-s3cr3t`.
fn names_itself(lower: &str) -> bool {
    let plain: String = lower
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' => 'i',
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            '7' => 't',
            c => c,
        })
        .collect();
    ["secret", "password", "passwd", "token"]
        .iter()
        .any(|w| has_marker(&plain, w))
}

/// Filler words of documentation values (`some random string`, `hello-world`).
fn has_filler_word(lower: &str) -> bool {
    const FILLER: &[&str] = &[
        "some", "random", "fake", "demo", "hello", "world", "strong", "foobar", "lorem", "ipsum",
        "qwerty", "letmein", "mypass", "mykey", "insecure",
    ];
    FILLER.iter().any(|w| has_marker(lower, w))
}

/// Whether `lower` holds the placeholder word `m`: anywhere in a value of up to 64
/// characters; in a longer one only where a word starts (`…-test-…`), since a long
/// random value holds `test` or `demo` somewhere by chance (`xxxx` counts anywhere).
fn has_marker(lower: &str, m: &str) -> bool {
    let one_char = m.bytes().all(|b| b == m.as_bytes()[0]);
    if lower.len() <= 64 || one_char {
        return lower.contains(m);
    }
    lower.match_indices(m).any(|(i, _)| {
        i == 0
            || !lower.as_bytes()[i - 1].is_ascii_alphanumeric()
            || !m.as_bytes()[0].is_ascii_alphanumeric()
    })
}

/// 40% or more of the value in runs of 4+ consecutive characters (`1234`, `abcd`,
/// `ABCD`), as in `xoxb-1234567890-1234567890123-…` or `ABCDEFG1234567890abcdefg`.
fn mostly_runs(value: &str) -> bool {
    let b = value.as_bytes();
    let (mut in_runs, mut i) = (0, 0);
    while i < b.len() {
        let mut j = i;
        while j + 1 < b.len() && b[j + 1] == b[j].wrapping_add(1) && b[j].is_ascii_alphanumeric() {
            j += 1;
        }
        if j - i + 1 >= 4 {
            in_runs += j - i + 1;
        }
        i = j + 1;
    }
    !b.is_empty() && in_runs * 10 >= b.len() * 4
}

/// Well-known public example values with no marker in them (spec examples, vendor
/// samples), by the first 16 hex digits of their SHA-256: the list is in
/// `opsbook.toml` (`[global] examples`), so no example value is spelled out. A
/// dotted token counts also by what follows its type prefix (Dynatrace's
/// `dt0c01.<public>.<secret>`: the documented example's public and secret portions,
/// whatever token type the page prefixes them with).
fn is_known_example(value: &str) -> bool {
    use sha2::Digest as _;
    let known = &super::engine::global().examples;
    if known.is_empty() {
        return false;
    }
    let after_prefix = value.split_once('.').map(|(_, rest)| rest);
    std::iter::once(value).chain(after_prefix).any(|v| {
        let digest = sha2::Sha256::digest(v.as_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        known.iter().any(|k| k.starts_with(&hex))
    })
}

/// Base64-decoded text (a Basic auth header, a Secret's `data:`) that holds a secret:
/// the password of `user:password`, else the whole text, neither a placeholder, a
/// name nor a word of low entropy (`admin:password`, `public-client:`).
fn decoded_secret(decoded: &str) -> bool {
    let text = decoded.trim_end();
    let secret = text.rsplit_once(':').map_or(text, |(_, p)| p);
    !secret.is_empty()
        && !is_placeholder(secret)
        && !is_identifier(secret)
        && !is_word_passphrase(secret)
        && shannon_entropy(secret) >= 3.0
}

/// A value assigned to a secret-like name that looks like a real secret.
fn assigned_secret(name: &str, value: &str) -> bool {
    let name = name.trim();
    if name.to_ascii_lowercase().contains("aws") {
        return is_aws_credential(value);
    }
    if value.starts_with("eyJ") && value.matches('.').count() == 2 {
        // A JWT: the `jwt` rule reports it unless it is an example.
        return !is_example_jwt(value);
    }
    if is_name_field(name)
        || assigns_another_flag(name)
        || is_identifier(value)
        || is_generated_name(value)
    {
        return false;
    }
    if let Some(decoded) = base64_text(value) {
        let decoded = decoded.trim_end();
        return looks_random(decoded) && !is_word_passphrase(decoded);
    }
    looks_random(value)
}

/// A command line whose secret word is in an earlier word, the value being that of a
/// later flag whose own name has none (`triggers create generateusernameandpassword
/// --event-filters="type=…"`): the flag is what is assigned.
fn assigns_another_flag(name: &str) -> bool {
    name.trim()
        .rsplit_once(char::is_whitespace)
        .is_some_and(|(_, last)| last.starts_with('-') && !has_secret_word(last))
}

/// Whether `name` has one of the words that name a secret (`secret-assignment`'s).
pub(super) fn has_secret_word(name: &str) -> bool {
    static SECRET_WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)access|auth|api|credential|creds|key|passw(?:or)?d|pwd|secret|token")
            .expect("invariant: the secret-word regex compiles")
    });
    SECRET_WORD.is_match(name)
}

/// Capitalised words run together, maybe a few digits after (`AcmeLabAdminPwd7`):
/// the sample password of a manifest a project publishes, once its base64 is read
/// (a random key is not words of three letters or more, each capitalised).
fn is_word_passphrase(decoded: &str) -> bool {
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[A-Z][a-z]{2,12}){2,6}[0-9]{0,4}[!.#@$]?$")
            .expect("invariant: the passphrase regex compiles")
    });
    WORDS.is_match(decoded)
}

/// Fields that hold the name of a key or object, by API design: `secretKeyRef`,
/// `secretName`, `existingSecret`, `*-secret-name`, `credentialsId`.
fn is_name_field(name: &str) -> bool {
    // `key` alone: the key of a Secret (`secretKeyRef`, External Secrets' `remoteRef`);
    // `resourcekey`: the share key of a public Google document's URL.
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:ref|name|secretkey|existingsecret|property|credentialsid|keyid|path|file|url|uri|endpoint|^key|resourcekey)$")
            .expect("invariant: the name-field regex compiles")
    });
    let last = name
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or(name)
        .trim_matches(|c: char| !c.is_ascii_alphanumeric());
    NAME.is_match(last)
}

/// A lower-case `snake_case` / `kebab-case` / dotted identifier of words and short
/// numbers (`password_db_base64`, `my-app-v2`): a name, like `UPPER_CASE` ones.
fn is_identifier(value: &str) -> bool {
    let parts: Vec<&str> = value.split(['_', '-', '.']).collect();
    let upper = value
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let lower = value
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.'));
    let wordy = |p: &&str| {
        let digits = p.chars().filter(char::is_ascii_digit).count();
        !p.is_empty()
            && (digits <= 2 || (digits == p.len() && digits <= 4))
            && (digits == p.len() || p.len() <= 3 || p.chars().any(|c| "aeiouy".contains(c)))
    };
    static VERSION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^0-9])[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4}(?:[^0-9]|$)")
            .expect("invariant: the version regex compiles")
    });
    upper
        || (lower && parts.len() >= 2 && parts.iter().all(wordy))
        || VERSION.is_match(value)
        || is_camel_case_name(value)
}

/// A `camelCase` name of words, maybe a few digits after (`mySubscribeKey2`, the keys
/// a Go sample subscribes to): a word of lower-case letters, then capitalised words,
/// each with a vowel. A random string of mixed case is not words that take turns so.
fn is_camel_case_name(value: &str) -> bool {
    static CAMEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[a-z]{2,12}(?:[A-Z][a-z]{1,12}){1,5}[0-9]{0,3}$")
            .expect("invariant: the camel-case regex compiles")
    });
    CAMEL.is_match(value)
        && value.split(|c: char| c.is_ascii_uppercase()).all(|w| {
            w.trim_end_matches(|c: char| c.is_ascii_digit())
                .contains(['a', 'e', 'i', 'o', 'u', 'y'])
        })
}

/// A Kubernetes generated name: DNS-label words, then `-` and 5 characters of the
/// generator's alphabet (`builder-dockercfg-6wl6b`, `prometheus-k8s-token-nwtrf`).
fn is_generated_name(value: &str) -> bool {
    static GENERATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[a-z0-9]+(?:-[a-z0-9]+)*-[bcdfghjklmnpqrstvwxz2456789]{5}$")
            .expect("invariant: the generated-name regex compiles")
    });
    GENERATED.is_match(value)
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

/// The base64 decoding (standard or URL-safe alphabet, padded or not) of `s` when it
/// is printable ASCII text, one trailing line break allowed.
pub(crate) fn base64_text(s: &str) -> Option<String> {
    let text = base64_utf8(s)?;
    let body = text.strip_suffix('\n').unwrap_or(&text);
    (!body.is_empty() && body.chars().all(|c| c.is_ascii_graphic() || c == ' ')).then_some(text)
}

/// A value that looks like a real secret: letters and digits, not a path, URL or name,
/// not a placeholder, and enough entropy.
fn looks_random(value: &str) -> bool {
    let has_letter = value.chars().any(|c| c.is_ascii_alphabetic());
    let has_digit = value.chars().any(|c| c.is_ascii_digit());
    static HOST_PATH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+/")
            .expect("invariant: the host-path regex compiles")
    });
    let path_like = value.starts_with(['/', '.', '~', '@', '-'])
        || value.contains("://")
        || HOST_PATH.is_match(value);
    has_letter
        && has_digit
        && !path_like
        && !is_identifier(value)
        && !is_placeholder(value)
        && shannon_entropy(value) >= ENTROPY_THRESHOLD
}

/// A JWT whose claims say it is an example: issued by or for a reserved host
/// (`example.com`, `*.example`, `*.test`, `localhost`, `127.0.0.1`), or a subject or
/// audience holding a placeholder word (`test-user`, `example-app`).
fn is_example_jwt(value: &str) -> bool {
    let Some(payload) = value.split('.').nth(1) else {
        return false;
    };
    let Some(json) = base64_utf8(payload) else {
        return false;
    };
    let Ok(claims) = serde_json::from_str::<serde_json::Value>(&json) else {
        return false;
    };
    let text = |k: &str| match &claims[k] {
        serde_json::Value::String(s) => s.to_lowercase(),
        serde_json::Value::Array(a) => a
            .iter()
            .filter_map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
        _ => String::new(),
    };
    let reserved = |s: &str| reserved_host(s) || s.contains("localhost") || s.contains("127.0.0.1");
    reserved(&text("iss"))
        || reserved(&text("aud"))
        || is_placeholder(&text("sub"))
        || ["example", "test", "sample", "demo"]
            .iter()
            .any(|w| text("aud").contains(w))
}

/// The base64 decoding (standard or URL-safe alphabet, padded or not) of `part` when
/// it is UTF-8 (a JWT's pretty-printed JSON payload included).
fn base64_utf8(part: &str) -> Option<String> {
    let mut bits: u32 = 0;
    let mut n = 0;
    let mut out = Vec::new();
    for c in part.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
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
    String::from_utf8(out).ok()
}

/// Whether `s` names a host reserved for documentation and tests (RFC 2606, 6761;
/// `localtest.me`) or an address reserved for documentation (RFC 5737's
/// `192.0.2.0/24`, `198.51.100.0/24`, `203.0.113.0/24`; RFC 3849's `2001:db8::/32`).
/// Not `localhost`: real runbooks use it too.
fn reserved_host(s: &str) -> bool {
    static RESERVED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|[^a-z0-9-])(?:[a-z0-9-]+\.)*(?:example\.(?:com|net|org)|[a-z0-9-]+\.(?:example|test|invalid)|localtest\.me)(?:[^a-z0-9.-]|$)")
            .expect("invariant: the reserved-host regex compiles")
    });
    static DOC_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|[^0-9.])(?:192\.0\.2|198\.51\.100|203\.0\.113)\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})(?:[^0-9.]|\.?$|\.[^0-9])|(?:^|[^0-9a-f:])2001:0?db8:")
            .expect("invariant: the documentation-address regex compiles")
    });
    RESERVED.is_match(s) || DOC_ADDRESS.is_match(s)
}

/// Whether the value sits in a documentation example: the fenced code block (or YAML
/// document, or Markdown section) around it names a reserved host, uses a `<…>`
/// placeholder as an object's name, or elides a sibling value with `...`; or it is
/// command output (`context.rs`: a transcript's output, an HTTP response), or in a
/// block the page introduces as an example (`context.rs`). Only for
/// JWTs and assigned values: a token of a known format, a private key or a Basic
/// credential is refused wherever it is printed (`gh auth token`, `cat id_rsa`).
fn in_example(c: &Candidate) -> bool {
    static MARKS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?im)name:[ \t]*["']?<[a-z_ -]+>|[A-Za-z0-9]{8}\.\.\.["'`]"#)
            .expect("invariant: the example-marks regex compiles")
    });
    let block = super::engine::block_around(c.text, c.start);
    reserved_host(block)
        || MARKS.is_match(block)
        || super::context::in_output(c.text, c.start)
        || super::context::in_block_called_example(c.text, c.start)
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
mod tests {
    use super::{is_word_passphrase, reserved_host};

    #[test]
    fn capitalised_words_are_a_sample_passphrase_and_random_keys_are_not() {
        for s in [
            "AcmeLabAdminPwd7",
            "CorrectHorseBattery",
            "ChangeThisNow2024!",
        ] {
            assert!(is_word_passphrase(s), "{s}");
        }
        for s in [
            "QwErTyUiOp1234",
            "kedaLabAdmin",
            "Xk9fQ2mZpL7vR4tW",
            "AcmeLabAdminPwd7x",
            "Admin",
        ] {
            assert!(!is_word_passphrase(s), "{s}");
        }
    }

    #[test]
    fn documentation_addresses_are_reserved_and_others_are_not() {
        for s in [
            "curl https://192.0.2.10:6443/api",
            "join 198.51.100.7:6443",
            "server: 203.0.113.255",
            "ping 2001:db8::1",
            "ping [2001:0db8:85a3::8a2e]",
            "https://api.example.com/v1",
        ] {
            assert!(reserved_host(s), "{s}");
        }
        for s in [
            "join 1.2.3.4:6443",
            "http://192.0.20.1/",
            "10.192.0.2.5",
            "203.0.113",
            "host 2001:db9::1",
            "https://example.company.io",
        ] {
            assert!(!reserved_host(s), "{s}");
        }
    }
}
