//! What a user sees when the book is wrong: one fixture per diagnostic code that no
//! feature test covers, `opsbook check` run on it, its whole stderr a snapshot (code,
//! `file:line:col`, source line and caret, hint, summary line). `build` prints the same
//! diagnostics; `cli.rs` pins that for `config`, `front-matter` and `broken-link`.

use crate::harness::BookTest;

/// `opsbook check` on `tests/fixtures/<fixture>` exits with `code`; stderr is a snapshot.
fn check(fixture: &str, code: i32) {
    BookTest::fixture(fixture)
        .run(["check"])
        .code(code)
        .expect_stderr();
}

#[test]
fn rejects_duplicate_explicit_id() {
    check("diagnostics/duplicate_id", 1);
}

#[test]
fn rejects_two_sources_for_one_page() {
    check("diagnostics/duplicate_page", 1);
}

#[test]
fn rejects_an_id_with_forbidden_characters() {
    check("diagnostics/invalid_id", 1);
}

#[test]
fn rejects_an_unknown_environment_with_a_suggestion() {
    check("diagnostics/unknown_environment", 1);
}

#[test]
fn rejects_a_state_file_with_a_non_boolean_done() {
    check("diagnostics/bad_state", 1);
}

#[test]
fn rejects_a_file_that_is_not_utf8() {
    check("diagnostics/bad_encoding", 1);
}

#[test]
fn rejects_a_theme_template_that_does_not_parse() {
    check("diagnostics/bad_template", 1);
}

#[test]
fn reports_every_mistake_of_a_checklist_yaml() {
    check("checklist/yaml_errors", 1);
}

#[test]
fn warns_about_invalid_yaml_that_is_not_a_checklist() {
    check("checklist/not_a_checklist", 0);
}

#[test]
fn rejects_two_state_files_for_one_environment() {
    check("diagnostics/two_state_files", 1);
}
