//! Checklists from the terminal: `status`, `tick`, `untick`, `export`, through the real
//! binary, on `tests/fixtures/checklist/cli` (a Markdown runbook, a checklist YAML and a
//! team state file).

use std::process::Command;

use crate::harness::BookTest;

#[test]
fn status_json_has_the_documented_shape() {
    let mut t = BookTest::fixture("checklist/cli");
    t.run(["status", "--json"]).code(0);
    let json: serde_json::Value = serde_json::from_str(&t.stdout_text()).unwrap();
    let runbooks = json["runbooks"].as_array().unwrap();
    let ids: Vec<&str> = runbooks.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["go-live", "ops/deploy"]);
    let deploy = &runbooks[1];
    assert_eq!(deploy["title"], "Deploy the API");
    assert_eq!(deploy["phases"][0]["title"], "Phase 1: TLS");
    assert_eq!(deploy["phases"][0]["items"][0]["id"], "hsts");
    assert_eq!(
        deploy["phases"][0]["items"][0]["done"],
        serde_json::json!({"production": false})
    );
    assert_eq!(
        deploy["progress"]["production"],
        serde_json::json!({"done": 1, "total": 4})
    );
    assert_eq!(
        deploy["progress"]["staging"],
        serde_json::json!({"done": 1, "total": 3})
    );
    assert!(
        deploy["progress"].get("development").is_none(),
        "the runbook is scoped"
    );
    assert_eq!(
        runbooks[0]["progress"]["production"],
        serde_json::json!({"done": 1, "total": 2})
    );
}

#[test]
fn tick_writes_the_state_file_and_keeps_what_was_there() {
    let mut t = BookTest::fixture("checklist/cli");
    t.run([
        "tick",
        "hsts",
        "--env",
        "prod",
        "--by",
        "alice",
        "--note",
        "done in PR 412",
    ])
    .code(0)
    .expect_stderr();
    let state = t.read("state/production.yaml");
    assert!(
        state.starts_with("# opsbook team state for production."),
        "{state}"
    );
    assert!(
        state.contains("# Kept: a comment the team wrote.\nsecret-key:\n  done: true\n  by: bob\n"),
        "{state}"
    );
    assert!(
        state.contains("hsts:\n  done: true\n  by: alice\n  at: 20"),
        "{state}"
    );
    assert!(state.contains("note: done in PR 412"), "{state}");
    t.run(["status", "--env", "production"])
        .code(0)
        .expect_stdout();
    t.run(["untick", "hsts", "--env", "production"]).code(0);
    assert!(!t.read("state/production.yaml").contains("hsts"));
}

#[test]
fn tick_refuses_unknown_ids_and_environments_with_a_hint() {
    let mut t = BookTest::fixture("checklist/cli");
    let before = t.tree_all();
    t.run(["tick", "hstss", "--env", "production"])
        .code(1)
        .expect_stderr();
    t.run(["tick", "hsts", "--env", "prodution"])
        .code(1)
        .expect_stderr();
    t.run(["status", "--env", "qa"]).code(1).expect_stderr();
    t.run(["tick", "hsts", "--env", "staging"])
        .code(1)
        .expect_stderr();
    assert_eq!(before, t.tree_all(), "nothing was written");
}

#[test]
fn a_tick_that_would_break_shared_entries_is_refused_and_the_file_kept() {
    let mut t = BookTest::fixture("checklist/cli");
    let shared =
        "# anchors the team wrote by hand\nsecret-key: &ok\n  done: true\n  by: bob\nhsts: *ok\n";
    t.write("state/production.yaml", shared);
    t.run(["tick", "secret-key", "--env", "production", "--by", "amy"])
        .code(1)
        .expect_stderr();
    assert_eq!(t.read("state/production.yaml"), shared);
    // The entry that only uses the anchor can be ticked: it is written out in full.
    t.run(["-q", "untick", "hsts", "--env", "production"])
        .code(0);
    assert_eq!(
        t.read("state/production.yaml"),
        "# anchors the team wrote by hand\nsecret-key: &ok\n  done: true\n  by: bob\n"
    );
}

#[test]
fn tick_from_adds_a_readers_export_and_keeps_the_teams_entries() {
    let mut t = BookTest::fixture("checklist/cli");
    let before = t.read("state/production.yaml");
    // An export from the site: the reader's ticks, one the team has done since.
    let export = "# Ticks in production exported from the opsbook site by amy: not the team's\n\
        hsts:\n  done: true\n  by: amy\n  at: \"2026-12-05T10:00:00Z\"\n\
        secret-key:\n  done: true\n  by: amy\n";
    t.write("production.ticks.yaml", export);
    let wrong = format!("{export}go-live/no-such-item:\n  done: true\n");
    t.write("wrong.ticks.yaml", wrong);
    t.run(["tick", "--from", "wrong.ticks.yaml", "--env", "production"])
        .code(1)
        .expect_stderr_of("wrong");
    assert_eq!(t.read("state/production.yaml"), before, "nothing written");
    t.run(["tick", "--from", "production.ticks.yaml", "--env", "prod"])
        .code(0)
        .expect_stderr_of("added");
    let after = t.read("state/production.yaml");
    assert!(
        after.contains("hsts:\n  done: true\n  by: amy\n  at: 2026-12-05T10:00:00Z\n"),
        "{after}"
    );
    assert!(
        after.contains("secret-key:\n  done: true\n  by: bob\n"),
        "the team's entry stays: {after}"
    );
}

#[test]
fn check_reports_every_state_problem_at_its_line() {
    let mut t = BookTest::fixture("checklist/cli");
    // hsts applies to production only; `gone` is no item; the development file has a twin.
    t.write(
        "state/staging.yaml",
        "ops/deploy/phase-1-tls/renew-the-certificates:\n  done: true\nhsts:\n  done: true\n  by: amy\ngone:\n  done: true\n",
    );
    t.write("state/development.yaml", "");
    t.write("state/development.yml", "");
    t.run(["check"]).code(1).expect_stderr();
}

#[test]
fn concurrent_ticks_are_all_kept() {
    let t = BookTest::fixture("checklist/cli");
    let ids = [
        "hsts",
        "ops/deploy/phase-1-tls/renew-the-certificates",
        "ops/deploy/phase-2-release/tag-the-release",
        "go-live/security/turn-off-debug",
        "ops/deploy/phase-1-tls/buy-the-domain",
    ];
    let children: Vec<_> = (0..20)
        .map(|n| {
            Command::new(env!("CARGO_BIN_EXE_opsbook"))
                .args([
                    "-q",
                    "tick",
                    ids[n % ids.len()],
                    "--env",
                    "production",
                    "--by",
                ])
                .arg(format!("user{n}"))
                .arg(t.root())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let state = t.read("state/production.yaml");
    for id in ids {
        assert!(
            state.contains(&format!("{id}:\n  done: true")),
            "{id} lost:\n{state}"
        );
    }
    assert!(state.contains("secret-key:"), "{state}");
    let mut diags = opsbook::base::diag::Diagnostics::new();
    let parsed = opsbook::parse::state::parse(
        &state,
        &opsbook::base::path::RelPath::new("state/production.yaml"),
        "production",
        &mut diags,
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(parsed.entries.len(), 6);
}

#[test]
fn export_in_every_format() {
    let mut t = BookTest::fixture("checklist/cli");
    t.run(["export", "--format", "csv"]).code(0);
    let csv = t.stdout_text();
    assert!(csv.starts_with(
        "runbook,runbook_title,phase,item,text,environment,done,source_done,by,at,note\n"
    ));
    assert!(csv.contains("go-live,Go-live checklist,Security,secret-key,Generate a strong SECRET_KEY,production,true,false,bob,2026-11-01T09:00:00Z,\n"), "{csv}");
    t.run(["export", "--format", "md"]).code(0).expect_stdout();
    t.run(["export", "--format", "json", "--env", "stg"])
        .code(0)
        .expect_stdout();
    t.run(["export", "--format", "xml"]).code(2);
}

#[test]
fn orphaned_state_is_reported_not_dropped() {
    let mut t = BookTest::fixture("checklist/cli");
    t.write("state/staging.yaml", "gone-item:\n  done: true\n");
    t.run(["check"]).code(0).expect_stderr();
    assert!(t.read("state/staging.yaml").contains("gone-item"));
}
