//! A Hugo site read in place: a folder with `hugo.toml`, `hugo.yaml`, `config.toml` or
//! `config.yaml` (or one of them in `config/_default/`) and a `content/` folder is a
//! Hugo site; so is one with a `hugo.*` config whose `contentDir` is there, or with a
//! config that mounts a folder into `content` (`hugo_mounts.rs`). Its pages are `content/`, as for any opsbook book; its `title` is the
//! book's title unless book.toml names one; each of Hugo's other top-level keys is
//! named in a one-line note for `-v`, never an error. Besides the title it keeps the
//! site's `params` (for the `param` shortcode), its menus (`menu`/`menus`, read by
//! `parse/hugo_menu.rs`), its taxonomies (`taxonomies`, `disableKinds`, made into
//! pages by `parse/hugo_taxonomy.rs`), `disablePathToLower`, `uglyURLs` and
//! `permalinks` (how Hugo makes its URLs) and `buildFuture`/`buildExpired`; `load` also takes the
//! clock's time, which decides which dated pages Hugo would build
//! (`parse/hugo_page.rs`). A config file that does not parse is a `config` warning
//! (the title then stays the default). `load` reads; `parse` is pure.

use std::collections::BTreeMap;
use std::path::Path;

use toml::de::DeTable;

use crate::base::diag::{Code, Diagnostic, Diagnostics, LineIndex};
use crate::base::fsio;
use crate::base::path::RelPath;

/// What opsbook keeps of a Hugo site's config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Hugo {
    /// The config file read, relative to the book root (`hugo.toml`).
    pub(crate) file: String,
    /// Its text, for diagnostics about its menus.
    pub(crate) text: String,
    /// Hugo's `title`.
    pub(crate) title: Option<String>,
    /// One line per Hugo key opsbook does not use, `hugo.toml:3:1: …`, for `-v`.
    pub(crate) unused: Vec<String>,
    /// The site's `params` (a JSON object; `Null` when none).
    pub(crate) params: serde_json::Value,
    /// The site's `menu` (or `menus`) table: menu name → its entries, as written.
    pub(crate) menus: serde_json::Value,
    /// Hugo's `buildFuture` and `buildExpired`: pages dated later than now, or
    /// expired, are built too.
    pub(crate) build_future: bool,
    pub(crate) build_expired: bool,
    /// The site's languages (`languages` keys, lowercased) and its default one
    /// (`defaultContentLanguage`, else `en`): opsbook builds the default language.
    pub(crate) languages: Vec<String>,
    pub(crate) default_language: String,
    /// Hugo's `contentDir` (the site's, else its default language's) when it is not
    /// `content`: the pages' folder (`content/en`).
    pub(crate) content_dir: Option<String>,
    /// Now, in seconds since 1970 (UTC), set by `load`; `None` (in tests): no page
    /// is left out for its dates.
    pub(crate) now: Option<i64>,
    /// The site's taxonomies' front-matter keys and folders (Hugo's plural names,
    /// `tags`), sorted: `[taxonomies]`, else Hugo's `categories` and `tags`.
    pub(crate) taxonomies: Vec<String>,
    /// Hugo's `disableKinds`, lowercased: `taxonomy` (no `tags/` page; also its old
    /// name `taxonomyTerm`), `term` (no `tags/<term>/` pages).
    pub(crate) disable_kinds: Vec<String>,
    /// The site's `cascade` (`Null` when none): front matter for every page, below the
    /// home page's own cascade (`parse/hugo_cascade.rs`).
    pub(crate) cascade: serde_json::Value,
    /// Hugo's `disablePathToLower` and `uglyURLs`: how Hugo makes its pages' URLs
    /// (`parse/redirects.rs`'s `add_hugo_urls` writes redirects there).
    pub(crate) disable_path_to_lower: bool,
    pub(crate) ugly_urls: bool,
    /// The site's themes, lowercased: `theme` (a name or a list) and the last part of
    /// each `module.imports` path (`github.com/imfing/hextra` → `hextra`). Where
    /// themes differ on a shortcode (hextra's `details` are open), opsbook follows it.
    pub(crate) themes: Vec<String>,
    /// Hugo's `permalinks` (`Null` when none): a section's pages' URL pattern
    /// (`{blog: "/:section/:year/:month/:day/:slug/"}`; newer Hugo's `{page: {…}}`).
    pub(crate) permalinks: serde_json::Value,
    /// The site's link render hook (`layouts/_default/_markup/render-link.html`, its
    /// own or its theme's) finds a link's page with `GetPage`, as many sites' do: a
    /// relative link names a page from the linking page's folder (`./auth` from
    /// `docs/scaling.md` is `docs/auth.md`), not from its URL. Set by `load`.
    pub(crate) links_by_get_page: bool,
    /// The site's own shortcodes (`layouts/shortcodes/NAME.html`, or Hugo 0.146's
    /// `layouts/_shortcodes/`), by name (`page/header`), lowercased: the file, and
    /// whether its template uses the text between its tags (`.Inner`), that is whether
    /// Hugo needs it closed. A site's own shortcode wins over its theme's. Set by `load`.
    pub(crate) own_shortcodes: BTreeMap<String, OwnShortcode>,
    /// The site's `module.mounts`, as written (`hugo_mounts.rs`).
    pub(crate) mounts: Vec<super::hugo_mounts::Mount>,
    /// Those opsbook reads, checked against the disk by `load`.
    pub(crate) mounted: super::hugo_mounts::Mounts,
}

impl Hugo {
    /// The names of the site's own shortcodes that show a file from `from`
    /// ([`OwnShortcode::reads`]).
    pub(crate) fn includes_from(&self, from: ReadsFrom) -> impl Iterator<Item = &str> {
        (self.own_shortcodes.iter())
            .filter(move |(_, o)| o.reads == Some(from))
            .map(|(name, _)| name.as_str())
    }

    /// Whether one of the site's own shortcodes shows a file (then its pages are read
    /// whole in stage 2, with the files they name).
    pub(crate) fn shows_files(&self) -> bool {
        self.own_shortcodes.values().any(|o| o.reads.is_some())
    }

    /// The site's static folders, the site folder each is published in and the files
    /// of it Hugo reads: its `static` mounts (with their `includeFiles` and
    /// `excludeFiles`), else `static/` (Hugo's default).
    pub(crate) fn static_dirs(&self) -> Vec<super::hugo_mounts::Mounted> {
        match &self.mounted.statics {
            Some(mounts) => mounts.clone(),
            None => vec![super::hugo_mounts::Mounted {
                dir: "static".to_string(),
                ..Default::default()
            }],
        }
    }

    /// The pages' "edit this page" link as an opsbook `edit-url`, from the theme's
    /// params (`{path}` is the file's path from the site folder, as Hugo's
    /// `.File.Filename` below its working folder): hugo-book's `BookRepo` +
    /// `BookEditPath` (older hugo-book joined it with the path below the content
    /// folder, so sites wrote `edit/main/content`: that folder is taken off), or Docsy's
    /// `github_repo` + `github_branch` (default `main`) + `github_subdir`. `None` when
    /// neither is set, when the repository is no web address, or when Docsy's
    /// `path_base_for_github_subdir` rewrites the paths by a pattern.
    pub(crate) fn edit_url(&self) -> Option<String> {
        let found = |name: &str| {
            let params = self.params.as_object()?;
            params
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        };
        let text = |name: &str| {
            found(name)
                .and_then(serde_json::Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let web = |url: &&str| super::validate::is_http_url(url);
        if let (Some(repo), Some(edit)) = (text("BookRepo"), text("BookEditPath")) {
            let repo = Some(repo).filter(web)?.trim_end_matches('/');
            let content = self.content_dir.as_deref().unwrap_or("content");
            let edit = edit.trim_matches('/');
            let edit = edit
                .strip_suffix(content.trim_matches('/'))
                .and_then(|e| e.strip_suffix('/'))
                .unwrap_or(edit);
            return Some(format!("{repo}/{edit}/{{path}}"));
        }
        let repo = text("github_repo").filter(web)?.trim_end_matches('/');
        if found("path_base_for_github_subdir").is_some_and(|v| !v.is_null()) {
            return None;
        }
        let branch = text("github_branch").unwrap_or("main").trim_matches('/');
        let subdir = text("github_subdir").unwrap_or("").trim_matches('/');
        let subdir = if subdir.is_empty() {
            String::new()
        } else {
            format!("{subdir}/")
        };
        Some(format!("{repo}/edit/{branch}/{subdir}{{path}}"))
    }

    /// Whether Hugo makes pages of `kind` (`taxonomy`, `term`): not in `disableKinds`.
    pub(crate) fn makes(&self, kind: &str) -> bool {
        !self.disable_kinds.iter().any(|k| k == kind)
    }
}

/// Hugo's config file names, in the order Hugo looks for them.
pub(super) const NAMES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "config.toml",
    "config.yaml",
    "config.yml",
];

/// The config folder's own files for the `module` key (`config/_default/module.toml`).
pub(super) const MODULE_NAMES: &[&str] = &["module.toml", "module.yaml", "module.yml"];

/// The folders a config file may be in: the site root, or Hugo's config folder.
const DIRS: &[&str] = &["", "config/_default/"];

/// The Hugo config file of the site at `root`, relative to it, when `root` is a Hugo
/// site (a config file and a `content/` folder).
pub(super) fn find(root: &Path) -> Option<String> {
    if !root.join("content").is_dir() {
        return None;
    }
    DIRS.iter()
        .flat_map(|dir| NAMES.iter().map(move |name| format!("{dir}{name}")))
        .find(|rel| root.join(rel).is_file())
}

/// The config of a site without a `content/` folder: a Hugo site when it is a
/// `hugo.*` file whose `contentDir` is there (hugo-book's example site keeps its pages
/// in `content.en`), or when it mounts a folder that exists into `content`.
fn find_without_content(root: &Path) -> Option<String> {
    DIRS.iter()
        .flat_map(|dir| NAMES.iter().map(move |name| format!("{dir}{name}")))
        .find(|rel| root.join(rel).is_file())
}

/// Whether the config file `rel` is named `hugo.*` (`config.*` is any tool's name).
fn is_named_hugo(rel: &str) -> bool {
    rel.rsplit('/')
        .next()
        .is_some_and(|n| n.starts_with("hugo."))
}

/// Reads the Hugo config of the site at `root`; `None` when it is not a Hugo site.
pub(super) fn load(root: &Path, diags: &mut Diagnostics) -> anyhow::Result<Option<Hugo>> {
    let (rel, has_content) = match find(root) {
        Some(rel) => (rel, true),
        None => match find_without_content(root) {
            Some(rel) => (rel, false),
            None => return Ok(None),
        },
    };
    let path = RelPath::new(rel.as_str());
    let text = match fsio::decode_text(&path, fsio::read(&root.join(&rel))?) {
        Ok(text) => text,
        Err(d) if has_content => {
            diags.push(*d);
            return Ok(Some(Hugo {
                file: rel,
                ..Hugo::default()
            }));
        }
        Err(_) => return Ok(None),
    };
    let mut found = Diagnostics::new();
    let mut hugo = parse(&text, &path, &mut found);
    let (mounts_file, mounts_text) = match module_file(root, &hugo, &mut found)? {
        Some((file, text, mounts)) => {
            hugo.mounts = mounts;
            (file, text)
        }
        None => (rel.clone(), text.clone()),
    };
    hugo.mounted = super::hugo_mounts::resolve(
        root,
        &hugo.mounts,
        &hugo.default_language,
        (&mounts_file, &mounts_text),
        &mut found,
    );
    let mounted = hugo.mounted.content.as_ref().is_some_and(|m| !m.is_empty());
    let its_content = mounted
        || is_named_hugo(&rel)
            && hugo
                .content_dir
                .as_deref()
                .is_some_and(|d| root.join(d).is_dir());
    if !has_content && !its_content {
        return Ok(None);
    }
    params_file(root, &mut hugo, &mut found)?;
    diags.extend(found);
    hugo.links_by_get_page = link_hook_gets_pages(root, &hugo.themes);
    hugo.own_shortcodes = own_shortcodes(root);
    hugo.now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok());
    Ok(Some(hugo))
}

/// Hugo's config folder's own file for the `module` key (`config/_default/module.toml`,
/// whose top level is the module's: `[[mounts]]`), read when the main config has no
/// mounts: its name, text and mounts.
fn module_file(
    root: &Path,
    hugo: &Hugo,
    diags: &mut Diagnostics,
) -> anyhow::Result<Option<(String, String, Vec<super::hugo_mounts::Mount>)>> {
    if !hugo.mounts.is_empty() {
        return Ok(None);
    }
    let Some((rel, text, values)) = config_folder_file(root, MODULE_NAMES, diags)? else {
        return Ok(None);
    };
    let mounts = super::hugo_mounts::parse(&serde_json::Value::Object(values), &text);
    Ok(Some((rel, text, mounts)))
}

/// Hugo's config folder's own file for `params` (`config/_default/params.toml`, whose
/// top level is the params), merged under the main config's `params`.
fn params_file(root: &Path, hugo: &mut Hugo, diags: &mut Diagnostics) -> anyhow::Result<()> {
    const NAMES: &[&str] = &["params.toml", "params.yaml", "params.yml"];
    let Some((_, _, values)) = config_folder_file(root, NAMES, diags)? else {
        return Ok(());
    };
    if !hugo.params.is_object() {
        hugo.params = serde_json::Value::Object(serde_json::Map::new());
    }
    if let Some(params) = hugo.params.as_object_mut() {
        for (key, value) in values {
            if !params.keys().any(|k| k.eq_ignore_ascii_case(&key)) {
                params.insert(key, value);
            }
        }
    }
    Ok(())
}

/// A config file's path, text and top-level values.
type ConfigFile = (String, String, serde_json::Map<String, serde_json::Value>);

/// The first of `names` in Hugo's config folder (`config/_default/`): its path, text
/// and top-level values; `None` when there is none or it is not UTF-8 (a diagnostic).
fn config_folder_file(
    root: &Path,
    names: &[&str],
    diags: &mut Diagnostics,
) -> anyhow::Result<Option<ConfigFile>> {
    let Some(rel) = names
        .iter()
        .map(|n| format!("config/_default/{n}"))
        .find(|rel| root.join(rel).is_file())
    else {
        return Ok(None);
    };
    let path = RelPath::new(rel.as_str());
    let text = match fsio::decode_text(&path, fsio::read(&root.join(&rel))?) {
        Ok(text) => text,
        Err(d) => {
            diags.push(*d);
            return Ok(None);
        }
    };
    let (_, values) = if rel.ends_with(".toml") {
        toml_keys(&text, &path, diags)
    } else {
        yaml_keys(&text, &path, diags)
    };
    Ok(Some((rel, text, values)))
}

/// Whether the site's link render hook, or its first theme's that has one, calls
/// `GetPage` (see [`Hugo::links_by_get_page`]).
fn link_hook_gets_pages(root: &Path, themes: &[String]) -> bool {
    let hooks = [
        "layouts/_default/_markup/render-link.html",
        "layouts/_markup/render-link.html",
    ];
    let dirs = std::iter::once(String::new()).chain(themes.iter().map(|t| format!("themes/{t}/")));
    dirs.flat_map(|dir| hooks.iter().map(move |h| root.join(format!("{dir}{h}"))))
        .find_map(|hook| std::fs::read_to_string(hook).ok())
        .is_some_and(|text| text.contains("GetPage"))
}

/// One of the site's own shortcodes (see [`Hugo::own_shortcodes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OwnShortcode {
    /// Its template, relative to the site (`layouts/shortcodes/cards.html`).
    pub(crate) file: String,
    /// Whether the template uses `.Inner` (or `.InnerDeindent`).
    pub(crate) inner: bool,
    /// Where the template reads the file that its first argument (or `file=`) names
    /// and shows highlighted in the language of its second (or `lang=`, `language=`),
    /// if it shows one. opsbook shows that file as a code block.
    pub(crate) reads: Option<ReadsFrom>,
}

/// Where a site's own shortcode reads the file it shows ([`OwnShortcode::reads`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadsFrom {
    /// The site's `static/` folder: the template reads a file (`readFile`) below
    /// `"static/"` (kueue's and other Kubernetes SIG sites' `include`).
    Static,
    /// The page's own folder: the template reads a file joined to the page's path
    /// (`readFile (path.Join .Page.Path $file)`, or `.File.Dir`: kwok's
    /// `code-sample`, the YAML beside an example's `_index.md`).
    PageFolder,
}

impl ReadsFrom {
    /// What a shortcode template `text` reads, by the calls it makes.
    fn of(text: &str) -> Option<ReadsFrom> {
        if !(text.contains("readFile") || text.contains("ReadFile")) {
            None
        } else if text.contains("\"static/\"") {
            Some(ReadsFrom::Static)
        } else if text.contains(".File.Dir")
            || (text.contains("path.Join") && text.contains(".Path"))
        {
            Some(ReadsFrom::PageFolder)
        } else {
            None
        }
    }
}

/// The site's own shortcode templates under `root` (see [`Hugo::own_shortcodes`]).
fn own_shortcodes(root: &Path) -> BTreeMap<String, OwnShortcode> {
    let mut own = BTreeMap::new();
    for folder in ["layouts/shortcodes", "layouts/_shortcodes"] {
        let top = root.join(folder);
        for entry in walkdir::WalkDir::new(&top)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let Ok(rel) = entry.path().strip_prefix(&top) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            // `name.html`, and Hugo's output-format forms (`name.en.html`, `name.json`).
            let Some(name) = rel
                .strip_suffix(".html")
                .map(|n| n.split('.').next().unwrap_or(n))
            else {
                continue;
            };
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            own.entry(name.to_ascii_lowercase())
                .or_insert(OwnShortcode {
                    file: format!("{folder}/{rel}"),
                    inner: text.contains(".Inner"),
                    reads: ReadsFrom::of(&text),
                });
        }
    }
    own
}

/// Pure: the config file's text → what opsbook keeps of it.
pub(crate) fn parse(text: &str, path: &RelPath, diags: &mut Diagnostics) -> Hugo {
    let mut hugo = Hugo {
        file: path.to_string(),
        text: text.to_string(),
        ..Hugo::default()
    };
    let (keys, values) = if path.as_str().ends_with(".toml") {
        toml_keys(text, path, diags)
    } else {
        yaml_keys(text, path, diags)
    };
    hugo.default_language = "en".to_string();
    hugo.taxonomies = vec!["categories".to_string(), "tags".to_string()];
    let mut languages = serde_json::Value::Null;
    let index = LineIndex::new(text);
    for (key, at) in keys {
        let value = values.get(&key).cloned().unwrap_or_default();
        match key.to_ascii_lowercase().as_str() {
            "title" => {
                hugo.title = value
                    .as_str()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
                continue;
            }
            "params" => hugo.params = value,
            "menu" | "menus" => match (&mut hugo.menus, value) {
                (serde_json::Value::Object(had), serde_json::Value::Object(more)) => {
                    had.extend(more);
                }
                (menus, value) => *menus = value,
            },
            "buildfuture" => hugo.build_future = value.as_bool() == Some(true),
            "buildexpired" => hugo.build_expired = value.as_bool() == Some(true),
            "languages" => {
                let names = value.as_object().into_iter().flat_map(|m| m.keys());
                hugo.languages = names.map(|k| k.to_lowercase()).collect();
                languages = value;
            }
            "taxonomies" => {
                let plurals = value.as_object().into_iter().flat_map(|m| m.values());
                hugo.taxonomies = plurals
                    .filter_map(serde_json::Value::as_str)
                    .map(|p| p.trim_matches('/').to_string())
                    .filter(|p| !p.is_empty() && !p.contains(['/', '.']))
                    .collect();
                hugo.taxonomies.sort();
                hugo.taxonomies.dedup();
            }
            "disablekinds" => {
                let kinds = value.as_array().into_iter().flatten();
                let kinds = kinds.filter_map(serde_json::Value::as_str);
                // `taxonomyTerm` is Hugo's name (before 0.73) for the lists of terms.
                let kinds = kinds.map(|k| match k.to_lowercase().as_str() {
                    "taxonomyterm" => "taxonomy".to_string(),
                    other => other.to_string(),
                });
                hugo.disable_kinds = kinds.collect();
            }
            "cascade" => hugo.cascade = value,
            "disablepathtolower" => hugo.disable_path_to_lower = value.as_bool() == Some(true),
            "uglyurls" => hugo.ugly_urls = value.as_bool() == Some(true),
            "permalinks" => hugo.permalinks = value,
            "contentdir" => hugo.content_dir = value.as_str().map(str::to_string),
            "defaultcontentlanguage" => {
                hugo.default_language = value.as_str().unwrap_or("en").to_lowercase();
            }
            other => {
                hugo.themes.extend(theme_names(other, &value));
                if other == "module" {
                    hugo.mounts = super::hugo_mounts::parse(&value, text);
                    if !hugo.mounts.is_empty() {
                        continue;
                    }
                }
                let (line, col) = index.line_col(text, at);
                hugo.unused.push(format!(
                    "{path}:{line}:{col}: `{key}` is Hugo's; opsbook does not use it"
                ));
            }
        }
    }
    let default = languages.as_object().and_then(|m| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&hugo.default_language))
            .map(|(_, l)| l)
    });
    if hugo.content_dir.is_none() {
        hugo.content_dir = default
            .and_then(|l| l.get("contentDir"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_string);
    }
    // The default language's own `title` and `params` win over the site's, as Hugo
    // shows them on that language's pages (etcd's site has its title only there).
    if let Some(title) = default
        .and_then(|l| l.get("title"))
        .and_then(serde_json::Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        hugo.title = Some(title.to_string());
    }
    if let Some(serde_json::Value::Object(own)) = default.and_then(|l| l.get("params")) {
        match &mut hugo.params {
            serde_json::Value::Object(site) => {
                site.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            params => *params = serde_json::Value::Object(own.clone()),
        }
    }
    hugo.content_dir = hugo
        .content_dir
        .take()
        .map(|d| d.trim_matches('/').to_string())
        .filter(|d| !d.is_empty() && d != "content" && !d.contains(".."));
    hugo
}

/// The themes a `theme` or `module` key names (see `Hugo::themes`).
fn theme_names(key: &str, value: &serde_json::Value) -> Vec<String> {
    let names: Vec<&str> = match key {
        "theme" => match value {
            serde_json::Value::Array(items) => {
                items.iter().filter_map(serde_json::Value::as_str).collect()
            }
            one => one.as_str().into_iter().collect(),
        },
        "module" => value
            .get("imports")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|i| i.get("path").and_then(serde_json::Value::as_str))
            .collect(),
        _ => Vec::new(),
    };
    names
        .into_iter()
        .filter_map(|n| n.trim_end_matches('/').rsplit('/').next())
        .map(str::to_lowercase)
        .collect()
}

/// The top-level keys with their byte offsets, in file order, and the values.
type Keys = (
    Vec<(String, usize)>,
    serde_json::Map<String, serde_json::Value>,
);

fn toml_keys(text: &str, path: &RelPath, diags: &mut Diagnostics) -> Keys {
    let parsed = DeTable::parse(text).map_err(|e| (e.span(), e.message().to_string()));
    let parsed = parsed.and_then(|root| {
        let values =
            toml::from_str::<toml::Table>(text).map_err(|e| (e.span(), e.message().to_string()))?;
        Ok((root, values))
    });
    let (root, values) = match parsed {
        Ok(found) => found,
        Err((span, message)) => {
            let at = span.map_or(0, |s| s.start);
            diags.push(unreadable(text, path, at, &message));
            return Keys::default();
        }
    };
    let mut keys: Vec<(String, usize)> = root
        .get_ref()
        .iter()
        .map(|(k, _)| (k.get_ref().to_string(), k.span().start))
        .collect();
    keys.sort_by_key(|k| k.1);
    let values = values
        .iter()
        .map(|(k, v)| (k.clone(), toml_to_json(v)))
        .collect();
    (keys, values)
}

fn yaml_keys(text: &str, path: &RelPath, diags: &mut Diagnostics) -> Keys {
    let map: Option<serde_json::Map<String, serde_json::Value>> = match serde_saphyr::from_str(text)
    {
        Ok(map) => map,
        Err(e) => {
            let first = e.to_string();
            let first = first.lines().next().unwrap_or("").to_string();
            diags.push(unreadable(text, path, 0, &first));
            return Keys::default();
        }
    };
    let map = map.unwrap_or_default();
    // Top-level keys start a line at column 1: their place, in file order.
    let mut keys = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let name = line
            .split_once(':')
            .map(|(k, _)| k.trim_matches(['"', '\'']))
            .filter(|k| !line.starts_with([' ', '\t', '#', '-']) && map.contains_key(*k));
        if let Some(name) = name {
            keys.push((name.to_string(), offset));
        }
        offset += line.len();
    }
    (keys, map)
}

/// A TOML value as JSON; dates as their text. Hugo's config and its TOML front matter
/// are read through it.
pub(crate) fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(n) => Value::from(*n),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

fn unreadable(text: &str, path: &RelPath, at: usize, message: &str) -> Diagnostic {
    let (line, col) = LineIndex::new(text).line_col(text, at);
    Diagnostic::warning(
        Code::Config,
        path.clone(),
        format!("Hugo's config does not parse: {}", message.trim_end()),
    )
    .at(text, line, col)
    .with_hint("opsbook reads only its `title`; the book's title stays the folder's name")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(name: &str, text: &str) -> (Hugo, Vec<String>) {
        let mut diags = Diagnostics::new();
        let hugo = parse(text, &RelPath::new(name), &mut diags);
        let found = diags.placed();
        (hugo, found)
    }

    #[test]
    fn toml_title_is_read_and_other_keys_are_notes() {
        let (hugo, diags) = run(
            "hugo.toml",
            "baseURL = 'https://x.io/'\ntitle = 'Ops runbooks'\n\n[params]\nBookTheme = 'auto'\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(hugo.title.as_deref(), Some("Ops runbooks"));
        assert_eq!(
            hugo.unused,
            ["hugo.toml:1:1: `baseURL` is Hugo's; opsbook does not use it",]
        );
        assert_eq!(hugo.params["BookTheme"], "auto");
    }

    #[test]
    fn edit_links_come_from_hugo_book_or_docsy_params() {
        let edit = |text: &str| run("hugo.yaml", text).0.edit_url();
        let book = "params:\n  BookRepo: https://github.com/o/r/\n  BookEditPath: ";
        assert_eq!(
            edit(&format!("{book}edit/main\n")).as_deref(),
            Some("https://github.com/o/r/edit/main/{path}")
        );
        // Older hugo-book: the path below `content/`, so sites named the folder.
        assert_eq!(
            edit(&format!("{book}/edit/main/site/content/\n")).as_deref(),
            Some("https://github.com/o/r/edit/main/site/{path}")
        );
        assert_eq!(edit("params:\n  BookEditPath: edit/main\n"), None);
        let docsy = "params:\n  github_repo: https://github.com/o/r\n";
        assert_eq!(
            edit(docsy).as_deref(),
            Some("https://github.com/o/r/edit/main/{path}")
        );
        assert_eq!(
            edit(&format!(
                "{docsy}  github_branch: dev\n  github_subdir: /website/\n"
            ))
            .as_deref(),
            Some("https://github.com/o/r/edit/dev/website/{path}")
        );
        let rewritten = format!("{docsy}  path_base_for_github_subdir:\n    from: a\n    to: b\n");
        assert_eq!(edit(&rewritten), None, "a pattern opsbook does not apply");
        assert_eq!(edit("params:\n  github_repo: o/r\n"), None);
        assert_eq!(edit("title: x\n"), None);
    }

    #[test]
    fn params_toml_in_the_config_folder_adds_params() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "config/_default/hugo.toml",
            "title = 'x'\n[params]\ngithub_branch = 'dev'\n",
        );
        write(
            "config/_default/params.toml",
            "github_repo = 'https://github.com/o/r'\ngithub_branch = 'other'\n",
        );
        write("content/_index.md", "# Home\n");
        let mut diags = Diagnostics::new();
        let hugo = load(dir.path(), &mut diags).unwrap().expect("a Hugo site");
        assert!(diags.is_empty(), "{:?}", diags.placed());
        assert_eq!(
            hugo.edit_url().as_deref(),
            Some("https://github.com/o/r/edit/dev/{path}"),
            "the main config's params win"
        );
    }

    #[test]
    fn the_default_languages_title_and_params_win_over_the_sites() {
        let yaml = "title: Site\nparams:\n  a: site\n  b: site\ndefaultContentLanguage: en\nlanguages:\n  en:\n    title: etcd\n    params:\n      b: en\n  fr:\n    title: etcd-fr\n";
        let hugo = parse(yaml, &RelPath::new("config.yaml"), &mut Diagnostics::new());
        assert_eq!(hugo.title.as_deref(), Some("etcd"));
        assert_eq!(hugo.params["a"], "site");
        assert_eq!(hugo.params["b"], "en");
        let only = "languages:\n  en:\n    title: etcd\n";
        let hugo = parse(only, &RelPath::new("config.yaml"), &mut Diagnostics::new());
        assert_eq!(hugo.title.as_deref(), Some("etcd"));
    }

    #[test]
    fn own_shortcodes_are_found_in_both_layout_folders_with_their_inner_use() {
        let dir = tempfile::tempdir().unwrap();
        let put = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        put(
            "layouts/shortcodes/cards.html",
            "{{ index .Page.Params (.Get 0) }}",
        );
        put(
            "layouts/shortcodes/page/Header.html",
            "<h1>{{ .Page.Title }}</h1>",
        );
        put(
            "layouts/_shortcodes/note.html",
            "<aside>{{ .Inner | markdownify }}</aside>",
        );
        put("layouts/shortcodes/readme.txt", "not a template");
        let own = own_shortcodes(dir.path());
        let got: Vec<(&str, &str, bool)> = own
            .iter()
            .map(|(name, o)| (name.as_str(), o.file.as_str(), o.inner))
            .collect();
        assert_eq!(
            got,
            [
                ("cards", "layouts/shortcodes/cards.html", false),
                ("note", "layouts/_shortcodes/note.html", true),
                ("page/header", "layouts/shortcodes/page/Header.html", false),
            ]
        );
        assert!(own.values().all(|o| o.reads.is_none()));
        put(
            "layouts/shortcodes/include.html",
            "{{ $.Scratch.Add \"filepath\" \"static/\" }}{{ highlight ($.Scratch.Get \"filepath\" | readFile) \"yaml\" \"\" }}",
        );
        assert_eq!(
            own_shortcodes(dir.path())["include"].reads,
            Some(ReadsFrom::Static)
        );
        put(
            "layouts/shortcodes/code-sample.html",
            "{{ $f := path.Join .Page.Path (.Get \"file\") }}{{ highlight (readFile $f) \"yaml\" \"\" }}",
        );
        assert_eq!(
            own_shortcodes(dir.path())["code-sample"].reads,
            Some(ReadsFrom::PageFolder)
        );
    }

    #[test]
    fn themes_from_theme_and_module_imports() {
        let (hugo, _) = run(
            "hugo.yaml",
            "theme: [hugo-book, Extra]\nmodule:\n  imports:\n    - path: github.com/imfing/hextra\n",
        );
        assert_eq!(hugo.themes, ["hugo-book", "extra", "hextra"]);
        assert_eq!(
            hugo.unused.len(),
            2,
            "still named for -v: {:?}",
            hugo.unused
        );
    }

    #[test]
    fn url_keys_are_read_in_any_case() {
        let (hugo, _) = run("hugo.toml", "title = 'x'\n");
        assert!(!hugo.disable_path_to_lower && !hugo.ugly_urls);
        let (hugo, diags) = run("hugo.yaml", "disablePathToLower: true\nuglyurls: true\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert!(hugo.disable_path_to_lower && hugo.ugly_urls);
        assert!(hugo.unused.is_empty(), "{:?}", hugo.unused);
    }

    #[test]
    fn yaml_title_is_read_and_other_keys_are_notes() {
        let (hugo, diags) = run(
            "config.yaml",
            "baseURL: https://x.io/\ntitle: \"Ops\"\nparams:\n  title: nested\nmenu:\n  - a\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(hugo.title.as_deref(), Some("Ops"));
        assert_eq!(
            hugo.unused,
            ["config.yaml:1:1: `baseURL` is Hugo's; opsbook does not use it"]
        );
        assert_eq!(hugo.params["title"], "nested");
        assert_eq!(hugo.menus[0], "a");
    }

    #[test]
    fn languages_content_dir_build_keys_and_both_menu_tables() {
        let (hugo, diags) = run(
            "hugo.yaml",
            "defaultContentLanguage: de\nbuildFuture: true\nlanguages:\n  de:\n    contentDir: content/de\n  en: {}\nmenu:\n  main: [{name: A}]\nmenus:\n  after: [{name: B}]\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert!(hugo.unused.is_empty(), "{:?}", hugo.unused);
        assert_eq!(hugo.languages, ["de", "en"]);
        assert_eq!(hugo.default_language, "de");
        assert_eq!(hugo.content_dir.as_deref(), Some("content/de"));
        assert!(hugo.build_future && !hugo.build_expired);
        assert_eq!(hugo.menus["main"][0]["name"], "A");
        assert_eq!(hugo.menus["after"][0]["name"], "B");
        let (hugo, _) = run("hugo.toml", "contentDir = 'content'\n");
        assert_eq!(hugo.content_dir, None, "the default folder");
        assert_eq!(hugo.default_language, "en");
    }

    #[test]
    fn taxonomies_are_hugos_two_unless_the_config_names_them() {
        let (hugo, _) = run("hugo.toml", "title = 'x'\n");
        assert_eq!(hugo.taxonomies, ["categories", "tags"]);
        assert!(hugo.makes("term") && hugo.makes("taxonomy"));
        let (hugo, diags) = run(
            "hugo.toml",
            "disableKinds = ['Taxonomy']\n[taxonomies]\nteam = 'teams'\ntag = 'tags'\nbad = '../x'\n",
        );
        assert!(diags.is_empty() && hugo.unused.is_empty(), "{diags:?}");
        assert_eq!(hugo.taxonomies, ["tags", "teams"]);
        assert!(hugo.makes("term") && !hugo.makes("taxonomy"));
        let (hugo, _) = run("hugo.toml", "disableKinds = ['taxonomyTerm']\n");
        assert!(
            !hugo.makes("taxonomy") && hugo.makes("term"),
            "Hugo's old name"
        );
        let (hugo, _) = run("hugo.yaml", "taxonomies: {}\n");
        assert!(hugo.taxonomies.is_empty(), "an empty table: none");
    }

    #[test]
    fn a_config_that_does_not_parse_is_a_warning() {
        let (hugo, diags) = run("hugo.toml", "title = 'x\n");
        assert_eq!(hugo.title, None);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].starts_with("hugo.toml:1:"), "{diags:?}");
        let (_, diags) = run("hugo.yaml", "title: [x\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
    }

    #[test]
    fn a_hugo_config_with_its_content_dir_is_a_site_without_content() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| std::fs::write(dir.path().join(rel), text).unwrap();
        write("hugo.toml", "[languages.en]\ncontentDir = 'content.en'\n");
        let load = || load(dir.path(), &mut Diagnostics::new()).unwrap();
        assert!(load().is_none(), "no content.en/ yet");
        std::fs::create_dir(dir.path().join("content.en")).unwrap();
        assert_eq!(
            load().and_then(|h| h.content_dir).as_deref(),
            Some("content.en")
        );
        std::fs::remove_file(dir.path().join("hugo.toml")).unwrap();
        write("config.toml", "contentDir = 'content.en'\n");
        assert!(load().is_none(), "config.toml alone is any tool's name");
    }

    #[test]
    fn a_config_that_mounts_content_is_a_site_without_content() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| std::fs::write(dir.path().join(rel), text).unwrap();
        write(
            "config.toml",
            "[[module.mounts]]\nsource = 'docs'\ntarget = 'content'\n",
        );
        let load = || load(dir.path(), &mut Diagnostics::new()).unwrap();
        assert!(load().is_none(), "no docs/ yet");
        std::fs::create_dir(dir.path().join("docs")).unwrap();
        let hugo = load().expect("a Hugo site");
        assert_eq!(hugo.mounted.content.unwrap()[0].dir, "docs");
    }

    #[test]
    fn mounts_are_read_from_the_config_folders_module_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("config/_default")).unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::create_dir_all(dir.path().join("docs")).unwrap();
        let write = |rel: &str, text: &str| std::fs::write(dir.path().join(rel), text).unwrap();
        write("config/_default/hugo.toml", "title = 'x'\n");
        write(
            "config/_default/module.toml",
            "# mounts\n[[mounts]]\nsource = 'docs'\ntarget = 'content'\n[[mounts]]\nsource = 'gone'\ntarget = 'static'\n",
        );
        let mut diags = Diagnostics::new();
        let hugo = load(dir.path(), &mut diags).unwrap().expect("a Hugo site");
        assert_eq!(hugo.mounted.content.unwrap()[0].dir, "docs");
        assert_eq!(
            diags.iter().map(|d| d.location()).collect::<Vec<_>>(),
            ["config/_default/module.toml:6:1"]
        );
    }

    #[test]
    fn a_site_needs_a_config_and_content() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "title = 'T'\n").unwrap();
        assert_eq!(find(dir.path()), None, "no content/");
        std::fs::create_dir(dir.path().join("content")).unwrap();
        assert_eq!(find(dir.path()).as_deref(), Some("config.toml"));
        std::fs::create_dir_all(dir.path().join("config/_default")).unwrap();
        std::fs::write(dir.path().join("config/_default/hugo.toml"), "").unwrap();
        assert_eq!(find(dir.path()).as_deref(), Some("config.toml"));
        std::fs::remove_file(dir.path().join("config.toml")).unwrap();
        assert_eq!(
            find(dir.path()).as_deref(),
            Some("config/_default/hugo.toml")
        );
    }
}
