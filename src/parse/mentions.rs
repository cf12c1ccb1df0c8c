//! Secrets found in a Markdown runbook's source text, one function per source:
//! tables with a Secret/Variable/Key/Env var/Name column, `.env`-style blocks
//! (`KEY=value`, `export KEY=…`), Kubernetes `Secret` manifests, `${{ secrets.NAME }}`,
//! `gh secret set NAME [--env ENV]`, `kubectl create secret … --from-literal=KEY=…`,
//! and environment-variable lists (`- DB_NAME, DB_PASSWORD (production database)`).
//!
//! Reads the page's parsed blocks (`model::Document`: code blocks, tables, list items,
//! from `markdown/blocks.rs`) and, for one-line commands, its raw lines. Lines are
//! 1-based file lines. Pure: text and document in, `Found` out.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::mention::{Found, Source};
use crate::model::{Document, ListItem, Table};

/// A code block: its language, first content line and lines.
struct Block<'a> {
    lang: String,
    line: u32,
    lines: Vec<&'a str>,
}

static ACTIONS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}").expect("invariant: regex")
});
static GH_SET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"gh secret set\s+([A-Za-z_][A-Za-z0-9_]*)(?:.*?(?:--env|-e)[ =]([A-Za-z0-9_-]+))?")
        .expect("invariant: regex")
});
static KUBECTL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"kubectl\s+(?:-n\s+\S+\s+)?create\s+secret\s+(?:generic|tls|docker-registry)\s+([A-Za-z0-9.-]+)")
        .expect("invariant: regex")
});
static FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"--from-(?:literal|file)=([A-Za-z_.][A-Za-z0-9_.-]*)=").expect("invariant: regex")
});
static ENV_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=").expect("invariant: regex")
});
static ENV_FLAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:--env|--namespace|-n|--environment)[ =]([A-Za-z0-9_-]+)")
        .expect("invariant: regex")
});
static NAME_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:`?[A-Z][A-Z0-9_]{2,}`?)(?:\s*,\s*`?[A-Z][A-Z0-9_]{2,}`?)*)\s*(.*)$")
        .expect("invariant: regex")
});

/// Every mention in a page: `text` is its whole source file (for one-line commands),
/// `doc` its parsed Markdown (code blocks, tables, list items; lines are file lines).
pub(crate) fn find(text: &str, doc: &Document) -> Vec<Found> {
    let mut out = Vec::new();
    for block in doc.code_blocks.iter() {
        let block = Block {
            lang: block.lang.clone(),
            line: block.line,
            lines: block.text.lines().collect(),
        };
        out.extend(k8s_manifest(&block));
        out.extend(env_block(&block));
    }
    // Each pattern starts with a literal: a file without any is not split into lines,
    // and lines without it are not searched.
    let has = |literal: &str| memchr::memmem::find(text.as_bytes(), literal.as_bytes()).is_some();
    let (actions, gh, kubectl) = (has("secrets."), has("gh secret set"), has("kubectl"));
    if actions || gh || kubectl {
        for (n, line) in logical_lines(text) {
            if actions && line.contains("secrets.") {
                out.extend(actions_secrets(&line, n));
            }
            if gh && line.contains("gh secret set") {
                out.extend(gh_secret_set(&line, n));
            }
            if kubectl && line.contains("kubectl") {
                out.extend(kubectl_secret(&line, n));
            }
        }
    }
    for table in doc.tables.iter() {
        out.extend(table_mentions(table));
    }
    for item in doc.list_items.iter() {
        out.extend(env_list(item));
    }
    out.sort_by(|a, b| (a.line, &a.name).cmp(&(b.line, &b.name)));
    out.dedup_by(|a, b| a.line == b.line && a.name == b.name);
    out
}

/// Lines with shell continuations (`\\` at the end) joined, each with its first line.
/// A line that is not joined is borrowed.
fn logical_lines(text: &str) -> Vec<(u32, Cow<'_, str>)> {
    let mut out: Vec<(u32, Cow<'_, str>)> = Vec::new();
    let mut open = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_end();
        let (body, continues) = match trimmed.strip_suffix('\\') {
            Some(b) => (b, true),
            None => (trimmed, false),
        };
        match out.last_mut() {
            Some((_, joined)) if open => {
                let joined = joined.to_mut();
                joined.push(' ');
                joined.push_str(body.trim_start());
            }
            _ => out.push((i as u32 + 1, Cow::Borrowed(body))),
        }
        open = continues;
    }
    out
}

/// `data:` / `stringData:` keys of a `kind: Secret` manifest; `metadata.name` is the store.
fn k8s_manifest(block: &Block<'_>) -> Vec<Found> {
    let mut out = Vec::new();
    let mut is_secret = false;
    let mut name = None;
    let mut in_data: Option<usize> = None;
    let mut namespace = Vec::new();
    for (i, line) in block.lines.iter().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if t == "---" {
            in_data = None;
            continue;
        }
        if t == "kind: Secret" {
            is_secret = true;
        }
        if let Some(v) = t
            .strip_prefix("name:")
            .filter(|_| name.is_none() && indent > 0)
        {
            name = Some(v.trim().trim_matches('"').to_string());
        }
        if let Some(v) = t.strip_prefix("namespace:") {
            namespace.push(v.trim().to_string());
        }
        match in_data {
            Some(d) if indent > d && !t.is_empty() && !t.starts_with('#') => {
                if let Some((key, _)) = t.split_once(':') {
                    out.push(Found {
                        name: key.trim().trim_matches('"').to_string(),
                        source: Source::K8sManifest,
                        line: block.line + i as u32,
                        description: None,
                        store: None,
                        environments: Vec::new(),
                    });
                }
            }
            Some(_) if !t.is_empty() => in_data = None,
            _ => {}
        }
        if t == "data:" || t == "stringData:" {
            in_data = Some(indent);
        }
    }
    if !is_secret {
        return Vec::new();
    }
    let store = name.map(|n| format!("Kubernetes secret {n}"));
    for f in &mut out {
        f.store = store.clone();
        f.environments = namespace.clone();
    }
    out
}

/// `KEY=value` and `export KEY=value` lines of a shell or `.env` block.
fn env_block(block: &Block<'_>) -> Vec<Found> {
    const LANGS: &[&str] = &[
        "", "bash", "sh", "shell", "zsh", "env", "dotenv", "console", "ini", "text",
    ];
    if !LANGS.contains(&block.lang.as_str()) {
        return Vec::new();
    }
    block
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let name = ENV_LINE.captures(line)?.get(1)?.as_str().to_string();
            Some(Found {
                name,
                source: Source::EnvBlock,
                line: block.line + i as u32,
                description: None,
                store: None,
                environments: env_flags(line),
            })
        })
        .collect()
}

/// `${{ secrets.NAME }}` (GitHub's automatic `GITHUB_TOKEN` included).
fn actions_secrets(line: &str, n: u32) -> Vec<Found> {
    ACTIONS
        .captures_iter(line)
        .filter_map(|c| {
            Some(found(
                c.get(1)?.as_str(),
                Source::ActionsSecret,
                n,
                Some("GitHub Actions secret"),
                Vec::new(),
            ))
        })
        .collect()
}

/// `gh secret set NAME [--env ENV]`.
fn gh_secret_set(line: &str, n: u32) -> Vec<Found> {
    GH_SET
        .captures_iter(line)
        .filter_map(|c| {
            let envs = c
                .get(2)
                .map(|e| vec![e.as_str().to_string()])
                .unwrap_or_default();
            Some(found(
                c.get(1)?.as_str(),
                Source::GhSecretSet,
                n,
                Some("GitHub Actions secret"),
                envs,
            ))
        })
        .collect()
}

/// `kubectl create secret generic NAME --from-literal=KEY=… --from-file=KEY=…`.
fn kubectl_secret(line: &str, n: u32) -> Vec<Found> {
    let Some(caps) = KUBECTL.captures(line) else {
        return Vec::new();
    };
    let store = caps
        .get(1)
        .map(|m| format!("Kubernetes secret {}", m.as_str()));
    FROM.captures_iter(line)
        .filter_map(|c| {
            Some(found(
                c.get(1)?.as_str(),
                Source::KubectlSecret,
                n,
                store.as_deref(),
                env_flags(line),
            ))
        })
        .collect()
}

fn found(
    name: &str,
    source: Source,
    line: u32,
    store: Option<&str>,
    environments: Vec<String>,
) -> Found {
    Found {
        name: name.to_string(),
        source,
        line,
        description: None,
        store: store.map(str::to_string),
        environments,
    }
}

/// Values of `--env X`, `--namespace X`, `-n X` on a line.
pub(crate) fn env_flags(line: &str) -> Vec<String> {
    ENV_FLAG
        .captures_iter(line)
        .filter_map(|c| Some(c.get(1)?.as_str().to_string()))
        .collect()
}

/// A table whose header has a Secret/Variable/Key/Env var/Name column. Rows are
/// counted from the header line (a row per line).
fn table_mentions(table: &Table) -> Vec<Found> {
    let header: Vec<String> = table.header.iter().map(|c| c.to_lowercase()).collect();
    let col = |words: &[&str]| {
        header
            .iter()
            .position(|h| words.iter().any(|w| h.contains(w)))
    };
    let name_col = header.iter().position(|h| {
        ["secret", "variable", "key", "env var", "name"]
            .iter()
            .any(|w| h == w || h.starts_with(w))
    });
    let Some(name_col) = name_col else {
        return Vec::new();
    };
    let env_col = col(&["environment", "env"]).filter(|c| *c != name_col);
    let desc_col = col(&["purpose", "description"]);
    let store_col = col(&["store", "how to obtain", "where", "location"]);
    let mut out = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        let get = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(|s| s.trim().trim_matches('`').to_string())
                .filter(|s| !s.is_empty())
        };
        if let Some(name) = get(Some(name_col)).filter(|s| is_identifier(s)) {
            out.push(Found {
                name,
                source: Source::Table,
                line: table.line + 2 + i as u32,
                description: get(desc_col),
                store: get(store_col),
                environments: get(env_col).map(|e| split_words(&e)).unwrap_or_default(),
            });
        }
    }
    out
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn split_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A list item that starts with upper-case variable names: `` `KUBECONFIG`: … ``,
/// `DB_NAME, DB_USER (production database)`. A bare name needs an underscore.
fn env_list(item: &ListItem) -> Vec<Found> {
    let Some(caps) = NAME_LIST.captures(item.text.trim()) else {
        return Vec::new();
    };
    let names = caps.get(1).map_or("", |m| m.as_str());
    let rest = caps.get(2).map_or("", |m| m.as_str()).trim();
    let separated =
        rest.is_empty() || rest.starts_with(['(', ':', '=', '-', '\u{2013}', '\u{2014}']);
    if !separated {
        return Vec::new();
    }
    let description = rest
        .trim_start_matches([':', '-', '\u{2013}', '\u{2014}', ' '])
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    let is_default = rest.starts_with('=');
    names
        .split(',')
        .map(str::trim)
        .filter(|raw| raw.starts_with('`') || raw.contains('_'))
        .map(|raw| Found {
            name: raw.trim_matches('`').to_string(),
            source: Source::EnvList,
            line: item.line,
            description: (!description.is_empty() && !is_default).then(|| description.to_string()),
            store: None,
            environments: split_words(description),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<Found> {
        let path = crate::base::path::RelPath::new("content/t.md");
        let opts = crate::parse::markdown::MarkdownOptions {
            repo_links: None,
            routes: false,
            hugo_pages: None,
            mkdocs_ids: None,
            attr_list: Default::default(),
            marks: Default::default(),
            path: &path,
            page_id: "t",
            phase_level: 2,
            line_offset: 0,
        };
        let doc =
            crate::parse::markdown::render(text, &opts, &mut crate::base::diag::Diagnostics::new());
        super::find(text, &doc)
    }

    fn names(text: &str, source: Source) -> Vec<(String, u32)> {
        find(text)
            .into_iter()
            .filter(|f| f.source == source)
            .map(|f| (f.name, f.line))
            .collect()
    }

    #[test]
    fn tables_with_a_secret_column() {
        let text = "| Secret | Environment | Purpose | Store |\n|---|---|---|---|\n| `API_KEY` | production | calls | Vault |\n| not a name! | x | y | z |\n\n| Check | Level |\n|---|---|\n| FOO | A |\n";
        let f = find(text);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].name, "API_KEY");
        assert_eq!(f[0].line, 3);
        assert_eq!(f[0].environments, ["production"]);
        assert_eq!(f[0].description.as_deref(), Some("calls"));
        assert_eq!(f[0].store.as_deref(), Some("Vault"));
    }

    #[test]
    fn env_blocks_but_not_other_languages() {
        let text = "```bash\nexport DB_PASSWORD=x\nFOO=1 ./run\necho $BAR\n```\n```python\nAPI_KEY=1\n```\n";
        assert_eq!(
            names(text, Source::EnvBlock),
            [("DB_PASSWORD".to_string(), 2), ("FOO".to_string(), 3)]
        );
    }

    #[test]
    fn k8s_secret_manifest_keys_and_store() {
        let text = "```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: app-secrets\ntype: Opaque\nstringData:\n  SECRET_KEY: \"x\"\n  DB_URL: \"y\"\n```\n```yaml\nkind: ConfigMap\ndata:\n  FOO: bar\n```\n";
        let f: Vec<_> = find(text)
            .into_iter()
            .filter(|f| f.source == Source::K8sManifest)
            .collect();
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].name.as_str(), f[0].line), ("SECRET_KEY", 8));
        assert_eq!(f[1].store.as_deref(), Some("Kubernetes secret app-secrets"));
    }

    #[test]
    fn actions_gh_and_kubectl() {
        let text = "      password: ${{ secrets.CG_PASSWORD }}\n`gh secret set SONAR_TOKEN --env staging`\nkubectl create secret generic gh --namespace prod --from-literal=github_token=${T} --from-file=key=./k.pem\n";
        assert_eq!(
            names(text, Source::ActionsSecret),
            [("CG_PASSWORD".to_string(), 1)]
        );
        let gh: Vec<_> = find(text)
            .into_iter()
            .filter(|f| f.source == Source::GhSecretSet)
            .collect();
        assert_eq!(gh[0].environments, ["staging"]);
        let k: Vec<_> = find(text)
            .into_iter()
            .filter(|f| f.source == Source::KubectlSecret)
            .collect();
        assert_eq!(k.len(), 2);
        assert_eq!(k[0].environments, ["prod"]);
        assert_eq!(k[1].store.as_deref(), Some("Kubernetes secret gh"));
    }

    #[test]
    fn kubectl_over_continued_lines() {
        let text = "```bash\nkubectl create secret generic cm \\\n   -n runners \\\n   --from-literal=github_app_id=${APP_ID} \\\n   --from-file=github_app_private_key=key.pem\n```\n";
        let k: Vec<_> = find(text)
            .into_iter()
            .filter(|f| f.source == Source::KubectlSecret)
            .map(|f| (f.name, f.line, f.environments))
            .collect();
        assert_eq!(
            k,
            [
                ("github_app_id".to_string(), 2, vec!["runners".to_string()]),
                (
                    "github_app_private_key".to_string(),
                    2,
                    vec!["runners".to_string()]
                )
            ]
        );
    }

    #[test]
    fn env_var_lists() {
        let text = "- DB_NAME, DB_USER, DB_PASSWORD (production database)\n- `KUBECONFIG`: the cluster file\n- SECRET_KEY (generated)\n- DEBUG=False\n- Update all values\n- `make` runs it\n";
        let f: Vec<_> = find(text)
            .into_iter()
            .filter(|f| f.source == Source::EnvList)
            .collect();
        let got: Vec<_> = f.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            got,
            [
                "DB_NAME",
                "DB_PASSWORD",
                "DB_USER",
                "KUBECONFIG",
                "SECRET_KEY"
            ]
        );
        assert!(f[0].environments.contains(&"production".to_string()));
    }

    #[test]
    fn code_inside_fences_is_not_a_list_or_table() {
        let text = "```\n- DB_PASSWORD (x)\n| Name |\n|---|\n| FOO |\n```\n";
        assert!(
            find(text)
                .iter()
                .all(|f| f.source != Source::EnvList && f.source != Source::Table)
        );
    }
}
