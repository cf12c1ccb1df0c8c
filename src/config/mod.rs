//! book.toml → `Config`: typed sections, kebab-case keys, every key optional, unknown
//! keys are errors naming `book.toml:line:col` and the keys allowed there; then
//! `validate()` for what types cannot say. `load` reads; `parse` is pure. SPEC.md §1.
//! Uses base/ only.
//!
//! This file has the sections' types and `load`/`parse`; `schema.rs` checks each key
//! against the sections' schema (unknown keys, wrong types, did-you-mean hints) before
//! serde reads them; `validate.rs` has `validate()`.
//! Other tools' books read in place: `mdbook.rs` (its book.toml), `mkdocs.rs`
//! (mkdocs.yml: the pages' folder, nav, title, `INHERIT`; `mkdocs_ext.rs` its snippets,
//! macros and gitignore-style settings; `mkdocs_awesome.rs` awesome-nav's `.nav.yml` files), `hugo.rs` (with `hugo_mounts.rs`, its module mounts) and `docusaurus.rs` (a site
//! around the book: where the pages are, the title; a Docusaurus `sidebars.js`, read
//! by `js_literal.rs`).

pub(crate) mod docusaurus;
pub(crate) mod docusaurus_instances;
pub(crate) mod docusaurus_redirects;
pub(crate) mod hugo;
pub(crate) mod hugo_mounts;
pub(crate) mod js_literal;
pub(crate) mod mdbook;
pub(crate) mod mkdocs;
pub(crate) mod mkdocs_awesome;
pub(crate) mod mkdocs_ext;
mod schema;
mod validate;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::fsio;
use crate::base::path::RelPath;

use schema::keep_known;

/// The whole of book.toml. Every section and key is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    pub(crate) book: BookConfig,
    pub(crate) site: SiteConfig,
    pub(crate) environments: EnvironmentsConfig,
    pub(crate) phases: PhasesConfig,
    pub(crate) versions: VersionsConfig,
    pub(crate) state: StateConfig,
    pub(crate) secrets: SecretsConfig,
    pub(crate) check: CheckConfig,
    /// Set when book.toml is an mdBook's (`[book] src`, or `src/SUMMARY.md` beside it):
    /// the chapters' folder and the mdBook keys opsbook does not use. Not a key itself.
    #[serde(skip)]
    pub(crate) mdbook: Option<mdbook::MdBook>,
    /// The content folder's place in the git repository that holds the book
    /// (`content`, `docs/content`, `""` for a plain folder at the top; paths from the
    /// book's own folder when it is in none), when
    /// root-relative links (`/docs/x.md`) are read as GitHub reads them, from the
    /// repository's top: for a book that is no other tool's (an mdBook's, a Hugo or
    /// Docusaurus site's `/…` is a path of its site). Not a key itself.
    #[serde(skip)]
    pub(crate) repo_content: Option<String>,
    /// Set when the book folder is a Hugo site (`hugo.rs`); not a key.
    #[serde(skip)]
    pub(crate) hugo: Option<hugo::Hugo>,
    /// Set when the book folder is a Docusaurus site (`docusaurus.rs`); not a key.
    #[serde(skip)]
    pub(crate) docusaurus: Option<docusaurus::Docusaurus>,
    /// Set when the book root has `mkdocs.yml` and book.toml is not an mdBook's: its
    /// pages' folder, nav and the keys opsbook does not use. Not a key itself.
    #[serde(skip)]
    pub(crate) mkdocs: Option<mkdocs::MkDocs>,
}

/// `[book]`: what the book is.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct BookConfig {
    /// Shown in the header and the browser tab. Default: the book folder's name.
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    /// `lang` of every page. Default `en`.
    pub(crate) language: String,
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            title: None,
            description: None,
            language: "en".into(),
        }
    }
}

/// `[site]`: where and how the site is published.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct SiteConfig {
    /// Absolute URL of the published site; its path is the base path of every link.
    pub(crate) url: Option<String>,
    /// Output folder, relative to the book root. Default `site`.
    pub(crate) output: String,
    /// Link to edit a page; `{path}` is replaced by the source path (`content/deploy.md`).
    pub(crate) edit_url: Option<String>,
    /// Theme folder under `themes/` whose files override the default theme. Default `default`.
    pub(crate) theme: String,
    /// The `Content-Security-Policy` of every page (a `<meta>`); `""`: none.
    pub(crate) content_security_policy: String,
    /// The GitHub repository (`owner/repo`) whose issues carry runs (SPEC.md §11): each
    /// runbook page then links to "Start a run on GitHub".
    pub(crate) repository: Option<String>,
}

/// The pages' default policy: scripts and styles from the site only (no inline
/// scripts: the theme has none), images, media and frames also from any https site
/// (runbooks embed screenshots and dashboards), no plugins, no `<base>` elsewhere.
/// Inline `style` attributes are allowed: progress bars set their width with one.
pub(crate) const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; media-src 'self' https:; \
    frame-src 'self' https:; object-src 'none'; base-uri 'self'; form-action 'self'";

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            url: None,
            output: "site".into(),
            edit_url: None,
            theme: "default".into(),
            content_security_policy: DEFAULT_CSP.into(),
            repository: None,
        }
    }
}

/// `[environments]`: where runbooks are carried out, in promotion order.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct EnvironmentsConfig {
    pub(crate) names: Vec<String>,
    /// Other names for the same environments, e.g. `prod = "production"`.
    pub(crate) aliases: BTreeMap<String, String>,
}

impl Default for EnvironmentsConfig {
    fn default() -> Self {
        EnvironmentsConfig {
            names: vec!["development".into(), "staging".into(), "production".into()],
            aliases: BTreeMap::new(),
        }
    }
}

/// `[phases]`: how Markdown runbooks are split into phases.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct PhasesConfig {
    /// Headings of this level start a phase (1–6). Default 2. Headings that read like
    /// a phase (`PHASE 3: TLS`, `Step 1`, …) are phases at any level.
    pub(crate) heading_level: u8,
}

impl Default for PhasesConfig {
    fn default() -> Self {
        PhasesConfig { heading_level: 2 }
    }
}

/// `[versions]`: one copy of the site per git tag.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct VersionsConfig {
    /// Glob of the tags to publish, e.g. `v*`. None: the working tree only.
    pub(crate) git_tags: Option<String>,
    /// Name the working tree is published under. Default `main`.
    pub(crate) current: String,
    /// What the site root redirects to: `latest-tag`, `current` or a tag name.
    pub(crate) default: String,
    /// Build at most this many tags, newest first by version order. None: all.
    pub(crate) max_tags: Option<usize>,
    /// Not a book.toml key: set by `build_versions` on the copy of the config each
    /// version is built with, so pages carry the version switcher.
    #[serde(skip)]
    pub(crate) versioned: bool,
}

impl Default for VersionsConfig {
    fn default() -> Self {
        VersionsConfig {
            git_tags: None,
            current: "main".into(),
            default: "latest-tag".into(),
            max_tags: None,
            versioned: false,
        }
    }
}

/// `[state]`: where the team's checkbox state lives.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct StateConfig {
    /// Folder of `<environment>.yaml` files, relative to the book root. Default `state`.
    pub(crate) dir: String,
}

impl Default for StateConfig {
    fn default() -> Self {
        StateConfig {
            dir: "state".into(),
        }
    }
}

/// `[secrets]`: the secret scanner.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct SecretsConfig {
    /// Regular expressions of values the scanner never flags.
    pub(crate) allow: Vec<String>,
    /// What a finding is: `error` (default, the build stops) or `warn`.
    pub(crate) leaks: Strictness,
    /// Per rule id: `error`, `warn` or `off`, over `leaks`.
    pub(crate) rules: BTreeMap<String, RuleLevel>,
    /// The fingerprints of findings the team said are not secrets: the lines of
    /// `.opsbook-allow` (`ALLOW_FILE`) at the book root, read with book.toml.
    #[serde(skip)]
    pub(crate) allowed: std::collections::BTreeSet<String>,
}

/// `[secrets.rules]`: what one rule's findings are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RuleLevel {
    Error,
    Warn,
    Off,
}

/// The file of allowed findings' fingerprints, at the book root.
pub(crate) const ALLOW_FILE: &str = ".opsbook-allow";

/// `[check]`: how strict the checks are.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct CheckConfig {
    /// `error` (default) or `warn`: what a link to a missing page or heading is.
    /// `None` when book.toml does not say (a Docusaurus site's `onBrokenLinks` may).
    pub(crate) broken_links: Option<Strictness>,
    /// The same for a link to a page that is there but has no such heading or
    /// anchor; `None`: as `broken_links` (a Docusaurus site: its `onBrokenAnchors`).
    pub(crate) broken_anchors: Option<Strictness>,
}

impl CheckConfig {
    /// What a link to a missing page or file is.
    pub(crate) fn links(&self) -> Strictness {
        self.broken_links.unwrap_or_default()
    }

    /// What a link to a missing heading or anchor of a page is.
    pub(crate) fn anchors(&self) -> Strictness {
        self.broken_anchors.unwrap_or_else(|| self.links())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Strictness {
    #[default]
    Error,
    Warn,
}

/// The configuration file, relative to the book root.
pub(crate) const FILE_NAME: &str = "book.toml";

/// An mdBook's table of contents, in its chapters' folder.
pub(crate) const SUMMARY_FILE: &str = "SUMMARY.md";

impl Config {
    /// The folder of the pages, relative to the book root, as the paths of content
    /// files start: an mdBook's `src` (`""` for `src = "."`), an MkDocs `docs_dir`, a
    /// Docusaurus site's `docs`, else `content` (a plain folder's paths never start
    /// with `content/`: it would be an opsbook book).
    pub(crate) fn content_prefix(&self) -> &str {
        self.content_root().unwrap_or("content")
    }

    /// Whether the book is a Hugo site whose URLs Hugo lowercases (its config does not
    /// set `disablePathToLower`): its pages and folders are published lowercased.
    pub(crate) fn hugo_lowers_paths(&self) -> bool {
        self.hugo.as_ref().is_some_and(|h| !h.disable_path_to_lower)
    }

    /// The pages' folder when another tool's layout names it (an mdBook's `src`, an
    /// MkDocs `docs_dir`, a Hugo site's `contentDir`, a Docusaurus site's docs `path`); `None`: `content/`, or the book
    /// folder itself.
    pub(crate) fn content_root(&self) -> Option<&str> {
        if let Some(m) = &self.mdbook {
            return Some(m.src.as_str());
        }
        if let Some(m) = &self.mkdocs {
            return Some(m.docs_dir.as_str());
        }
        if let Some(dir) = self.hugo.as_ref().and_then(|h| h.content_dir.as_deref()) {
            return Some(dir);
        }
        self.docusaurus.as_ref().map(|d| d.docs_dir.as_str())
    }

    /// Whether extensionless links are routes to pages (`./installation` is
    /// `installation.md`), as a Docusaurus site reads them.
    pub(crate) fn routes(&self) -> bool {
        self.docusaurus.is_some()
    }

    /// The other tool whose book this is, as the build summary names it.
    pub(crate) fn tool_name(&self) -> Option<&'static str> {
        [
            self.mdbook.as_ref().map(|_| "mdBook"),
            self.mkdocs.as_ref().map(|_| "MkDocs"),
            self.hugo.as_ref().map(|_| "Hugo"),
            self.docusaurus.as_ref().map(|_| "Docusaurus"),
        ]
        .into_iter()
        .flatten()
        .next()
    }
}

/// Whether `path` (relative to the book root) is another tool's config file that
/// opsbook reads (`mkdocs.yml`, `hugo.toml`, `docusaurus.config.js`, `sidebars.js`, …):
/// `serve` reads the book again when one changes.
pub(crate) fn is_tool_file(path: &str) -> bool {
    let hugo = hugo::NAMES
        .iter()
        .chain(hugo::MODULE_NAMES)
        .any(|n| path == *n || path.strip_prefix("config/_default/") == Some(n));
    hugo || mkdocs::FILE_NAMES.contains(&path)
        || docusaurus::CONFIGS.contains(&path)
        || docusaurus::SIDEBARS.contains(&path)
}

impl Config {
    /// Reads `<root>/book.toml` if present (absent: all defaults, no diagnostic), parses
    /// and validates it, then an MkDocs book's `mkdocs.yml` (`mkdocs.rs`). Only I/O
    /// errors are `Err`; problems in the files are diagnostics.
    pub(crate) fn load(root: &Path) -> anyhow::Result<(Config, Diagnostics)> {
        let (mut config, mut diags) = Config::load_toml(root)?;
        mkdocs::load(root, &mut config, &mut diags)?;
        config.repo_content = config.repo_content_of(root);
        Ok((config, diags))
    }

    fn load_toml(root: &Path) -> anyhow::Result<(Config, Diagnostics)> {
        let file = root.join(FILE_NAME);
        let summary_found = root.join(mdbook::DEFAULT_SRC).join(SUMMARY_FILE).is_file();
        if !file.try_exists().unwrap_or(true) {
            let mut diags = Diagnostics::new();
            let mut config = Config::default();
            if summary_found {
                config.mdbook = Some(mdbook::MdBook {
                    src: mdbook::DEFAULT_SRC.into(),
                    unused: Vec::new(),
                    edit_url: None,
                    redirects: Vec::new(),
                });
            }
            config.secrets.allowed = read_allow_file(root, &mut diags)?;
            read_site_tool(root, &mut config, &mut diags)?;
            return Ok((config, diags));
        }
        let path = RelPath::new(FILE_NAME);
        let text = match fsio::decode_text(&path, fsio::read(&file)?) {
            Ok(text) => text,
            Err(diag) => {
                let mut diags = Diagnostics::new();
                diags.push(*diag);
                return Ok((Config::default(), diags));
            }
        };
        let (mut config, mut diags) = Config::parse_as(&text, &path, summary_found);
        config.validate(&text, &path, &mut diags);
        for note in config.mdbook.iter().flat_map(|m| &m.unused) {
            tracing::info!("{note}");
        }
        config.secrets.allowed = read_allow_file(root, &mut diags)?;
        read_site_tool(root, &mut config, &mut diags)?;
        Ok((config, diags))
    }

    /// `repo_content` for the book at `root`: `None` for another tool's book (mdBook,
    /// Hugo: their `/…` links are paths of their sites); a Docusaurus site's docs
    /// `routeBasePath`, where its `/…` routes to pages start
    /// (`parse::markdown::links`).
    fn repo_content_of(&self, root: &Path) -> Option<String> {
        if let Some(d) = &self.docusaurus {
            return Some(d.route_base.clone());
        }
        if self.tool_name().is_some() {
            return None;
        }
        let book = fsio::repository_prefix(root);
        // A plain folder of runbooks (no `content/`) is its own content, as
        // `source::read_files` reads it.
        let content = match self.content_prefix() {
            dir if root.join(dir).is_dir() => dir,
            _ => "",
        };
        Some(match (book.is_empty(), content.is_empty()) {
            (true, _) => content.to_string(),
            (false, true) => book,
            (false, false) => format!("{book}/{content}"),
        })
    }

    /// Pure: TOML text → `Config`. Syntax errors, unknown sections and keys, and wrong
    /// types are all reported (not just the first) as `Code::Config` diagnostics at
    /// `path`; a key with a problem keeps its default.
    pub fn parse(text: &str, path: &RelPath) -> (Config, Diagnostics) {
        Config::parse_as(text, path, false)
    }

    /// `parse`, where `summary_found` says the book has `src/SUMMARY.md`: with it, or
    /// with `[book] src`, the file is an mdBook's (`mdbook.rs`) and mdBook's own keys
    /// are notes, not errors.
    pub(crate) fn parse_as(
        text: &str,
        path: &RelPath,
        summary_found: bool,
    ) -> (Config, Diagnostics) {
        let src = TomlText::new(text, path);
        let mut diags = Diagnostics::new();
        let (root, errors) = DeTable::parse_recoverable(text);
        if !errors.is_empty() {
            for e in &errors {
                let span = e.span().unwrap_or(0..0);
                let message = format!("invalid TOML: {}", e.message().trim_end());
                diags.push(src.error(span, message));
            }
            return (Config::default(), diags);
        }
        let span = root.span();
        let mut table = root.into_inner();
        let mut md = None;
        if mdbook::is_mdbook(&table, summary_found) {
            let (rest, found) = mdbook::take_keys(&src, table, &mut diags);
            table = rest;
            md = Some(found);
        }
        let known = keep_known(&src, table, &mut diags);
        let doc = Spanned::new(span, DeValue::Table(known));
        let config = match Config::deserialize(ValueDeserializer::from(doc)) {
            Ok(config) => config,
            Err(e) => {
                // Every key was checked on its own above; this is a safety net.
                let span = e.span().unwrap_or(0..0);
                diags.push(src.error(span, e.message().to_string()));
                Config::default()
            }
        };
        let mut config = Config {
            mdbook: md,
            ..config
        };
        // opsbook's own `[site] edit-url` wins over mdBook's template.
        if config.site.edit_url.is_none() {
            config.site.edit_url = config.mdbook.as_ref().and_then(|m| m.edit_url.clone());
        }
        (config, diags)
    }
}

/// A Hugo or Docusaurus site around the book (never for an mdBook): its title, unless
/// book.toml names one, and its notes for `-v`.
fn read_site_tool(root: &Path, config: &mut Config, diags: &mut Diagnostics) -> anyhow::Result<()> {
    if config.mdbook.is_some() {
        // mdBook checks no link, and its link checker (`mdbook-linkcheck`) no
        // heading: a missing one is a warning unless book.toml says otherwise.
        config.check.broken_anchors.get_or_insert(Strictness::Warn);
        return Ok(());
    }
    config.hugo = hugo::load(root, diags)?;
    if config.hugo.is_some() {
        // Hugo checks no plain link, and `ref`/`relref` find the page but never
        // its heading: a missing heading is a warning unless book.toml says otherwise.
        config.check.broken_anchors.get_or_insert(Strictness::Warn);
    } else {
        config.docusaurus = docusaurus::load(root, diags)?;
    }
    let (title, notes) = match (&config.hugo, &config.docusaurus) {
        (Some(h), _) => (h.title.clone(), &h.unused),
        (None, Some(d)) => (d.title.clone(), &d.unused),
        (None, None) => return Ok(()),
    };
    config.book.title = config.book.title.take().or(title);
    if let Some(d) = &config.docusaurus {
        config.check.broken_links.get_or_insert(d.broken_links);
        config.check.broken_anchors.get_or_insert(d.broken_anchors);
    }
    if config.site.edit_url.is_none() {
        config.site.edit_url = match (&config.hugo, &config.docusaurus) {
            (Some(h), _) => h.edit_url(),
            (None, Some(d)) => d.edit_url.clone(),
            (None, None) => None,
        };
    }
    for note in notes {
        tracing::info!("{note}");
    }
    Ok(())
}

/// The fingerprints in `<root>/.opsbook-allow` (none when it is missing): one per
/// line, `rule:path:hash`; blank lines and `#` comments are skipped, and a line of
/// another shape is a `config` warning at its line.
fn read_allow_file(
    root: &Path,
    diags: &mut Diagnostics,
) -> anyhow::Result<std::collections::BTreeSet<String>> {
    let file = root.join(ALLOW_FILE);
    if !file.try_exists().unwrap_or(true) {
        return Ok(Default::default());
    }
    let path = RelPath::new(ALLOW_FILE);
    let text = match fsio::decode_text(&path, fsio::read(&file)?) {
        Ok(text) => text,
        Err(d) => {
            diags.push(*d);
            return Ok(Default::default());
        }
    };
    Ok(parse_allow_file(&text, &path, diags))
}

/// The fingerprints of an allow file's text (see `read_allow_file`).
pub(crate) fn parse_allow_file(
    text: &str,
    path: &RelPath,
    diags: &mut Diagnostics,
) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for (n, line) in (1u32..).zip(text.lines()) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // The path may hold `:` itself: the rule ends at the first, the hash starts after
        // the last.
        let parts = line
            .split_once(':')
            .and_then(|(rule, rest)| Some((rule, rest.rsplit_once(':')?)));
        let ok = parts.is_some_and(|(rule, (path, hash))| {
            !rule.is_empty()
                && !path.is_empty()
                && hash.len() == 16
                && hash.chars().all(|c| c.is_ascii_hexdigit())
        });
        if ok {
            out.insert(line.to_string());
        } else {
            diags.push(
                Diagnostic::warning(
                    Code::Config,
                    path.clone(),
                    "not a finding's fingerprint; the line is ignored",
                )
                .at(text, n, 1)
                .with_hint("each line is one fingerprint as a finding prints it, `rule:path:hash` (16 hex digits); `#` starts a comment"),
            );
        }
    }
    out
}

/// book.toml's text with what is needed to turn byte spans into diagnostics.
struct TomlText<'a> {
    text: &'a str,
    path: &'a RelPath,
    index: LineIndex,
}

impl<'a> TomlText<'a> {
    fn new(text: &'a str, path: &'a RelPath) -> Self {
        TomlText {
            text,
            path,
            index: LineIndex::new(text),
        }
    }

    /// A `Code::Config` error at the start of `span`, with the source line and caret.
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.index.line_col(self.text, span.start);
        Diagnostic::error(Code::Config, self.path.clone(), message).at(self.text, line, col)
    }
}

#[cfg(test)]
mod tests {
    //! The helpers here are shared with the tests of `schema.rs` and `validate.rs`.

    use super::*;

    pub(super) fn parse(text: &str) -> (Config, Diagnostics) {
        Config::parse(text, &RelPath::new("book.toml"))
    }

    /// Parse and validate; returns `location: message` of each diagnostic, sorted.
    pub(super) fn problems(text: &str) -> Vec<String> {
        let (cfg, mut diags) = parse(text);
        cfg.validate(text, &RelPath::new("book.toml"), &mut diags);
        diags.sort();
        diags.placed()
    }

    pub(super) fn only(text: &str) -> Diagnostic {
        let (cfg, mut diags) = parse(text);
        cfg.validate(text, &RelPath::new("book.toml"), &mut diags);
        let all = diags.into_vec();
        assert_eq!(all.len(), 1, "{all:#?}");
        all.into_iter().next().expect("invariant: one diagnostic")
    }

    #[test]
    fn empty_text_is_all_defaults() {
        let (cfg, diags) = parse("");
        assert!(diags.is_empty());
        assert_eq!(cfg, Config::default());
        assert_eq!(cfg.site.output, "site");
        assert_eq!(cfg.phases.heading_level, 2);
    }

    #[test]
    fn reads_every_section() {
        let text = r#"
[book]
title = "Hypex Runbooks"
description = "How we ship"
language = "de"

[site]
url = "https://acme.github.io/runbooks/"
output = "public"
edit-url = "https://github.com/acme/runbooks/edit/main/{path}"
theme = "mine"

[environments]
names = ["dev", "prod"]
aliases = { development = "dev" }

[phases]
heading-level = 3

[versions]
git-tags = "v*"
current = "trunk"
default = "current"

[state]
dir = "progress"

[secrets]
allow = ["EXAMPLE_.*"]

[check]
broken-links = "warn"
"#;
        assert_eq!(problems(text), Vec::<String>::new());
        let (cfg, _) = parse(text);
        assert_eq!(cfg.book.title.as_deref(), Some("Hypex Runbooks"));
        assert_eq!(cfg.book.language, "de");
        assert_eq!(cfg.site.output, "public");
        assert_eq!(cfg.site.theme, "mine");
        assert_eq!(cfg.environments.names, ["dev", "prod"]);
        assert_eq!(cfg.environments.aliases["development"], "dev");
        assert_eq!(cfg.phases.heading_level, 3);
        assert_eq!(cfg.versions.git_tags.as_deref(), Some("v*"));
        assert_eq!(cfg.state.dir, "progress");
        assert_eq!(cfg.secrets.allow, ["EXAMPLE_.*"]);
        assert_eq!(cfg.check.links(), Strictness::Warn);
    }

    #[test]
    fn syntax_errors_are_diagnostics_with_place() {
        let (_, diags) = parse("[book]\ntitle = \"unclosed\n");
        let d = diags.iter().next().expect("a diagnostic");
        assert_eq!(d.code, Code::Config);
        assert_eq!(d.line, 2);
        assert!(d.message.starts_with("invalid TOML: "), "{}", d.message);
    }

    #[test]
    fn duplicate_key_is_a_syntax_error() {
        let (_, diags) = parse("[book]\ntitle = \"a\"\ntitle = \"b\"\n");
        let d = diags.iter().next().expect("a diagnostic");
        assert_eq!(d.location(), "book.toml:3:1");
        assert!(d.message.contains("duplicate"), "{}", d.message);
    }

    #[test]
    fn crlf_and_positions_agree() {
        let d = only("[book]\r\ntitel = \"x\"\r\n");
        assert_eq!(d.location(), "book.toml:2:1");
        assert_eq!(d.source_line.as_deref(), Some("titel = \"x\""));
    }

    #[test]
    fn display_shows_line_caret_and_hint() {
        let d = only("[book]\ntitel = \"x\"\n");
        let shown = d.to_string();
        assert!(
            shown.starts_with("error[config]: book.toml:2:1: unknown key `titel` in [book]\n"),
            "{shown}"
        );
        assert!(shown.contains("2 | titel = \"x\"\n  | ^\n"), "{shown}");
    }

    #[test]
    fn load_without_book_toml_is_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let (cfg, diags) = Config::load(dir.path()).unwrap();
        assert!(diags.is_empty());
        assert_eq!(
            cfg,
            Config {
                // A plain folder in no repository: root-relative links from the book's
                // folder, which is its own content.
                repo_content: Some(String::new()),
                ..Config::default()
            }
        );
    }

    #[test]
    fn load_parses_and_validates() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("book.toml"),
            "\u{feff}[phases]\nheading-level = 9\n",
        )
        .unwrap();
        let (_, diags) = Config::load(dir.path()).unwrap();
        let found: Vec<_> = diags.iter().map(Diagnostic::location).collect();
        assert_eq!(found, ["book.toml:2:17"]);
    }

    #[test]
    fn load_reports_invalid_utf8() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("book.toml"), b"[book]\ntitle = \"\xff\"\n").unwrap();
        let (_, diags) = Config::load(dir.path()).unwrap();
        assert_eq!(diags.iter().next().map(|d| d.code), Some(Code::Encoding));
    }

    #[test]
    fn allow_file_lines_are_fingerprints_or_warnings() {
        let mut diags = Diagnostics::new();
        let text = "# header\n\njwt:content/a:b.md:0123456789abcdef\n  gh:x.md:fedcba9876543210  \nnope\nr:p:123\n";
        let found = parse_allow_file(text, &RelPath::new(ALLOW_FILE), &mut diags);
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            [
                "gh:x.md:fedcba9876543210",
                "jwt:content/a:b.md:0123456789abcdef"
            ]
        );
        let places: Vec<String> = diags.iter().map(Diagnostic::location).collect();
        assert_eq!(places, [".opsbook-allow:5:1", ".opsbook-allow:6:1"]);
        assert!(!diags.has_errors());
    }
}
