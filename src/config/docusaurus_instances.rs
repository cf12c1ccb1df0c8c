//! A Docusaurus site's other docs plugin instances: each `['@docusaurus/plugin-content-docs',
//! {id: 'community', path, routeBasePath, sidebarPath}]` of the config's `plugins`
//! beside the default one (`docusaurus.rs` reads that). Of each: its `id`, its pages'
//! folder (`path`, default `docs`), its `routeBasePath` (default `docs`), its sidebars
//! file (`sidebarPath`, a text or `require.resolve('…')`; none: the folders make the
//! sidebar) and the title of its part of the sidebar: the `label` of the navbar item
//! that names it (`docsPluginId: 'community'`), else its id as words (`useCases` →
//! "Use cases"). Its versions (`<id>_versions.json`, `<id>_versioned_docs/`,
//! `<id>_versioned_sidebars/`): with `includeCurrentVersion: false` the newest is its
//! pages' folder; each older one is one more instance (`older_versions`), at its
//! Docusaurus URL (`/community/1.0`). An instance whose options are JavaScript opsbook does not run (a
//! variable, a call, a computed `path`), or whose folder is missing, is a `config`
//! warning at its place, and its pages are not built. The translations in `i18n/`
//! of any instance are a `-v` note (`translations`). Pure but for reading the files
//! it names.

use std::path::Path;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::config::docusaurus::{DOCS, SidebarsFile, parse_sidebars, read, read_json_sidebars};
use crate::config::js_literal::{self, Js, Node};

/// One docs plugin instance besides the default one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DocsInstance {
    /// Its `id` (`community`).
    pub(crate) id: String,
    /// Its pages' folder (`path`), relative to the site: the folder its pages are
    /// built in, as they are on the site.
    pub(crate) docs_dir: String,
    /// Its `routeBasePath`, without slashes (`community`; `""` for `/`).
    pub(crate) route_base: String,
    /// The title of its part of the sidebar.
    pub(crate) label: String,
    /// Its sidebars file as read; `None`: the folders make its sidebar.
    pub(crate) sidebars: Option<SidebarsFile>,
    /// Its `<id>_versions.json` names (newest first): the older ones are built as
    /// instances of their own (`older_versions`); a link to another (`/community/next/x`)
    /// is left unchecked.
    pub(crate) version_urls: Vec<String>,
    /// For an instance at `routeBasePath: '/'`, the routes of the site it does not
    /// own ([`foreign_routes`]): a root-relative link to one of them, or below one,
    /// is not its page. `""` is every route (a blog at `/`): none is checked.
    pub(crate) foreign_routes: Vec<String>,
}

/// The instances of the config `text` (the file `name`) other than the default one,
/// in file order.
pub(crate) fn read_all(
    root: &Path,
    text: &str,
    name: &str,
    diags: &mut Diagnostics,
    unused: &mut Vec<String>,
) -> anyhow::Result<Vec<DocsInstance>> {
    let path = RelPath::new(name);
    let mut out: Vec<DocsInstance> = Vec::new();
    for entry in js_literal::plugin_entries(text, "plugin-content-docs") {
        let warn = |line: u32, col: u32, message: String, hint: &str| {
            js_literal::warning(&path, text, (line, col), message, hint)
        };
        let options = match entry {
            Ok(options) => options,
            Err((line, col)) => {
                diags.push(warn(
                    line,
                    col,
                    "the options of this docs plugin are JavaScript that opsbook does not run; \
                     its pages are not built"
                        .into(),
                    "write them as an object literal: `{id: 'community', path: 'community', \
                     routeBasePath: 'community'}`",
                ));
                continue;
            }
        };
        let id = match options.get("id").map(|n| (n, n.as_str())) {
            None | Some((_, Some("default"))) => continue,
            Some((_, Some(id))) => id.to_string(),
            Some((node, None)) => {
                diags.push(warn(
                    node.line,
                    node.col,
                    "this docs plugin's `id` is not a plain text; its pages are not built".into(),
                    "write the id as a text: `id: 'community'`",
                ));
                continue;
            }
        };
        let mut folder = |key: &str| -> Result<String, ()> {
            match options.get(key) {
                None => Ok(DOCS.to_string()),
                Some(node) => match node.as_str().map(plain_folder) {
                    Some(Some(value)) => Ok(value),
                    Some(None) if key == "routeBasePath" => Ok(String::new()),
                    _ => {
                        diags.push(warn(
                            node.line,
                            node.col,
                            format!(
                                "the `{key}` of the docs plugin `{id}` is not a folder of the \
                                 site as a plain text; its pages are not built"
                            ),
                            "write it as a text: `'community'`",
                        ));
                        Err(())
                    }
                },
            }
        };
        let (Ok(mut docs_dir), Ok(route_base)) = (folder("path"), folder("routeBasePath")) else {
            continue;
        };
        if out.iter().any(|i| i.id == id) {
            diags.push(warn(
                options.line,
                options.col,
                format!("a second docs plugin has the id `{id}`; it is not built"),
                "Docusaurus needs a different `id` for each docs plugin",
            ));
            continue;
        }
        let version_urls = versions_of(root, &id, diags)?;
        let current = !matches!(
            options.get("includeCurrentVersion").map(|n| &n.value),
            Some(Js::Bool(false))
        );
        let mut sidebars = None;
        if !current && let Some(newest) = version_urls.first() {
            docs_dir = format!("{id}_versioned_docs/version-{newest}");
            let file = format!("{id}_versioned_sidebars/version-{newest}-sidebars.json");
            if root.join(&file).is_file() {
                let text = read(root, &file)?;
                sidebars = read_json_sidebars(&RelPath::new(file), &text, diags);
            }
        } else if let Some(file) = sidebar_path(&options, &id, name, unused) {
            if root.join(&file).is_file() {
                let text = read(root, &file)?;
                sidebars = parse_sidebars(&RelPath::new(file), &text, diags);
            } else {
                let node = options.get("sidebarPath").unwrap_or(&options);
                diags.push(warn(
                    node.line,
                    node.col,
                    format!("the sidebars file `{file}` of the docs plugin `{id}` is not there"),
                    "its sidebar is made from its folders",
                ));
            }
        }
        if !root.join(&docs_dir).is_dir() {
            diags.push(warn(
                options.line,
                options.col,
                format!("the docs plugin `{id}` has no `{docs_dir}/` folder; it is not built"),
                "make the folder, or take the plugin out of the config",
            ));
            continue;
        }
        let instance = DocsInstance {
            label: navbar_label(text, &id).unwrap_or_else(|| words(&id)),
            id,
            docs_dir,
            route_base,
            sidebars,
            version_urls,
            foreign_routes: Vec::new(),
        };
        let older = older_versions(root, &instance, usize::from(!current), diags, unused)?;
        out.push(instance);
        out.extend(older);
    }
    Ok(out)
}

/// The older versions of `instance` (its `version_urls` from `skip` on: the newest
/// is its pages when it has no current docs), each one more instance, as Docusaurus
/// routes it: `sdk_versioned_docs/version-1.0/` at `/sdk/1.0`, with its
/// `sdk_versioned_sidebars/version-1.0-sidebars.json` (else its folders make its
/// sidebar), titled "SDK 1.0". One whose folder is missing is a `-v` note.
fn older_versions(
    root: &Path,
    instance: &DocsInstance,
    skip: usize,
    diags: &mut Diagnostics,
    unused: &mut Vec<String>,
) -> anyhow::Result<Vec<DocsInstance>> {
    let id = &instance.id;
    let mut out = Vec::new();
    for name in instance.version_urls.iter().skip(skip) {
        let docs_dir = format!("{id}_versioned_docs/version-{name}");
        if !root.join(&docs_dir).is_dir() {
            unused.push(format!(
                "{id}_versions.json: the version {name} of the docs plugin `{id}` has no \
                 `{docs_dir}/` folder; it is not built"
            ));
            continue;
        }
        let file = format!("{id}_versioned_sidebars/version-{name}-sidebars.json");
        let sidebars = if root.join(&file).is_file() {
            let text = read(root, &file)?;
            read_json_sidebars(&RelPath::new(file), &text, diags)
        } else {
            None
        };
        let route_base = match instance.route_base.as_str() {
            "" => name.clone(),
            base => format!("{base}/{name}"),
        };
        out.push(DocsInstance {
            id: format!("{id}@{name}"),
            docs_dir,
            route_base,
            label: format!("{} {name}", instance.label),
            sidebars,
            version_urls: Vec::new(),
            foreign_routes: Vec::new(),
        });
    }
    Ok(out)
}

/// The routes of the site at `root` (config `text`) that docs at `routeBasePath: '/'`
/// do not own, as Docusaurus routes them before those docs: the blog's (`blog`,
/// unless `blog: false`, and each blog plugin's), `search` (the search page of a
/// search plugin), each name in `src/pages/` (`about` for `about.tsx` or `about/`),
/// and each `from` of plugin-client-redirects (`redirects`, as the config's reader
/// read them, from the config or a file it imports).
/// The docs' `routeBasePath` is its caller's to add; the other instances own theirs
/// (links try them first). What the config names in JavaScript opsbook does not run
/// (`createRedirects`) is not known.
pub(super) fn foreign_routes(
    root: &Path,
    text: &str,
    redirects: Option<&super::docusaurus_redirects::ClientRedirects>,
) -> Vec<String> {
    let mut out = vec!["search".to_string()];
    if !js_literal::is_false_at_key(text, "blog") {
        let preset = js_literal::object_at_key(text, "blog", &["routeBasePath"]);
        out.push(route_base_of(preset.as_ref()));
    }
    for entry in js_literal::plugin_entries(text, "plugin-content-blog") {
        out.push(route_base_of(entry.as_ref().ok()));
    }
    if let Ok(entries) = std::fs::read_dir(root.join("src/pages")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            out.push(name.split('.').next().unwrap_or(&name).to_string());
        }
    }
    for rule in redirects.iter().flat_map(|p| &p.rules) {
        out.push(rule.from.trim().trim_matches('/').to_string());
    }
    out.sort();
    out.dedup();
    out
}

/// A blog's `routeBasePath`, without slashes (`blog` when it has none, or one that is
/// not a plain text).
fn route_base_of(options: Option<&Node>) -> String {
    options
        .and_then(|o| o.get("routeBasePath"))
        .and_then(Node::as_str)
        .map_or("blog", |s| s.trim().trim_matches('/'))
        .to_string()
}

/// A folder written as a text (`'./community/'` → `community`); `None` for one that
/// is empty or climbs out of the site.
fn plain_folder(s: &str) -> Option<String> {
    let s = s.trim().trim_matches('/');
    let s = s.strip_prefix("./").unwrap_or(s).trim_end_matches('/');
    (!s.is_empty() && !s.split('/').any(|p| p == ".." || p.is_empty())).then(|| s.to_string())
}

/// The instance's sidebars file (`sidebarPath`), relative to the site; `None` when it
/// has none (the folders make its sidebar, as Docusaurus makes an autogenerated one)
/// or it cannot be read (a `-v` note).
fn sidebar_path(options: &Node, id: &str, name: &str, unused: &mut Vec<String>) -> Option<String> {
    let node = options.get("sidebarPath")?;
    match &node.value {
        Js::Str(s) => plain_folder(s),
        Js::Bool(false) => None,
        _ => {
            unused.push(format!(
                "{name}:{}:{}: the `sidebarPath` of the docs plugin `{id}` is not a plain \
                 text; its sidebar is made from its folders",
                node.line, node.col
            ));
            None
        }
    }
}

/// The names of `<id>_versions.json`, newest first (none when there is no such file
/// or it is not a list of texts: a warning).
fn versions_of(root: &Path, id: &str, diags: &mut Diagnostics) -> anyhow::Result<Vec<String>> {
    let name = format!("{id}_versions.json");
    if !root.join(&name).is_file() {
        return Ok(Vec::new());
    }
    let text = read(root, &name)?;
    let list = js_literal::json(&text);
    let names: Option<Vec<String>> = match &list.value {
        Js::Array(items) => items
            .iter()
            .map(|n| {
                n.as_str()
                    .filter(|s| crate::base::path::is_version_folder(s))
                    .map(str::to_string)
            })
            .collect(),
        _ => None,
    };
    if names.is_none() {
        diags.push(
            Diagnostic::warning(
                Code::Config,
                RelPath::new(name),
                "this is not a list of version names; the versions are not read",
            )
            .at(&text, list.line, list.col)
            .with_hint("write it as Docusaurus does: `[\"2.0\", \"1.0\"]`, newest first"),
        );
    }
    Ok(names.unwrap_or_default())
}

/// The `label` of the navbar item that names the instance (`docsPluginId: 'community'`).
fn navbar_label(text: &str, id: &str) -> Option<String> {
    js_literal::objects_with(text, "docsPluginId", id)
        .iter()
        .find_map(|item| item.get("label").and_then(Node::as_str).map(str::to_string))
        .filter(|l| !l.trim().is_empty())
}

/// An id as words: `useCases` → "Use cases", `api-docs` → "Api docs".
fn words(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c == '-' || c == '_' {
            out.push(' ');
        } else if c.is_uppercase() && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else if out.is_empty() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A `-v` note naming the translations in `i18n/<locale>/` (their docs are left out:
/// opsbook builds one language).
pub(super) fn translations(root: &Path) -> Option<String> {
    let locales: Vec<String> = std::fs::read_dir(root.join("i18n"))
        .ok()?
        .flatten()
        .filter(|e| has_docs_translation(&e.path()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    (!locales.is_empty()).then(|| {
        format!(
            "i18n/: the docs' translations ({}) are left out; opsbook builds the site in \
             one language, from the docs folder",
            locales.join(", ")
        )
    })
}

/// Whether the locale folder `dir` translates docs: the default docs'
/// (`docusaurus-plugin-content-docs/`) or another instance's
/// (`docusaurus-plugin-content-docs-community/`).
fn has_docs_translation(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        e.path().is_dir()
            && (name == "docusaurus-plugin-content-docs"
                || name.starts_with("docusaurus-plugin-content-docs-"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each instance's id, folder, route, label and whether it has a sidebars file.
    fn summary(got: &[DocsInstance]) -> Vec<(&str, &str, &str, &str, bool)> {
        got.iter()
            .map(|i| {
                let sidebars = i.sidebars.is_some();
                (
                    i.id.as_str(),
                    i.docs_dir.as_str(),
                    i.route_base.as_str(),
                    i.label.as_str(),
                    sidebars,
                )
            })
            .collect()
    }

    #[test]
    fn translations_of_any_docs_instance_are_noted() {
        let dir = tempfile::tempdir().unwrap();
        let folder = "i18n/zh/docusaurus-plugin-content-docs-community/current";
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        std::fs::create_dir_all(dir.path().join("i18n/fr/docusaurus-theme-classic")).unwrap();
        let note = translations(dir.path()).expect("a note");
        assert!(
            note.starts_with("i18n/: the docs' translations (zh) are left out"),
            "{note}"
        );
    }

    const CONFIG: &str = "const config = {\n  presets: [['classic', {docs: {sidebarPath: './sidebars.js'}}]],\n  plugins: [\n    [\n      '@docusaurus/plugin-content-docs',\n      {\n        id: 'community',\n        path: 'community',\n        routeBasePath: 'community',\n        sidebarPath: require.resolve('./sidebarsCommunity.js'),\n      },\n    ],\n    ['@docusaurus/plugin-content-docs', {id: 'useCases', path: './content/use-cases', routeBasePath: '/'}],\n    ['@docusaurus/plugin-content-docs', communityOptions],\n    ['@docusaurus/plugin-content-docs', {id: 'gone', path: 'gone'}],\n  ],\n  themeConfig: {navbar: {items: [\n    {type: 'docSidebar', sidebarId: 'community', docsPluginId: 'community', label: 'Community'},\n  ]}},\n};\nmodule.exports = config;\n";

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["community", "content/use-cases"] {
            std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        }
        std::fs::write(
            dir.path().join("sidebarsCommunity.js"),
            "module.exports = {community: ['intro']};\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn each_instance_is_read_with_its_folder_route_sidebars_and_label() {
        let dir = site();
        let (mut diags, mut unused) = (Diagnostics::new(), Vec::new());
        let got = read_all(
            dir.path(),
            CONFIG,
            "docusaurus.config.js",
            &mut diags,
            &mut unused,
        )
        .unwrap();
        let summary = summary(&got);
        assert_eq!(
            summary,
            [
                ("community", "community", "community", "Community", true),
                ("useCases", "content/use-cases", "", "Use cases", false),
            ]
        );
        assert_eq!(
            diags.placed(),
            [
                "docusaurus.config.js:14:41: the options of this docs plugin are JavaScript that opsbook does not run; its pages are not built",
                "docusaurus.config.js:15:41: the docs plugin `gone` has no `gone/` folder; it is not built",
            ]
        );
        assert!(unused.is_empty(), "{unused:?}");
    }

    #[test]
    fn a_versioned_instance_without_current_docs_is_its_newest_version() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("community_versioned_docs/version-2.0")).unwrap();
        std::fs::create_dir_all(root.join("community_versioned_sidebars")).unwrap();
        std::fs::write(
            root.join("community_versioned_sidebars/version-2.0-sidebars.json"),
            "{\"community\": [\"intro\"]}\n",
        )
        .unwrap();
        std::fs::write(root.join("community_versions.json"), "[\"2.0\", \"1.0\"]\n").unwrap();
        std::fs::create_dir_all(root.join("community_versioned_docs/version-1.0")).unwrap();
        std::fs::write(
            root.join("community_versions.json"),
            "[\"2.0\", \"1.0\", \"0.9\"]\n",
        )
        .unwrap();
        let text = "module.exports = {plugins: [['@docusaurus/plugin-content-docs', {id: 'community', path: 'community', routeBasePath: 'community', includeCurrentVersion: false}]]};\n";
        let (mut diags, mut unused) = (Diagnostics::new(), Vec::new());
        let got = read_all(root, text, "docusaurus.config.js", &mut diags, &mut unused).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(got[0].docs_dir, "community_versioned_docs/version-2.0");
        assert_eq!(got[0].route_base, "community");
        assert_eq!(got[0].version_urls, ["2.0", "1.0", "0.9"]);
        assert!(got[0].sidebars.is_some());
        // Its older versions are more instances, at their Docusaurus URLs.
        let older = summary(&got[1..]);
        assert_eq!(
            older,
            [(
                "community@1.0",
                "community_versioned_docs/version-1.0",
                "community/1.0",
                "Community 1.0",
                false
            )]
        );
        assert_eq!(
            unused,
            [
                "community_versions.json: the version 0.9 of the docs plugin `community` has no `community_versioned_docs/version-0.9/` folder; it is not built"
            ]
        );
    }

    #[test]
    fn routes_an_instance_at_the_root_does_not_own() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src/pages/about")).unwrap();
        std::fs::write(dir.path().join("src/pages/index.tsx"), "").unwrap();
        std::fs::write(dir.path().join("src/pages/team.md"), "").unwrap();
        let text = "module.exports = {presets: [['classic', {blog: {routeBasePath: '/news'}}]],\n  plugins: [['@docusaurus/plugin-content-blog', {id: 'eng', path: 'eng'}],\n    ['@docusaurus/plugin-client-redirects', {redirects: [{from: '/old/intro', to: '/intro'}, {from: ['/a', '/b/'], to: '/c'}]}]]};\n";
        let file = RelPath::new("docusaurus.config.js");
        let redirects = super::super::docusaurus_redirects::read(
            text,
            &file,
            &|_: &str| None,
            &mut Diagnostics::new(),
            &mut Vec::new(),
        );
        assert_eq!(
            foreign_routes(dir.path(), text, redirects.as_ref()),
            [
                "a",
                "about",
                "b",
                "blog",
                "index",
                "news",
                "old/intro",
                "search",
                "team"
            ]
        );
        let off = "module.exports = {presets: [['classic', {blog: false}]]};\n";
        assert_eq!(
            foreign_routes(Path::new("/nonexistent"), off, None),
            ["search"]
        );
    }

    #[test]
    fn ids_become_words() {
        assert_eq!(words("useCases"), "Use cases");
        assert_eq!(words("api-docs"), "Api docs");
        assert_eq!(words("community"), "Community");
    }
}
