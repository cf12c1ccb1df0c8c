//! Runs from the command line (issue 22): `opsbook run …` and `opsbook runs …` through
//! the real binary, every refusal with its whole stderr, the audit export's exact text,
//! concurrent writers, and a run that outlives an edit of its runbook.

use std::fs;

use crate::harness::BookTest;

const NOW: &str = "2026-12-05T10:00:00Z";

fn book() -> BookTest {
    let mut t = BookTest::fixture("runs/book");
    t.set_env("OPSBOOK_NOW", NOW);
    t
}

/// Starts a run and returns its id (stdout's one line).
fn start(t: &mut BookTest, args: &[&str]) -> String {
    let mut all = vec!["run", "start"];
    all.extend_from_slice(args);
    t.run(&all).code(0);
    t.stdout_text().trim().to_string()
}

#[test]
fn a_whole_run_with_a_gate_and_its_refusals() {
    let mut t = book();
    let id = start(
        &mut t,
        &[
            "deploy",
            "--env",
            "production",
            "--by",
            "alice",
            "--version",
            "v1.4.0",
        ],
    );
    assert_eq!(id, "2026-12-05-1000-deploy-production");
    let file = format!("runs/{id}.yaml");
    let before = t.read(&file);
    // Gate: the release items wait for the prepare sign-off.
    t.run(["run", "tick", &id, "rollout", "--by", "alice"])
        .code(1)
        .expect_stderr();
    assert_eq!(t.read(&file), before, "a refusal writes nothing");
    t.run([
        "run",
        "tick",
        &id,
        "backup",
        "--by",
        "alice",
        "--note",
        "snapshot 7",
        "--evidence",
        "https://ci.example.com/1",
    ])
    .code(0)
    .expect_stderr();
    // Skipping needs a reason (clap requires the flag; a blank one is refused).
    t.run([
        "run", "skip", &id, "purge", "--by", "alice", "--reason", " ",
    ])
    .code(1)
    .expect_stderr();
    t.run([
        "run",
        "skip",
        &id,
        "purge",
        "--by",
        "alice",
        "--reason",
        "no static files",
    ])
    .code(0);
    // Separation of duties, then approvers, then a good sign-off, then only once.
    t.run(["run", "sign", &id, "prepare", "--by", "alice"])
        .code(1)
        .expect_stderr();
    t.run(["run", "sign", &id, "prepare", "--by", "bob"])
        .code(1)
        .expect_stderr();
    t.run(["run", "sign", &id, "prepare", "--by", "carol"])
        .code(0)
        .expect_stderr();
    t.run(["run", "sign", &id, "prepare", "--by", "dave"])
        .code(1)
        .expect_stderr();
    // A signed phase is closed.
    t.run(["run", "untick", &id, "backup", "--by", "alice"])
        .code(1)
        .expect_stderr();
    t.run(["run", "tick", &id, "rollout", "--by", "alice"])
        .code(0);
    t.run(["run", "finish", &id, "--by", "alice"])
        .code(1)
        .expect_stderr();
    t.run(["run", "tick", &id, "smoke", "--by", "bob"]).code(0);
    t.run(["run", "untick", &id, "smoke", "--by", "bob"])
        .code(0);
    t.run(["run", "tick", &id, "smok", "--by", "bob"])
        .code(1)
        .expect_stderr();
    t.run(["run", "tick", &id, "smoke", "--by", "bob"]).code(0);
    t.run(["run", "finish", &id, "--by", "alice"])
        .code(0)
        .expect_stderr();
    t.run(["run", "note", &id, "smoke", "--by", "bob", "--note", "late"])
        .code(1)
        .expect_stderr();
    t.run(["run", "show", &id]).code(0).expect_stdout();
    insta::assert_snapshot!("whole_run_file", t.read(&file));
    t.run(["check"]).code(0);
}

#[test]
fn start_refusals() {
    let mut t = book();
    t.run(["run", "start", "deploy", "--by", "a"]).code(2);
    t.run(["run", "start", "deplyo", "--env", "staging", "--by", "a"])
        .code(1)
        .expect_stderr();
    t.run(["run", "start", "deploy", "--env", "qa", "--by", "a"])
        .code(1)
        .expect_stderr();
    t.run(["run", "tick", "no-such-run", "backup", "--by", "a"])
        .code(1)
        .expect_stderr();
    t.run([
        "run",
        "abort",
        "2026-12-02-0830-onboarding-erin",
        "--reason",
        "",
        "--by",
        "a",
    ])
    .code(1)
    .expect_stderr();
    assert!(
        !t.root()
            .join("runs/2026-12-05-1000-deplyo-staging.yaml")
            .exists()
    );
}

#[test]
fn onboarding_runs_are_for_a_person() {
    let mut t = book();
    let id = start(&mut t, &["onboarding", "--for", "frank", "--by", "frank"]);
    assert_eq!(id, "2026-12-05-1000-onboarding-frank");
    t.run(["run", "tick", &id, "laptop", "--by", "frank"])
        .code(0);
    t.run(["run", "tick", &id, "vpn", "--by", "frank"]).code(0);
    t.run(["run", "tick", &id, "shadow-deploy", "--by", "frank"])
        .code(0);
    // The shadowing phase is a gate: its operator cannot sign it; a mentor can.
    t.run(["run", "sign", &id, "shadow", "--by", "frank"])
        .code(1);
    t.run(["run", "sign", &id, "shadow", "--by", "grace"])
        .code(0);
    t.run(["run", "finish", &id, "--by", "frank"]).code(0);
    t.run(["runs", "--env", "frank", "--json"])
        .code(0)
        .expect_stdout();
}

#[test]
fn runs_lists_and_filters() {
    let mut t = book();
    t.run(["runs"]).code(0).expect_stdout();
    t.run(["runs", "--open"]).code(0).expect_stdout();
    t.run(["runs", "--runbook", "deploy", "--env", "staging", "--json"])
        .code(0)
        .expect_stdout();
}

#[test]
fn audit_export_csv_json_and_markdown() {
    let mut t = book();
    t.run(["runs", "export", "--format", "csv"])
        .code(0)
        .expect_stdout();
    t.run([
        "runs",
        "export",
        "--format",
        "json",
        "--since",
        "2026-12-01",
    ])
    .code(0)
    .expect_stdout();
    t.run(["runs", "export", "--format", "md", "--until", "2026-11-30"])
        .code(0)
        .expect_stdout();
    t.run(["runs", "export", "--format", "csv", "--since", "yesterday"])
        .code(1)
        .expect_stderr();
}

#[test]
fn two_runs_started_in_the_same_minute_get_two_files() {
    let mut t = book();
    let a = start(&mut t, &["deploy", "--env", "staging", "--by", "a"]);
    let b = start(&mut t, &["deploy", "--env", "staging", "--by", "b"]);
    assert_eq!(a, "2026-12-05-1000-deploy-staging");
    assert_eq!(b, "2026-12-05-1000-deploy-staging-2");
    t.run(["runs", "--open"])
        .code(0)
        .stdout_contains(&a)
        .stdout_contains(&b);
}

#[test]
fn concurrent_writers_on_one_run_all_land() {
    let mut t = book();
    let id = start(&mut t, &["onboarding", "--for", "ivy", "--by", "ivy"]);
    let root = t.root().to_path_buf();
    // Six writers at once: each reads, checks and appends under the book's write lock,
    // so none is lost and none overwrites another.
    let handles: Vec<_> = (0..6)
        .map(|n| {
            let root = root.clone();
            let id = id.clone();
            let item = if n % 2 == 0 { "laptop" } else { "vpn" };
            std::thread::spawn(move || {
                std::process::Command::new(env!("CARGO_BIN_EXE_opsbook"))
                    .args(["run", "note", &id, item, "--by", "ivy"])
                    .args(["--note", &format!("note {n}")])
                    .env("OPSBOOK_NOW", NOW)
                    .current_dir(&root)
                    .output()
                    .unwrap()
            })
        })
        .collect();
    for h in handles {
        let out = h.join().unwrap();
        assert!(out.status.success(), "{out:?}");
    }
    let text = fs::read_to_string(root.join(format!("runs/{id}.yaml"))).unwrap();
    for n in 0..6 {
        assert!(
            text.contains(&format!("\"note {n}\"")),
            "note {n} lost:\n{text}"
        );
    }
    assert_eq!(text.matches("action: note").count(), 6, "{text}");
}

#[test]
fn a_run_outlives_an_edit_of_its_runbook() {
    let mut t = book();
    let run = "runs/2026-11-30-0900-deploy-production.yaml";
    let before = t.read(run);
    // `smoke` is renamed, `purge` removed, `warm` added.
    t.write(
        "content/deploy.md",
        "# Deploy the API\n\n## Prepare {#prepare gate approvers=carol,dave}\n\n\
         - [ ] Back up the database {#backup}\n- [ ] Warm the cache {#warm}\n\n\
         ## Release {#release}\n\n- [ ] Roll out the new version {#rollout}\n\
         - [ ] Smoke test {#smoke-test env=production}\n",
    );
    t.run(["check"]).code(0).expect_stderr();
    t.run(["run", "show", "2026-11-30-0900-deploy-production"])
        .code(0)
        .expect_stdout();
    assert_eq!(t.read(run), before, "nothing is dropped from the record");
}

#[test]
fn check_reports_broken_runs_with_their_lines() {
    let mut t = book();
    t.write(
        "runs/bad.yaml",
        "runbook: deploy\nenvironment: production\n\
         started: {by: alice, at: \"2026-12-01T10:00:00Z\"}\nevents:\n\
         \x20 - {at: \"2026-12-01T10:05:00Z\", by: alice, action: tick, item: rollout, phase: release}\n\
         \x20 - {at: \"2026-12-01T10:06:00Z\", by: alice, action: tick, item: backup, phase: prepare}\n\
         \x20 - {at: \"2026-12-01T10:01:00Z\", by: alice, action: skip, item: purge, phase: prepare, reason: x}\n\
         \x20 - {at: \"2026-12-01T10:07:00Z\", by: alice, action: skip, item: purge, phase: prepare, reason: x}\n\
         \x20 - {at: \"2026-12-01T10:08:00Z\", by: alice, action: sign, phase: prepare}\n\
         \x20 - {at: \"2026-12-01T10:09:00Z\", by: alice, action: tik, item: backup}\n\
         \x20 - {at: \"yesterday\", by: alice, action: tick, item: backup}\n",
    );
    t.write(
        "runs/gone.yaml",
        "runbook: deploy-old\nenvironment: qa\n\
         started: {by: alice, at: \"2026-12-01T10:00:00Z\"}\nevents:\n",
    );
    t.write("runs/notes.txt", "not a run: left alone\n");
    t.run(["check"]).code(1).expect_stderr();
    // A broken file is refused by writers, and left as it is.
    let before = t.read("runs/bad.yaml");
    t.run(["run", "tick", "bad", "smoke", "--by", "bob"])
        .code(1)
        .expect_stderr();
    assert_eq!(t.read("runs/bad.yaml"), before);
}

#[test]
fn appending_needs_events_last() {
    let mut t = book();
    t.write(
        "runs/odd.yaml",
        "runbook: onboarding\nfor: kim\nevents:\nstarted: {by: kim, at: \"2026-12-01T10:00:00Z\"}\n",
    );
    let before = t.read("runs/odd.yaml");
    t.run(["run", "tick", "odd", "laptop", "--by", "kim"])
        .code(1)
        .expect_stderr();
    assert_eq!(t.read("runs/odd.yaml"), before);
}

#[test]
fn estimates_that_are_not_durations_are_located() {
    let mut t = book();
    t.write(
        "content/deploy.md",
        "# D\n\n## Prepare {#prepare estimate=soon}\n\n- [ ] A {#a estimate=2x}\n\n## Notes {gate}\n\ntext\n",
    );
    t.write(
        "content/onboarding.yaml",
        "title: O\nphases:\n  - title: P\n    estimate: a while\n    items: [x]\n",
    );
    t.run(["check"]).code(1).expect_stderr();
}

#[test]
fn a_secret_typed_into_a_note_is_never_written() {
    let mut t = book();
    let id = "2026-12-02-0830-onboarding-erin";
    let before = t.read(&format!("runs/{id}.yaml"));
    let token = "ghp_R2d4k9XzQ7mN3pL8vT1wY6bC5eF0hJ2sA4gK";
    t.run([
        "run",
        "tick",
        id,
        "vpn",
        "--by",
        "erin",
        "--note",
        &format!("used {token}"),
    ])
    .code(1)
    .expect_stderr();
    assert!(!t.stderr_text().contains(&token[..5]));
    assert_eq!(t.read(&format!("runs/{id}.yaml")), before);
}
