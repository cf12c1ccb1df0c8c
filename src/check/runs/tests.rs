use super::*;
use crate::model::run::Subject;
use crate::parse::book::test_book;

const RUNBOOK: &str = "# Deploy\n\n## Prepare {#prepare gate approvers=carol,dave estimate=20m}\n\n\
- [ ] Back up {#backup}\n- [ ] Purge {#purge}\n\n## Release {#release}\n\n- [ ] Roll out {#rollout}\n\
- [ ] Smoke {#smoke env=production}\n";

fn book() -> Book {
    let mut b = test_book(&[("content/deploy.md", RUNBOOK)]);
    b.environments = vec!["staging".into(), "production".into()];
    b
}

fn run(env: &str) -> Run {
    Run {
        id: "r".into(),
        source: crate::base::path::RelPath::new("runs/r.yaml"),
        runbook: "deploy".into(),
        subject: Subject::Environment(env.into()),
        version: None,
        commit: None,
        issue: None,
        started_by: "alice".into(),
        started_at: "2026-12-05T10:00:00Z".into(),
        events: Vec::new(),
        line: 1,
    }
}

fn ev(action: Action, by: &str, minute: u32, target: &str) -> Event {
    let mut e = Event::new(action, by, &format!("2026-12-05T10:{minute:02}:00Z"));
    if action.on_item() {
        e.item = Some(target.into());
    } else if action == Action::Sign {
        e.phase = Some(target.into());
    }
    e
}

/// Admits and applies each event in turn; the first refusal's message, if any.
fn play(book: &Book, env: &str, events: Vec<Event>) -> Result<RunView, String> {
    let r = run(env);
    let page = runbook(book, &r);
    let mut view = replay(&r, page, &book.environments, &mut Diagnostics::new());
    for e in events {
        admit(&view, &e).map_err(|r| r.message)?;
        apply(&mut view, &e);
    }
    Ok(view)
}

fn reason(mut e: Event, r: &str) -> Event {
    e.reason = Some(r.into());
    e
}

#[test]
fn the_outline_counts_only_items_of_the_environment() {
    let b = book();
    let staging = play(&b, "staging", vec![]).unwrap();
    assert_eq!(staging.total(), 3);
    let production = play(&b, "production", vec![]).unwrap();
    assert_eq!(production.total(), 4);
    assert_eq!(production.phases[0].estimate, Some(20));
    assert!(production.phases[0].gate);
    assert_eq!(production.result(), "open");
}

#[test]
fn a_gate_holds_later_phases_until_someone_else_signs() {
    let b = book();
    let early = play(&b, "staging", vec![ev(Action::Tick, "alice", 1, "rollout")]);
    assert_eq!(
        early.unwrap_err(),
        "the phase `Prepare` must be signed off before items of later phases"
    );
    let base = vec![
        ev(Action::Tick, "alice", 1, "backup"),
        reason(ev(Action::Skip, "bob", 2, "purge"), "nothing to purge"),
    ];
    for (signer, refusal) in [
        (
            "alice",
            "alice did `backup` in this phase, so cannot also sign it off",
        ),
        (
            "bob",
            "bob did `purge` in this phase, so cannot also sign it off",
        ),
        ("erin", "erin is not an approver of the phase `Prepare`"),
    ] {
        let mut events = base.clone();
        events.push(ev(Action::Sign, signer, 3, "prepare"));
        assert_eq!(play(&b, "staging", events).unwrap_err(), refusal);
    }
    let mut events = base.clone();
    events.push(ev(Action::Sign, "carol", 3, "prepare"));
    events.push(ev(Action::Tick, "alice", 4, "rollout"));
    let view = play(&b, "staging", events.clone()).unwrap();
    assert_eq!(
        view.phases[0].signed,
        Some(("carol".into(), "2026-12-05T10:03:00Z".into()))
    );
    assert_eq!(view.phases[0].actual(), Some(2));
    events.push(ev(Action::Untick, "alice", 5, "backup"));
    assert!(
        play(&b, "staging", events)
            .unwrap_err()
            .contains("signed off by carol")
    );
}

#[test]
fn a_phase_is_signed_only_when_every_item_is_done_or_skipped() {
    let b = book();
    let events = vec![
        ev(Action::Tick, "alice", 1, "backup"),
        ev(Action::Sign, "carol", 2, "prepare"),
    ];
    assert_eq!(
        play(&b, "staging", events).unwrap_err(),
        "the phase `Prepare` still has 1 item open: purge"
    );
    let events = vec![ev(Action::Sign, "carol", 2, "release")];
    assert_eq!(
        play(&b, "staging", events).unwrap_err(),
        "the phase `Release` has no gate to sign"
    );
    let events = vec![ev(Action::Sign, "carol", 2, "prep")];
    assert_eq!(
        play(&b, "staging", events).unwrap_err(),
        "the runbook has no phase `prep`"
    );
}

#[test]
fn skips_and_aborts_need_reasons_and_ticks_are_not_repeated() {
    let b = book();
    let skip = ev(Action::Skip, "alice", 1, "purge");
    assert_eq!(
        play(&b, "staging", vec![skip]).unwrap_err(),
        "skipping `purge` needs a reason"
    );
    let abort = ev(Action::Abort, "alice", 1, "");
    assert_eq!(
        play(&b, "staging", vec![abort]).unwrap_err(),
        "an aborted run needs a reason"
    );
    let twice = vec![
        ev(Action::Tick, "alice", 1, "backup"),
        ev(Action::Tick, "bob", 2, "backup"),
    ];
    assert!(
        play(&b, "staging", twice)
            .unwrap_err()
            .starts_with("`backup` is already done (by alice")
    );
    let untick = vec![ev(Action::Untick, "alice", 1, "backup")];
    assert_eq!(
        play(&b, "staging", untick).unwrap_err(),
        "`backup` is not done or skipped in this run"
    );
    let note = vec![ev(Action::Note, "alice", 1, "backup")];
    assert_eq!(
        play(&b, "staging", note).unwrap_err(),
        "a note needs text or an evidence link"
    );
    let smoke = vec![ev(Action::Tick, "alice", 1, "smoke")];
    assert_eq!(
        play(&b, "staging", smoke).unwrap_err(),
        "this run has no item `smoke`"
    );
    let back = vec![
        ev(Action::Tick, "alice", 5, "backup"),
        ev(Action::Tick, "alice", 4, "purge"),
    ];
    assert!(
        play(&b, "staging", back)
            .unwrap_err()
            .contains("earlier than the one before it")
    );
}

#[test]
fn a_run_finishes_only_when_everything_is_done_and_signed_and_then_takes_nothing() {
    let b = book();
    let mut events = vec![
        ev(Action::Tick, "alice", 1, "backup"),
        ev(Action::Tick, "alice", 2, "purge"),
    ];
    let mut with_finish = events.clone();
    with_finish.push(ev(Action::Finish, "alice", 3, ""));
    assert_eq!(
        play(&b, "staging", with_finish).unwrap_err(),
        "1 item still open, the first in the phase `Release`"
    );
    events.push(ev(Action::Sign, "dave", 3, "prepare"));
    events.push(ev(Action::Tick, "alice", 4, "rollout"));
    events.push(ev(Action::Finish, "alice", 5, ""));
    let view = play(&b, "staging", events.clone()).unwrap();
    assert_eq!(view.result(), "finished");
    events.push(ev(Action::Untick, "alice", 6, "rollout"));
    assert_eq!(
        play(&b, "staging", events).unwrap_err(),
        "this run was finished by alice at 2026-12-05T10:05:00Z"
    );
}

#[test]
fn replay_keeps_orphans_and_reports_broken_rules_at_their_lines() {
    let b = book();
    let mut r = run("staging");
    let mut gone = ev(Action::Tick, "alice", 1, "old-item");
    gone.line = 8;
    let mut early = ev(Action::Tick, "alice", 2, "rollout");
    early.line = 9;
    r.events = vec![gone, early];
    let mut diags = Diagnostics::new();
    let view = replay(&r, runbook(&b, &r), &b.environments, &mut diags);
    let got: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {} {}", d.line, d.code.as_str(), d.message))
        .collect();
    assert_eq!(
        got,
        [
            "8 orphaned-run-item the runbook `deploy` no longer has the item `old-item`",
            "9 run the phase `Prepare` must be signed off before items of later phases",
        ]
    );
    let orphan = view.items.iter().find(|i| i.id == "old-item").unwrap();
    assert!(orphan.orphan);
    assert_eq!(orphan.standing, Standing::Done);
    assert_eq!(
        view.done(),
        0,
        "orphans are not counted in the runbook's progress"
    );
    // An ended run is held to its own record only.
    let mut sign = ev(Action::Sign, "alice", 3, "prepare");
    sign.line = 10;
    let mut did = ev(Action::Tick, "alice", 1, "backup");
    did.phase = Some("prepare".into());
    let mut fin = ev(Action::Finish, "alice", 4, "");
    fin.line = 11;
    r.events = vec![did, sign, fin];
    let mut diags = Diagnostics::new();
    let _ = replay(&r, runbook(&b, &r), &b.environments, &mut diags);
    let got: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {}", d.line, d.message))
        .collect();
    assert_eq!(
        got,
        ["10 alice did `backup` in this phase, so cannot also sign it off"]
    );
}

#[test]
fn seconds_and_minutes() {
    assert_eq!(seconds("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(seconds("2026-12-05T10:00:00Z"), Some(1_796_464_800));
    assert_eq!(seconds("2024-02-29T00:00:00Z").map(|s| s % 86_400), Some(0));
    assert_eq!(
        minutes_between("2026-12-05T10:00:00Z", "2026-12-05T11:31:59Z"),
        Some(91)
    );
    assert_eq!(minutes_between("2026-12-05T10:00:00Z", "later"), None);
}
