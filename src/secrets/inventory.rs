//! The secret inventory: declared secrets (checklist `secrets:` and
//! `content/secrets.yaml`) merged with the mentions found in every Markdown page
//! (`parse::mentions`), per environment. Pure: `Book` and source texts in, `Inventory` out.
//!
//! A runbook declares a secret itself when it lists it: a row of a table with a name
//! column (`| Secret | Stored in |`, `| Variable | Description |`), or an item of a list
//! under a heading about secrets, credentials or environment variables
//! (`### Configure GitHub Secrets` then `` - `KUBECONFIG`: the cluster file ``). Such a
//! mention is a use and a declaration, both for the mention's environments (below).
//!
//! Secret or configuration variable: a name is a *secret* when it is declared, or
//! mentioned by a secret store (`kind: Secret`, `${{ secrets.X }}`, `gh secret set`,
//! `kubectl create secret`), or its name has a secret word (`SECRET`, `PASSWORD`,
//! `PASSWD`, `TOKEN`, `KEY`, `CREDENTIAL`, `AUTH`, `PRIVATE`, `CERT`, `WEBHOOK`, `DSN`,
//! `KUBECONFIG`, `DATABASE_URL`). Everything else (`DEBUG`, `ALLOWED_HOSTS`, `DB_HOST`)
//! is a *configuration variable*: listed with `kind: config`, never flagged as undeclared.
//!
//! Environment of a mention, nearest evidence first: the mention's own line or cell
//! (`--env production`, `--namespace production`, an Environment column,
//! `(production database)`), then its section (an environment named in the nearest
//! heading, or `--env`/`--namespace` in the section's text), then the runbook's
//! `environments` front matter, else every environment of the book.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::base::path::RelPath;
use crate::config::Config;
use crate::model::DeclaredSecret;
use crate::model::mention::{Found, Source};
use crate::model::{Book, Page};
use crate::parse::mentions;
use crate::source::Sources;

/// Secret or configuration variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
    Secret,
    Config,
}

/// A line of a page that mentions a secret. A big book has a reference for every
/// mention (130,000 in the benchmark's 10,000 pages), so the strings are shared with
/// the page's other references ([`PageStrings`]) rather than copied into each.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) struct Reference {
    /// Output path of the page, e.g. `ops/deploy.html`.
    pub(crate) page: Arc<str>,
    pub(crate) title: Arc<str>,
    pub(crate) line: u32,
    /// Nearest heading's anchor id, if any.
    pub(crate) anchor: Option<Arc<str>>,
    /// Nearest heading's text, if any.
    pub(crate) heading: Option<Arc<str>>,
    pub(crate) environments: Arc<[String]>,
}

/// One page's strings as its references hold them, each made once per page.
struct PageStrings<'p> {
    page: &'p Page,
    url: Arc<str>,
    title: Arc<str>,
    /// By heading index: its id and text, made when a reference first needs them.
    headings: Vec<Option<(Arc<str>, Arc<str>)>>,
    /// The distinct environment lists of the page's references.
    environments: Vec<Arc<[String]>>,
}

impl<'p> PageStrings<'p> {
    fn of(page: &'p Page) -> Self {
        PageStrings {
            page,
            url: page.url.as_str().into(),
            title: page.title.as_str().into(),
            headings: vec![None; page.doc.headings.len()],
            environments: Vec::new(),
        }
    }

    /// The id and text of the nearest heading at or above `line`.
    fn heading_at(&mut self, line: u32) -> Option<(Arc<str>, Arc<str>)> {
        let headings = &self.page.doc.headings;
        let k = headings.iter().rposition(|h| h.line <= line)?;
        let h = &headings[k];
        Some(
            self.headings[k]
                .get_or_insert_with(|| (h.id.as_str().into(), h.text.as_str().into()))
                .clone(),
        )
    }

    fn environments(&mut self, envs: &[String]) -> Arc<[String]> {
        if let Some(same) = self.environments.iter().find(|e| ***e == *envs) {
            return same.clone();
        }
        let made: Arc<[String]> = envs.into();
        self.environments.push(made.clone());
        made
    }
}

/// One secret (or configuration variable) of the inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Secret {
    pub(crate) name: String,
    pub(crate) kind: Kind,
    pub(crate) description: Option<String>,
    pub(crate) store: Option<String>,
    /// Every environment that needs it: declared ∪ used.
    pub(crate) environments: Vec<String>,
    /// Environments it is declared for (empty when not declared).
    pub(crate) declared_environments: Vec<String>,
    /// Environments a runbook uses it in.
    pub(crate) used_environments: Vec<String>,
    pub(crate) rotate: Option<String>,
    pub(crate) owner: Option<String>,
    pub(crate) declared: bool,
    /// Declared by `content/secrets.yaml` or a checklist: what it says is not filled in
    /// from mentions.
    #[serde(skip)]
    pub(crate) declared_in_file: bool,
    pub(crate) references: Vec<Reference>,
}

impl Secret {
    /// Used in `env` by a runbook but not declared for it.
    pub(crate) fn undeclared_in(&self, env: &str) -> bool {
        self.kind == Kind::Secret
            && has(&self.used_environments, env)
            && !has(&self.declared_environments, env)
    }

    /// Declared for `env` but no runbook mentions it there.
    pub(crate) fn unused_in(&self, env: &str) -> bool {
        self.declared && has(&self.declared_environments, env) && !has(&self.used_environments, env)
    }
}

fn has(list: &[String], x: &str) -> bool {
    list.iter().any(|e| e == x)
}

/// The whole inventory, sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Inventory {
    pub(crate) environments: Vec<String>,
    pub(crate) secrets: Vec<Secret>,
}

/// A declared secret and the file that declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Declared {
    pub(crate) path: RelPath,
    pub(crate) secret: DeclaredSecret,
}

/// A variable found in a page, with the environments it is for.
type Mention = (Found, Vec<String>);

/// Builds the inventory from the book's Markdown pages and the declared secrets.
pub(crate) fn build(
    cfg: &Config,
    book: &Book,
    sources: &Sources,
    declared: &[Declared],
) -> Inventory {
    let envs = cfg.environments.names.clone();
    let mut by_name: BTreeMap<String, Secret> = BTreeMap::new();
    for d in declared {
        add_declared(&mut by_name, d, &envs);
    }
    let texts: BTreeMap<&str, &[u8]> = sources
        .content
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect();
    // Each page's mentions in parallel; merged in book order.
    let found: Vec<Option<Vec<Mention>>> = book
        .pages
        .par_iter()
        .map(|page| {
            // An unread page is read again here, one at a time (`Sources::unread`).
            let bytes = sources
                .bytes_at(&page.source, texts.get(page.source.as_str())?)
                .ok()?;
            let text = std::str::from_utf8(&bytes).ok()?;
            let found = match &page.doc.mentions {
                Some(found) => found.to_vec(),
                None => mentions::find(text, &page.doc),
            };
            let mentions = found
                .into_iter()
                .map(|f| {
                    let env = environments_of(cfg, page, text, &f);
                    (f, env)
                })
                .collect();
            Some(mentions)
        })
        .collect();
    for (page, mentions) in book.pages.iter().zip(found) {
        let Some(mentions) = mentions else {
            continue;
        };
        let mut strings = PageStrings::of(page);
        for (f, env) in mentions {
            add_found(&mut by_name, &mut strings, f, env);
        }
        add_item_secrets(&mut by_name, &mut strings, &envs);
    }
    let mut secrets: Vec<Secret> = by_name.into_values().collect();
    for s in &mut secrets {
        finish(s, &envs);
    }
    Inventory {
        environments: envs,
        secrets,
    }
}

fn add_declared(by_name: &mut BTreeMap<String, Secret>, d: &Declared, envs: &[String]) {
    let s = entry(by_name, &d.secret.name);
    let declared_envs = if d.secret.environments.is_empty() {
        envs.to_vec()
    } else {
        d.secret.environments.clone()
    };
    s.kind = Kind::Secret;
    s.declared = true;
    s.declared_in_file = true;
    s.declared_environments.extend(declared_envs);
    s.description = s
        .description
        .take()
        .or_else(|| d.secret.description.clone());
    s.store = s.store.take().or_else(|| d.secret.store.clone());
    s.rotate = s.rotate.take().or_else(|| d.secret.rotate.clone());
    s.owner = s.owner.take().or_else(|| d.secret.owner.clone());
}

fn add_found(
    by_name: &mut BTreeMap<String, Secret>,
    strings: &mut PageStrings<'_>,
    f: Found,
    envs: Vec<String>,
) {
    let page = strings.page;
    let secret_kind = f.source.is_secret_store() || is_secret_name(&f.name);
    let declares = declares(page, &f);
    let s = entry(by_name, &f.name);
    if secret_kind {
        s.kind = Kind::Secret;
    }
    // A declaring file says first; a runbook's own list fills in what it left out.
    if !s.declared_in_file || declares {
        s.description = s.description.take().or(f.description);
        let store = f.store.or_else(|| section_store(page, f.line));
        s.store = s.store.take().or(store);
    }
    if declares {
        s.declared = true;
        s.declared_environments.extend(envs.iter().cloned());
    }
    s.used_environments.extend(envs.iter().cloned());
    let heading = strings.heading_at(f.line);
    let (anchor, heading) = heading.unzip();
    s.references.push(Reference {
        page: strings.url.clone(),
        title: strings.title.clone(),
        line: f.line,
        anchor,
        heading,
        environments: strings.environments(&envs),
    });
}

/// Whether a mention is its runbook's own declaration of the secret (see the module
/// doc): a table row, or a list item under a heading about secrets.
fn declares(page: &Page, f: &Found) -> bool {
    match f.source {
        Source::Table => true,
        Source::EnvList => heading_at(page, f.line).is_some_and(|h| {
            let t = h.text.to_lowercase();
            ["secret", "credential", "environment variable"]
                .iter()
                .any(|w| t.contains(w))
        }),
        _ => false,
    }
}

/// Checklist items that name their secrets (`secrets: [NAME]`): each is a use of the
/// secret in the item's environments, linked to the item itself.
fn add_item_secrets(
    by_name: &mut BTreeMap<String, Secret>,
    strings: &mut PageStrings<'_>,
    all: &[String],
) {
    let page = strings.page;
    for item in page.doc.items.get().iter() {
        for name in item.secrets() {
            let envs = if item.environments().is_empty() {
                page.environments(all).to_vec()
            } else {
                item.environments().to_vec()
            };
            let s = entry(by_name, name);
            s.kind = Kind::Secret;
            s.used_environments.extend(envs.iter().cloned());
            s.references.push(Reference {
                page: strings.url.clone(),
                title: strings.title.clone(),
                line: item.line,
                anchor: Some(item.id().into()),
                heading: strings.heading_at(item.line).map(|(_, text)| text),
                environments: strings.environments(&envs),
            });
        }
    }
}

fn entry<'a>(by_name: &'a mut BTreeMap<String, Secret>, name: &str) -> &'a mut Secret {
    by_name.entry(name.to_string()).or_insert_with(|| Secret {
        name: name.to_string(),
        kind: Kind::Config,
        description: None,
        store: None,
        environments: Vec::new(),
        declared_environments: Vec::new(),
        used_environments: Vec::new(),
        rotate: None,
        owner: None,
        declared: false,
        declared_in_file: false,
        references: Vec::new(),
    })
}

/// Sorts and dedups lists, in the book's environment order.
fn finish(s: &mut Secret, envs: &[String]) {
    let order = |list: &mut Vec<String>| {
        list.sort_by_key(|e| {
            (
                envs.iter().position(|x| x == e).unwrap_or(usize::MAX),
                e.clone(),
            )
        });
        list.dedup();
    };
    order(&mut s.declared_environments);
    order(&mut s.used_environments);
    s.environments = s.declared_environments.clone();
    s.environments.extend(s.used_environments.iter().cloned());
    order(&mut s.environments);
    s.references.sort();
    s.references.dedup();
}

/// Whether a variable name says it holds a secret (see the module doc).
pub(crate) fn is_secret_name(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "SECRET",
        "PASSWORD",
        "PASSWD",
        "TOKEN",
        "KEY",
        "CREDENTIAL",
        "AUTH",
        "PRIVATE",
        "CERT",
        "WEBHOOK",
        "DSN",
        "KUBECONFIG",
        "DATABASE_URL",
    ];
    let upper = name.to_uppercase();
    WORDS.iter().any(|w| upper.contains(w))
}

/// The environments of a mention, nearest evidence first (see the module doc).
fn environments_of(cfg: &Config, page: &Page, text: &str, f: &Found) -> Vec<String> {
    let known = |words: &[String]| -> Vec<String> {
        words.iter().filter_map(|w| resolve(cfg, w)).collect()
    };
    let own = known(&f.environments);
    if !own.is_empty() {
        return own;
    }
    let parent = parent_line(text, f.line)
        .map(|l| words(cfg, l))
        .unwrap_or_default();
    if !parent.is_empty() {
        return parent;
    }
    let section = section_evidence(cfg, page, text, f.line);
    if !section.is_empty() {
        return section;
    }
    let front = known(&page.front.environments);
    if !front.is_empty() {
        return front;
    }
    cfg.environments.names.clone()
}

/// The environments a line names, as words.
fn words(cfg: &Config, line: &str) -> Vec<String> {
    line.split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|w| resolve(cfg, w))
        .collect()
}

/// For an indented list item, the nearest line above it with less indentation (its
/// parent item: `- [ ] Update all values for production:`).
fn parent_line(text: &str, line: u32) -> Option<&str> {
    let lines: Vec<&str> = text.lines().take(line as usize).collect();
    let own = lines.last()?;
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mine = indent(own);
    if mine == 0 {
        return None;
    }
    lines
        .iter()
        .rev()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .find(|l| indent(l) < mine)
        .copied()
}

/// A store the section says, when the mention says none: a heading about GitHub
/// secrets means GitHub Actions.
fn section_store(page: &Page, line: u32) -> Option<String> {
    let h = page.doc.headings.iter().rev().find(|h| h.line <= line)?;
    let t = h.text.to_lowercase();
    (t.contains("github") && t.contains("secret")).then(|| "GitHub Actions secret".to_string())
}

/// An environment name or alias, to its environment.
fn resolve(cfg: &Config, word: &str) -> Option<String> {
    let w = word.to_lowercase();
    if cfg.environments.names.contains(&w) {
        return Some(w);
    }
    cfg.environments.aliases.get(&w).cloned()
}

/// Environments named by the heading above `line` or by `--env`/`--namespace` flags in
/// that heading's section.
fn section_evidence(cfg: &Config, page: &Page, text: &str, line: u32) -> Vec<String> {
    let headings = &page.doc.headings;
    let Some(i) = headings.iter().rposition(|h| h.line <= line) else {
        return Vec::new();
    };
    let start = headings[i].line;
    let end = headings.get(i + 1).map_or(u32::MAX, |h| h.line);
    let mut out: Vec<String> = headings[i]
        .text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|w| resolve(cfg, w))
        .collect();
    for l in text
        .lines()
        .skip(start as usize)
        .take((end - start) as usize)
    {
        out.extend(
            mentions::env_flags(l)
                .iter()
                .filter_map(|w| resolve(cfg, w)),
        );
    }
    out.sort();
    out.dedup();
    out
}

/// The nearest heading at or above `line`.
fn heading_at(page: &Page, line: u32) -> Option<&crate::model::Heading> {
    page.doc.headings.iter().rev().find(|h| h.line <= line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diag::Diagnostics;
    use crate::source::SourceFile;

    fn inventory(files: &[(&str, &str)], declared: &[Declared]) -> Inventory {
        let cfg = Config::default();
        let sources = Sources {
            content: files
                .iter()
                .map(|(p, t)| SourceFile {
                    path: RelPath::new(format!("content/{p}")),
                    bytes: t.as_bytes().to_vec(),
                })
                .collect(),
            ..Sources::default()
        };
        let book = crate::parse::book::assemble(
            &cfg,
            &sources,
            &mut Diagnostics::new(),
            &crate::base::cache::Cache::off(),
            Default::default(),
        );
        build(&cfg, &book, &sources, declared)
    }

    fn get<'a>(inv: &'a Inventory, name: &str) -> &'a Secret {
        inv.secrets.iter().find(|s| s.name == name).expect(name)
    }

    fn declared(name: &str, envs: &[&str]) -> Declared {
        Declared {
            path: RelPath::new("content/secrets.yaml"),
            secret: DeclaredSecret {
                name: name.into(),
                description: Some("declared".into()),
                store: Some("Vault".into()),
                environments: envs.iter().map(|e| e.to_string()).collect(),
                rotate: Some("90d".into()),
                owner: None,
                line: 1,
                col: 1,
            },
        }
    }

    #[test]
    fn environment_comes_from_the_nearest_evidence() {
        let text = "# Run\n\n## Staging\n\n```bash\nexport API_TOKEN=x\n```\n\n## Setup\n\n- [ ] Update for production:\n  - DB_PASSWORD (the database)\n\n`gh secret set DEPLOY_KEY --env development`\n\n## Other\n\n- `CACHE_TOKEN`: cache\n";
        let inv = inventory(&[("run.md", text)], &[]);
        assert_eq!(get(&inv, "API_TOKEN").used_environments, ["staging"]);
        assert_eq!(get(&inv, "DB_PASSWORD").used_environments, ["production"]);
        assert_eq!(get(&inv, "DEPLOY_KEY").used_environments, ["development"]);
        assert_eq!(get(&inv, "CACHE_TOKEN").environments.len(), 3);
        let r = &get(&inv, "API_TOKEN").references[0];
        assert_eq!(
            (&*r.page, r.line, r.anchor.as_deref()),
            ("run.html", 6, Some("staging"))
        );
    }

    #[test]
    fn front_matter_environments_are_the_fallback() {
        let text = "---\nenvironments: [staging]\n---\n# Run\n\n- `SONAR_TOKEN`: scans\n";
        let inv = inventory(&[("run.md", text)], &[]);
        assert_eq!(get(&inv, "SONAR_TOKEN").environments, ["staging"]);
    }

    #[test]
    fn config_variables_are_kept_apart() {
        let text =
            "# Run\n\n```bash\nDEBUG=False\nALLOWED_HOSTS=x\nDB_HOST=db\nSECRET_KEY=y\n```\n";
        let inv = inventory(&[("run.md", text)], &[]);
        let kinds: Vec<_> = inv
            .secrets
            .iter()
            .map(|s| (s.name.as_str(), s.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("ALLOWED_HOSTS", Kind::Config),
                ("DB_HOST", Kind::Config),
                ("DEBUG", Kind::Config),
                ("SECRET_KEY", Kind::Secret)
            ]
        );
        assert!(!get(&inv, "DEBUG").undeclared_in("production"));
    }

    /// A seed or corpus file beside the repository (`../shared/`), if it is there.
    fn shared(rel: &str) -> Option<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared")
            .join(rel);
        let text = std::fs::read_to_string(&path).ok();
        if text.is_none() {
            eprintln!("*** SKIPPED: ../shared/{rel} not found ***");
        }
        text
    }

    #[test]
    fn a_runbooks_own_table_declares_for_its_environment_column() {
        let text = "# Deploy\n\n## Secrets\n\n| Secret | Environment | Stored in | Purpose |\n|---|---|---|---|\n| `API_TOKEN` | production | Vault kv/api | partner calls |\n\n## Staging\n\n```bash\nexport API_TOKEN=x\n```\n";
        let inv = inventory(&[("run.md", text)], &[]);
        let api = get(&inv, "API_TOKEN");
        assert!(api.declared);
        assert_eq!(api.declared_environments, ["production"]);
        assert_eq!(api.used_environments, ["staging", "production"]);
        assert!(!api.undeclared_in("production") && api.undeclared_in("staging"));
        assert_eq!(api.store.as_deref(), Some("Vault kv/api"));
        assert_eq!(api.description.as_deref(), Some("partner calls"));
    }

    #[test]
    fn secrets_yaml_says_first_and_a_table_adds_environments() {
        let text = "---\nenvironments: [staging]\n---\n# Run\n\n| Variable | Where |\n|---|---|\n| `API_KEY` | 1Password |\n";
        let inv = inventory(&[("run.md", text)], &[declared("API_KEY", &["production"])]);
        let api = get(&inv, "API_KEY");
        assert_eq!(api.declared_environments, ["staging", "production"]);
        assert_eq!(api.store.as_deref(), Some("Vault"));
        assert!(!api.undeclared_in("staging") && api.unused_in("production"));
    }

    #[test]
    fn dokkus_real_variable_table_declares_its_rows_and_keeps_their_kind() {
        let name = "dokku-environment-variables.md";
        let Some(text) = shared(&format!("corpus/public/{name}")) else {
            return;
        };
        let inv = inventory(&[(name, &text)], &[]);
        let root = get(&inv, "DOKKU_ROOT");
        assert!(root.declared && root.kind == Kind::Config);
        assert_eq!(root.declared_environments.len(), 3);
        assert!(
            root.description
                .as_deref()
                .is_some_and(|d| d.starts_with("The root directory")),
            "{:?}",
            root.description
        );
        let rows = inv.secrets.iter().filter(|s| s.declared).count();
        assert!(rows >= 30, "{rows} rows declared");
    }

    #[test]
    fn hypex_seeds_github_secrets_list_declares_kubeconfig_only() {
        let name = "hypex-audit-and-deployment-guide.md";
        let Some(text) = shared(&format!("seeds/{name}")) else {
            return;
        };
        let inv = inventory(&[(name, &text)], &[]);
        // `### Step 1: Configure GitHub Secrets` then `- `KUBECONFIG`: The contents of…`
        let kube = get(&inv, "KUBECONFIG");
        assert!(kube.declared, "{kube:?}");
        assert!(inv.environments.iter().all(|e| !kube.undeclared_in(e)));
        // Keys of a `kind: Secret` manifest are uses: nothing says they exist elsewhere.
        let key = get(&inv, "SECRET_KEY");
        assert!(!key.declared && key.undeclared_in("production"));
    }

    #[test]
    fn undeclared_and_unused_per_environment() {
        let text = "# Run\n\n## Production\n\n- `API_KEY`: calls\n- `NEW_TOKEN`: new\n";
        let inv = inventory(
            &[("run.md", text)],
            &[declared("API_KEY", &["staging", "production"])],
        );
        let api = get(&inv, "API_KEY");
        assert!(api.declared && !api.undeclared_in("production"));
        assert!(api.unused_in("staging") && !api.unused_in("production"));
        assert_eq!(api.description.as_deref(), Some("declared"));
        assert_eq!(api.store.as_deref(), Some("Vault"));
        let new = get(&inv, "NEW_TOKEN");
        assert!(new.undeclared_in("production") && !new.undeclared_in("staging"));
    }
}
