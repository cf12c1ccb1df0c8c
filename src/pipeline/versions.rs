//! Versioned builds: the working tree and each release tag (read from git objects by
//! `source::versions`, or, for an MkDocs, mdBook or Docusaurus book, from the tag's
//! tree written to a temp folder: `tag_from_folder`), or a Docusaurus site's docs
//! and each version of its `versions.json` (folders of the working tree), built in
//! parallel; versions with identical inputs share stages 3–4, and unchanged files
//! are parsed and rendered once (`Shared`).

use std::path::Path;

use anyhow::Context as _;
use rayon::prelude::*;

use super::{
    Build, BuildOptions, Shared, StreamEvent, analyse, build_from_sources, build_into,
    render_analysed,
};
use crate::base::diag::Diagnostics;
use crate::base::hash::Fingerprint;
use crate::base::timing::timed;
use crate::config::Config;
use crate::model::Book;
use crate::parse::{book, highlight};
use crate::render::site::{Sink, Site};
use crate::render::versions as version_site;
use crate::source::{self, Sources, versions};

/// What `build_versions` reports while it works, from any thread.
#[derive(Debug, Clone, Copy)]
pub enum VersionEvent<'a> {
    /// This many versions will be built.
    Planned(usize),
    /// A version's build has started.
    Started(&'a str),
    /// A version's build has ended (with or without errors).
    Finished(&'a str),
}

/// See `VersionOptions::stream`.
pub type StreamTo<'a> = dyn Fn(&Config) -> Option<(&'a dyn Sink, &'a Path)> + Sync + 'a;

/// Options of `build_versions`.
#[derive(Clone, Copy, Default)]
pub struct VersionOptions<'a> {
    /// Told of each version as it starts and ends (the `build` command draws a bar).
    pub progress: Option<&'a (dyn Fn(VersionEvent<'_>) + Sync)>,
    /// Asked, with the book's config, where a book built alone (no versions) puts each
    /// file as it is made, and the folder for its scratch file (`stream.rs`); `None`
    /// (or an answer of `None`): the site is kept in memory.
    pub stream: Option<&'a StreamTo<'a>>,
    /// Told how a streamed build's rendering goes (the `build` command draws a bar).
    pub stages: Option<&'a (dyn Fn(StreamEvent) + Sync)>,
}

/// One version's outcome.
#[derive(Debug)]
pub struct VersionBuild {
    /// The tag, or `[versions] current` for the working tree.
    pub name: String,
    /// None for the working tree.
    pub tag: Option<versions::Tag>,
    /// Its problems; a tag's paths read `v1.0:content/deploy.md`.
    pub diagnostics: Diagnostics,
    /// HTML pages it rendered (0 when it failed).
    pub pages: usize,
    /// Stages 3–4 were taken from another version with identical sources.
    pub reused: bool,
}

impl VersionBuild {
    pub fn failed(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// The result of `build_versions`.
#[derive(Debug)]
pub struct VersionedBuild {
    /// The working tree's config.
    pub config: Config,
    /// The working tree first, then the tags newest first.
    pub versions: Vec<VersionBuild>,
    /// What `versions.json` lists: the versions that built.
    pub entries: Vec<version_site::VersionEntry>,
    /// The whole site; `None` when the working tree has errors, or when it was
    /// streamed. Without versions it is the working tree's site at the root.
    pub site: Option<Site>,
    /// The working tree alone went whole into `VersionOptions::stream`.
    pub streamed: bool,
    /// Why only the working tree was built (not a git repository, no matching tag).
    pub note: Option<String>,
    /// Content files taken from another version's parse (unchanged between them).
    pub files_reused: usize,
    /// Content files parsed.
    pub files_parsed: usize,
    /// The working tree's analysed book when it was built alone: freeing it (a million
    /// small allocations at 10,000 pages) is left to the caller, which may exit instead.
    pub book: Option<Book>,
}

/// A version's index in the inputs, its build, and whether it reused another's analysis.
type Outcome = (usize, Build, bool);

/// One version's inputs before building.
struct VersionInput {
    name: String,
    tag: Option<versions::Tag>,
    config: Config,
    diagnostics: Diagnostics,
    sources: Sources,
}

/// Stages 1–6 for every version: the working tree as `[versions] current` and each tag
/// matching `[versions] git-tags` (newest `max-tags`), read from git objects, built in
/// parallel; versions with identical inputs share stages 3–4. Without `git-tags`, a
/// git repository or a matching tag, the working tree alone (with a `note`).
pub fn build_versions(root: &Path, opts: &VersionOptions<'_>) -> anyhow::Result<VersionedBuild> {
    // The grammars load while the sources are read.
    std::thread::spawn(highlight::prepare);
    let (config, diagnostics) = Config::load(root)?;
    let (repo, tags, note) = find_tags(root, &config)?;
    let docusaurus = config
        .docusaurus
        .as_ref()
        .filter(|d| !d.versions.is_empty());
    if let Some(d) = docusaurus {
        if config.versions.git_tags.is_none() {
            return docusaurus_versions(root, config, diagnostics, opts);
        }
        tracing::info!(
            "versions.json: its {} versions are not built; `[versions] git-tags` of book.toml \
             names the versions",
            d.versions.len()
        );
    }
    let Some(repo) = repo.filter(|_| !tags.is_empty()) else {
        return working_tree_alone(root, config, diagnostics, note, opts);
    };
    let sources = timed("read sources", || source::scan(root, &config))?;
    let mut inputs = vec![VersionInput {
        name: config.versions.current.clone(),
        tag: None,
        config: config.clone(),
        diagnostics,
        sources,
    }];
    let root_name = inputs[0].sources.root_name.clone();
    let reading = std::time::Instant::now();
    let shared = Shared::on();
    // While git gives the tags' files, the working tree's are parsed into the cache.
    let (read, ()) = rayon::join(
        || -> Vec<anyhow::Result<VersionInput>> {
            if reads_tags_from_folder(&config) {
                return (tags.par_iter())
                    .map(|tag| tag_from_folder(&repo, tag, &root_name, &config))
                    .collect();
            }
            repo.sources_all(&tags, &root_name, config.hugo.as_ref())
                .into_iter()
                .zip(&tags)
                .map(|(read, tag)| {
                    let (cfg, diags, src) = read?;
                    Ok(VersionInput {
                        name: tag.name.clone(),
                        tag: Some(tag.clone()),
                        config: cfg,
                        diagnostics: diags,
                        sources: src,
                    })
                })
                .collect()
        },
        || {
            let mut ignored = Diagnostics::new();
            book::assemble(
                &config,
                &inputs[0].sources,
                &mut ignored,
                &shared.pages,
                Default::default(),
            );
        },
    );
    for input in read {
        let mut input = input?;
        // Where the site is published is the working tree's say, not the tag's; so are
        // the findings the team has allowed since (an old tag cannot be changed).
        input.config.site.url.clone_from(&config.site.url);
        input
            .config
            .secrets
            .allowed
            .clone_from(&config.secrets.allowed);
        input.config.repo_content = tag_repo_content(&config, &input.config, &input.sources);
        inputs.push(input);
    }
    tracing::info!(
        "read {} tags from git in {} ms",
        tags.len(),
        reading.elapsed().as_millis()
    );
    if let Some(progress) = opts.progress {
        progress(VersionEvent::Planned(inputs.len()));
    }
    // The working tree's own asks were all answered by that early parse: not reuse.
    let early = {
        let (hits, misses) = shared.pages.stats();
        hits + misses
    };
    let (built, (reused, parsed)) = build_all(&inputs, &shared, opts);
    let reused = reused.saturating_sub(early);
    tracing::info!("content files: {parsed} parsed, {reused} reused from another version");
    let mut build = assemble_versions(config, inputs, built, repo.head());
    build.files_reused = reused;
    build.files_parsed = parsed;
    Ok(build)
}

/// Where a tag's content folder is in the repository (`Config::repo_content`, how
/// root-relative links are read). A tag read from a folder has it from `Config::load`;
/// one read from git objects has no folder to find it from, so it is the working
/// tree's (`work`) when the tag lays its pages out alike: the same content folder,
/// holding its pages. Else it stays unknown, as before.
fn tag_repo_content(work: &Config, tag: &Config, sources: &Sources) -> Option<String> {
    if tag.repo_content.is_some() || tag.tool_name().is_some() {
        return tag.repo_content.clone();
    }
    let prefix = work.content_prefix();
    let dir = format!("{prefix}/");
    let alike = tag.content_prefix() == prefix
        && (prefix.is_empty()
            || sources
                .content
                .iter()
                .any(|f| f.path.as_str().starts_with(&dir)));
    alike.then(|| work.repo_content.clone()).flatten()
}

/// Whether the tags of the book are read as `tag_from_folder` reads them: a book
/// another tool lays out with config readers that read a folder (MkDocs, mdBook,
/// Docusaurus). opsbook's own layout and a Hugo site's are read from git objects
/// (`GitBook::sources_all`, with `tag_mounts.rs` for Hugo).
fn reads_tags_from_folder(work: &Config) -> bool {
    work.mkdocs.is_some() || work.mdbook.is_some() || work.docusaurus.is_some()
}

/// A tag of a book another tool lays out (`reads_tags_from_folder`): the tag's tree
/// written to a temp folder (the whole repository's, as a checkout has it:
/// `GitBook::write_tree`), then its book folder read as the working tree is
/// (`Config::load`, `source::scan`), so that the tool's config and navigation as of
/// the tag make its version: an MkDocs site's `mkdocs.yml` (`docs_dir`, `nav`,
/// `INHERIT`, its extensions' settings), an mdBook's `book.toml` (`[book] src`) and
/// `SUMMARY.md` with the files its `{{#include}}`s name, a Docusaurus site's
/// `docusaurus.config.*`, sidebars files, other docs instances and static files.
/// opsbook's own keys are the tag's book.toml's, as for any tag. A tag without the
/// working tree's tool (`work`) is built as its files are, a plain folder of
/// runbooks (or `content/`), with a note for `-v`. The folder is removed once its
/// files are read.
fn tag_from_folder(
    repo: &versions::GitBook,
    tag: &versions::Tag,
    root_name: &str,
    work: &Config,
) -> anyhow::Result<VersionInput> {
    let dir = tempfile::Builder::new()
        .prefix("opsbook-tag-")
        .tempdir()
        .context("failed to make a temp folder for a tag's files")?;
    let root = repo
        .write_tree(tag, dir.path())
        .with_context(|| format!("failed to read the files of tag {}", tag.name))?;
    let (config, diagnostics, mut sources) = {
        // The notes of the tag's config (`-v`) name the tag: `tag{name=v1.0}: …`.
        let _tag = tracing::info_span!("tag", name = %tag.name).entered();
        let (config, diagnostics) = Config::load(&root)?;
        let sources = source::scan(&root, &config)?;
        (config, diagnostics, sources)
    };
    if let Some(note) = tool_missing_note(work, &config, &tag.name) {
        tracing::info!("{note}");
    }
    sources.root_name = root_name.to_string();
    Ok(VersionInput {
        name: tag.name.clone(),
        tag: Some(tag.clone()),
        config,
        diagnostics,
        sources,
    })
}

/// The `-v` note for a tag (`at`, read as `config`) that is not a book of the working
/// tree's tool (`work`): the tool came later, so the tag has no config of it.
fn tool_missing_note(work: &Config, config: &Config, tag: &str) -> Option<String> {
    if config.tool_name().is_some() {
        return None;
    }
    let tool = work.tool_name()?;
    let files = match tool {
        "MkDocs" => "no mkdocs.yml",
        "mdBook" => "no mdBook book.toml (`[book] src`) or src/SUMMARY.md",
        "Docusaurus" => "no docusaurus.config.*",
        _ => return None,
    };
    Some(format!(
        "{tag}: the tag has {files}, so it is not read as a {tool} book: {tag} is built \
         from its files as they are, a plain folder of runbooks (or `content/`)"
    ))
}

/// A Docusaurus site's versions (`versions.json`) as the site's versions: the docs
/// folder as `next` (`[versions] current`, when book.toml names it), or the newest
/// version when the site has no current docs, then each `versioned_docs/version-<name>`
/// with its sidebars, newest first, built as git tags are. The site opens on the
/// docs' `lastVersion` (default: the newest version), unless book.toml's `[versions]
/// default` says otherwise; the Docusaurus URLs of every version's pages are
/// redirects at the site's root (`render::redirects::docusaurus`).
fn docusaurus_versions(
    root: &Path,
    mut config: Config,
    diagnostics: Diagnostics,
    opts: &VersionOptions<'_>,
) -> anyhow::Result<VersionedBuild> {
    let defaults = crate::config::VersionsConfig::default();
    let mut site = config
        .docusaurus
        .take()
        .expect("invariant: a Docusaurus site");
    site.route_redirects = false;
    site.shared_statics = true;
    if let Some(name) = &site.current_version {
        config.versions.current.clone_from(name);
    } else if config.versions.current == defaults.current {
        config.versions.current = "next".into();
    }
    if config.versions.default == defaults.default {
        // Docusaurus opens on `lastVersion`, else the newest version: the docs folder
        // when it is one (`includeCurrentVersion: false`).
        match site.last_version.as_deref() {
            Some(name) if site.current_version.as_deref() != Some(name) => {
                config.versions.default = name.to_string();
            }
            _ if site.current_version.is_some() => config.versions.default = "current".into(),
            Some(_) | None => {}
        }
    }
    let versions = std::mem::take(&mut site.versions);
    if !site.instances.is_empty() && !versions.is_empty() {
        let ids: Vec<&str> = site.instances.iter().map(|i| i.id.as_str()).collect();
        tracing::info!(
            "the other docs plugins' pages ({}) are built in the `{}` version only: the \
             older versions' pages link to them by their Docusaurus URLs, left as they are",
            ids.join(", "),
            config.versions.current
        );
    }
    config.docusaurus = Some(site);
    let mut inputs = vec![VersionInput {
        name: config.versions.current.clone(),
        tag: None,
        sources: timed("read sources", || source::scan(root, &config))?,
        config: config.clone(),
        diagnostics,
    }];
    for version in versions {
        let mut cfg = config.clone();
        let d = cfg
            .docusaurus
            .as_mut()
            .expect("invariant: a Docusaurus site");
        d.docs_dir = version.docs_dir;
        d.sidebars = version.sidebars;
        // Their pages (which may link into the current docs) are the current version's.
        d.instances.clear();
        d.current_version = Some(version.name.clone());
        inputs.push(VersionInput {
            name: version.name,
            tag: None,
            sources: source::scan(root, &cfg)?,
            config: cfg,
            diagnostics: Diagnostics::new(),
        });
    }
    let statics = shared_statics(root, &config, &mut inputs)?;
    if let Some(progress) = opts.progress {
        progress(VersionEvent::Planned(inputs.len()));
    }
    let shared = Shared::on();
    let (built, (reused, parsed)) = build_all(&inputs, &shared, opts);
    let routes = docusaurus_routes(&config, &inputs, &built);
    let mut build = assemble_versions(config, inputs, built, None);
    if let Some(site) = build.site.as_mut() {
        for (from, page) in routes {
            if site.get(&from).is_none() {
                site.insert(from, page);
            }
        }
        for file in statics {
            if site.get(&file.site).is_none() {
                site.insert(file.site, file.file.bytes);
            }
        }
    }
    build.files_reused = reused;
    build.files_parsed = parsed;
    Ok(build)
}

/// The static files any version's pages name, read once: published at the site's
/// root for every version (`Docusaurus::shared_statics`), not in each version's
/// folder. Their leak scan's findings are the working tree's (the static folders
/// are not versioned).
fn shared_statics(
    root: &Path,
    config: &Config,
    inputs: &mut [VersionInput],
) -> anyhow::Result<Vec<source::statics::StaticFile>> {
    let statics =
        source::statics::read_named(root, inputs.iter().map(|i| i.sources.statics.as_slice()))?;
    for input in inputs.iter_mut() {
        for file in &mut input.sources.statics {
            file.named = false;
        }
    }
    if let Some(first) = inputs.first_mut() {
        let only = Sources {
            statics,
            ..Sources::default()
        };
        let scans = crate::base::cache::Cache::off();
        first
            .diagnostics
            .extend(crate::secrets::scan::scan_shared(&only, config, &scans));
        return Ok(only.statics);
    }
    Ok(statics)
}

/// The redirect pages from the Docusaurus URLs of every version's pages, at the
/// site's root: `docs/<route>` for the version the site opens on, `docs/next/…` for
/// the current docs, `docs/<version>/…` for the others, as Docusaurus has them
/// (`parse::redirects::docusaurus_routes`). With `routeBasePath: '/'`, the other
/// versions' URLs are their pages' (`/1.0/setup/install` is `1.0/setup/install.html`),
/// and only the version the site opens on has redirects, where no version's folder is.
fn docusaurus_routes(
    config: &Config,
    inputs: &[VersionInput],
    built: &[Outcome],
) -> Vec<(String, String)> {
    let Some(base) = config.docusaurus.as_ref().map(|d| d.route_base.as_str()) else {
        return Vec::new();
    };
    let ok: Vec<String> = built
        .iter()
        .filter(|(i, b, _)| *i > 0 && b.site.is_some())
        .map(|(i, _, _)| inputs[*i].name.clone())
        .collect();
    let current = &config.versions.current;
    let default = version_site::pick_default(&config.versions.default, current, &ok);
    let has_next = config
        .docusaurus
        .as_ref()
        .is_some_and(|d| d.current_version.is_none());
    let mut out = Vec::new();
    for (i, build, _) in built.iter().filter(|(_, b, _)| b.site.is_some()) {
        let input = &inputs[*i];
        let below = match input.name.as_str() {
            name if name == default => base.to_string(),
            _ if base.is_empty() => continue,
            _ if *i == 0 && has_next => format!("{base}/next"),
            name => format!("{base}/{name}"),
        };
        let pages = &build.book.pages;
        let prefix = input.config.content_prefix();
        let instances = (input.config.docusaurus.as_ref()).map_or(&[][..], |d| &d.instances);
        let mut routes =
            crate::parse::redirects::docusaurus_routes(pages, prefix, &below, instances);
        // The other docs plugins' pages (in this version only): their URLs at the root.
        routes.extend(crate::parse::docs_instances::routes_from_root(
            pages, instances,
        ));
        for (from, to) in routes {
            let first = from.split('/').next().unwrap_or("");
            if inputs.iter().any(|v| v.name == first) {
                continue;
            }
            let target = format!("{}/{}", input.name, pages[to].url);
            let title = &pages[to].title;
            let html =
                crate::render::redirects::html(config, &build.book.language, &from, &target, title);
            out.push((from, html));
        }
    }
    out
}

/// The matching tags, newest first and capped, with the repository; or a note saying
/// why there are none.
fn find_tags(
    root: &Path,
    config: &Config,
) -> anyhow::Result<(
    Option<versions::GitBook>,
    Vec<versions::Tag>,
    Option<String>,
)> {
    let Some(glob) = config.versions.git_tags.as_deref() else {
        return Ok((None, Vec::new(), None));
    };
    let Some(repo) = versions::open(root) else {
        let note = if crate::source::git::available() {
            "not a git repository: building the working tree alone"
        } else {
            "git is not installed (or not on PATH): building the working tree alone"
        }
        .to_string();
        return Ok((None, Vec::new(), Some(note)));
    };
    let current = config.versions.current.as_str();
    let mut tags = repo.tags(glob)?;
    tags.retain(|t| {
        let usable = versions::is_folder_name(&t.name) && t.name != current;
        if !usable {
            tracing::warn!(
                "skipping tag `{}`: it cannot name a folder of the site",
                t.name
            );
        }
        usable
    });
    let tags = versions::cap(tags, config.versions.max_tags);
    let note = tags
        .is_empty()
        .then(|| format!("no git tag matches `{glob}`: building the working tree alone"));
    Ok((Some(repo), tags, note))
}

/// The working tree alone: streamed into `opts.stream` when it gives a place (the
/// pages then read one at a time: `Sources::unread`), else in memory.
fn working_tree_alone(
    root: &Path,
    config: Config,
    diagnostics: Diagnostics,
    note: Option<String>,
    opts: &VersionOptions<'_>,
) -> anyhow::Result<VersionedBuild> {
    let name = config.versions.current.clone();
    let stream = opts.stream.and_then(|to| to(&config));
    let sources = match stream {
        Some(_) => timed("read sources", || source::scan_unread(root, &config))?,
        None => timed("read sources", || source::scan(root, &config))?,
    };
    if let Some(progress) = opts.progress {
        progress(VersionEvent::Planned(1));
        progress(VersionEvent::Started(&name));
    }
    let (build, pages, streamed) = match stream {
        Some((sink, scratch)) => {
            let stages = |_: StreamEvent| {};
            let stages = opts.stages.unwrap_or(&stages);
            let (build, written) = build_into(config, diagnostics, sources, sink, scratch, stages);
            let pages = if written { sink.pages() } else { 0 };
            (build, pages, written)
        }
        None => {
            let build = build_from_sources(config, diagnostics, &sources, &BuildOptions::default());
            let pages = build.site.as_ref().map_or(0, count_pages);
            (build, pages, false)
        }
    };
    if let Some(progress) = opts.progress {
        progress(VersionEvent::Finished(&name));
    }
    Ok(VersionedBuild {
        versions: vec![VersionBuild {
            name,
            tag: None,
            diagnostics: build.diagnostics,
            pages,
            reused: false,
        }],
        config: build.config,
        entries: Vec::new(),
        site: build.site,
        note,
        files_reused: 0,
        files_parsed: 0,
        book: Some(build.book),
        streamed,
    })
}

/// Builds every input, in parallel; inputs with identical config and sources (found by
/// content hash, then compared) are analysed once and only rendered per version.
/// Content files unchanged between versions are parsed once (`book::PageCache`).
/// Returns the builds in input order and (files reused, files parsed).
fn build_all(
    inputs: &[VersionInput],
    shared: &Shared,
    opts: &VersionOptions<'_>,
) -> (Vec<Outcome>, (usize, usize)) {
    let groups = same_inputs(inputs);
    let mut built: Vec<Outcome> = groups
        .par_iter()
        .flat_map_iter(|group| build_group(inputs, group, shared, opts))
        .collect();
    built.sort_by_key(|(i, _, _)| *i);
    tracing::info!(
        "renders: {} reused from another version",
        shared.renders.hits()
    );
    (built, shared.pages.stats())
}

/// Indexes of `inputs` grouped by identical inputs, in first-seen order. The config
/// compared is the whole of it, the other tool's too (`mkdocs.yml`'s nav, awesome-nav's
/// `.nav.yml` files, a Docusaurus sidebars file, `SUMMARY.md`): those are no book.toml
/// keys, so its serde form leaves them out, yet they make the sidebar.
fn same_inputs(inputs: &[VersionInput]) -> Vec<Vec<usize>> {
    let configs: Vec<Config> = (inputs.iter())
        .map(|input| {
            let mut cfg = input.config.clone();
            cfg.versions.current.clear();
            cfg
        })
        .collect();
    let keys: Vec<u128> = (inputs.iter().zip(&configs))
        .map(|(input, cfg)| {
            let mut h = Fingerprint::new();
            h.add(&format!("{cfg:?}"))
                .add(&format!("{:?}", input.diagnostics));
            for f in input.sources.content.iter().chain(&input.sources.state) {
                h.add(&(f.path.as_str(), &f.bytes));
            }
            h.add(&input.sources.theme);
            h.digest()
        })
        .collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..inputs.len() {
        let same = |g: &Vec<usize>| {
            let j = g[0];
            keys[i] == keys[j]
                && configs[i] == configs[j]
                && inputs[i].sources.content == inputs[j].sources.content
                && inputs[i].sources.state == inputs[j].sources.state
                && inputs[i].sources.theme == inputs[j].sources.theme
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
}

/// Stages 3–4 once for the group, then stages 5–6 for each version in it.
fn build_group(
    inputs: &[VersionInput],
    group: &[usize],
    shared: &Shared,
    opts: &VersionOptions<'_>,
) -> Vec<Outcome> {
    let config_for = |i: usize| {
        let mut cfg = inputs[i].config.clone();
        cfg.versions.current = inputs[i].name.clone();
        cfg.versions.versioned = true;
        cfg.site.url = cfg
            .site
            .url
            .as_deref()
            .map(|url| version_site::url_of(url, &inputs[i].name));
        cfg
    };
    let started = |i: usize| {
        if let Some(progress) = opts.progress {
            progress(VersionEvent::Started(&inputs[i].name));
        }
    };
    let first = &inputs[group[0]];
    started(group[0]);
    // Stages 3–4 do not depend on the version's name: leave it out of the cache key.
    let mut analysis_config = first.config.clone();
    analysis_config.versions.current.clear();
    let (book, diagnostics) = analyse(
        &analysis_config,
        first.diagnostics.clone(),
        &first.sources,
        shared,
        Default::default(),
    );
    group
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            if n > 0 {
                started(i);
            }
            let build = render_analysed(
                config_for(i),
                book.clone(),
                diagnostics.clone(),
                &first.sources,
                &BuildOptions::default(),
                shared,
            );
            if let Some(progress) = opts.progress {
                progress(VersionEvent::Finished(&inputs[i].name));
            }
            (i, build, n > 0)
        })
        .collect()
}

/// Every version's site under its folder, `versions.json` and the redirect.
fn assemble_versions(
    config: Config,
    inputs: Vec<VersionInput>,
    built: Vec<Outcome>,
    head: Option<String>,
) -> VersionedBuild {
    let ok_tags: Vec<String> = built
        .iter()
        .filter(|(i, b, _)| *i > 0 && b.site.is_some())
        .map(|(i, _, _)| inputs[*i].name.clone())
        .collect();
    let current = config.versions.current.clone();
    let default = version_site::pick_default(&config.versions.default, &current, &ok_tags);
    let mut site = Site::default();
    let mut entries = Vec::new();
    let mut results = Vec::new();
    let mut current_ok = false;
    for ((i, build, reused), input) in built.into_iter().zip(inputs) {
        let pages = build.site.as_ref().map_or(0, count_pages);
        if let Some(version_site) = build.site {
            current_ok |= i == 0;
            version_site::add_version(&mut site, &input.name, version_site, &build.book);
            entries.push(version_site::VersionEntry {
                title: match &input.tag {
                    None if i == 0 => format!("{} (working tree)", input.name),
                    _ => input.name.clone(),
                },
                path: format!("{}/", input.name),
                commit: input
                    .tag
                    .as_ref()
                    .map(|t| t.commit.clone())
                    .or(head.clone()),
                date: input.tag.as_ref().map(|t| t.date.clone()),
                default: input.name == default,
                current: i == 0,
                name: input.name.clone(),
            });
        }
        let diagnostics = match &input.tag {
            Some(tag) => versions::name_tag(build.diagnostics, &tag.name),
            None => build.diagnostics,
        };
        results.push(VersionBuild {
            name: input.name,
            tag: input.tag,
            diagnostics,
            pages,
            reused,
        });
    }
    version_site::add_root(&mut site, &entries);
    if config.site.url.is_some() {
        version_site::copy_not_found(&mut site, &default);
    }
    VersionedBuild {
        config,
        versions: results,
        entries,
        site: current_ok.then_some(site),
        note: None,
        files_reused: 0,
        files_parsed: 0,
        book: None,
        streamed: false,
    }
}

fn count_pages(site: &Site) -> usize {
    site.files.keys().filter(|p| p.ends_with(".html")).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::path::RelPath;
    use crate::source::SourceFile;

    fn input(name: &str, text: &str) -> VersionInput {
        let mut config = Config::default();
        config.versions.current = name.into();
        VersionInput {
            name: name.into(),
            tag: None,
            config,
            diagnostics: Diagnostics::new(),
            sources: Sources {
                root_name: "book".into(),
                content: vec![SourceFile {
                    path: RelPath::new("content/a.md"),
                    bytes: text.as_bytes().to_vec(),
                }],
                ..Sources::default()
            },
        }
    }

    #[test]
    fn other_tools_tags_are_read_from_a_folder_and_a_tag_without_the_tool_is_noted() {
        let toml = RelPath::new("book.toml");
        let (mdbook, _) = Config::parse_as("[book]\nsrc = \"src\"\n", &toml, false);
        let mut mkdocs = Config::default();
        let mut diags = Diagnostics::new();
        let yml = RelPath::new("mkdocs.yml");
        mkdocs.mkdocs = Some(crate::config::mkdocs::parse(
            "site_name: x\n",
            &yml,
            &mut diags,
        ));
        let mut hugo = Config::default();
        hugo.hugo = Some(crate::config::hugo::parse(
            "title = 'x'\n",
            &toml,
            &mut diags,
        ));
        assert!(diags.is_empty(), "{diags:?}");
        let plain = Config::default();
        assert!(reads_tags_from_folder(&mkdocs) && reads_tags_from_folder(&mdbook));
        assert!(!reads_tags_from_folder(&hugo) && !reads_tags_from_folder(&plain));
        let note = tool_missing_note(&mkdocs, &plain, "v0.9").unwrap_or_default();
        assert!(
            note.starts_with("v0.9: the tag has no mkdocs.yml, so it is not read as a MkDocs book"),
            "{note}"
        );
        assert!(
            tool_missing_note(&mdbook, &plain, "v0.9").is_some_and(|n| n.contains("SUMMARY.md"))
        );
        assert_eq!(tool_missing_note(&mkdocs, &mkdocs, "v1.0"), None);
        // A tag of another tool is read as that tool's: no note.
        assert_eq!(tool_missing_note(&mkdocs, &mdbook, "v1.0"), None);
        assert_eq!(tool_missing_note(&plain, &plain, "v1.0"), None);
    }

    #[test]
    fn versions_with_identical_inputs_share_analysis() {
        let inputs = vec![
            input("main", "# A\n"),
            input("v2", "# B\n"),
            input("v1", "# A\n"),
        ];
        assert_eq!(same_inputs(&inputs), [vec![0, 2], vec![1]]);
        let shared = Shared::on();
        let (built, (reused, parsed)) = build_all(&inputs, &shared, &VersionOptions::default());
        assert_eq!((reused, parsed), (0, 2), "a group parses its files once");
        let reused: Vec<bool> = built.iter().map(|(_, _, r)| *r).collect();
        assert_eq!(reused, [false, false, true]);
        let page = |i: usize| {
            built[i]
                .1
                .site
                .as_ref()
                .and_then(|s| s.page("a.html").map(str::to_string))
        };
        // Versioned pages do not name their version, so equal inputs give equal pages.
        assert!(page(2).is_some_and(|p| !p.contains("version-switcher\" data-version")));
        assert_eq!(page(0), page(2));
    }

    #[test]
    fn a_tag_read_from_git_objects_takes_the_working_trees_place_in_the_repository() {
        let work = Config {
            repo_content: Some("docs/content".into()),
            ..Config::default()
        };
        let tag = Config::default();
        let same = input("v1.0", "# A\n").sources;
        assert_eq!(
            tag_repo_content(&work, &tag, &same).as_deref(),
            Some("docs/content")
        );
        // A tag from before the content folder: a plain folder of runbooks.
        let mut plain = same.clone();
        plain.content[0].path = RelPath::new("a.md");
        assert_eq!(tag_repo_content(&work, &tag, &plain), None);
    }

    /// v1.0 and the working tree have the same pages, but v1.0's awesome-nav
    /// `.nav.yml` orders them otherwise: no book.toml key differs, yet their sidebars
    /// do, so they are not one group.
    #[test]
    fn versions_whose_tool_nav_differs_are_not_shared() {
        let nav = |text: &str| {
            let mut cfg = Config::default();
            let mut diags = Diagnostics::new();
            let yml = RelPath::new("mkdocs.yml");
            let mut mk = crate::config::mkdocs::parse("site_name: x\n", &yml, &mut diags);
            let mut awesome = crate::config::mkdocs_awesome::AwesomeNav::default();
            let path = RelPath::new("docs/.nav.yml");
            let file = crate::config::mkdocs_awesome::parse(text, &path, false, &mut diags);
            awesome.dirs.insert(String::new(), file);
            mk.awesome_nav = Some(awesome);
            cfg.mkdocs = Some(mk);
            assert!(diags.is_empty(), "{diags:?}");
            cfg
        };
        let mut inputs = vec![
            input("main", "# A\n"),
            input("v1.0", "# A\n"),
            input("v0.9", "# A\n"),
        ];
        inputs[0].config = nav("nav:\n  - b.md\n  - a.md\n");
        inputs[1].config = nav("nav:\n  - a.md\n  - b.md\n");
        inputs[2].config = nav("nav:\n  - b.md\n  - a.md\n");
        assert_eq!(same_inputs(&inputs), [vec![0, 2], vec![1]]);
    }
}
