//! The leak scanner on eight real public documentation books (issue 18): not one
//! finding. The books are not in the repository (they come from public repositories
//! whose files may not be committed here): they are read from
//! `$OPSBOOK_EXTRA_CORPUS/real-docs/<name>/`, else `../shared/corpus/extra/real-docs/`
//! beside the crate; without them the test says so loudly and passes.

use std::io::Write as _;
use std::path::PathBuf;

const BOOKS: &[&str] = &[
    "openshift-runbooks",
    "synapse-mdbook",
    "external-secrets-mkdocs",
    "argo-cd-config",
    "oauth2-proxy-docusaurus",
    "sig-release",
    "prometheus-helm-charts",
    "dex-oidc",
];

fn real_docs() -> Option<PathBuf> {
    let dir = std::env::var_os("OPSBOOK_EXTRA_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/extra")
        })
        .join("real-docs");
    if dir.join(BOOKS[0]).is_dir() {
        return Some(dir);
    }
    let _ = std::io::stderr().write_all(
        format!(
            "\n*** SKIPPED: {} not found (set OPSBOOK_EXTRA_CORPUS to the folder holding \
             gitleaks/ and real-docs/) ***\n",
            dir.display()
        )
        .as_bytes(),
    );
    None
}

#[test]
fn secrets_no_finding_on_eight_real_public_doc_books() {
    let Some(dir) = real_docs() else { return };
    let mut report = String::new();
    let mut all = Vec::new();
    for name in BOOKS {
        let root = dir.join(name);
        let out = opsbook::build(&root, &opsbook::BuildOptions { check_only: true }).unwrap();
        let found: Vec<String> = out
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .filter(|d| d.contains("[secret-leak]"))
            .collect();
        report.push_str(&format!("{name}: {} findings\n", found.len()));
        all.extend(found.into_iter().map(|d| format!("{name}: {d}")));
    }
    eprintln!("{report}");
    assert!(all.is_empty(), "{report}\n{}", all.join("\n"));
}
