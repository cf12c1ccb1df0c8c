use super::json::{QUERY, issues};
use super::*;

#[test]
fn the_header_reads_back_and_never_ends_early() {
    let h = Header {
        runbook: "ops/deploy".into(),
        environment: Some("production".into()),
        version: Some("v1 --> <b>".into()),
    };
    let c = header_comment(&h);
    assert!(
        c.starts_with("<!-- opsbook-run {") && c.ends_with("} -->"),
        "{c}"
    );
    assert_eq!(c.matches("-->").count(), 1, "{c}");
    let body = format!("{c}\r\nTick each item…\r\n- [ ] A <!--a-->\r\n");
    assert_eq!(read_header(&body), Some(h));
    assert_eq!(read_header("no header here"), None);
}

#[test]
fn task_lines_with_an_id_are_read_in_any_list_style() {
    let body = "### Prepare\r\n\r\n- [ ] Back up <!--backup-->\r\n* [x] Purge <!-- purge -->\r\n  + [X] Nested <!--a/b-->\r\n- [ ] no id\r\n- [?] odd <!--odd-->\r\n- [ ] two words <!--a b-->\r\n";
    assert_eq!(
        tasks(body),
        vec![
            ("backup".to_string(), false),
            ("purge".to_string(), true),
            ("a/b".to_string(), true),
        ]
    );
}

#[test]
fn comment_commands_one_per_line_outside_code() {
    let body = "Done.\r\n/skip purge no static files changed\r\n/sign prepare\r\n```\r\n/sign release\r\n```\r\n/evidence backup https://a.example/1 https://a.example/2\r\n/note smoke p95 fine\r\n/skip purge\r\n/unknown x\r\n";
    let got = commands(body);
    assert_eq!(
        got,
        vec![
            Ok(Command::Skip {
                item: "purge".into(),
                reason: "no static files changed".into()
            }),
            Ok(Command::Sign {
                phase: "prepare".into()
            }),
            Ok(Command::Evidence {
                item: "backup".into(),
                urls: vec!["https://a.example/1".into(), "https://a.example/2".into()]
            }),
            Ok(Command::Note {
                item: "smoke".into(),
                text: "p95 fine".into()
            }),
            Err("`/skip ITEM reason`: an item and why it does not apply".into()),
        ]
    );
}

#[test]
fn the_query_asks_for_every_field_the_import_reads() {
    for field in [
        "labels: [\"opsbook-run\"]",
        "pageInfo { hasNextPage endCursor }",
        "number url title state stateReason closedAt createdAt",
        "author { login }",
        "authorAssociation",
        "userContentEdits(first: 100) { totalCount nodes { editedAt editor { login } diff } }",
        "... on ClosedEvent { createdAt actor { login } }",
        "comments(last: 100)",
    ] {
        assert!(QUERY.contains(field), "the query lacks {field}");
    }
}

const ONE: &str = r#"{"data":{"repository":{"issues":{"pageInfo":{"hasNextPage":false,"endCursor":null},"nodes":[
 {"number":7,"url":"https://github.com/a/b/issues/7","title":"Run","state":"OPEN","stateReason":null,
  "closedAt":null,"createdAt":"2026-12-05T10:00:00Z","author":null,"authorAssociation":"OWNER","body":"x",
  "labels":{"nodes":[{"name":"opsbook-run"}]},
  "userContentEdits":{"totalCount":2,"nodes":[
    {"editedAt":"2026-12-05T10:09:00.123Z","editor":{"login":"bob"},"diff":"new"},
    {"editedAt":"2026-12-05T10:00:00Z","editor":{"login":"alice"},"diff":null}]},
  "timelineItems":{"nodes":[]},
  "comments":{"nodes":[{"author":{"login":"carol"},"authorAssociation":"MEMBER","createdAt":"2026-12-05T10:01:00Z","body":"/sign p"}]}}]}}}}"#;

#[test]
fn one_answer_several_or_a_slurped_list_read_alike() {
    let one = issues(ONE).unwrap();
    assert_eq!(one.len(), 1);
    let i = &one[0];
    assert_eq!(i.author, "ghost", "a deleted account");
    assert_eq!(
        i.edits.len(),
        1,
        "a revision deleted from the history is skipped"
    );
    assert_eq!(i.edits[0].at, "2026-12-05T10:09:00Z", "fractions dropped");
    assert!(!i.edits_truncated, "both versions came");
    let cut = ONE.replace("\"totalCount\":2", "\"totalCount\":140");
    assert!(
        issues(&cut).unwrap()[0].edits_truncated,
        "the newest 100 of 140"
    );
    assert_eq!(i.comments[0].association, "MEMBER");
    assert_eq!(
        issues(&format!("{ONE}\n{ONE}")).unwrap().len(),
        2,
        "--paginate"
    );
    assert_eq!(
        issues(&format!("[{ONE},{ONE}]")).unwrap().len(),
        2,
        "--slurp"
    );
}

#[test]
fn a_wrong_shape_names_its_json_path() {
    let bad = ONE.replace(
        "\"createdAt\":\"2026-12-05T10:01:00Z\"",
        "\"createdAt\":1765000000",
    );
    assert_eq!(
        issues(&bad).unwrap_err(),
        "`data.repository.issues.nodes[0].comments.nodes[0].createdAt` must be a string, not a number"
    );
    let missing = ONE.replace("\"state\":\"OPEN\",", "");
    assert_eq!(
        issues(&missing).unwrap_err(),
        "`data.repository.issues.nodes[0].state` is missing"
    );
    assert_eq!(
        issues(&format!("[{ONE},{{\"data\":{{}}}}]")).unwrap_err(),
        "`[1].data.repository` is missing"
    );
    assert!(
        issues("{\"data\": ")
            .unwrap_err()
            .starts_with("this is not JSON")
    );
    assert_eq!(
        issues(r#"{"errors":[{"message":"Bad credentials"}]}"#).unwrap_err(),
        "GitHub answered with an error: Bad credentials"
    );
}
