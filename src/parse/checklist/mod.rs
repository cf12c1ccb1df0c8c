//! Checklist YAML (SPEC.md §3): `content/**/*.yml` → `Checklist`, and `to_markdown` so the
//! Markdown stage renders a checklist like any runbook. Pure: text in, values and
//! diagnostics out; no disk. Every mistake is a `yaml`/`checklist`/`unknown-environment`
//! diagnostic at path:line:col with a hint, all of them, not just the first.
//!
//! How: serde-saphyr (strict booleans, duplicate keys an error) reads the text into a
//! spanned `Node` tree (`parse/yaml.rs`, shared with `state.rs`); `validate.rs` walks it
//! and collects every problem; `markdown.rs` writes the checklist as Markdown. This file
//! decides whether a YAML file is a checklist at all and reports YAML syntax errors.
//!
//! Schema (every key optional unless marked):
//!
//! ```yaml
//! title: Production Deployment Checklist   # default: the file name
//! id: prod-deploy                          # [A-Za-z0-9._-]+
//! environments: [staging, production]      # must be names from book.toml
//! description: Markdown shown under the title
//! phases:                                  # or `items:` at the top level (one phase)
//!   - title: Security                      # required
//!     id: security
//!     items:
//!       - Check backups                    # shorthand for {text: Check backups}
//!       - id: secret-key
//!         text: Generate a `SECRET_KEY`    # required, inline Markdown
//!         details: Markdown block
//!         environments: [production]       # subset of the checklist's environments
//!         done: false                      # true or false only
//!         secrets: [SECRET_KEY]
//!         owner: platform
//! secrets:
//!   - name: SECRET_KEY                     # required, [A-Za-z0-9._-]+
//!     description: Django secret key
//!     store: "kubernetes: secret/django-secrets"
//!     environments: [staging, production]
//!     rotate: 90d
//!     owner: platform
//! ```

mod markdown;
mod validate;

pub(crate) use markdown::to_markdown;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::model::Checklist;
use crate::parse::yaml::{Node, YamlError, load_yaml};

/// Is this YAML a checklist at all? (a top-level mapping with a `phases` or `items` key).
/// For text that is not valid YAML, a line at column 0 starting with `phases:` or
/// `items:` decides.
pub(crate) fn looks_like_checklist(text: &str) -> bool {
    match load_yaml(text) {
        Ok(root) => is_checklist_node(&root.value),
        Err(_) => text.lines().any(|l| {
            let key = l.split(':').next().unwrap_or("").trim_end();
            l.contains(':') && matches!(key, "phases" | "items" | "\"phases\"" | "\"items\"")
        }),
    }
}

fn is_checklist_node(node: &Node) -> bool {
    match node {
        Node::Map(entries) => entries
            .iter()
            .any(|(k, _)| matches!(&k.value, Node::Str(s) if s == "phases" || s == "items")),
        _ => false,
    }
}

/// Parses and validates a checklist; every mistake becomes a diagnostic.
///
/// - Not a checklist (`looks_like_checklist` is false) but valid YAML: `None`, no
///   diagnostic (the caller skips the file with a note).
/// - Invalid YAML: a `yaml` error if it looks like a checklist, else only a `yaml`
///   warning; `None` either way.
/// - A checklist: `Some`, best effort even when it has errors (an item without
///   `text` is left out, an unknown environment dropped), so the page still renders.
pub(crate) fn parse(
    text: &str,
    path: &RelPath,
    env_names: &[String],
    diags: &mut Diagnostics,
) -> Option<Checklist> {
    let root = match load_yaml(text) {
        Ok(root) => root,
        Err(e) => {
            let checklist = looks_like_checklist(text);
            // A manifest of several documents is valid YAML, only not a checklist; a
            // template (Helm's `{{ .Values.x }}`, Jinja's `{% if %}`) becomes YAML only
            // once its tool renders it.
            // (GitHub Actions' `${{ … }}` sits inside YAML strings: not a template.)
            let template = text.contains("{%")
                || text
                    .match_indices("{{")
                    .any(|(i, _)| !text[..i].ends_with('$'));
            if checklist || !(e.multiple_documents || template) {
                diags.push(syntax_diagnostic(text, path, &e, checklist));
            } else if template {
                tracing::info!(
                    "{path}: a template, not YAML until its tool renders it; not a checklist, copied as it is"
                );
            }
            return None;
        }
    };
    if !is_checklist_node(&root.value) {
        return None;
    }
    Some(validate::checklist(&root, text, path, env_names, diags))
}

fn syntax_diagnostic(text: &str, path: &RelPath, e: &YamlError, checklist: bool) -> Diagnostic {
    let d = if checklist {
        Diagnostic::error(Code::Yaml, path.clone(), e.message.clone())
    } else {
        Diagnostic::warning(
            Code::Yaml,
            path.clone(),
            format!("not valid YAML, skipped: {}", e.message),
        )
    };
    d.at(text, e.line, e.col)
        .with_hint(e.hint.as_deref().unwrap_or(
        "YAML is indentation-sensitive: keys of one mapping and the `-` of one list must line up",
    ))
}

#[cfg(test)]
mod tests {
    //! The helpers here are shared with the tests of `validate.rs` and `markdown.rs`.

    use super::*;

    #[test]
    fn a_template_that_is_not_yaml_yet_is_no_warning() {
        let mut diags = Diagnostics::new();
        let helm = "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include \"x.fullname\" . }}\n  labels:\n    {{- include \"x.labels\" . | nindent 4 }}\n";
        assert!(
            parse(
                helm,
                &RelPath::new("charts/x/templates/service.yaml"),
                &[],
                &mut diags
            )
            .is_none()
        );
        assert!(diags.is_empty(), "{diags:?}");
        let broken = "a: [1, 2\n";
        assert!(parse(broken, &RelPath::new("x.yaml"), &[], &mut diags).is_none());
        assert_eq!(diags.iter().count(), 1);
    }

    pub(super) fn envs() -> Vec<String> {
        ["development", "staging", "production"]
            .map(String::from)
            .to_vec()
    }

    pub(super) fn run(text: &str) -> (Option<Checklist>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let c = parse(text, &RelPath::new("content/c.yml"), &envs(), &mut diags);
        (c, diags)
    }

    /// `code@line:col message` of every diagnostic, for compact asserts.
    pub(super) fn brief(diags: &Diagnostics) -> Vec<String> {
        let mut diags = diags.clone();
        diags.sort();
        diags
            .iter()
            .map(|d| format!("{}@{}:{} {}", d.code, d.line, d.col, d.message))
            .collect()
    }

    pub(super) fn corpus(name: &str) -> Option<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/public/");
        let path = std::path::Path::new(dir).join(name);
        let path = if path.exists() {
            path
        } else {
            std::path::Path::new("/work/shared/corpus/public").join(name)
        };
        std::fs::read_to_string(path).ok()
    }

    pub(super) fn fixture(rel: &str) -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/checklist/");
        std::fs::read_to_string(format!("{path}{rel}")).expect("fixture exists")
    }

    pub(super) const SPEC_EXAMPLE: &str = r#"title: Production Deployment Checklist
id: prod-deploy                 # default: derived from the file path
environments: [staging, production]
phases:
  - title: Security & Settings
    id: security
    items:
      - id: secret-key
        text: Generate a strong `SECRET_KEY`        # inline Markdown
        details: |                                  # optional Markdown block
          ```bash
          python -c "import secrets; print(secrets.token_urlsafe(50))"
          ```
        environments: [production]
        done: false
        secrets: [SECRET_KEY]
        owner: platform
secrets:
  - name: SECRET_KEY
    description: Django secret key
    store: "kubernetes: secret/django-secrets"
    environments: [staging, production]
    rotate: 90d
    owner: platform
"#;

    #[test]
    fn a_manifest_of_several_documents_is_quietly_not_a_checklist() {
        let (c, diags) =
            run("apiVersion: v1\nkind: Secret\n---\napiVersion: v1\nkind: ConfigMap\n");
        assert!(c.is_none());
        assert!(diags.is_empty(), "{diags:?}");
        let (_, diags) = run("title: T\nitems: [a]\n---\nitems: [b]\n");
        assert_eq!(
            brief(&diags),
            ["yaml@3:1 this file holds more than one YAML document"]
        );
    }

    #[test]
    fn duplicate_keys_are_yaml_errors() {
        let (c, diags) = run("title: T\ntitle: U\nitems: [a]\n");
        assert!(c.is_none());
        assert_eq!(
            brief(&diags),
            ["yaml@2:1 `title` appears twice in the same mapping"]
        );
        assert!(diags.has_errors());
    }

    #[test]
    fn invalid_yaml_that_looks_like_a_checklist_is_an_error() {
        let (c, diags) = run("title: T\nitems:\n  - a\n - b\n");
        assert!(c.is_none());
        let d = diags.iter().next().expect("one diagnostic");
        assert!(d.is_error());
        assert_eq!((d.code, d.line), (Code::Yaml, 4));
        assert!(d.hint.is_some());
    }

    #[test]
    fn non_checklist_yaml_is_skipped_silently() {
        for text in ["name: x\non: push\n", "- a\n- b\n", "", "just text\n"] {
            assert!(!looks_like_checklist(text), "{text}");
            let (c, diags) = run(text);
            assert!(
                c.is_none() && diags.is_empty(),
                "{text}: {:?}",
                brief(&diags)
            );
        }
    }

    #[test]
    fn corpus_tts_invalid_yaml_is_only_a_warning_at_19_8() {
        let Some(text) = corpus("tts-monthly-invoices-invalid.yml") else {
            return;
        };
        assert!(!looks_like_checklist(&text));
        let (c, diags) = run(&text);
        assert!(c.is_none());
        assert!(!diags.has_errors());
        assert_eq!(
            brief(&diags),
            [
                "yaml@19:8 not valid YAML, skipped: this line does not line up with the items (`-`) of its list"
            ]
        );
    }

    #[test]
    fn corpus_yaml_files_that_are_not_checklists_are_skipped() {
        for name in [
            "epinio-release-checklist.yml",
            "kube-bench-cis-1.10-policies.yml",
            "osparc-release-to-production.yml",
        ] {
            let Some(text) = corpus(name) else {
                continue;
            };
            assert!(!looks_like_checklist(&text), "{name}");
            let (c, diags) = run(&text);
            assert!(
                c.is_none() && diags.is_empty(),
                "{name}: {:?}",
                brief(&diags)
            );
        }
    }

    #[test]
    fn crlf_and_bom_free_text_parse_with_right_lines() {
        let (c, diags) = run("title: T\r\nitems:\r\n  - a\r\n  - b\r\n");
        assert!(diags.is_empty());
        let items = c.map(|c| c.phases[0].items.clone()).unwrap_or_default();
        assert_eq!(items.iter().map(|i| i.line).collect::<Vec<_>>(), [3, 4]);
    }

    #[test]
    fn looks_like_checklist_on_invalid_yaml_uses_top_level_keys() {
        assert!(looks_like_checklist("phases:\n  - title: [\n"));
        assert!(!looks_like_checklist("jobs:\n  x: [\n    items: 1\n"));
    }

    #[test]
    fn fixture_yaml_valid_parses_cleanly() {
        let (c, diags) = run(&fixture("yaml_valid/content/deploy.yml"));
        assert!(diags.is_empty(), "{:?}", brief(&diags));
        let md = to_markdown(&c.expect("a checklist"), "secrets/index.html");
        assert_eq!(md.matches("\n- [ ] ").count(), 4, "{md}");
        assert_eq!(
            md.matches("\n- [x] Tag the release {#tag}").count(),
            1,
            "{md}"
        );
        assert!(
            md.contains("- [ ] Announce in #releases {env=staging}\n"),
            "{md}"
        );
    }

    #[test]
    fn fixture_yaml_errors_reports_every_mistake() {
        let (c, diags) = run(&fixture("yaml_errors/content/broken.yml"));
        assert_eq!(
            brief(&diags),
            [
                "unknown-environment@2:16 unknown environment `prod`",
                "checklist@5:9 `id: 5.1` is read as a number, not as an id",
                "checklist@7:9 unknown key `txt` in an item",
                "checklist@9:9 this item has no `text`",
                "checklist@12:15 `done` must be true or false, not `yes`",
                "unknown-environment@14:24 `production` is not one of this checklist's environments",
                "checklist@15:5 this phase has no `title`",
                "checklist@18:11 `DB PASSWORD` is not a valid secret name",
            ]
        );
        assert_eq!(diags.error_count(), 8);
        assert_eq!(c.map(|c| c.phases.len()), Some(1));
    }

    #[test]
    fn fixture_not_a_checklist_is_skipped_or_warned() {
        let (c, diags) = run(&fixture("not_a_checklist/content/workflow.yml"));
        assert!(c.is_none() && diags.is_empty());
        let (c, diags) = run(&fixture("not_a_checklist/content/broken-workflow.yml"));
        assert!(c.is_none() && !diags.has_errors());
        assert_eq!(diags.warning_count(), 1);
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(text in "(title|items|phases|id|text|done|environments|secrets|name|[-:#{}\\[\\],'\" \n\tax5.]){0,40}") {
            let (c, _) = run(&text);
            if let Some(c) = c {
                let _ = to_markdown(&c, "secrets/index.html");
            }
            let _ = looks_like_checklist(&text);
        }
    }
}
