//! Secrets: the leak scanner refuses every leaked fixture (values generated here, so no
//! key-shaped literal is committed), the last good site stays and holds none of the
//! values; the seeds' inventory through `opsbook secrets`.

use std::path::Path;

use crate::harness::BookTest;

/// A deterministic pseudo-random string over `alphabet` (realistic but invalid).
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

const UPPER32: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
pub(crate) const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// (rule, file, contents, values that must never be printed or published).
fn leaked_fixtures() -> Vec<(&'static str, &'static str, String, Vec<String>)> {
    let aws = fake(&["AK", "IA"].concat(), UPPER32, 16, 101);
    let aws_secret = fake("", B64, 40, 102);
    let ghp = fake(&["gh", "p_"].concat(), ALNUM, 36, 103);
    let glpat = fake(&["gl", "pat-"].concat(), ALNUM, 20, 104);
    let slack = format!(
        "{}-1234567890-{}",
        ["xo", "xb"].concat(),
        fake("", ALNUM, 24, 105)
    );
    let hook = format!(
        "{}/services/{}/{}/{}",
        ["hooks.", "slack.com"].concat(),
        fake("T", UPPER32, 8, 106),
        fake("B", UPPER32, 10, 107),
        fake("", ALNUM, 24, 108)
    );
    let stripe = fake(&["sk", "_live_"].concat(), ALNUM, 24, 109);
    let google = fake(&["AI", "za"].concat(), ALNUM, 35, 110);
    let body: Vec<String> = (0..6).map(|i| fake("", B64, 64, 120 + i)).collect();
    let jwt = format!(
        "{}.{}.{}",
        fake("eyJ", ALNUM, 20, 111),
        fake("eyJ", ALNUM, 40, 112),
        fake("", ALNUM, 43, 113)
    );
    let pw = fake("", ALNUM, 18, 114);
    let generic = fake("", ALNUM, 32, 115);
    let key = format!(
        "{}\n{}\n{}",
        ["-----BEGIN RSA ", "PRIVATE KEY-----"].concat(),
        body.join("\n"),
        ["-----END RSA ", "PRIVATE KEY-----"].concat()
    );
    let md = |s: &str| format!("# Leak\n\nSome text.\n\n```bash\n{s}\n```\n");
    vec![
        (
            "aws-access-key-id",
            "content/aws.md",
            md(&format!("export AWS_ACCESS_KEY_ID={aws}")),
            vec![aws.clone()],
        ),
        (
            "aws-secret-access-key",
            "content/aws2.md",
            md(&format!("aws_secret_access_key = {aws_secret}")),
            vec![aws_secret],
        ),
        (
            "github-token",
            "content/gh.md",
            format!("# GH\n\nUse `{ghp}` to push.\n"),
            vec![ghp],
        ),
        (
            "gitlab-token",
            "content/gl.yaml",
            format!("title: GL\nitems:\n  - text: \"token {glpat}\"\n"),
            vec![glpat],
        ),
        (
            "slack-token",
            "content/slack.md",
            md(&format!("SLACK_BOT={slack}")),
            vec![slack],
        ),
        (
            "slack-webhook-url",
            "content/hook.md",
            format!("---\ntitle: Hook\nwebhook: https://{hook}\n---\n# Hook\n"),
            vec![hook],
        ),
        (
            "stripe-live-key",
            "state/production.yaml",
            format!("# note: {stripe}\n"),
            vec![stripe],
        ),
        (
            "google-api-key",
            "themes/default/templates/extra.html",
            format!(
                "<script src=\"https://maps.googleapis.com/maps/api/js?key={google}\"></script>\n"
            ),
            vec![google],
        ),
        ("private-key", "content/key.md", md(&key), body),
        (
            "jwt",
            "content/jwt.md",
            md(&format!(
                "curl -H 'Authorization: Bearer {jwt}' https://api"
            )),
            vec![jwt],
        ),
        (
            "url-password",
            "content/db.md",
            md(&format!(
                "DATABASE_URL=postgres://app:{pw}@db.internal:5432/app"
            )),
            vec![pw],
        ),
        (
            "secret-assignment",
            "content/env.md",
            md(&format!("CLIENT_SECRET={generic}")),
            vec![generic],
        ),
    ]
}

fn good_book() -> BookTest {
    let mut t = BookTest::empty();
    t.write("content/index.md", "# Home\n\nWelcome.\n");
    t
}

#[test]
fn every_leaked_fixture_is_refused_masked_and_the_last_site_stays() {
    let fixtures = leaked_fixtures();
    let (mut refused, mut masked) = (0, 0);
    for (rule, path, contents, values) in &fixtures {
        let mut t = good_book();
        t.run(["build"]).code(0);
        let before = t.tree("site");
        t.write(path, contents)
            .run(["build"])
            .code(1)
            .expect_stderr_of(rule);
        refused += 1;
        let err = t.stderr_text();
        if values.iter().all(|v| !err.contains(v.as_str())) {
            masked += 1;
        }
        assert_eq!(t.tree("site"), before, "{rule}: the last good site changed");
        t.run(["check"])
            .code(1)
            .stderr_contains(&format!("error[secret-leak]: {path}:"));
        t.run(["-v", "check"]).code(1);
        let verbose = t.stderr_text();
        for v in values {
            assert!(!verbose.contains(v.as_str()), "{rule}: -v prints the value");
        }
    }
    assert_eq!((refused, masked), (fixtures.len(), fixtures.len()));
}

#[test]
fn allowed_leaks_build_and_the_site_holds_no_other_value() {
    let value = fake(&["gh", "p_"].concat(), ALNUM, 36, 201);
    let mut t = good_book();
    t.write(
        "content/doc.md",
        format!("# Doc\n\nThe revoked token `{value}` <!-- opsbook:allow-secret -->\n"),
    );
    t.run(["build"]).code(0);
    let mut t = good_book();
    t.write("book.toml", "[secrets]\nallow = [\"^ghp_\"]\n")
        .write("content/doc.md", format!("# Doc\n\nrevoked `{value}`\n"))
        .run(["build"])
        .code(0);
}

#[test]
fn bad_allow_pattern_is_a_config_error() {
    good_book()
        .write("book.toml", "[secrets]\nallow = [\"(\"]\n")
        .run(["check"])
        .code(1)
        .expect_stderr();
}

fn seeds_book() -> Option<BookTest> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("*** SKIPPED: ../shared/seeds not found ***");
        return None;
    }
    let mut t = BookTest::empty();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        t.write(&format!("content/{name}"), std::fs::read(&p).unwrap());
    }
    Some(t)
}

fn secret<'a>(json: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    json["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not in the inventory: {json}"))
}

fn envs(s: &serde_json::Value) -> Vec<&str> {
    s["environments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect()
}

fn pages(s: &serde_json::Value) -> Vec<&str> {
    s["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["page"].as_str().unwrap())
        .collect()
}

#[test]
fn seeds_inventory() {
    let Some(mut t) = seeds_book() else { return };
    t.run(["secrets", "--format", "json"]).code(0);
    let json: serde_json::Value = serde_json::from_str(&t.stdout_text()).unwrap();
    let hypex = "hypex-audit-and-deployment-guide.html";
    for name in [
        "SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "GOOGLE_OAUTH2_KEY",
        "GOOGLE_OAUTH2_SECRET",
    ] {
        let s = secret(&json, name);
        assert!(pages(s).contains(&hypex), "{name}");
        assert_eq!(s["store"], "Kubernetes secret django-secrets", "{name}");
        // Altruria's own list under "Environment Variables File" declares SECRET_KEY
        // (for production); the manifest's keys are uses only.
        assert_eq!(s["declared"], name == "SECRET_KEY", "{name}");
    }
    assert_eq!(
        envs(secret(&json, "DATABASE_URL")),
        ["staging", "production"]
    );
    let kube = secret(&json, "KUBECONFIG");
    assert_eq!(kube["store"], "GitHub Actions secret");
    // Listed under "Configure GitHub Secrets": declared by the runbook itself.
    assert_eq!(kube["declared"], true);
    assert!(pages(kube).contains(&hypex));
    let r = &kube["references"][0];
    assert!(
        r["line"].as_u64().unwrap() > 0 && r["anchor"].is_string(),
        "{r}"
    );
    let pg = secret(&json, "POSTGRES_PASSWORD");
    assert!(pages(pg).contains(&"openway-production-readiness.html"));
    let altruria = "altruria-production-deployment-checklist.html";
    for name in ["SECRET_KEY", "DB_PASSWORD"] {
        assert!(pages(secret(&json, name)).contains(&altruria), "{name}");
    }
    assert_eq!(envs(secret(&json, "DB_PASSWORD")), ["production"]);
    // Configuration variables are not secrets.
    for name in ["DEBUG", "ALLOWED_HOSTS", "DB_HOST", "POSTGRES_DB"] {
        assert!(
            json["secrets"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["name"] != name),
            "{name}"
        );
    }
    t.run(["secrets", "--env", "staging"])
        .code(0)
        .stdout_contains("DATABASE_URL");
    assert!(!t.stdout_text().contains("DB_PASSWORD"));
    t.run(["secrets", "--format", "csv"])
        .code(0)
        .stdout_contains("name,environments,store");
    t.run(["secrets", "--env", "prod"]).code(1).expect_stderr();
}

#[test]
fn seeds_build_with_inventory_pages_and_no_values() {
    let Some(mut t) = seeds_book() else { return };
    t.run(["build"]).code(0);
    t.file_exists("site/secrets/index.html")
        .file_exists("site/secrets/production.html");
    let prod = t.read("site/secrets/production.html");
    assert!(
        prod.contains("DB_PASSWORD")
            && prod.contains("altruria-production-deployment-checklist.html#")
    );
    let matrix = t.read("site/secrets/index.html");
    assert!(matrix.contains("undeclared"));
}

#[test]
fn declared_secrets_yaml_marks_unused_and_reports_mistakes() {
    let mut t = good_book();
    t.write(
        "content/secrets.yaml",
        "- name: API_KEY\n  store: Vault\n  environments: [production]\n  owner: ops\n",
    )
    .run(["secrets", "--format", "json"])
    .code(0);
    let json: serde_json::Value = serde_json::from_str(&t.stdout_text()).unwrap();
    let s = secret(&json, "API_KEY");
    assert_eq!(
        (s["declared"].as_bool(), s["owner"].as_str()),
        (Some(true), Some("ops"))
    );
    t.run(["build"]).code(0);
    assert!(t.read("site/secrets/production.html").contains("unused"));
    t.write("content/secrets.yaml", "- name: API_KEY\n  colour: red\n")
        .run(["check"])
        .code(1)
        .expect_stderr();
}

#[test]
fn secrets_csv_defuses_spreadsheet_formulas() {
    let mut t = good_book();
    t.write(
        "content/secrets.yaml",
        "- name: API_KEY\n  store: \"=HYPERLINK(\\\"http://x\\\")\"\n  \
         description: \"@SUM(1+1)\"\n  environments: [production]\n",
    )
    .run(["secrets", "--format", "csv"])
    .code(0)
    .expect_stdout();
    let csv = t.stdout_text();
    let row = csv
        .lines()
        .find(|l| l.starts_with("API_KEY"))
        .expect("a row");
    assert!(row.contains(",\"'=HYPERLINK("), "{row}");
    assert!(row.ends_with(",'@SUM(1+1)"), "{row}");
}

#[test]
fn a_checklist_item_naming_a_secret_links_to_the_inventory() {
    let mut t = BookTest::empty();
    t.write(
        "content/go-live.yml",
        "title: Go live\nphases:\n  - title: Security\n    items:\n      - id: secret-key\n        text: Generate the Django key\n        environments: [production]\n        secrets: [DJANGO_SECRET_KEY]\nsecrets:\n  - name: DJANGO_SECRET_KEY\n    store: \"kubernetes: secret/django\"\n    environments: [production]\n",
    );
    t.run(["secrets", "--format", "json"]).code(0);
    let json: serde_json::Value = serde_json::from_str(&t.stdout_text()).unwrap();
    let secret = &json["secrets"][0];
    assert_eq!(secret["name"], "DJANGO_SECRET_KEY");
    assert_eq!(secret["declared"], true);
    let refs = secret["references"].as_array().unwrap();
    assert!(
        refs.iter()
            .any(|r| r["page"] == "go-live.html" && r["anchor"] == "secret-key"),
        "{refs:?}"
    );
    t.run(["build"]).code(0);
    let page = t.read("site/secrets/production.html");
    assert!(
        page.contains("go-live.html#secret-key"),
        "the inventory links the item"
    );
    assert!(!page.contains("unused"), "the item's use counts");
    // And the item links back to the secret's entry.
    let item_page = t.read("site/go-live.html");
    assert!(
        item_page.contains(
            "<a class=\"secret-link\" href=\"secrets/index.html#secret-DJANGO_SECRET_KEY\"><code>DJANGO_SECRET_KEY</code></a>"
        ),
        "{item_page}"
    );
    let index = t.read("site/secrets/index.html");
    assert!(
        index.contains("id=\"secret-DJANGO_SECRET_KEY\""),
        "the link's target exists"
    );
    let indexed = t.tree("site/search").values().any(|bytes| {
        String::from_utf8_lossy(bytes).contains("secrets/index.html#secret-DJANGO_SECRET_KEY")
    });
    assert!(indexed, "secret names are in the search index");
}

/// Every text a build shows about `root`: each diagnostic as printed (message, source
/// line, hint) and its fields on their own.
fn shown_text(root: &Path) -> String {
    let out = opsbook::build(root, &opsbook::BuildOptions { check_only: true }).unwrap();
    let mut text = String::new();
    for d in out.diagnostics.iter() {
        text.push_str(&format!("{d}\n{}\n{:?}\n", d.message, d.hint));
    }
    // A fingerprint's hash (16 hex digits after `:`) is no part of the value; by chance
    // it may share five characters with it.
    let hash = regex::Regex::new(r":[0-9a-f]{16}\b").unwrap();
    hash.replace_all(&text, ":<hash>").into_owned()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// A refused value of any length from 24 characters on (shorter random values are
    /// not always refused), in a page and in a checklist line that also has a YAML
    /// error and a broken link: no diagnostic shows 5 of its characters in a row.
    #[test]
    fn no_diagnostic_shows_more_than_4_characters_of_a_value(
        len in 24usize..10_000,
        seed in 0u64..1_000_000,
    ) {
        // No vowels and no `x`: a random value must not spell a placeholder word
        // (`test`, `xxxx`), which the scanner rightly passes.
        let value = fake("", "BCDFGHJKLMNPQRSTVWZbcdfghjkmnpqrstvwz23456789", len, seed);
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("book.toml"), "[book]\ntitle = \"P\"\n").unwrap();
        let lines = [
            format!("password = \"Zq9{value}\""),
            format!("[gone](missing.md) api_key: Zq9{value}"),
            format!("postgres://admin:Zq9{value}@db.internal/app"),
            format!("export GITHUB_TOKEN=ghp_{value}"),
            format!("AKIAZ7QRSTUVWXYZ2345{value}"),
        ];
        std::fs::write(
            root.join("content/page.md"),
            format!("# Page\n\n{}\n", lines.join("\n\n")),
        )
        .unwrap();
        std::fs::write(
            root.join("content/list.yaml"),
            format!("items: [{{text: \"x\", password: \"Zq9{value}\"}}\n"),
        )
        .unwrap();
        let shown = shown_text(root);
        let chars: Vec<char> = value.chars().collect();
        for window in chars.windows(5) {
            let piece: String = window.iter().collect();
            let at = shown.find(&piece).unwrap_or(0);
            let from = shown[..at].rfind('\n').map_or(0, |i| i + 1);
            proptest::prop_assert!(!shown.contains(&piece), "`{}` shown in:\n{}", piece, &shown[from..(at + 200).min(shown.len())]);
        }
    }
}

#[test]
fn a_team_adopts_with_a_baseline_and_only_new_findings_are_refused() {
    let mut t = BookTest::empty();
    let token = fake("ghp_", ALNUM, 36, 41);
    let password = fake("Zq9", ALNUM, 20, 42);
    t.write(
        "content/a.md",
        format!("# A\n\nexport GITHUB_TOKEN={token}\n\npassword = \"{password}\"\n"),
    );
    t.run(["check"]).code(1);
    t.run(["check", "--baseline"])
        .code(0)
        .expect_stderr_of("baseline");
    let allow = t.read(".opsbook-allow");
    assert_eq!(
        allow.lines().filter(|l| !l.starts_with('#')).count(),
        2,
        "{allow}"
    );
    assert!(
        !allow.contains(&token[4..]) && !allow.contains(&password[3..]),
        "no value in {allow}"
    );
    // A new finding is refused; its hint's command allows it.
    let other = fake("Rr8", ALNUM, 24, 43);
    t.write(
        "content/a.md",
        format!(
            "# A\n\nexport GITHUB_TOKEN={token}\n\npassword = \"{password}\"\n\ntoken: {other}\n"
        ),
    );
    t.run(["check"]).code(1).expect_stderr_of("new-finding");
    let stderr = t.stderr_text();
    let fp = stderr
        .split("opsbook secrets allow ")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .expect("the hint names the command")
        .to_string();
    t.run(["secrets", "allow", &fp]).code(0);
    t.run(["build"]).code(0);
    t.run(["secrets", "allow", "not-a-fingerprint"])
        .code(1)
        .expect_stderr_of("bad");
}

#[test]
fn leaks_can_be_warnings_per_book_or_per_rule() {
    let mut t = BookTest::empty();
    let token = fake("ghp_", ALNUM, 36, 44);
    let password = fake("Zq9", ALNUM, 20, 45);
    t.write(
        "content/a.md",
        format!("# A\n\nexport GITHUB_TOKEN={token}\n\npassword = \"{password}\"\n"),
    );
    t.write(
        "book.toml",
        "[secrets.rules]\ngithub-token = \"warn\"\nsecret-assignment = \"off\"\n",
    );
    t.run(["check"]).code(0).expect_stderr_of("per-rule");
    t.write(
        "book.toml",
        "[secrets]\nleaks = \"warn\"\n[secrets.rules]\ngithub-tokn = \"off\"\n",
    );
    t.run(["check"]).code(1).expect_stderr_of("unknown-rule");
}

#[test]
fn secrets_in_book_toml_and_in_file_names_are_refused() {
    let mut t = BookTest::empty();
    let token = fake("ghp_", ALNUM, 36, 46);
    t.write(
        "book.toml",
        format!("[book]\ntitle = \"Ops\"\ndescription = \"mirror with {token}\"\n"),
    );
    t.write("content/index.md", "# Home\n");
    let name = fake("xoxb-1234567890-", ALNUM, 24, 47);
    t.write(&format!("content/{name}.md"), "# Token page\n");
    t.run(["check"]).code(1).expect_stderr();
    let stderr = t.stderr_text();
    assert!(
        !stderr.contains(&token[6..]) && !stderr.contains(&name[20..]),
        "{stderr}"
    );
}
