use super::*;
use crate::model::run::Event;

fn path() -> RelPath {
    RelPath::new("runs/r1.yaml")
}

fn read(text: &str) -> (Option<Run>, Vec<String>) {
    let mut diags = Diagnostics::new();
    let run = parse(text, &path(), &mut diags);
    let msgs = diags
        .iter()
        .map(|d| format!("{}:{} {}", d.line, d.col, d.message))
        .collect();
    (run, msgs)
}

fn sample() -> Run {
    Run {
        id: "r1".into(),
        source: path(),
        runbook: "ops/deploy".into(),
        subject: Subject::Environment("production".into()),
        version: Some("v1.2.0".into()),
        commit: Some("abc123".into()),
        issue: None,
        started_by: "Zoë \"Z\" O'Neil".into(),
        started_at: "2026-12-05T10:00:00Z".into(),
        events: Vec::new(),
        line: 0,
    }
}

#[test]
fn what_the_writers_write_reads_back_the_same() {
    let run = sample();
    let mut text = header(&run);
    let mut e = Event::new(Action::Tick, "alice: #1", "2026-12-05T10:01:00Z");
    e.item = Some("backup".into());
    e.phase = Some("prepare".into());
    e.note = Some("line one\nline two: {not yaml} [x] # not a comment".into());
    e.evidence = vec!["https://ci.example.com/a?b=c&d=e".into()];
    text.push_str(&event_line(&e));
    let mut skip = Event::new(Action::Skip, "bob", "2026-12-05T10:02:00Z");
    skip.item = Some("purge".into());
    skip.reason = Some("- starts with a dash, ends with a tab\t".into());
    text.push_str(&event_line(&skip));
    let (back, errors) = read(&text);
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    let back = back.unwrap();
    assert_eq!(back.runbook, run.runbook);
    assert_eq!(back.subject, run.subject);
    assert_eq!(back.started_by, run.started_by);
    assert_eq!(back.version, run.version);
    let lines: Vec<Event> = back
        .events
        .iter()
        .map(|e| Event {
            line: 0,
            ..e.clone()
        })
        .collect();
    assert_eq!(lines, [normalized(&e), normalized(&skip)]);
    assert_eq!(
        lines[1].reason.as_deref(),
        Some("- starts with a dash, ends with a tab")
    );
    assert_eq!(back.events[0].line, 9);
}

#[test]
fn a_person_run_and_no_events() {
    let (run, errors) = read(
        "runbook: onboarding\nfor: erin\nstarted: {by: erin, at: \"2026-12-05T10:00:00Z\"}\nevents:\n",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let run = run.unwrap();
    assert_eq!(run.subject, Subject::Person("erin".into()));
    assert!(run.events.is_empty());
    assert!(run.is_open());
}

#[test]
fn mistakes_are_located_and_explained() {
    let (_, errors) = read(
        "runbook: a\nenvironment: staging\nstarted: {by: x, at: \"2026-12-05T10:00:00Z\"}\nevnts: []\n",
    );
    assert_eq!(errors, ["4:1 unknown key `evnts` in a run file"],);
    let (run, errors) = read("environment: staging\n");
    assert!(run.is_none());
    assert_eq!(errors, ["1:1 this run has no `runbook`"]);
    let (_, errors) = read(
        "runbook: a\nenvironment: s\nfor: p\nstarted: {by: x, at: \"2026-12-05T10:00:00Z\"}\n",
    );
    assert_eq!(
        errors,
        ["3:1 a run is for one environment or one person, not both"]
    );
    let (run, errors) = read(
        "runbook: a\nenvironment: s\nstarted: {by: x, at: \"2026-12-05T10:00:00Z\"}\nevents:\n  - {at: \"2026-12-05T10:00:00Z\", by: x, action: tick}\n  - {at: \"2026-12-05T10:00:00Z\", by: x, action: sign}\n  - {by: x, action: finish}\n  - just text\n",
    );
    assert_eq!(
        errors,
        [
            "5:5 a `tick` event needs `item`",
            "6:5 a `sign` event needs `phase`",
            "7:5 an event needs `at`, `by` and `action`",
            "8:5 an event must be a mapping, not text",
        ]
    );
    assert_eq!(run.unwrap().events.len(), 0, "wrong events are left out");
    let (_, errors) = read("[1, 2]\n");
    assert_eq!(errors, ["1:1 a run file must be a mapping, not a list"]);
    let (_, errors) = read("runbook: [\n");
    assert_eq!(errors.len(), 1);
}

#[test]
fn times_are_utc_seconds() {
    assert!(is_utc_time("2026-12-05T10:00:00Z"));
    for bad in [
        "2026-12-05",
        "2026-12-05T10:00:00",
        "2026-12-05 10:00:00Z",
        "2026-1a-05T10:00:00Z",
        "2026-12-05T10:00:00+01:00",
    ] {
        assert!(!is_utc_time(bad), "{bad}");
    }
}
