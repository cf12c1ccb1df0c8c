//! Runs worked in GitHub issues (issue 23): `opsbook runs import-github` on a recorded
//! answer of GitHub's GraphQL API (tests/fixtures/runs/github/issues.json, the shape
//! `gh api graphql --paginate --slurp` prints), idempotence, a merge with local events,
//! malformed answers, and the "Start a run on GitHub" links of the built site.

use crate::harness::BookTest;

const ISSUES: &str = include_str!("../fixtures/runs/github/issues.json");
const RUN12: &str = "runs/gh-12-deploy-production.yaml";

/// The runs fixture book without its runs.
fn book() -> BookTest {
    let mut t = BookTest::fixture("runs/book");
    for f in std::fs::read_dir(t.root().join("runs")).unwrap() {
        std::fs::remove_file(f.unwrap().path()).unwrap();
    }
    t.write("issues.json", ISSUES);
    t
}

#[test]
fn an_issue_with_three_editors_a_skip_a_refused_sign_off_and_a_close() {
    let mut t = book();
    t.run(["runs", "import-github", "issues.json"])
        .code(0)
        .stdout("gh-12-deploy-production\ngh-13-deploy-staging\n")
        .expect_stderr();
    insta::assert_snapshot!("imported_run_12", t.read(RUN12));
    insta::assert_snapshot!("imported_run_13", t.read("runs/gh-13-deploy-staging.yaml"));
    t.run(["check"]).code(0);
    t.run(["runs", "--json"])
        .code(0)
        .stdout_contains("\"finished\"");
}

#[test]
fn importing_twice_changes_no_byte() {
    let mut t = book();
    t.run(["runs", "import-github", "issues.json"]).code(0);
    let first = (t.read(RUN12), t.read("runs/gh-13-deploy-staging.yaml"));
    t.run(["runs", "import-github", "issues.json"])
        .code(0)
        .stdout("");
    assert_eq!(
        (t.read(RUN12), t.read("runs/gh-13-deploy-staging.yaml")),
        first
    );
}

/// Issue 12 as it stood at `time`: open, its body and comments as they were then.
fn issue_12_at(time: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(ISSUES).unwrap();
    let issue = &mut v[0]["data"]["repository"]["issues"]["nodes"][0];
    let edits = issue["userContentEdits"]["nodes"].as_array_mut().unwrap();
    edits.retain(|e| e["editedAt"].as_str().unwrap() <= time);
    let newest = edits[0]["diff"].clone();
    issue["userContentEdits"]["totalCount"] = edits.len().into();
    issue["body"] = newest;
    let comments = issue["comments"]["nodes"].as_array_mut().unwrap();
    comments.retain(|c| c["createdAt"].as_str().unwrap() <= time);
    issue["state"] = "OPEN".into();
    issue["stateReason"] = serde_json::Value::Null;
    issue["closedAt"] = serde_json::Value::Null;
    issue["timelineItems"]["nodes"] = serde_json::json!([]);
    serde_json::to_string_pretty(&v).unwrap()
}

/// Issue 12 as GitHub returns it when its body has more versions than the query's
/// `first: 100`: only the newest `n` versions, and the real `totalCount`.
fn issue_12_newest_versions(n: usize) -> String {
    let mut v: serde_json::Value = serde_json::from_str(ISSUES).unwrap();
    let edits = &mut v[0]["data"]["repository"]["issues"]["nodes"][0]["userContentEdits"];
    edits["nodes"].as_array_mut().unwrap().truncate(n);
    serde_json::to_string_pretty(&v).unwrap()
}

/// The workflow imports after every edit, so when GitHub keeps more versions than it
/// returns, the oldest returned is only a starting point: nothing is attributed to it.
#[test]
fn a_body_history_longer_than_github_returns_starts_from_the_last_import() {
    let mut t = book();
    t.write("early.json", issue_12_at("2026-12-05T10:20:00Z"));
    t.run(["runs", "import-github", "early.json"]).code(0);
    t.write("late.json", issue_12_newest_versions(2));
    t.run(["runs", "import-github", "late.json"])
        .code(0)
        .stderr_contains("GitHub returned only the newest 2 versions of the body");
    let mut whole = book();
    whole.run(["runs", "import-github", "issues.json"]).code(0);
    assert_eq!(t.read(RUN12), whole.read(RUN12), "the same record");
}

#[test]
fn a_run_worked_on_github_and_locally_is_merged_by_time() {
    let mut t = book();
    t.write("early.json", issue_12_at("2026-12-05T10:12:00Z"));
    t.run(["runs", "import-github", "early.json"]).code(0);
    // Meanwhile, on a laptop: a note at 10:25, between bob's tick (10:20) and dave's (10:30).
    t.set_env("OPSBOOK_NOW", "2026-12-05T10:25:00Z");
    t.run([
        "run",
        "note",
        "gh-12-deploy-production",
        "backup",
        "--note",
        "restore tested",
        "--by",
        "erin",
    ])
    .code(0);
    let local = "  - {at: \"2026-12-05T10:25:00Z\", by: \"erin\", action: note, item: \"backup\", phase: \"prepare\", note: \"restore tested\"}\n";
    assert!(t.read(RUN12).contains(local));
    t.run(["runs", "import-github", "issues.json"]).code(0);
    let merged = t.read(RUN12);
    insta::assert_snapshot!("merged_run_12", merged);
    let times: Vec<&str> = merged
        .lines()
        .filter_map(|l| l.strip_prefix("  - {at: \""))
        .map(|l| &l[..20])
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "in time order: {times:?}"
    );
    assert!(merged.contains(local), "the local event is kept");
    assert_eq!(times.len(), 9, "8 from GitHub and 1 local");
    t.run(["check"]).code(0);
    t.run(["runs", "import-github", "issues.json"])
        .code(0)
        .stdout("");
    assert_eq!(t.read(RUN12), merged, "and the merge is idempotent");
}

#[test]
fn a_malformed_answer_names_its_json_path_and_writes_nothing() {
    let mut t = book();
    t.write(
        "bad.json",
        ISSUES.replace("\"number\": 13", "\"number\": \"13\""),
    );
    t.run(["runs", "import-github", "bad.json"])
        .code(1)
        .expect_stderr();
    t.write("cut.json", &ISSUES[..200]);
    t.run(["runs", "import-github", "cut.json"])
        .code(1)
        .stderr_contains("cut.json: this is not JSON");
    t.run(["runs", "import-github", "missing.json"]).code(1);
    assert!(
        std::fs::read_dir(t.root().join("runs"))
            .unwrap()
            .next()
            .is_none()
    );
}

#[test]
fn runbook_pages_link_to_start_a_run_only_with_a_repository() {
    let mut t = book();
    t.run(["build"]).code(0);
    assert!(!t.read("site/deploy.html").contains("github-runs"));
    let toml = t.read("book.toml") + "\n[site]\nrepository = \"acme/runbooks\"\n";
    t.write("book.toml", toml);
    t.run(["build"]).code(0);
    let html = t.read("site/deploy.html");
    for env in ["staging", "production"] {
        let needle = format!(
            "href=\"https://github.com/acme/runbooks/issues/new?title=Run%3A+Deploy+the+API+%28{env}%29&amp;labels=opsbook-run%2C{env}&amp;body="
        );
        assert!(html.contains(&needle), "no link for {env}");
    }
    t.run(["runs", "github-forms"]).code(0).stdout("");
}
