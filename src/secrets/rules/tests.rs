//! The rules' unit tests: every rule's own cases (`tp`, `fp` in the data files), and
//! the scanner's behaviour. `fake` and `leaks` make key-shaped values at run time; the
//! tests of `scan.rs`, `secrets/` and the serve engine use them too.

use super::judge::{ENTROPY_THRESHOLD, shannon_entropy};
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
    for (rule, _, _) in leaks() {
        assert!(RULES.iter().any(|r| r.id == rule), "{rule}");
    }
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
        "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX".to_string(),
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

/// `s` in base64 (standard alphabet, unpadded).
pub(crate) fn b64(s: &str) -> String {
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
}

#[test]
fn a_base64_pem_block_is_judged_by_its_body() {
    let (begin, end) = (
        ["-----BEGIN ", "PRIVATE KEY-----"].concat(),
        ["-----END ", "PRIVATE KEY-----"].concat(),
    );
    let elided = b64(&format!("{begin}\n...\n"));
    let body: Vec<String> = (0..5).map(|i| fake("", B64, 64, 70 + i)).collect();
    let key = b64(&format!("{begin}\n{}\n{end}\n", body.join("\n")));
    // KEDA's scaler docs: a Secret whose client key is a PEM header over `...`.
    assert!(
        ids(&format!(
            "  artemis-key: \"{elided}=\"  # Base64 encoded key"
        ))
        .is_empty()
    );
    assert_eq!(
        ids(&format!("  artemis-key: \"{key}\"")),
        ["secret-assignment"]
    );
    let secret = |v: &str| format!("apiVersion: v1\nkind: Secret\ndata:\n  tls.key: {v}\n");
    assert!(scan_file_text("k8s/tls.yaml", &secret(&elided)).is_empty());
    assert_eq!(scan_file_text("k8s/tls.yaml", &secret(&key)).len(), 1);
}

#[test]
fn the_dynatrace_documentation_example_token_passes_also_in_base64() {
    // Dynatrace's own example (its API authentication docs), in pieces.
    let public = ["ST2EY72KQINM", "H574WMNVI7YN"].concat();
    let secret = [
        "G3DFPBEJYMODIDAEX454M7YW",
        "BUVEFOWKPRVMWFASS64NFH52PX6BNDVFFM572RZM",
    ]
    .concat();
    for prefix in ["dt0c01.", "dt0s01.", "dt0s16."] {
        let example = format!("{prefix}{public}.{secret}");
        assert!(
            ids(&format!("  token: {}", b64(&example))).is_empty(),
            "{prefix}"
        );
        assert!(
            ids(&format!("DT_API_TOKEN={example}")).is_empty(),
            "{prefix}"
        );
    }
    // The same public portion with another secret portion is a token.
    let other = format!("dt0c01.{public}.{}", fake("", UPPER32, 64, 80));
    assert!(!ids(&format!("  token: {}", b64(&other))).is_empty());
    assert!(!ids(&format!("DT_API_TOKEN={other}")).is_empty());
}

#[test]
fn aws_named_values_are_judged_by_format_also_in_base64() {
    let id = fake(&["AK", "IA"].concat(), UPPER32, 16, 60);
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

/// A rule's test case, its templates expanded (`data::expand`).
pub(crate) fn case(template: &str, seed: u64) -> String {
    data::expand(template, seed, &|alphabet, n, k| fake("", alphabet, n, k))
}

/// Only the findings of `rule` (and no other rule) in `text`, as the text of a file
/// that the rule reads (`path`).
fn found_by(rule: &Rule, text: &str) -> Vec<Finding> {
    let paths = [
        "content/case.yaml",
        "infra/main.tf",
        "web/config.php",
        "nuget.config",
    ];
    let path = paths.iter().find(|p| {
        rule.path
            .is_none_or(|re| regex::Regex::new(re).unwrap().is_match(p))
    });
    engine::scan(path.copied(), text, &|r| r.id == rule.id)
}

#[test]
fn every_rule_finds_its_own_true_positives_and_passes_its_false_ones() {
    let mut failures = Vec::new();
    for rule in RULES.iter() {
        assert!(!rule.tp.is_empty(), "{} has no tp case", rule.id);
        for (i, t) in rule.tp.iter().enumerate() {
            for seed in [1, 2, 3] {
                let text = case(t, seed * 100 + i as u64);
                if found_by(rule, &text).is_empty() {
                    failures.push(format!("{}: tp not found: {text:?}", rule.id));
                }
            }
        }
        for t in &rule.fp {
            let text = case(t, 7);
            if !found_by(rule, &text).is_empty() {
                failures.push(format!("{}: fp found: {text:?}", rule.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rule_ids_are_unique_and_every_rule_has_its_fields() {
    let mut ids = std::collections::BTreeSet::new();
    for rule in RULES.iter() {
        assert!(ids.insert(rule.id), "duplicate id {}", rule.id);
        assert!(
            !rule.description.is_empty() && !rule.family.is_empty(),
            "{}",
            rule.id
        );
        assert!(
            rule.source == "opsbook"
                || rule.source.contains("gitleaks v8.30.1")
                || rule.source.starts_with("opsbook,"),
            "{}: {}",
            rule.id,
            rule.source
        );
        assert!(
            rule.keywords.iter().all(|k| *k == k.to_lowercase()),
            "{}",
            rule.id
        );
    }
    assert!(RULES.len() >= 200, "{}", RULES.len());
}

#[test]
fn a_table_cell_is_assigned_to_its_column_not_to_the_cell_before() {
    // kubernetes/sig-release's feature tracking sheets: a SIG column, then a handle.
    let sheet = "Feature Name,Feature Status,SIG,Assignee,Proposal,Docs PR\n\
        587: Resource Quota API,Tracked,api-machinery,vikaschoudhary16,,,,Yes,\
        https://github.com/kubernetes/website/pull/10217,,Support for the ability\n";
    assert_eq!(ids(sheet), ["secret-assignment"], "as plain text it pairs");
    assert!(scan_file_text("releases/features.csv", sheet).is_empty());
    let key = fake(
        "",
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        40,
        7,
    );
    let creds = format!("Service,API token\nbilling-api,{key}\n");
    assert_eq!(scan_file_text("creds.csv", &creds).len(), 1);
    let owners = format!("Service,Owner\nbilling-api,{key}\n");
    assert!(scan_file_text("owners.csv", &owners).is_empty());
}
