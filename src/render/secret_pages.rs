//! The inventory pages: `secrets/index.html` (the matrix secret × environment, with
//! undeclared and unused flags) and `secrets/<env>.html` (every secret an environment
//! needs, each with its mentions linked). Values are never shown: the inventory holds
//! none. Pure: inventory and theme in, `(path, html)` out.
//!
//! A big book has tens of thousands of secrets, so no template context ever holds them
//! all: each secret is rendered on its own, in parallel, from a small partial
//! (`secrets-row.html` for its matrix row, `secrets-section.html` for its section of an
//! environment page, `secrets-config.html` for a configuration variable's list item),
//! and the page templates get the joined HTML. A section is rendered once per cell
//! state the secret has (not once per environment) and shared by the environment pages
//! where it has that state; a configuration variable's item is shared by every page.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::base::diag::{Diagnostic, Diagnostics};
use crate::base::url::encode_path;
use crate::config::Config;
use crate::model::Book;
use crate::render::ShellContext;
use crate::render::cache::RenderCache;
use crate::render::site::{Bytes, Sink};
use crate::render::theme::Theme;
use crate::secrets::inventory::{Inventory, Kind, Secret};

/// The partial of a secret's row of the matrix.
pub(crate) const ROW_TEMPLATE: &str = "secrets-row.html";
/// The partial of a secret's section of an environment page.
pub(crate) const SECTION_TEMPLATE: &str = "secrets-section.html";
/// The partial of a configuration variable's list item (matrix and environment pages).
pub(crate) const CONFIG_TEMPLATE: &str = "secrets-config.html";

/// The hint of a page template's error: an override written for the old contract
/// (a `secrets` list) fails on the missing variable.
const PAGE_HINT: &str = "secrets.html and secrets-env.html get each secret as HTML: \
    `secrets_html`, `secret_count`, `config_html`, `config_count` (print with `| safe`); \
    one secret is rendered by secrets-row.html, secrets-section.html or secrets-config.html \
    (opsbook's guide, Reference > Theme, lists their fields)";

/// The hint of a partial's error.
const PARTIAL_HINT: &str = "secrets-row.html, secrets-section.html and secrets-config.html get \
    one secret: `secret`, `anchor`, `cells`, `refs`, `uses`, `state` (opsbook's guide, Reference > Theme, \
    lists them)";

/// One cell of the matrix.
#[derive(Debug, Serialize)]
pub(crate) struct CellContext<'a> {
    pub(crate) env: &'a str,
    /// `used`, `declared`, `undeclared`, `unused` or empty.
    pub(crate) state: &'static str,
}

/// A mention, linked relative to the secrets pages.
#[derive(Debug, Serialize)]
pub(crate) struct RefContext<'a> {
    pub(crate) href: String,
    pub(crate) title: &'a str,
    pub(crate) line: u32,
    /// The text of the heading the link leads to, if any.
    pub(crate) heading: Option<&'a str>,
    /// The environments this mention is for.
    pub(crate) environments: &'a [String],
}

/// The mentions under one heading of one page, as one link: where a secret is used.
#[derive(Debug, Serialize)]
pub(crate) struct UseContext<'a> {
    pub(crate) href: String,
    /// The page's title.
    pub(crate) title: &'a str,
    /// The heading's text, when it is not the page's title.
    pub(crate) heading: Option<&'a str>,
    /// The source lines of the mentions, in order.
    pub(crate) lines: Vec<u32>,
    /// The environments of the mentions, in the book's order.
    pub(crate) environments: Vec<&'a str>,
}

/// Context of the partials `secrets-row.html`, `secrets-section.html` and
/// `secrets-config.html`: one secret (or configuration variable).
#[derive(Debug, Serialize)]
pub(crate) struct SecretContext<'a> {
    pub(crate) secret: &'a Secret,
    /// `secret-<name>` anchor of its section.
    pub(crate) anchor: String,
    /// One per environment of the book, in order.
    pub(crate) cells: Vec<CellContext<'a>>,
    pub(crate) refs: Vec<RefContext<'a>>,
    /// `refs` grouped by link (page and heading), in the order first seen: each place
    /// the secret is used.
    pub(crate) uses: Vec<UseContext<'a>>,
    /// In `secrets-section.html`: the secret's cell state in the page's environment
    /// (the section is shared by the pages where it has that state). Else `None`.
    pub(crate) state: Option<&'static str>,
}

/// Context of `secrets.html` (the matrix) and `secrets-env.html` (one environment).
#[derive(Debug, Serialize)]
pub(crate) struct SecretsContext<'a> {
    pub(crate) shell: ShellContext<'a>,
    /// The environment of an environment page; `None` on the matrix.
    pub(crate) env: Option<&'a str>,
    pub(crate) environments: &'a [String],
    /// The secrets shown, joined: matrix rows, or an environment page's sections.
    pub(crate) secrets_html: String,
    pub(crate) secret_count: usize,
    /// The configuration variables shown, joined list items.
    pub(crate) config_html: String,
    pub(crate) config_count: usize,
}

/// A rendered file's text (the theme renders strings, so it is UTF-8).
fn text(bytes: Bytes) -> String {
    String::from_utf8(Arc::unwrap_or_clone(bytes))
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Renders the matrix and one page per environment, each handed to `sink` as soon as
/// it is made; returns their paths. Across the versions of a build, `cache` gives back
/// the pieces and pages of secrets that did not change. Without a cache the secrets go
/// to `sink` a few at a time ([`streamed`]); with one, each page's pieces are made for
/// it and let go of with it: at 10,000 pages the matrix's rows are 18 MB and each
/// environment page's sections 6 MB, too much to hold for every page at once.
pub(crate) fn each_page(
    cfg: &Config,
    book: &Book,
    inventory: &Inventory,
    theme: &Theme,
    cache: &RenderCache,
    sink: &dyn Sink,
) -> Result<Vec<String>, Diagnostics> {
    let mut targets = vec![("secrets/index.html".to_string(), "secrets.html", None)];
    for env in &inventory.environments {
        targets.push((
            format!("secrets/{env}.html"),
            "secrets-env.html",
            Some(env.as_str()),
        ));
    }
    let mut out = Vec::new();
    let mut diags = Diagnostics::new();
    // A partial that fails is reported once, for the first secret it fails on.
    let partial_failed = |d: Diagnostic, diags: &mut Diagnostics| {
        if !diags.iter().any(|seen| seen.path == d.path) {
            diags.push(d.with_hint(PARTIAL_HINT));
        }
    };
    for (path, template, env) in &targets {
        let page = (path.as_str(), *env);
        if cache.is_off() {
            let done = streamed(cfg, book, inventory, page, (theme, template), cache, sink);
            match done {
                Some(Ok(errors)) => {
                    errors
                        .into_iter()
                        .for_each(|d| partial_failed(d, &mut diags));
                    out.push(path.clone());
                    continue;
                }
                Some(Err(d)) => {
                    diags.push(d.with_hint(PAGE_HINT));
                    continue;
                }
                None => {}
            }
        }
        // One page at a time: a page is megabytes of joined pieces, its copy in the
        // Tera context and its output; the pieces are the work and are made in parallel.
        let (pieces, errors) = page_pieces(inventory, *env, theme, cache);
        errors
            .into_iter()
            .for_each(|d| partial_failed(d, &mut diags));
        if diags.has_errors() {
            continue;
        }
        let ctx = page_context(cfg, book, inventory, &pieces, page);
        match cache.render(theme, template, &ctx) {
            Ok(html) => {
                sink.put(path.clone(), html);
                out.push(path.clone());
            }
            Err(d) => diags.push(d.with_hint(PAGE_HINT)),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}

/// [`each_page`], the pages kept as (site path, HTML).
pub(crate) fn pages(
    cfg: &Config,
    book: &Book,
    inventory: &Inventory,
    theme: &Theme,
    cache: &RenderCache,
) -> Result<Vec<(String, String)>, Diagnostics> {
    let kept = std::sync::Mutex::new(crate::render::site::Site::default());
    let paths = each_page(cfg, book, inventory, theme, cache, &kept)?;
    let mut site = kept
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    Ok(paths
        .into_iter()
        .filter_map(|p| {
            let html = site.files.remove(&p)?;
            Some((p, text(html)))
        })
        .collect())
}

/// What page `env` shows of each secret, in inventory order (empty for one it does
/// not show): on the matrix (`None`) a secret's row, on an environment's page its
/// section for its state there; a configuration variable's item on both. Failures
/// come back beside empty pieces.
fn page_pieces(
    inv: &Inventory,
    env: Option<&str>,
    theme: &Theme,
    cache: &RenderCache,
) -> (Vec<String>, Vec<Diagnostic>) {
    let rendered: Vec<Result<String, Box<Diagnostic>>> = inv
        .secrets
        .par_iter()
        .map(|s| match env.is_some_and(|e| !needs(s, e)) {
            true => Ok(String::new()),
            false => piece(s, env, inv, theme, cache),
        })
        .collect();
    let mut errors = Vec::new();
    let pieces = rendered
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|d| {
                errors.push(*d);
                String::new()
            })
        })
        .collect();
    (pieces, errors)
}

/// What page `env` shows of secret `s`: on the matrix (`None`) its row, on an
/// environment's page its section for its state there; a configuration variable's
/// item on both.
fn piece(
    s: &Secret,
    env: Option<&str>,
    inv: &Inventory,
    theme: &Theme,
    cache: &RenderCache,
) -> Result<String, Box<Diagnostic>> {
    let mut ctx = secret_context(s, &inv.environments);
    let template = match (s.kind, env) {
        (Kind::Config, _) => CONFIG_TEMPLATE,
        (Kind::Secret, None) => ROW_TEMPLATE,
        (Kind::Secret, Some(e)) => {
            ctx.state = Some(cell_state(s, e));
            SECTION_TEMPLATE
        }
    };
    cache.render(theme, template, &ctx).map(text)
}

/// Where a page's secrets go in [`spliced`]'s first render: control characters that
/// no template writes and HTML escaping leaves as they are.
const SECRETS_MARK: &str = "\u{1}opsbook:secrets\u{1}";

/// How many secrets [`streamed`] renders at once, in parallel, before writing them.
const BATCH: usize = 512;

/// The page rendered with [`SECRETS_MARK`] for its secrets, handed to `sink` in parts:
/// the text before the mark, the secrets, rendered [`BATCH`] at a time, then the
/// rest. At 10,000 pages the matrix is 18 MB, and the template would hold it three
/// times at once (joined, in its context, in its growing output). `None` when the
/// template does not write the mark exactly once (a theme's own `secrets.html` that
/// uses `secrets_html` otherwise): the page is then rendered from the joined text.
/// Else the page's failure, or the failures of the partials (the page is then
/// written without those secrets, and the build fails on them).
fn streamed(
    cfg: &Config,
    book: &Book,
    inv: &Inventory,
    (current, env): (&str, Option<&str>),
    (theme, template): (&Theme, &str),
    cache: &RenderCache,
    sink: &dyn Sink,
) -> Option<Result<Vec<Diagnostic>, Box<Diagnostic>>> {
    let config: Vec<&Secret> = shown(inv, env, Kind::Config).collect();
    let mut errors = Vec::new();
    let config_pieces: Vec<String> = config
        .par_iter()
        .map(|s| piece(s, env, inv, theme, cache))
        .collect::<Vec<_>>()
        .into_iter()
        .filter_map(|r| r.map_err(|d| errors.push(*d)).ok())
        .collect();
    let shown_secrets: Vec<&Secret> = shown(inv, env, Kind::Secret).collect();
    let ctx = SecretsContext {
        shell: crate::render::shell(cfg, book, current),
        env,
        environments: &inv.environments,
        secrets_html: SECRETS_MARK.to_string(),
        secret_count: shown_secrets.len(),
        config_html: config_pieces.concat(),
        config_count: config.len(),
    };
    let html = match theme.render(template, &ctx) {
        Ok(html) => html,
        Err(d) => return Some(Err(d)),
    };
    let (before, after) = html.split_once(SECRETS_MARK)?;
    if after.contains(SECRETS_MARK) {
        return None;
    }
    sink.put_parts(current.to_string(), &mut |out| {
        // Writing to a `Sink`'s part writer does not fail: it keeps its own error.
        let _ = out.write_all(before.as_bytes());
        for batch in shown_secrets.chunks(BATCH) {
            let pieces: Vec<_> = batch
                .par_iter()
                .map(|s| piece(s, env, inv, theme, cache))
                .collect();
            for p in pieces {
                match p {
                    Ok(p) => {
                        let _ = out.write_all(p.as_bytes());
                    }
                    Err(d) => errors.push(*d),
                }
            }
        }
        let _ = out.write_all(after.as_bytes());
    });
    Some(Ok(errors))
}

/// The context of the matrix (`env` is `None`) or of an environment's page, with the
/// pieces of the secrets it shows joined.
fn page_context<'a>(
    cfg: &'a Config,
    book: &'a Book,
    inv: &'a Inventory,
    pieces: &[String],
    (current, env): (&'a str, Option<&'a str>),
) -> SecretsContext<'a> {
    let parts = |kind| {
        inv.secrets
            .iter()
            .zip(pieces)
            .filter(move |(s, _)| is_shown(s, env, kind))
            .map(|(_, p)| p.as_str())
    };
    let (secrets_html, secret_count) = joined(parts(Kind::Secret));
    let (config_html, config_count) = joined(parts(Kind::Config));
    SecretsContext {
        shell: crate::render::shell(cfg, book, current),
        env,
        environments: &inv.environments,
        secrets_html,
        secret_count,
        config_html,
        config_count,
    }
}

/// The secrets of `kind` page `env` shows, in inventory order.
fn shown<'p>(
    inv: &'p Inventory,
    env: Option<&'p str>,
    kind: Kind,
) -> impl Iterator<Item = &'p Secret> {
    inv.secrets.iter().filter(move |s| is_shown(s, env, kind))
}

/// Whether page `env` (the matrix: `None`) shows `s`, a secret of `kind`.
fn is_shown(s: &Secret, env: Option<&str>, kind: Kind) -> bool {
    s.kind == kind && env.is_none_or(|e| needs(s, e))
}

/// The parts one after the other, and how many there were.
fn joined<'p>(parts: impl Iterator<Item = &'p str> + Clone) -> (String, usize) {
    let (len, count) = parts
        .clone()
        .fold((0, 0), |(len, n), p| (len + p.len(), n + 1));
    let mut out = String::with_capacity(len);
    parts.for_each(|p| out.push_str(p));
    (out, count)
}

/// Whether environment `env`'s page shows `s`.
fn needs(s: &Secret, env: &str) -> bool {
    s.environments.iter().any(|x| x == env)
}

fn secret_context<'a>(s: &'a Secret, envs: &'a [String]) -> SecretContext<'a> {
    let cells = envs
        .iter()
        .map(|e| CellContext {
            env: e,
            state: cell_state(s, e),
        })
        .collect();
    let refs: Vec<RefContext<'a>> = s
        .references
        .iter()
        .map(|r| RefContext {
            href: match &r.anchor {
                Some(a) => format!("../{}#{a}", encode_path(&r.page)),
                None => format!("../{}", encode_path(&r.page)),
            },
            title: &r.title,
            line: r.line,
            heading: r.heading.as_deref(),
            environments: &r.environments,
        })
        .collect();
    SecretContext {
        secret: s,
        anchor: format!("secret-{}", s.name),
        cells,
        uses: uses(&refs, envs),
        refs,
        state: None,
    }
}

/// The places of `refs`: one per link, with its lines and environments.
fn uses<'a>(refs: &[RefContext<'a>], envs: &'a [String]) -> Vec<UseContext<'a>> {
    let mut out: Vec<UseContext<'a>> = Vec::new();
    for r in refs {
        let i = match out.iter().position(|u| u.href == r.href) {
            Some(i) => i,
            None => {
                out.push(UseContext {
                    href: r.href.clone(),
                    title: r.title,
                    heading: r.heading.filter(|h| *h != r.title),
                    lines: Vec::new(),
                    environments: Vec::new(),
                });
                out.len() - 1
            }
        };
        out[i].lines.push(r.line);
        out[i]
            .environments
            .extend(r.environments.iter().map(String::as_str));
    }
    for u in &mut out {
        u.lines.sort_unstable();
        u.lines.dedup();
        u.environments = envs
            .iter()
            .map(String::as_str)
            .filter(|e| u.environments.contains(e))
            .collect();
    }
    out
}

fn cell_state(s: &Secret, env: &str) -> &'static str {
    let used = s.used_environments.iter().any(|e| e == env);
    let declared = s.declared_environments.iter().any(|e| e == env);
    match (s.undeclared_in(env), s.unused_in(env), declared, used) {
        (true, _, _, _) => "undeclared",
        (_, true, _, _) => "unused",
        (_, _, true, _) => "declared",
        (_, _, _, true) => "used",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use crate::base::cache::Cache;
    use std::collections::BTreeMap;

    use super::*;
    use crate::base::diag::Code;
    use crate::secrets::inventory::Reference;

    const ENVS: [&str; 3] = ["staging", "production", "dr"];

    fn secret(name: &str, kind: Kind, declared: &[&str], used: &[&str]) -> Secret {
        let has = |list: &[&str], e: &str| list.contains(&e);
        let environments = ENVS
            .iter()
            .filter(|e| has(declared, e) || has(used, e))
            .map(|e| e.to_string())
            .collect();
        Secret {
            name: name.to_string(),
            kind,
            description: None,
            store: None,
            environments,
            declared_environments: declared.iter().map(|e| e.to_string()).collect(),
            used_environments: used.iter().map(|e| e.to_string()).collect(),
            rotate: None,
            owner: None,
            declared: !declared.is_empty(),
            declared_in_file: !declared.is_empty(),
            references: Vec::new(),
        }
    }

    /// API_KEY: declared for production and dr, used in staging and production (so
    /// undeclared in staging, unused in dr); DB_TOKEN: used in production only;
    /// LOG_LEVEL: a configuration variable of staging.
    fn inventory() -> Inventory {
        let mut api = secret(
            "API_KEY",
            Kind::Secret,
            &["production", "dr"],
            &["staging", "production"],
        );
        api.description = Some("Partner <API> key".into());
        api.store = Some("vault: kv/api".into());
        api.rotate = Some("90 days".into());
        api.owner = Some("ops".into());
        api.references = vec![
            Reference {
                page: "ops/deploy.html".into(),
                title: "Deploy & roll".into(),
                line: 12,
                anchor: Some("keys".into()),
                heading: Some("Keys".into()),
                environments: vec!["staging".into()].into(),
            },
            Reference {
                page: "ops/deploy.html".into(),
                title: "Deploy & roll".into(),
                line: 14,
                anchor: Some("keys".into()),
                heading: Some("Keys".into()),
                environments: vec!["production".into(), "staging".into()].into(),
            },
            Reference {
                page: "faq.html".into(),
                title: "FAQ".into(),
                line: 3,
                anchor: None,
                heading: None,
                environments: vec!["production".into()].into(),
            },
        ];
        let mut level = secret("LOG_LEVEL", Kind::Config, &[], &["staging"]);
        level.description = Some("debug or info".into());
        Inventory {
            environments: ENVS.iter().map(|e| e.to_string()).collect(),
            secrets: vec![
                api,
                secret("DB_TOKEN", Kind::Secret, &[], &["production"]),
                level,
            ],
        }
    }

    fn default_theme() -> Theme {
        Theme::load(&BTreeMap::new(), "default").expect("default theme compiles")
    }

    fn theme_with(name: &str, text: &str) -> Theme {
        let ov = BTreeMap::from([(format!("templates/{name}"), text.as_bytes().to_vec())]);
        Theme::load(&ov, "acme").expect("override compiles")
    }

    fn build(inv: &Inventory, theme: &Theme) -> Result<BTreeMap<String, String>, Diagnostics> {
        let pages = pages(
            &Config::default(),
            &Book::default(),
            inv,
            theme,
            &RenderCache::off(),
        )?;
        Ok(pages.into_iter().collect())
    }

    /// Every page as the cache (which never splices) renders it.
    fn build_from_joined(inv: &Inventory, theme: &Theme) -> BTreeMap<String, String> {
        let pages = pages(
            &Config::default(),
            &Book::default(),
            inv,
            theme,
            &RenderCache::on(),
        )
        .expect("renders");
        pages.into_iter().collect()
    }

    #[test]
    fn secrets_written_in_batches_make_the_page_rendered_whole() {
        let mut inv = inventory();
        let envs: [&[&str]; 3] = [&["staging"], &["production", "dr"], &[]];
        for i in 0..2 * BATCH + 7 {
            let used = envs[i % 3];
            inv.secrets
                .push(secret(&format!("S_{i:05}"), Kind::Secret, used, used));
        }
        inv.secrets.sort_by(|a, b| a.name.cmp(&b.name));
        let theme = default_theme();
        let streamed = build(&inv, &theme).expect("renders");
        // Each row names its secret twice: its anchor and its text.
        let rows = streamed["secrets/index.html"].matches("S_0").count() / 2;
        assert_eq!(rows, 2 * BATCH + 7);
        assert_eq!(streamed, build_from_joined(&inv, &theme));
    }

    #[test]
    fn spliced_pages_are_the_pages_rendered_from_the_joined_secrets() {
        let inv = inventory();
        let theme = default_theme();
        let spliced = build(&inv, &theme).expect("renders");
        assert!(spliced["secrets/index.html"].contains("<tbody><tr"));
        assert_eq!(spliced, build_from_joined(&inv, &theme));
        // A theme that writes the secrets twice (or escapes them) gets the joined text.
        let twice = theme_with(
            "secrets.html",
            "{{ secrets_html | safe }}|{{ secrets_html }}|{{ secret_count }}",
        );
        let page = &build(&inv, &twice).expect("renders")["secrets/index.html"];
        assert!(!page.contains('\u{1}'), "{page}");
        assert_eq!(page, &build_from_joined(&inv, &twice)["secrets/index.html"]);
    }

    #[test]
    fn a_second_version_takes_unchanged_secrets_from_the_cache() {
        let inv = inventory();
        let theme = default_theme();
        let cache = RenderCache::on();
        let make = || pages(&Config::default(), &Book::default(), &inv, &theme, &cache).unwrap();
        let first = make();
        // Within one version only a configuration variable's item, the same on the
        // matrix and on its environment's page, is made twice.
        let within = cache.hits();
        assert!(within <= inv.secrets.len(), "{within} hits");
        let second = make();
        assert_eq!(second, first);
        assert_eq!(
            first.into_iter().collect::<BTreeMap<_, _>>(),
            build(&inv, &theme).unwrap()
        );
        assert!(
            cache.hits() - within > inv.secrets.len(),
            "{} hits",
            cache.hits()
        );
    }

    /// The `<article>` of a page (the shell around it is base.html's).
    fn article(html: &str) -> &str {
        let start = html.find("<article").expect("an article");
        let end = html.find("</article>").expect("its end") + "</article>".len();
        &html[start..end]
    }

    #[test]
    fn matrix_has_a_row_per_secret_in_order_then_the_configuration() {
        let site = build(&inventory(), &default_theme()).unwrap();
        assert_eq!(
            site.keys().collect::<Vec<_>>(),
            [
                "secrets/dr.html",
                "secrets/index.html",
                "secrets/production.html",
                "secrets/staging.html"
            ]
        );
        let want = r#"<article class="doc secrets">
<h1>Secrets</h1>
<p class="lead">Every secret the runbooks need, per environment. Values are never shown.</p>
<ul class="secret-legend" aria-label="What a cell says">
<li><span class="secret-flag secret-declared">declared</span> a runbook uses it, and <code>secrets.yaml</code>, a checklist or the runbook's own table or list of secrets declares it</li>
<li><span class="secret-flag secret-undeclared">undeclared</span> a runbook uses it, nothing declares it</li>
<li><span class="secret-flag secret-unused">unused</span> declared, no runbook uses it</li>
</ul>
<p class="secrets-envs"><a href="staging.html">staging</a> &middot; <a href="production.html">production</a> &middot; <a href="dr.html">dr</a></p>
<table class="secrets-matrix">
<thead><tr><th scope="col">Secret</th><th scope="col"><a href="staging.html">staging</a></th><th scope="col"><a href="production.html">production</a></th><th scope="col"><a href="dr.html">dr</a></th><th scope="col">Used in</th></tr></thead>
<tbody><tr id="secret-API_KEY"><th scope="row"><code>API_KEY</code><br><small>vault: kv/api</small></th><td class="secret-cell secret-undeclared">undeclared</td><td class="secret-cell secret-declared">declared</td><td class="secret-cell secret-unused">unused</td><td class="secret-uses-cell">
<details class="secret-uses"><summary>2 places</summary>
<ul><li><a href="../ops/deploy.html#keys">Deploy &amp; roll › Keys</a></li><li><a href="../faq.html">FAQ</a></li></ul></details></td></tr>
<tr id="secret-DB_TOKEN"><th scope="row"><code>DB_TOKEN</code></th><td class="secret-cell secret-"><span class="visually-hidden">not needed</span></td><td class="secret-cell secret-undeclared">undeclared</td><td class="secret-cell secret-"><span class="visually-hidden">not needed</span></td><td class="secret-uses-cell">none</td></tr>
</tbody></table>
<h2 id="configuration-variables">Configuration variables</h2>
<ul class="secrets-config"><li id="secret-LOG_LEVEL"><code>LOG_LEVEL</code>: debug or info</li>
</ul>
</article>"#;
        assert_eq!(article(&site["secrets/index.html"]), want);
    }

    #[test]
    fn environment_page_has_the_sections_it_needs_in_order_with_its_state_and_uses() {
        let site = build(&inventory(), &default_theme()).unwrap();
        let api_section = |flag: &str| {
            format!(
                r#"<section class="secret" id="secret-API_KEY">
<h2><code>API_KEY</code>{flag}</h2>
<dl class="secret-facts">
<dt>Description</dt><dd>Partner &lt;API&gt; key</dd>
<dt>Stored in</dt><dd>vault: kv/api</dd>
<dt>Rotation</dt><dd>90 days</dd>
<dt>Owner</dt><dd>ops</dd>
<dt>Environments</dt><dd>staging, production, dr</dd>
</dl>
<h3 class="secret-uses-title">Used in</h3>
<ul class="secret-refs"><li><a href="../ops/deploy.html#keys">Deploy &amp; roll › Keys</a>, lines 12, 14 <small>(staging, production)</small></li>
<li><a href="../faq.html">FAQ</a>, line 3 <small>(production)</small></li>
</ul>
</section>
"#
            )
        };
        let db = r#"<section class="secret" id="secret-DB_TOKEN">
<h2><code>DB_TOKEN</code> <span class="secret-flag secret-undeclared">undeclared</span></h2>
<dl class="secret-facts">
<dt>Stored in</dt><dd>not said</dd>
<dt>Environments</dt><dd>production</dd>
</dl>
</section>
"#;
        let head = |env: &str| {
            format!(
                "<article class=\"doc secrets\">\n<h1>Secrets: {env}</h1>\n<p class=\"lead\">What {env} needs. Values are never shown. <a href=\"index.html\">All environments</a></p>\n"
            )
        };
        let config = "<h2 id=\"configuration-variables\">Configuration variables</h2>\n<ul class=\"secrets-config\"><li id=\"secret-LOG_LEVEL\"><code>LOG_LEVEL</code>: debug or info</li>\n</ul>\n";
        let undeclared = r#" <span class="secret-flag secret-undeclared">undeclared</span>"#;
        let declared = r#" <span class="secret-flag secret-declared">declared</span>"#;
        let unused = r#" <span class="secret-flag secret-unused">unused</span>"#;
        assert_eq!(
            article(&site["secrets/staging.html"]),
            head("staging") + &api_section(undeclared) + config + "</article>"
        );
        assert_eq!(
            article(&site["secrets/production.html"]),
            head("production") + &api_section(declared) + db + "</article>"
        );
        assert_eq!(
            article(&site["secrets/dr.html"]),
            head("dr") + &api_section(unused) + "</article>"
        );
    }

    #[test]
    fn empty_inventory_says_so_on_every_page() {
        let inv = Inventory {
            environments: vec!["prod".into()],
            secrets: Vec::new(),
        };
        let site = build(&inv, &default_theme()).unwrap();
        assert!(
            article(&site["secrets/index.html"])
                .ends_with("</p>\n<p>No runbook mentions a secret yet.</p>\n</article>")
        );
        assert!(
            article(&site["secrets/prod.html"])
                .ends_with("</p>\n<p>No secret is known for prod.</p>\n</article>")
        );
    }

    #[test]
    fn each_page_makes_only_the_pieces_it_shows() {
        let inv = inventory();
        let theme = default_theme();
        let shown = |env: Option<&str>| -> Vec<bool> {
            let (pieces, errors) = page_pieces(&inv, env, &theme, &RenderCache::off());
            assert!(errors.is_empty());
            assert_eq!(pieces.len(), inv.secrets.len());
            pieces.iter().map(|p| !p.is_empty()).collect()
        };
        let needed =
            |env: &str| -> Vec<bool> { inv.secrets.iter().map(|s| needs(s, env)).collect() };
        assert!(
            shown(None).iter().all(|&b| b),
            "the matrix shows every secret"
        );
        for env in &inv.environments {
            assert_eq!(shown(Some(env)), needed(env), "{env}");
        }
        let (pieces, _) = page_pieces(&inv, None, &theme, &RenderCache::off());
        assert!(pieces[0].starts_with("<tr"), "{}", pieces[0]);
    }

    #[test]
    fn an_overridden_partial_is_used_on_every_page() {
        let theme = theme_with(
            SECTION_TEMPLATE,
            "<p>{{ secret.name }} {{ state }} {{ refs | length }}</p>\n",
        );
        let site = build(&inventory(), &theme).unwrap();
        let dr = article(&site["secrets/dr.html"]);
        assert!(
            dr.contains("</p>\n<p>API_KEY unused 3</p>\n</article>"),
            "{dr}"
        );
        let prod = article(&site["secrets/production.html"]);
        assert!(
            prod.contains("<p>API_KEY declared 3</p>\n<p>DB_TOKEN undeclared 0</p>\n"),
            "{prod}"
        );
    }

    #[test]
    fn a_failing_partial_is_one_template_error_naming_its_file() {
        let theme = theme_with(ROW_TEMPLATE, "<tr>{{ secret.missing.field }}</tr>\n");
        let diags = build(&inventory(), &theme).unwrap_err();
        let all: Vec<_> = diags.iter().collect();
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].code, Code::Template);
        assert_eq!(
            all[0].path.as_str(),
            "themes/acme/templates/secrets-row.html"
        );
        assert!(all[0].hint.as_deref().is_some_and(|h| h.contains("`refs`")));
    }

    #[test]
    fn a_page_override_from_before_the_partials_is_a_template_error() {
        let old = "{% for s in secrets %}<tr id=\"{{ s.anchor }}\"></tr>{% endfor %}";
        let diags = build(&inventory(), &theme_with("secrets.html", old)).unwrap_err();
        let d = diags.iter().next().expect("one diagnostic");
        assert_eq!(d.code, Code::Template);
        assert_eq!(d.path.as_str(), "themes/acme/templates/secrets.html");
        assert_eq!(d.line, 1, "{d}");
        assert!(d.message.contains("undefined"), "{}", d.message);
        let hint = d.hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("`secrets_html`") && hint.contains(ROW_TEMPLATE),
            "{hint}"
        );
    }
}
