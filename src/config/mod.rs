//! book.toml → `Config`: typed sections, kebab-case keys, every key optional, unknown
//! keys are errors naming `book.toml:line:col` and the keys allowed there; then
//! `validate()` for what types cannot say. `load` reads; `parse` is pure. SPEC.md §1.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::fsio;
use crate::base::path::RelPath;

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
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            url: None,
            output: "site".into(),
            edit_url: None,
            theme: "default".into(),
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
}

/// `[check]`: how strict the checks are.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct CheckConfig {
    /// `error` (default) or `warn`: what a link to a missing page or heading is.
    pub(crate) broken_links: Strictness,
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

/// Every section of book.toml, its keys, and what each key holds (shown in hints).
/// `schema_matches_the_structs` keeps it in step with the structs above.
const SCHEMA: &[(&str, &[(&str, &str)])] = &[
    (
        "book",
        &[
            ("title", "a string"),
            ("description", "a string"),
            ("language", "a language tag such as \"en\""),
        ],
    ),
    (
        "site",
        &[
            ("url", "an absolute http(s) URL"),
            ("output", "a folder, relative to the book root"),
            ("edit-url", "an http(s) URL containing {path}"),
            ("theme", "the name of a folder under themes/"),
        ],
    ),
    (
        "environments",
        &[
            ("names", "an array of environment names"),
            ("aliases", "a table of alias = \"environment\""),
        ],
    ),
    ("phases", &[("heading-level", "a whole number from 1 to 6")]),
    (
        "versions",
        &[
            ("git-tags", "a tag pattern such as \"v*\""),
            ("current", "a version name such as \"main\""),
            ("default", "\"latest-tag\", \"current\" or a tag name"),
            (
                "max-tags",
                "a whole number: how many tags to build, newest first",
            ),
        ],
    ),
    ("state", &[("dir", "a folder, relative to the book root")]),
    ("secrets", &[("allow", "an array of regular expressions")]),
    ("check", &[("broken-links", "\"error\" or \"warn\"")]),
];

impl Config {
    /// Reads `<root>/book.toml` if present (absent: all defaults, no diagnostic), parses
    /// and validates it. Only I/O errors are `Err`; problems in the file are diagnostics.
    pub(crate) fn load(root: &Path) -> anyhow::Result<(Config, Diagnostics)> {
        let file = root.join(FILE_NAME);
        if !file.try_exists().unwrap_or(true) {
            return Ok((Config::default(), Diagnostics::new()));
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
        let (config, mut diags) = Config::parse(&text, &path);
        config.validate(&text, &path, &mut diags);
        Ok((config, diags))
    }

    /// Pure: TOML text → `Config`. Syntax errors, unknown sections and keys, and wrong
    /// types are all reported (not just the first) as `Code::Config` diagnostics at
    /// `path`; a key with a problem keeps its default.
    pub fn parse(text: &str, path: &RelPath) -> (Config, Diagnostics) {
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
        let known = keep_known(&src, root.into_inner(), &mut diags);
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
        (config, diags)
    }

    /// Checks what types cannot say (names, ranges, URLs); pushes `Code::Config`
    /// diagnostics pointing at the offending value in `text`.
    pub(crate) fn validate(&self, text: &str, path: &RelPath, diags: &mut Diagnostics) {
        let loc = Locator::new(text, path);
        self.validate_book(&loc, diags);
        self.validate_site(&loc, diags);
        self.validate_environments(&loc, diags);
        self.validate_phases(&loc, diags);
        self.validate_versions(&loc, diags);
        if self.state.dir.trim().is_empty() {
            diags.push(
                loc.error(&["state", "dir"], "`dir` in [state] is empty")
                    .with_hint("remove the key to use `state`, or name a folder"),
            );
        }
    }

    fn validate_book(&self, loc: &Locator<'_>, diags: &mut Diagnostics) {
        let lang = &self.book.language;
        let ok = !lang.is_empty() && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !ok {
            diags.push(
                loc.error(
                    &["book", "language"],
                    format!("`language` in [book] is not a language tag: `{lang}`"),
                )
                .with_hint("use a tag such as \"en\", \"de\" or \"pt-BR\""),
            );
        }
    }

    fn validate_site(&self, loc: &Locator<'_>, diags: &mut Diagnostics) {
        let site = &self.site;
        if let Some(url) = site.url.as_deref().filter(|u| !is_http_url(u)) {
            diags.push(
                loc.error(
                    &["site", "url"],
                    format!("`url` in [site] must be an absolute http(s) URL, not `{url}`"),
                )
                .with_hint("for example url = \"https://acme.github.io/runbooks/\""),
            );
        }
        if let Some(url) = site.edit_url.as_deref() {
            if !is_http_url(url) {
                diags.push(
                    loc.error(
                        &["site", "edit-url"],
                        format!(
                            "`edit-url` in [site] must be an absolute http(s) URL, not `{url}`"
                        ),
                    )
                    .with_hint("for example \"https://github.com/acme/runbooks/edit/main/{path}\""),
                );
            } else if !url.contains("{path}") {
                diags.push(
                    loc.warning(&["site", "edit-url"], "`edit-url` in [site] has no `{path}`")
                        .with_hint("every page would link to the same URL; add {path} where the source path goes"),
                );
            }
        }
        if site.output.trim().is_empty() {
            diags.push(
                loc.error(&["site", "output"], "`output` in [site] is empty")
                    .with_hint("remove the key to use `site`, or name a folder"),
            );
        }
        let theme = &site.theme;
        if theme.is_empty() || theme == "." || theme == ".." || theme.contains(['/', '\\']) {
            diags.push(
                loc.error(
                    &["site", "theme"],
                    format!("`theme` in [site] must name one folder under themes/, not `{theme}`"),
                )
                .with_hint("for example theme = \"default\" uses themes/default/"),
            );
        }
    }

    fn validate_environments(&self, loc: &Locator<'_>, diags: &mut Diagnostics) {
        let env = &self.environments;
        if env.names.is_empty() {
            diags.push(
                loc.error(
                    &["environments", "names"],
                    "`names` in [environments] is empty",
                )
                .with_hint("list at least one, e.g. names = [\"staging\", \"production\"]"),
            );
        }
        for (i, name) in env.names.iter().enumerate() {
            let at = |msg: String| loc.error_at(&["environments", "names"], Some(i), msg);
            if !is_slug(name) {
                diags.push(
                    at(format!("environment name `{name}` is not a slug"))
                        .with_hint(slug_hint(name)),
                );
            } else if env.names[..i].contains(name) {
                diags.push(
                    at(format!("environment `{name}` is listed twice"))
                        .with_hint("each environment appears once in `names`"),
                );
            }
        }
        for (alias, target) in &env.aliases {
            let keys = ["environments", "aliases", alias.as_str()];
            if !is_slug(alias) {
                let msg = format!("environment alias `{alias}` is not a slug");
                diags.push(loc.error(&keys, msg).with_hint(slug_hint(alias)));
            } else if env.names.contains(alias) {
                let msg = format!("`{alias}` is both an environment and an alias");
                diags.push(loc.error(&keys, msg).with_hint("remove the alias"));
            }
            if !env.names.contains(target) {
                let msg =
                    format!("alias `{alias}` points to `{target}`, which is not an environment");
                diags.push(loc.error(&keys, msg).with_hint(choices_hint(
                    "the environments are",
                    target,
                    env.names.iter().map(String::as_str),
                )));
            }
        }
    }

    fn validate_phases(&self, loc: &Locator<'_>, diags: &mut Diagnostics) {
        let level = self.phases.heading_level;
        if !(1..=6).contains(&level) {
            diags.push(
                loc.error(
                    &["phases", "heading-level"],
                    format!("`heading-level` in [phases] must be from 1 to 6, not {level}"),
                )
                .with_hint("2 makes every `## ` heading a phase"),
            );
        }
    }

    fn validate_versions(&self, loc: &Locator<'_>, diags: &mut Diagnostics) {
        let v = &self.versions;
        let default = v.default.as_str();
        if !matches!(default, "latest-tag" | "current") && !is_tag_like(default) {
            diags.push(
                loc.error(
                    &["versions", "default"],
                    format!("`default` in [versions] is not `latest-tag`, `current` or a tag name: `{default}`"),
                )
                .with_hint("for example default = \"latest-tag\" or default = \"v1.2.0\""),
            );
        }
        if !is_tag_like(&v.current) {
            diags.push(
                loc.error(
                    &["versions", "current"],
                    format!(
                        "`current` in [versions] is not a usable version name: `{}`",
                        v.current
                    ),
                )
                .with_hint("it names a folder of the site: use letters, digits, `.`, `-`, `_`"),
            );
        }
        if v.git_tags.as_deref().is_some_and(|g| g.trim().is_empty()) {
            diags.push(
                loc.error(
                    &["versions", "git-tags"],
                    "`git-tags` in [versions] is empty",
                )
                .with_hint("remove the key to publish the working tree only, or use e.g. \"v*\""),
            );
        }
        if v.max_tags == Some(0) {
            diags.push(
                loc.error(&["versions", "max-tags"], "`max-tags` in [versions] is 0")
                    .with_hint("remove the key to build every matching tag, or use 1 or more"),
            );
        }
    }
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

/// Keeps the known sections and keys of `root` whose values have the right type;
/// reports every other one.
fn keep_known<'i>(src: &TomlText<'_>, root: DeTable<'i>, diags: &mut Diagnostics) -> DeTable<'i> {
    let mut kept = DeTable::new();
    for (name, value) in root {
        let Some(keys) = section_keys(name.get_ref()) else {
            diags.push(unknown_top_level(src, &name, value.get_ref()));
            continue;
        };
        let span = value.span();
        let DeValue::Table(table) = value.into_inner() else {
            let msg = format!(
                "`{}` must be a section ([{}]), not a value",
                name.get_ref(),
                name.get_ref()
            );
            diags.push(src.error(span, msg));
            continue;
        };
        let mut good = DeTable::new();
        for (key, value) in table {
            if !keys.iter().any(|(k, _)| *k == key.get_ref()) {
                diags.push(unknown_key(src, name.get_ref(), &key, keys));
            } else if let Err(d) = type_check(src, name.get_ref(), &key, &value, keys) {
                diags.push(*d);
            } else {
                good.insert(key, value);
            }
        }
        kept.insert(name, Spanned::new(span, DeValue::Table(good)));
    }
    kept
}

/// Deserializes a document holding only `[section] key = value` into `Config`, so each
/// wrong type is reported on its own, at its value.
fn type_check(
    src: &TomlText<'_>,
    section: &str,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
    keys: &[(&str, &str)],
) -> Result<(), Box<Diagnostic>> {
    let mut inner = DeTable::new();
    inner.insert(key.clone(), value.clone());
    let mut doc = DeTable::new();
    doc.insert(
        Spanned::new(0..0, section.into()),
        Spanned::new(value.span(), DeValue::Table(inner)),
    );
    let Err(e) = Config::deserialize(ValueDeserializer::from(Spanned::new(
        0..0,
        DeValue::Table(doc),
    ))) else {
        return Ok(());
    };
    let vspan = value.span();
    let span = e
        .span()
        .filter(|s| s.start >= vspan.start && s.end <= vspan.end)
        .unwrap_or(vspan);
    let name = key.get_ref();
    let what = keys.iter().find(|(k, _)| *k == name).map_or("", |(_, w)| w);
    let message = format!(
        "wrong type for `{name}` in [{section}]: {}",
        e.message().trim_end()
    );
    Err(Box::new(
        src.error(span, message)
            .with_hint(format!("`{name}` is {what}")),
    ))
}

fn section_keys(name: &str) -> Option<&'static [(&'static str, &'static str)]> {
    SCHEMA
        .iter()
        .find(|(s, _)| *s == name)
        .map(|(_, keys)| *keys)
}

fn unknown_key(
    src: &TomlText<'_>,
    section: &str,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    keys: &[(&str, &str)],
) -> Diagnostic {
    let name = key.get_ref();
    let allowed = keys.iter().map(|(k, _)| *k);
    let hint = choices_hint(
        &format!("the keys allowed in [{section}] are"),
        name,
        allowed,
    );
    src.error(key.span(), format!("unknown key `{name}` in [{section}]"))
        .with_hint(hint)
}

/// A top-level key that is not a section: a misspelt `[section]`, or a key written
/// above every section header.
fn unknown_top_level(
    src: &TomlText<'_>,
    name: &Spanned<std::borrow::Cow<'_, str>>,
    value: &DeValue<'_>,
) -> Diagnostic {
    let key = name.get_ref();
    let sections = SCHEMA.iter().map(|(s, _)| *s);
    if value.is_table() {
        let hint = choices_hint("the sections are", key, sections);
        return src
            .error(name.span(), format!("unknown section `[{key}]`"))
            .with_hint(hint);
    }
    let owner = SCHEMA
        .iter()
        .find(|(_, keys)| keys.iter().any(|(k, _)| *k == key));
    let hint = match owner {
        Some((section, _)) => {
            format!("`{key}` belongs in [{section}]: move it below a `[{section}]` line")
        }
        None => choices_hint("keys go inside a section; the sections are", key, sections),
    };
    src.error(
        name.span(),
        format!("unknown key `{key}` outside any section"),
    )
    .with_hint(hint)
}

/// `did you mean `x`? <intro> `a`, `b`, `c``: the closest choice first, when close.
fn choices_hint<'a>(
    intro: &str,
    given: &str,
    choices: impl Iterator<Item = &'a str> + Clone,
) -> String {
    let list: Vec<String> = choices.clone().map(|c| format!("`{c}`")).collect();
    let list = format!("{intro} {}", list.join(", "));
    match closest(given, choices) {
        Some(best) => format!("did you mean `{best}`? {list}"),
        None => list,
    }
}

/// The key nearest to `given` (`edit_url` → `edit-url`), if it is near enough to be a typo.
pub(crate) fn closest<'a>(given: &str, choices: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    crate::base::suggest::closest(&given.replace('_', "-"), choices)
}

/// Lower-case letters, digits, `-` and `_`, starting with a letter or digit.
pub(crate) fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn slug_hint(name: &str) -> String {
    let slug: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-').to_string();
    if is_slug(&slug) {
        format!("use lower-case letters, digits, `-` and `_`, e.g. `{slug}`")
    } else {
        "use lower-case letters, digits, `-` and `_`, e.g. `production`".into()
    }
}

/// A git tag or version folder name: letters, digits, `.`, `-`, `_`, `+`, `/`; no `..`,
/// no leading `-`, `.` or `/`.
fn is_tag_like(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(['-', '.', '/'])
        && !s.contains("..")
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-+/".contains(c))
}

/// `http://` or `https://`, a host, and no spaces.
fn is_http_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !s.chars().any(char::is_whitespace)
    })
}

/// Finds where a value sits in book.toml, so `validate` can point at it.
struct Locator<'a> {
    src: TomlText<'a>,
    root: Option<DeTable<'a>>,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str, path: &'a RelPath) -> Self {
        let root = DeTable::parse(text).ok().map(Spanned::into_inner);
        Locator {
            src: TomlText::new(text, path),
            root,
        }
    }

    /// The span of the value at `keys` (and element `index` of it, if an array).
    fn span(&self, keys: &[&str], index: Option<usize>) -> Option<Range<usize>> {
        let (first, rest) = keys.split_first()?;
        let mut value = self.root.as_ref()?.get(*first)?;
        for key in rest {
            value = value.get_ref().as_table()?.get(*key)?;
        }
        match index {
            Some(i) => value.get_ref().as_array()?.get(i).map(Spanned::span),
            None => Some(value.span()),
        }
    }

    fn error_at(&self, keys: &[&str], index: Option<usize>, message: String) -> Diagnostic {
        match self.span(keys, index) {
            Some(span) => self.src.error(span, message),
            None => Diagnostic::error(Code::Config, self.src.path.clone(), message),
        }
    }

    fn error(&self, keys: &[&str], message: impl Into<String>) -> Diagnostic {
        self.error_at(keys, None, message.into())
    }

    fn warning(&self, keys: &[&str], message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: crate::base::diag::Severity::Warning,
            ..self.error(keys, message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Config, Diagnostics) {
        Config::parse(text, &RelPath::new("book.toml"))
    }

    /// Parse and validate; returns `location: message` of each diagnostic, sorted.
    fn problems(text: &str) -> Vec<String> {
        let (cfg, mut diags) = parse(text);
        cfg.validate(text, &RelPath::new("book.toml"), &mut diags);
        diags.sort();
        diags
            .iter()
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect()
    }

    fn only(text: &str) -> Diagnostic {
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
        assert_eq!(cfg.check.broken_links, Strictness::Warn);
    }

    #[test]
    fn unknown_key_names_place_key_and_allowed_keys() {
        let d = only("# book\n[book]\ntitel = \"x\"\n");
        assert_eq!(d.code, Code::Config);
        assert_eq!(d.location(), "book.toml:3:1");
        assert_eq!(d.message, "unknown key `titel` in [book]");
        assert_eq!(
            d.hint.as_deref(),
            Some(
                "did you mean `title`? the keys allowed in [book] are `title`, `description`, `language`"
            )
        );
        assert_eq!(d.source_line.as_deref(), Some("titel = \"x\""));
    }

    #[test]
    fn reports_every_unknown_key_not_just_the_first() {
        let text = "[book]\ntitel = \"x\"\nlang = \"en\"\n[site]\noutptu = \"out\"\nurl = \"https://a.b/\"\n";
        assert_eq!(
            problems(text),
            [
                "book.toml:2:1: unknown key `titel` in [book]",
                "book.toml:3:1: unknown key `lang` in [book]",
                "book.toml:5:1: unknown key `outptu` in [site]",
            ]
        );
        let (cfg, _) = parse(text);
        assert_eq!(
            cfg.site.url.as_deref(),
            Some("https://a.b/"),
            "good keys are kept"
        );
    }

    #[test]
    fn unknown_section_suggests_the_closest() {
        let d = only("[sitee]\nurl = \"https://a.b/\"\n");
        assert_eq!(d.location(), "book.toml:1:2");
        assert_eq!(d.message, "unknown section `[sitee]`");
        let hint = d.hint.unwrap_or_default();
        assert!(hint.starts_with("did you mean `site`?"), "{hint}");
        assert!(hint.contains("`environments`"), "{hint}");
    }

    #[test]
    fn key_outside_a_section_says_where_it_belongs() {
        let d = only("title = \"x\"\n");
        assert_eq!(d.location(), "book.toml:1:1");
        assert_eq!(d.message, "unknown key `title` outside any section");
        assert_eq!(
            d.hint.as_deref(),
            Some("`title` belongs in [book]: move it below a `[book]` line")
        );
    }

    #[test]
    fn section_written_as_a_value_is_an_error() {
        let d = only("\nbook = \"x\"\n");
        assert_eq!(d.location(), "book.toml:2:8");
        assert_eq!(d.message, "`book` must be a section ([book]), not a value");
    }

    #[test]
    fn wrong_types_point_at_each_value() {
        let text = "[phases]\nheading-level = \"two\"\n[environments]\nnames = \"prod\"\n[check]\nbroken-links = \"maybe\"\n";
        let found = problems(text);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("book.toml:2:17: wrong type for `heading-level` in [phases]: invalid type: string \"two\""), "{}", found[0]);
        assert!(
            found[1].starts_with("book.toml:4:9: wrong type for `names` in [environments]"),
            "{}",
            found[1]
        );
        assert!(
            found[2].starts_with("book.toml:6:16: wrong type for `broken-links` in [check]"),
            "{}",
            found[2]
        );
        assert!(found[2].contains("`error`"), "{}", found[2]);
        let (cfg, mut diags) = parse(text);
        diags.sort();
        assert_eq!(
            cfg.phases.heading_level, 2,
            "a wrong value keeps its default"
        );
        let hint = diags.iter().next().and_then(|d| d.hint.clone());
        assert_eq!(
            hint.as_deref(),
            Some("`heading-level` is a whole number from 1 to 6")
        );
    }

    #[test]
    fn wrong_type_inside_an_array_points_at_the_element() {
        let d = only("[environments]\nnames = [\"dev\", 3]\n");
        assert_eq!(d.location(), "book.toml:2:17");
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
    fn environment_names_must_be_unique_slugs() {
        let text = "[environments]\nnames = [\"dev\", \"Prod Env\", \"\", \"dev\"]\n";
        assert_eq!(
            problems(text),
            [
                "book.toml:2:17: environment name `Prod Env` is not a slug",
                "book.toml:2:29: environment name `` is not a slug",
                "book.toml:2:33: environment `dev` is listed twice",
            ]
        );
        let d = only("[environments]\nnames = [\"Prod Env\"]\n");
        assert_eq!(
            d.hint.as_deref(),
            Some("use lower-case letters, digits, `-` and `_`, e.g. `prod-env`")
        );
    }

    #[test]
    fn no_environments_is_an_error() {
        let d = only("[environments]\nnames = []\n");
        assert_eq!(d.location(), "book.toml:2:9");
    }

    #[test]
    fn aliases_must_point_to_known_environments() {
        let text = "[environments]\nnames = [\"staging\", \"production\"]\naliases = { prod = \"produktion\", staging = \"production\" }\n";
        let found = problems(text);
        assert_eq!(
            found,
            [
                "book.toml:3:20: alias `prod` points to `produktion`, which is not an environment",
                "book.toml:3:44: `staging` is both an environment and an alias",
            ]
        );
        let (cfg, mut diags) = parse(text);
        cfg.validate(text, &RelPath::new("book.toml"), &mut diags);
        diags.sort();
        let hint = diags
            .iter()
            .next()
            .and_then(|d| d.hint.clone())
            .unwrap_or_default();
        assert!(hint.starts_with("did you mean `production`?"), "{hint}");
    }

    #[test]
    fn heading_level_must_be_1_to_6() {
        let d = only("[phases]\nheading-level = 7\n");
        assert_eq!(d.location(), "book.toml:2:17");
        assert_eq!(
            d.message,
            "`heading-level` in [phases] must be from 1 to 6, not 7"
        );
        assert_eq!(
            only("[phases]\nheading-level = 0\n").location(),
            "book.toml:2:17"
        );
        let d = only("[phases]\nheading-level = 300\n");
        assert!(d.message.starts_with("wrong type"), "{}", d.message);
    }

    #[test]
    fn site_url_must_be_absolute_http() {
        for bad in [
            "acme.github.io/runbooks",
            "ftp://x.y/",
            "https://",
            "https://a b/",
        ] {
            let text = format!("[site]\nurl = \"{bad}\"\n");
            let d = only(&text);
            assert_eq!(d.location(), "book.toml:2:7", "{bad}");
        }
        assert!(problems("[site]\nurl = \"http://localhost:8080/x/\"\n").is_empty());
    }

    #[test]
    fn edit_url_without_path_is_a_warning() {
        let d = only("[site]\nedit-url = \"https://github.com/a/b/edit/main\"\n");
        assert!(!d.is_error());
        assert_eq!(d.location(), "book.toml:2:12");
    }

    #[test]
    fn output_and_state_dir_must_not_be_empty() {
        assert_eq!(
            problems("[site]\noutput = \" \"\n[state]\ndir = \"\"\n"),
            [
                "book.toml:2:10: `output` in [site] is empty",
                "book.toml:4:7: `dir` in [state] is empty",
            ]
        );
    }

    #[test]
    fn theme_must_be_one_folder() {
        assert_eq!(
            only("[site]\ntheme = \"../x\"\n").location(),
            "book.toml:2:9"
        );
    }

    #[test]
    fn versions_default_is_a_keyword_or_tag() {
        for good in ["latest-tag", "current", "v1.2.0", "release/2024-01"] {
            let text = format!("[versions]\ndefault = \"{good}\"\n");
            assert!(problems(&text).is_empty(), "{good}");
        }
        for bad in ["latest tag", "", "../v1", "-x"] {
            let text = format!("[versions]\ndefault = \"{bad}\"\n");
            assert_eq!(only(&text).location(), "book.toml:2:11", "{bad}");
        }
    }

    #[test]
    fn language_must_be_a_tag() {
        assert_eq!(
            only("[book]\nlanguage = \"en us\"\n").location(),
            "book.toml:2:12"
        );
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
        assert_eq!(cfg, Config::default());
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
    fn schema_matches_the_structs() {
        let json = serde_json::to_value(Config::default()).unwrap();
        let sections = json.as_object().unwrap();
        let names: Vec<_> = SCHEMA.iter().map(|(s, _)| *s).collect();
        let mut expected: Vec<_> = sections.keys().map(String::as_str).collect();
        expected.sort_unstable();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, expected);
        for (section, keys) in SCHEMA {
            let mut have: Vec<_> = sections[*section]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            have.sort_unstable();
            let mut want: Vec<_> = keys.iter().map(|(k, _)| *k).collect();
            want.sort_unstable();
            assert_eq!(want, have, "[{section}]");
        }
    }

    #[test]
    fn underscores_find_kebab_case_keys() {
        assert_eq!(
            closest("edit_url", ["url", "edit-url"].into_iter()),
            Some("edit-url")
        );
        assert_eq!(closest("zzzzzz", ["url", "output"].into_iter()), None);
    }
}
