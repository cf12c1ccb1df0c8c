//! Stage 3: `Sources` → `Book`. Decodes each content file, splits front matter, renders
//! Markdown (in parallel, merged in source order), names pages (id, url, title);
//! `nav.rs` orders them and builds the sidebar tree. An mdBook's pages have their
//! `{{#…}}` directives expanded first (`include.rs`); its SUMMARY.md is no page.
//! Pure: no disk, no clock.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::fsio;
use crate::base::path::RelPath;
use crate::config::Config;
use crate::model::{Book, Document, Page, PageKind};
use crate::model::{Checklist, DeclaredSecret, EnvState, FrontMatter};
use crate::parse::checklist;
use crate::parse::frontmatter;
use crate::parse::hugo_cascade::Cascades;
use crate::parse::include;
use crate::parse::jinja;
use crate::parse::markdown::{self, MarkdownOptions};
use crate::parse::redirects;
use crate::parse::shortcodes::{self, ShortcodeOptions};
use crate::parse::site_paths;
use crate::parse::state;
use crate::source::includes::Includes;
use crate::source::{SourceFile, Sources};

/// What a file under `content/` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Markdown,
    Yaml,
    /// Anything else (images, PDFs…): copied to the site as it is.
    Asset,
}

/// Whether a content file is published as it is, at its own path: every file that is
/// not Markdown. A YAML file is copied too, checklist or not, so that a link to a
/// sample manifest (or to a checklist's source) lands on it.
pub(crate) fn is_copied(path: &RelPath) -> bool {
    kind_of(path) != FileKind::Markdown
}

pub(crate) fn kind_of(path: &RelPath) -> FileKind {
    match path.extension().as_deref() {
        // `.mdx`: Docusaurus's Markdown with components (its imports are left out,
        // its `<Tabs>` read, other components kept as HTML).
        Some("md" | "mdx" | "markdown") => FileKind::Markdown,
        Some("yml" | "yaml") => FileKind::Yaml,
        _ => FileKind::Asset,
    }
}

/// Path of a content file below its folder `prefix` (`Config::content_prefix`:
/// `content`, or an mdBook's `src`): `content/ops/deploy.md` → `ops/deploy.md`.
pub(crate) fn below_content<'p>(path: &'p RelPath, prefix: &str) -> &'p str {
    crate::base::path::below(path.as_str(), prefix)
}

/// Where a copied content file (`is_copied`) is published: its path below the content
/// folder, hidden names without their dot ([`site_rel`]); in a Hugo site that
/// lowercases its URLs (`lower`), its folders lowercased, its name kept, as Hugo
/// publishes a page bundle's files (`Docs/Guide/Diagram.PNG` → `docs/guide/Diagram.PNG`).
pub(crate) fn copied_site_path(path: &RelPath, prefix: &str, lower: bool) -> String {
    let rel = site_rel(below_content(path, prefix));
    if lower {
        lower_folders(&rel)
    } else {
        rel.into_owned()
    }
}

/// `Docs/Guide/Diagram.PNG` → `docs/guide/Diagram.PNG`: a path with its folders
/// lowercased, its file name kept.
pub(crate) fn lower_folders(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, name)) => format!("{}/{name}", dir.to_lowercase()),
        None => path.to_string(),
    }
}

/// Whether a file name is a folder's landing page: `index`, `README` (GitHub, mdBook),
/// `_index` (Hugo's section page).
pub(crate) fn is_index_name(stem: &str) -> bool {
    ["index", "readme", "_index"]
        .iter()
        .any(|n| stem.eq_ignore_ascii_case(n))
}

/// `ops/deploy.md` → (`ops/deploy`, `ops/deploy.html`); `ops/README.md` and
/// `ops/_index.md` → (`ops`, `ops/index.html`); `index.md` → (`index`, `index.html`).
pub(crate) fn page_id_and_url(rel: &str) -> (String, String) {
    let rel = site_rel(rel);
    let rel = rel.as_ref();
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    let (dir, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    if is_index_name(name) {
        if dir.is_empty() {
            ("index".into(), "index.html".into())
        } else {
            (dir.into(), format!("{dir}/index.html"))
        }
    } else {
        (stem.into(), format!("{stem}.html"))
    }
}

/// Where a content path (`rel`, below the content folder) is on the site: where it is,
/// less the dot of each hidden folder or file: the issue templates of
/// `.github/ISSUE_TEMPLATE/` go to `github/ISSUE_TEMPLATE/`, a linked
/// `.github/workflows/ci.yaml` to `github/workflows/ci.yaml` (GitHub Pages' upload
/// leaves out `.github`, some hosts hide every dot-file, and a folder's depth is kept
/// so that relative links still land). Links are written to match
/// (`markdown::links`).
pub(crate) fn site_rel(rel: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |seg: &str| seg.starts_with('.') && seg != "." && seg != "..";
    if !rel.split('/').any(hidden) {
        return std::borrow::Cow::Borrowed(rel);
    }
    let segments: Vec<&str> = rel
        .split('/')
        .map(|seg| if hidden(seg) { &seg[1..] } else { seg })
        .collect();
    std::borrow::Cow::Owned(segments.join("/"))
}

/// Whether a content path (below the content folder) is a GitHub issue template.
pub(crate) fn is_issue_template(rel: &str) -> bool {
    rel.strip_prefix(crate::source::ISSUE_TEMPLATES)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// `deploy-to_prod` → `Deploy to prod`; GitHub's `.github` and `ISSUE_TEMPLATE`
/// folders read as `GitHub` and `Issue templates`.
pub(crate) fn title_from_name(name: &str) -> String {
    match name {
        ".github" => return "GitHub".into(),
        "ISSUE_TEMPLATE" => return "Issue templates".into(),
        _ => {}
    }
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

/// Per-file parse results, shared between the versions of a versioned build.
pub(crate) type PageCache = crate::parse::file_cache::FileCache<ParsedFile>;

/// The content files that are parsed into pages (not assets, not an mdBook's SUMMARY.md).
pub(crate) fn page_files<'a>(
    cfg: &'a Config,
    src: &'a Sources,
) -> impl Iterator<Item = &'a SourceFile> {
    let bundles = crate::parse::hugo_page::LeafBundles::of(cfg, src);
    src.content.iter().filter(move |f| {
        kind_of(&f.path) != FileKind::Asset
            && !mdbook_own_file(cfg, &f.path)
            && !crate::parse::category::is_category_file(&f.path)
            && !cfg.hugo.as_ref().is_some_and(|hugo| {
                let rel = below_content(&f.path, cfg.content_prefix());
                crate::parse::hugo_page::translation(rel, hugo).is_some()
                    || bundles.holding(rel).is_some()
            })
    })
}

/// What a streamed build (`pipeline::stream`) asks of [`assemble`] beyond the book:
/// each page's body moved to its scratch file (its items too with `items`: a build,
/// not `serve`, whose edits read them again and again), and a word as each file is
/// parsed.
#[derive(Clone, Copy, Default)]
pub(crate) struct Streaming<'a> {
    pub(crate) spill: Option<&'a std::sync::Arc<crate::base::spill::Spill>>,
    pub(crate) items: bool,
    pub(crate) parsed: Option<&'a (dyn Fn() + Sync)>,
}

/// One content file parsed: its page (if any) and its problems.
#[derive(Debug, Clone)]
pub(crate) struct ParsedFile(Option<Built>, Diagnostics);

/// Builds the book from its sources. Problems go to `diags`; the book holds every page
/// that could be read. Files unchanged since an earlier call come from `cache`
/// (`PageCache::off()` for none). See [`Streaming`] for `streaming`.
pub(crate) fn assemble(
    cfg: &Config,
    src: &Sources,
    diags: &mut Diagnostics,
    cache: &PageCache,
    streaming: Streaming<'_>,
) -> Book {
    let files: Vec<&SourceFile> = page_files(cfg, src).collect();
    crate::parse::hugo_page::note_translations(cfg, src);
    crate::parse::hugo_page::LeafBundles::of(cfg, src).note_resources(cfg, src);
    let cascades = Cascades::read(cfg, src);
    if let Some(md) = &cfg.mdbook {
        let not_found = src
            .content
            .iter()
            .find(|f| below_content(&f.path, &md.src) == "404.md");
        if let Some(f) = not_found {
            tracing::info!(
                "{}: mdBook's page for a missing URL; opsbook writes its own 404.html",
                f.path
            );
        }
    }
    let mut key = mdbook_key(cache.config_key(cfg), cfg, src);
    if !key.is_empty() && cfg.hugo.is_some() {
        // A Hugo page's front matter takes its sections' cascades.
        key.push_str(&format!("|cascade:{}", cascades.fingerprint()));
    }
    let parsed: Vec<ParsedFile> = files
        .par_iter()
        .map(|f| {
            // An unread page (`Sources::unread`) is read now and let go of once parsed.
            let read;
            let f = match src.bytes_of(f) {
                Ok(std::borrow::Cow::Borrowed(_)) => f,
                Ok(std::borrow::Cow::Owned(bytes)) => {
                    read = SourceFile {
                        path: f.path.clone(),
                        bytes,
                    };
                    &read
                }
                Err(e) => return unreadable(f, &e),
            };
            let mut parsed = cache.get_or(&key, f, || parse_file(cfg, f, &src.includes, &cascades));
            if let (Some(spill), Some(built)) = (streaming.spill, &mut parsed.0) {
                built.page.doc.spill_into(spill, streaming.items);
                built.page.keep_outline();
            }
            if let Some(parsed) = streaming.parsed {
                parsed();
            }
            parsed
        })
        .collect();
    let mut pages = Vec::with_capacity(parsed.len());
    let mut declared_secrets = Vec::new();
    for ParsedFile(built, d) in parsed {
        diags.extend(d);
        if let Some(built) = built {
            declared_secrets.extend(
                built
                    .secrets
                    .into_iter()
                    .map(|s| (built.page.source.clone(), s)),
            );
            pages.push(built.page);
        }
    }
    if let Some(hugo) = &cfg.hugo {
        cascades.drop_unbuilt(&mut pages, cfg.content_prefix(), hugo);
    }
    let mut book = assemble_pages(cfg, src, pages, diags);
    book.declared_secrets = declared_secrets;
    book
}

/// A page that could not be read when its turn came to be parsed.
fn unreadable(f: &SourceFile, e: &std::io::Error) -> ParsedFile {
    let d = Diagnostic::error(
        Code::Io,
        f.path.clone(),
        format!("could not read the file: {e}"),
    )
    .with_hint("it was there when the build started; was it moved or deleted?");
    let mut diags = Diagnostics::new();
    diags.push(d);
    ParsedFile(None, diags)
}

/// The second half of `assemble`: pages already parsed (in any order) → the ordered
/// book with its sidebar tree and team state (declared secrets are the caller's).
pub(crate) fn assemble_pages(
    cfg: &Config,
    src: &Sources,
    mut pages: Vec<Page>,
    diags: &mut Diagnostics,
) -> Book {
    let kinds = redirects::Kinds {
        aliases: cfg.hugo.is_some(),
        slugs: cfg.docusaurus.is_some(),
    };
    if let Some(hugo) = &cfg.hugo {
        pages.retain(|page| {
            let why = crate::parse::hugo_page::not_built(&page.front, hugo);
            if let Some(why) = &why {
                tracing::info!("{}: not built: {why}", page.source);
            }
            why.is_none()
        });
        for page in &mut pages {
            page.front.hidden |= crate::parse::hugo_page::unlisted(&page.front);
        }
        crate::parse::hugo_taxonomy::own_pages(hugo, &mut pages);
    }
    redirects::home_from_slug(&mut pages, cfg.content_prefix(), kinds);
    report_duplicate_urls(&pages, diags);
    site_paths::report(&pages, src, diags);
    let (mut pages, mut nav) = crate::parse::nav::order_pages(cfg, src, pages, diags);
    let mut menu = Vec::new();
    if let Some(hugo) = &cfg.hugo {
        // The taxonomies' pages: after the sidebar (they are not in it), before the
        // menus (which may name them).
        let made = crate::parse::hugo_taxonomy::pages(hugo, &mut pages, cfg.content_prefix());
        pages.extend(made);
        let menus = crate::parse::hugo_menu::read(hugo, &pages, cfg.content_prefix(), diags);
        nav.splice(0..0, menus.before);
        nav.extend(menus.after);
        menu = menus.main;
    }
    let home = pages.iter().position(|p| p.url == "index.html");
    let mut redirects = redirects::collect(&pages, cfg.content_prefix(), kinds, diags);
    if let Some(site) = cfg.docusaurus.as_ref() {
        let (prefix, base) = (cfg.content_prefix(), site.route_redirects());
        crate::parse::client_redirects::add(&pages, prefix, site, &mut redirects, diags);
        redirects::add_docusaurus_routes(&pages, prefix, base, &site.instances, &mut redirects);
    }
    if let Some(book) = &cfg.mdbook {
        crate::parse::mdbook_redirects::add(&pages, book, &mut redirects, diags);
    }
    if let Some(hugo) = &cfg.hugo {
        redirects::add_hugo_urls(&pages, (hugo, cfg.content_prefix()), &mut redirects, diags);
    }
    Book {
        title: cfg
            .book
            .title
            .clone()
            .unwrap_or_else(|| src.root_name.clone()),
        description: cfg.book.description.clone(),
        language: cfg.book.language.clone(),
        pages,
        nav,
        menu,
        home,
        environments: cfg.environments.names.clone(),
        state: team_state(cfg, src, diags),
        declared_secrets: Vec::new(),
        updated: src.updated.clone(),
        runs: runs(src, diags),
        redirects,
    }
}

/// Reads every `runs/*.yaml` file (other files there are left alone), sorted by id.
fn runs(src: &Sources, diags: &mut Diagnostics) -> Vec<crate::model::run::Run> {
    let mut out = Vec::new();
    for file in &src.runs {
        let p = file.path.as_str();
        if !(p.ends_with(".yaml") || p.ends_with(".yml")) {
            continue;
        }
        let text = match crate::base::fsio::decode_text(&file.path, file.bytes.clone()) {
            Ok(t) => t,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        if let Some(run) = crate::parse::run::parse(&text, &file.path, diags) {
            out.push(run);
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// The cache key of `assemble`: for an mdBook, a page's parse also depends on its
/// chapters' folder and on the files it includes (any of them, to keep it simple);
/// for a Hugo site, on the pages its `{{< ref >}}` may name; for both and for a
/// Docusaurus site, on which tool's it is.
fn mdbook_key(mut key: String, cfg: &Config, src: &Sources) -> String {
    let Some(tool) = cfg.tool_name().filter(|_| !key.is_empty()) else {
        return key;
    };
    let mut h = crate::base::hash::Fingerprint::new();
    h.add(tool)
        .add(cfg.content_prefix())
        .add(&src.includes.reach)
        .add(&src.includes.pages)
        .add(&src.includes.hugo_files);
    for (path, bytes) in &src.includes.files {
        h.add(path).add_bytes(bytes);
    }
    key.push_str(&format!("|mdbook:{:x}", h.digest()));
    key
}

/// An mdBook's SUMMARY.md (the sidebar, no page) and 404.md (mdBook's page for a
/// missing URL: opsbook writes its own 404.html, so it is left out with a `-v` note).
fn mdbook_own_file(cfg: &Config, path: &RelPath) -> bool {
    let Some(md) = &cfg.mdbook else {
        return false;
    };
    let rel = below_content(path, &md.src);
    rel == crate::config::SUMMARY_FILE || rel == "404.md"
}

/// One content file → its page and problems. Depends on `cfg`, `f` and, for an
/// mdBook, the files it includes.
fn parse_file(
    cfg: &Config,
    f: &SourceFile,
    includes: &Includes,
    cascades: &Cascades,
) -> ParsedFile {
    let mut d = Diagnostics::new();
    let page = match kind_of(&f.path) {
        FileKind::Yaml => checklist_page(cfg, f, &mut d),
        _ => markdown_page(cfg, f, (includes, cascades), &mut d).map(|page| Built {
            page,
            secrets: Vec::new(),
        }),
    };
    ParsedFile(page, d)
}

/// A page and what else its file declares.
#[derive(Debug, Clone)]
struct Built {
    page: Page,
    secrets: Vec<DeclaredSecret>,
}

/// One Markdown file → a page; `None` if it cannot be read or is a draft. A Hugo
/// page's front matter takes its sections' `cascades`.
pub(crate) fn markdown_page(
    cfg: &Config,
    file: &SourceFile,
    (includes, cascades): (&Includes, &Cascades),
    diags: &mut Diagnostics,
) -> Option<Page> {
    let original = match fsio::decode_text(&file.path, file.bytes.clone()) {
        Ok(t) => t,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    let mut page_diags = Diagnostics::new();
    let macros = cfg
        .mkdocs
        .as_ref()
        .and_then(|m| m.macros.as_ref())
        .filter(|m| renders_macros(m, &original, &file.path));
    if let Some(mk) = cfg.mkdocs.as_ref().filter(|m| !m.macros_markers.is_empty()) {
        jinja::foreign_markers(&original, &file.path, &mk.macros_markers, diags);
    }
    let mut expanded = crate::source::includes::Dialect::of(cfg).map(|mut dialect| {
        if let crate::source::includes::Dialect::MkDocs { macros: on, .. } = &mut dialect {
            *on = macros;
        }
        include::expand(&original, &file.path, includes, dialect, diags)
    });
    if let (Some(exp), Some(macros)) = (expanded.as_mut(), macros) {
        let mut found = Diagnostics::new();
        let meta = macros_meta(&original, &file.path);
        if let Some(text) =
            jinja::render(&exp.text, &macros.variables, &meta, &file.path, &mut found)
        {
            include::relocate_diags(exp, &original, &mut found);
            diags.extend(found);
            exp.text = text;
        }
    }
    let text = expanded
        .as_ref()
        .map_or(original.as_str(), |e| e.text.as_str());
    let rel = below_content(&file.path, cfg.content_prefix());
    let rel = match &cfg.hugo {
        Some(hugo) => crate::parse::hugo_page::without_language(rel, hugo),
        None => std::borrow::Cow::Borrowed(rel),
    };
    let rel = rel.as_ref();
    let defaults = cascades.values_for(rel);
    let mut split = frontmatter::split_with(text, &file.path, &mut page_diags, &defaults);
    if cfg.mkdocs.is_some() {
        crate::parse::mmd_meta::apply(&mut split);
    }
    if is_issue_template(below_content(&file.path, cfg.content_prefix())) {
        // An issue template's `title` is the new issue's title, its `name` the
        // template's.
        split.front.title = split
            .front
            .extra
            .get("name")
            .and_then(|v| v.as_str())
            .map(str::to_string);
    }
    if split.front.draft {
        diags.extend(page_diags);
        return None;
    }
    if let Some(instance) = (cfg.docusaurus.as_ref())
        .and_then(|d| crate::parse::docs_instances::instance_of(&d.instances, file.path.as_str()))
    {
        // A slug from the root of another docs instance is below its folder.
        for old in split.front.redirects.iter_mut().filter(|o| o.slug) {
            if let Some(rest) = old.url.trim().strip_prefix('/') {
                old.url = format!("/{}/{rest}", instance.docs_dir);
            }
        }
    }
    if cfg.hugo.is_some() {
        page_diags.extend(crate::parse::hugo_page::bad_dates_diagnostics(
            &split.front,
            text,
            &file.path,
        ));
        let opts = (text, &file.path, rel);
        page_diags.extend(crate::parse::hugo_cascade::check(&split.front, opts));
    }
    diags.extend(site_paths::name_diagnostic(
        &file.path,
        cfg.content_prefix(),
    ));
    let (derived_id, mut url) = page_id_and_url(rel);
    if cfg.hugo_lowers_paths() {
        // Hugo's URLs are lowercased: `Docs/Setup.md` is `/docs/setup/`.
        url = url.to_lowercase();
    }
    if cfg.docusaurus.is_some() {
        url = crate::parse::number_prefix::doc_url(&url, split.front.id.as_deref());
    }
    let id = match &split.front.id {
        // Docusaurus's ids are per folder.
        Some(own) if cfg.docusaurus.is_some() => match rel.rsplit_once('/') {
            Some((dir, _)) if !own.contains('/') => format!("{dir}/{own}"),
            _ => own.clone(),
        },
        Some(own) => own.clone(),
        None => derived_id,
    };
    let taxonomies = cfg.hugo.as_ref().map_or_else(Vec::new, |h| {
        crate::parse::hugo_taxonomy::folders(h, cfg.content_prefix())
    });
    let opts = MarkdownOptions {
        path: &file.path,
        page_id: &id,
        phase_level: cfg.phases.heading_level,
        line_offset: split.line_offset,
        repo_links: cfg
            .repo_content
            .as_deref()
            .map(|content| markdown::RepoLinks {
                content,
                url: &url,
                versions: cfg
                    .docusaurus
                    .as_ref()
                    .map_or(&[][..], |d| d.version_urls.as_slice()),
                statics: cfg
                    .docusaurus
                    .as_ref()
                    .map_or(&[][..], |d| d.static_dirs.as_slice()),
                statics_up: cfg.docusaurus.as_ref().is_some_and(|d| d.shared_statics),
                instances: cfg
                    .docusaurus
                    .as_ref()
                    .map_or(&[][..], |d| d.instances.as_slice()),
                docs_dir: cfg.content_prefix(),
                foreign: cfg
                    .docusaurus
                    .as_ref()
                    .map_or(&[][..], |d| d.foreign_routes.as_slice()),
            }),
        routes: cfg.routes(),
        hugo_pages: match (&cfg.hugo, &cfg.mkdocs) {
            (Some(h), _) => Some(markdown::HugoPages {
                pages: includes.pages.as_slice(),
                files: includes.hugo_files.as_slice(),
                language: h.default_language.as_str(),
                taxonomies: &taxonomies,
                by_get_page: h.links_by_get_page,
                readme_index: false,
                lower: cfg.hugo_lowers_paths(),
            }),
            // MkDocs reads a link to a file from the file's folder (it rewrites it for
            // the page's URL), and a link to a page's URL from that URL.
            (None, Some(mk)) if mk.use_directory_urls => Some(markdown::HugoPages {
                pages: includes.pages.as_slice(),
                files: &[],
                language: "",
                taxonomies: &[],
                by_get_page: false,
                readme_index: true,
                lower: false,
            }),
            _ => None,
        },
        mkdocs_ids: cfg.mkdocs.as_ref().map(|mk| mk.toc_slug),
        attr_list: markdown::AttrListOptions {
            on: cfg.mkdocs.as_ref().is_some_and(|mk| mk.attr_list),
            superfences: cfg.mkdocs.as_ref().is_some_and(|mk| mk.superfences),
        },
        marks: cfg.mkdocs.as_ref().map(|mk| mk.marks).unwrap_or_default(),
    };
    let shortcodes = cfg.hugo.as_ref().and_then(|hugo| {
        let opts = ShortcodeOptions {
            path: &file.path,
            prefix: cfg.content_prefix(),
            pages: &includes.pages,
            line_offset: split.line_offset,
            language: &hugo.default_language,
            front: &split.front,
            site_params: &hugo.params,
            themes: &hugo.themes,
            own: &hugo.own_shortcodes,
            files: &includes.files,
        };
        shortcodes::expand(split.body, &opts, &mut page_diags)
    });
    let body = shortcodes.as_ref().map_or(split.body, |e| e.text.as_str());
    let mut found = Diagnostics::new();
    let mut doc = markdown::render(body, &opts, &mut found);
    if let Some(moved) = shortcodes.as_ref().filter(|e| e.moves_lines()) {
        // Shortcodes put on lines of their own: places go back to the page's lines.
        let head = &text[..text.len() - split.body.len()];
        let exp = include::Expanded {
            text: format!("{head}{}", moved.text),
            title: None,
            lines: (1..=split.line_offset)
                .chain(moved.lines.iter().map(|l| l + split.line_offset))
                .collect(),
        };
        include::relocate(&exp, text, &mut doc, &mut found);
    }
    page_diags.extend(found);
    let mut front = split.front;
    if let Some(exp) = &expanded {
        front.title = front.title.or_else(|| exp.title.clone());
        include::relocate(exp, &original, &mut doc, &mut page_diags);
    }
    diags.extend(page_diags);
    front.environments = resolve_environments(cfg, &front.environments, &file.path, (1, 1), diags);
    resolve_item_environments(cfg, &mut doc, &file.path, diags);
    let title = front
        .title
        .clone()
        .or_else(|| doc.h1.clone())
        .unwrap_or_else(|| {
            // The name in the page's URL (a folder's for its landing page), which
            // has no Docusaurus number prefix.
            let stem = url.strip_suffix(".html").unwrap_or(&url);
            let stem = stem.strip_suffix("/index").unwrap_or(stem);
            title_from_name(stem.rsplit('/').next().unwrap_or(stem))
        });
    keep_mentions(file, &mut doc);
    Some(Page {
        source: file.path.clone(),
        url,
        id,
        title,
        kind: PageKind::Markdown,
        front,
        doc,
    })
}

/// Whether the macros plugin renders the page `text`: `render_macros` of its front
/// matter, else the plugin's `render_by_default`.
fn renders_macros(m: &crate::config::mkdocs_ext::Macros, text: &str, path: &RelPath) -> bool {
    if !text.contains("render_macros") {
        return m.render_by_default;
    }
    let split = frontmatter::split(text, path, &mut Diagnostics::new());
    match split.front.extra.get("render_macros") {
        Some(serde_json::Value::Bool(on)) => *on,
        _ => m.render_by_default,
    }
}

/// A page's front matter as mkdocs-macros gives it to Jinja (`page.meta`): its keys,
/// with `title`.
fn macros_meta(text: &str, path: &RelPath) -> BTreeMap<String, serde_json::Value> {
    if !text.starts_with("---") {
        return crate::parse::mmd_meta::as_json(text);
    }
    let front = frontmatter::split(text, path, &mut Diagnostics::new()).front;
    let mut meta = front.extra;
    if let Some(title) = front.title {
        meta.insert("title".into(), serde_json::Value::String(title));
    }
    meta
}

/// Whether `path` is a template the macros plugin includes: a file below its
/// `include_dir` that holds Jinja (`{% raw %}` around a sample manifest).
fn is_macros_template(cfg: &Config, path: &RelPath, text: &str) -> bool {
    let Some(m) = cfg.mkdocs.as_ref().and_then(|m| m.macros.as_ref()) else {
        return false;
    };
    let below = m.include_dir.is_empty()
        || path
            .as_str()
            .strip_prefix(m.include_dir.as_str())
            .is_some_and(|r| r.starts_with('/'));
    below && (text.contains("{%") || text.contains("{{"))
}

/// A checklist YAML file → a page, rendered through the Markdown stage like any runbook.
/// YAML that is not a checklist (workflows, issue forms) is skipped with a note.
fn checklist_page(cfg: &Config, file: &SourceFile, diags: &mut Diagnostics) -> Option<Built> {
    let text = match fsio::decode_text(&file.path, file.bytes.clone()) {
        Ok(t) => t,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    let accepted: Vec<String> = cfg
        .environments
        .names
        .iter()
        .chain(cfg.environments.aliases.keys())
        .cloned()
        .collect();
    if is_macros_template(cfg, &file.path, &text) {
        tracing::info!(
            "{}: an mkdocs-macros include (Jinja in a file below `include_dir`), not a checklist, skipped",
            file.path
        );
        return None;
    }
    let Some(mut list) = checklist::parse(&text, &file.path, &accepted, diags) else {
        tracing::info!("{}: not a checklist, skipped", file.path);
        return None;
    };
    canonical_environments(cfg, &mut list);
    diags.extend(site_paths::name_diagnostic(
        &file.path,
        cfg.content_prefix(),
    ));
    let rel = below_content(&file.path, cfg.content_prefix());
    let rel = match &cfg.hugo {
        Some(hugo) => crate::parse::hugo_page::without_language(rel, hugo),
        None => std::borrow::Cow::Borrowed(rel),
    };
    let rel = rel.as_ref();
    let (derived_id, url) = page_id_and_url(rel);
    let id = list.id.clone().unwrap_or(derived_id);
    let markdown = checklist::to_markdown(
        &list,
        &crate::base::url::relative(&url, "secrets/index.html"),
    );
    let opts = MarkdownOptions {
        path: &file.path,
        page_id: &id,
        phase_level: 2,
        line_offset: 0,
        repo_links: None,
        routes: false,
        hugo_pages: None,
        mkdocs_ids: None,
        attr_list: Default::default(),
        marks: Default::default(),
    };
    let mut rendered = Diagnostics::new();
    let mut doc = markdown::render(&markdown, &opts, &mut rendered);
    // Positions in the generated Markdown mean nothing to the author: point at the YAML.
    diags.extend(rendered.into_iter().map(|d| d.at_line(0, 0)));
    point_items_at_yaml(&list, &mut doc);
    let front = FrontMatter {
        title: Some(list.title.clone()),
        id: list.id.clone(),
        environments: list.environments.clone(),
        ..FrontMatter::default()
    };
    keep_mentions(file, &mut doc);
    let page = Page {
        source: file.path.clone(),
        url,
        id,
        title: list.title.clone(),
        kind: PageKind::Checklist,
        front,
        doc,
    };
    Some(Built {
        page,
        secrets: list.secrets,
    })
}

/// Finds the file's secret mentions, then lets go of the code blocks, tables and list
/// items they were found in: nothing else reads them, and they are a tenth of a parsed
/// book's memory.
fn keep_mentions(file: &SourceFile, doc: &mut crate::model::Document) {
    doc.mentions = mentions_of(file, doc);
    if doc.mentions.is_some() {
        doc.code_blocks = std::sync::Arc::from([]);
        doc.tables = std::sync::Arc::from([]);
        doc.list_items = std::sync::Arc::from([]);
    }
}

/// The secret names the file mentions (`parse::mentions`), found once per parsed file
/// so that versions and serve rebuilds sharing the parse do not look again.
fn mentions_of(
    file: &SourceFile,
    doc: &crate::model::Document,
) -> Option<std::sync::Arc<[crate::model::mention::Found]>> {
    let text = std::str::from_utf8(&file.bytes).ok()?;
    Some(crate::parse::mentions::find(text, doc).into())
}

/// Replaces environment aliases by the names they stand for, everywhere in a checklist.
fn canonical_environments(cfg: &Config, list: &mut Checklist) {
    let canon = |envs: &mut Vec<String>| {
        for e in envs.iter_mut() {
            if let Some(name) = cfg.environments.aliases.get(e.as_str()) {
                *e = name.clone();
            }
        }
    };
    canon(&mut list.environments);
    for phase in &mut list.phases {
        for item in &mut phase.items {
            canon(&mut item.environments);
        }
    }
    for secret in &mut list.secrets {
        canon(&mut secret.environments);
    }
}

/// Items of a checklist page get their YAML line and column (the rendered items come in
/// the same order as the checklist's).
fn point_items_at_yaml(list: &Checklist, doc: &mut Document) {
    let yaml_items = list.phases.iter().flat_map(|p| p.items.iter());
    for (item, source) in doc.items.to_mut().iter_mut().zip(yaml_items) {
        item.line = source.line;
        item.col = source.col;
        item.set_secrets(source.secrets.clone());
    }
}

/// Environment names as written → the book's names (aliases resolved); unknown names
/// are diagnostics naming the closest known one, and are dropped.
fn resolve_environments(
    cfg: &Config,
    envs: &[String],
    path: &RelPath,
    (line, col): (u32, u32),
    diags: &mut Diagnostics,
) -> Vec<String> {
    let names = &cfg.environments.names;
    let mut out = Vec::with_capacity(envs.len());
    for env in envs {
        let name = cfg.environments.aliases.get(env).unwrap_or(env);
        if names.contains(name) {
            if !out.contains(name) {
                out.push(name.clone());
            }
            continue;
        }
        let hint = match crate::base::suggest::closest(env, names.iter().map(String::as_str)) {
            Some(c) => format!(
                "did you mean `{c}`? environments are {}",
                crate::base::suggest::listing(names)
            ),
            None => format!(
                "environments are {} ([environments] names in book.toml)",
                crate::base::suggest::listing(names)
            ),
        };
        diags.push(
            Diagnostic::error(
                Code::UnknownEnvironment,
                path.clone(),
                format!("unknown environment `{env}`"),
            )
            .at_line(line, col)
            .with_hint(hint),
        );
    }
    out
}

fn resolve_item_environments(
    cfg: &Config,
    doc: &mut Document,
    path: &RelPath,
    diags: &mut Diagnostics,
) {
    for item in doc.items.to_mut() {
        if !item.environments().is_empty() {
            let envs =
                resolve_environments(cfg, item.environments(), path, (item.line, item.col), diags);
            item.set_environments(envs);
        }
    }
}

/// Reads `state/<environment>.yaml` for every environment; a state file for an
/// environment the book does not have is an error.
fn team_state(cfg: &Config, src: &Sources, diags: &mut Diagnostics) -> BTreeMap<String, EnvState> {
    let mut states = BTreeMap::new();
    let mut file_of: BTreeMap<&str, &RelPath> = BTreeMap::new();
    for file in &src.state {
        let ext = file.path.extension();
        if !matches!(ext.as_deref(), Some("yaml" | "yml")) {
            continue;
        }
        let name = file.path.file_name();
        let env = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        if !cfg.environments.names.iter().any(|n| n == env) {
            diags.push(
                Diagnostic::error(
                    Code::UnknownEnvironment,
                    file.path.clone(),
                    format!("state file for unknown environment `{env}`"),
                )
                .with_hint(format!(
                    "state files are named after an environment: {}",
                    crate::base::suggest::listing(
                        &cfg.environments
                            .names
                            .iter()
                            .map(|n| format!("{n}.yaml"))
                            .collect::<Vec<_>>()
                    )
                )),
            );
            continue;
        }
        if let Some(first) = file_of.insert(env, &file.path) {
            diags.push(
                Diagnostic::error(
                    Code::State,
                    file.path.clone(),
                    format!("a second state file for `{env}`: {first} is the other"),
                )
                .with_hint(format!(
                    "an environment has one state file: move the entries of {} into {first} \
                     and delete it",
                    file.path
                )),
            );
            continue;
        }
        let text = match fsio::decode_text(&file.path, file.bytes.clone()) {
            Ok(t) => t,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        states.insert(env.to_string(), state::parse(&text, &file.path, env, diags));
    }
    states
}

fn report_duplicate_urls(pages: &[Page], diags: &mut Diagnostics) {
    let mut seen: HashMap<&str, &RelPath> = HashMap::new();
    for page in pages {
        if let Some(first) = seen.insert(page.url.as_str(), &page.source) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicatePage,
                    page.source.clone(),
                    format!(
                        "this page and {first} would both be written to {}",
                        page.url
                    ),
                )
                .with_hint("keep one of index.md and README.md in a folder, or rename one file"),
            );
        }
    }
    let mut ids: HashMap<&str, &RelPath> = HashMap::new();
    for page in pages {
        if let Some(first) = ids.insert(page.id.as_str(), &page.source) {
            let d = Diagnostic::error(
                Code::DuplicatePage,
                page.source.clone(),
                format!("runbook id `{}` is also the id of {first}", page.id),
            )
            .with_hint("give one of them another `id:` in its front matter");
            // At its `id:` when the front matter gave it.
            diags.push(match page.front.id_at {
                Some((line, col)) => d.at_line(line, col),
                None => d,
            });
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) use tests::test_book;
