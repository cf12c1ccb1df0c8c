//! The leak scanner on nine real public documentation books (issue 18): exactly the
//! findings listed in `EXPECTED`, each a value that nothing in it or around it marks as
//! an example (a team adopting opsbook records them with `opsbook check --baseline`). The books are not in the repository (they come from public repositories
//! whose files may not be committed here): they are read from
//! `$OPSBOOK_EXTRA_CORPUS/real-docs/<name>/`, else `../shared/corpus/extra/real-docs/`
//! beside the crate; without them the test says so loudly and passes.

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
    "etcd-website",
];

fn real_docs() -> Option<PathBuf> {
    crate::harness::extra_corpus(&format!("real-docs/{}", BOOKS[0]))
        .and_then(|book| book.parent().map(std::path::Path::to_path_buf))
}

/// The findings left, by book, file:line and rule: two TLS private keys that projects
/// publish as test keys, and ten report links that carry their access token. Nothing but a file's purpose says so (a sample Secret in a
/// snippets folder, a chart's CI values whose certificate is issued by a test CA to the
/// chart's own name), and a private key is refused wherever it is: a team that
/// publishes one on purpose records it once (`opsbook secrets allow`). Passed since
/// by the context rules (`src/secrets/rules/context.rs`): Synapse's admin API `syt_`
/// token (the prose gives it "e.g."), its registration token (in an HTTP `200 OK`
/// response), Argo CD's session JWT (a curl transcript's output), IBM's sample Secret
/// ("Below is the example of the secret after reconciliation:") and Dex's two
/// conformance-suite client secrets ("Here is a minimal configuration example for
/// running Dex:"), and etcd's session token, printed as a `curl` response in a `# {…}`
/// comment and used in the next command's `Authorization` header (shown as output).
const EXPECTED: &[&str] = &[
    // a TLS private key in a sample Secret: nothing but the file's purpose says it is a test key
    "external-secrets-mkdocs content/snippets/azkv-pushsecret-key.yaml:6 kubernetes-secret-yaml",
    // a TLS private key in CI values: only the file's folder (`ci/`) says it is a test key
    "prometheus-helm-charts content/charts/prometheus-node-exporter/ci/kube-rbac-proxy-tlssecret-values.yaml:22 secret-assignment", // report links with their access token in the URL (`?auth=`): whoever reads the page
    // can open the report; the blog shares them on purpose, which nothing in the page says
    "etcd-website content/en/blog/2025/autonomus_testing_with_antithesis.md:83 secret-assignment",
    "etcd-website content/en/blog/2025/autonomus_testing_with_antithesis.md:86 secret-assignment",
    "etcd-website content/en/blog/2025/autonomus_testing_with_antithesis.md:89 secret-assignment",
    "etcd-website content/en/blog/2025/autonomus_testing_with_antithesis.md:90 secret-assignment",
    "etcd-website content/en/blog/2025/autonomus_testing_with_antithesis.md:93 secret-assignment",
    "etcd-website content/en/blog/2025/autonomus_testing_with_antithesis.md:110 secret-assignment",
    "etcd-website content/en/blog/2025/autonomus_testing_with_antithesis.md:112 secret-assignment",
    "etcd-website content/en/blog/2025/autonomus_testing_with_antithesis.md:114 secret-assignment",
    "etcd-website content/en/blog/2025/autonomus_testing_with_antithesis.md:116 secret-assignment",
    "etcd-website content/en/blog/2025/autonomus_testing_with_antithesis.md:118 secret-assignment",
];

#[test]
fn secrets_on_nine_real_public_doc_books_only_the_expected_findings() {
    let Some(dir) = real_docs() else { return };
    let mut report = String::new();
    let mut all = Vec::new();
    for name in BOOKS {
        let root = dir.join(name);
        let out = opsbook::build(&root, &opsbook::BuildOptions { check_only: true }).unwrap();
        let found: Vec<String> = out
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "secret-leak")
            .map(|d| {
                let rule = d.message.split(':').next().unwrap_or("");
                format!("{name} {}:{} {rule}", d.path, d.line)
            })
            .collect();
        report.push_str(&format!("{name}: {} findings\n", found.len()));
        all.extend(found);
    }
    eprintln!("{report}");
    assert_eq!(all, EXPECTED, "{report}");
}
