//! Watching the book folder: `content/`, `themes/`, the state folder, `runs/` and `book.toml`,
//! through notify with a short debounce, so that an editor's save (write to a temp file
//! then rename, or many events at once) gives one batch, and one rebuild.
//! `classify` is the pure part: which paths matter and how. A folder that does not exist
//! when serve starts is watched once it is made. An mdBook's chapters' folder (`src`)
//! is watched too, and a change there rebuilds the whole book (SUMMARY.md is the
//! sidebar, and a page may include another file); so is a file the pages include from
//! elsewhere in the book folder (an MkDocs snippet in `includes/`): its folder is
//! watched, and a change to it rebuilds the book; and so are a Docusaurus site's
//! static folders (`static/`), whose files are published only when a page names one
//! that exists: an image added while serving is then served; and so are the folders
//! of a Docusaurus site's other docs plugin instances (`community/`) and their
//! sidebars files (`sidebarsCommunity.js`): a change there reads the book again; and
//! so are a Hugo site's mounted folders, which may be outside the book folder: a change there reads
//! the book again; and so is an MkDocs book's awesome-nav `.nav.yml` or awesome-pages
//! `.pages` file (hidden, but the sidebar: it reads the book again). Hidden names are
//! ignored, but for files below `content/` that are not temp files (`.github/…`): a
//! page may link to one (`source::hidden`), and the engine, which knows, decides.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak, mpsc};
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::base::path::RelPath;
use crate::serve::engine::Change;
use crate::source::is_hidden_or_temp;

/// What a path below the book root is to `serve`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ChangeKind {
    /// `book.toml`.
    Config,
    /// A file below `themes/`.
    Theme,
    /// A file below `content/`.
    Content,
    /// A file below the state folder.
    State,
    /// A file below `runs/` (SPEC.md §11).
    Run,
    /// Anything else: the output folder, `.git`, editor temp files.
    Ignored,
}

/// Classifies `path`, relative to the book root and `/`-separated. `state_dir` is
/// `[state] dir` of book.toml.
pub(crate) fn classify(path: &str, state_dir: &str) -> ChangeKind {
    let name = path.rsplit('/').next().unwrap_or(path);
    if path == crate::config::ALLOW_FILE {
        return ChangeKind::Config;
    }
    if ignored_path(path) {
        // A hidden file a page may link to (`source::hidden`): the engine reads it
        // again when the book has it, and leaves it alone when not.
        let linkable = path.starts_with("content/") && maybe_linked_hidden(path);
        return if linkable {
            ChangeKind::Content
        } else {
            ChangeKind::Ignored
        };
    }
    if path == "book.toml" || crate::config::is_tool_file(path) {
        return ChangeKind::Config;
    }
    let state_dir = state_dir.trim_matches('/');
    let below =
        |dir: &str| !dir.is_empty() && path.strip_prefix(dir).is_some_and(|r| r.starts_with('/'));
    if name.is_empty() {
        ChangeKind::Ignored
    } else if below("content") {
        ChangeKind::Content
    } else if below("themes") {
        ChangeKind::Theme
    } else if below(state_dir) {
        ChangeKind::State
    } else if below(crate::source::RUNS_DIR) {
        ChangeKind::Run
    } else {
        ChangeKind::Ignored
    }
}

/// Empty, climbing out of the book, or through a hidden or temp file's name.
fn ignored_path(path: &str) -> bool {
    path.is_empty()
        || path
            .split('/')
            .any(|part| part == ".." || is_hidden_or_temp(part))
}

/// Whether `path`, through a hidden name, may be a hidden file a page links to: no
/// part is `..`, `.git` or an editor's or opsbook's temp file (`.a.md.swp`, `a.md~`,
/// `.#a.md`, `4913`, `.opsbook-…`).
fn maybe_linked_hidden(path: &str) -> bool {
    path.split('/').all(|part| {
        !part.is_empty() && part != ".." && part != ".git" && !crate::source::is_temp(part)
    })
}

/// The rebuild request for one path; `chapters` is the pages' folder another tool's
/// layout names (`Config::content_root`: an mdBook's `src`, an MkDocs `docs_dir`, a
/// Docusaurus site's `docs`), where any change reads the book again (its sidebar,
/// includes and categories come from files there).
pub(crate) fn change_for(path: &str, state_dir: &str, chapters: Option<&str>) -> Option<Change> {
    let in_chapters = chapters
        .filter(|dir| !dir.is_empty())
        .is_some_and(|dir| path.strip_prefix(dir).is_some_and(|r| r.starts_with('/')));
    if in_chapters && !ignored_path(path) {
        return Some(Change::Everything);
    }
    match classify(path, state_dir) {
        ChangeKind::Config | ChangeKind::Theme => Some(Change::Everything),
        ChangeKind::Content => Some(Change::Content(RelPath::new(path))),
        ChangeKind::State => Some(Change::State(RelPath::new(path))),
        ChangeKind::Run => Some(Change::Run(RelPath::new(path))),
        ChangeKind::Ignored => None,
    }
}

/// The folders of the book another tool's layout adds to the watched ones.
#[derive(Debug, Clone, Default)]
pub(crate) struct BookFolders {
    /// `Config::content_root` (see [`change_for`]).
    pub(crate) chapters: Option<String>,
    /// Files the pages include, and the configs mkdocs.yml's `INHERIT` names, from the
    /// book root (`includes/abbr.md`, `../x.rs`, `config/base.yml`).
    pub(crate) included: BTreeSet<String>,
    /// A Docusaurus site's static folders (`static`): watched, and a change there
    /// reads the book again (a file a page names is published only when it exists).
    pub(crate) statics: Vec<String>,
    /// The folders of a Docusaurus site's other docs plugin instances
    /// (`config::docusaurus_instances`; `community`): watched, and a change there reads
    /// the book again (their sidebars files are `included`).
    pub(crate) instances: Vec<String>,
    /// A Hugo site's mounted folders (`config::hugo_mounts`), absolute: watched, and a
    /// change there reads the book again; they may be outside the book folder.
    pub(crate) mounted: Vec<PathBuf>,
    /// The awesome-nav or awesome-pages plugin's folder file name (`.nav.yml`,
    /// `.pages`), when it is on: below `chapters`, a change to one reads the book
    /// again, as one to mkdocs.yml does, though the name is hidden.
    pub(crate) nav_file: Option<String>,
}

impl BookFolders {
    /// The rebuild request for the absolute `path`: a file in a mounted folder
    /// rebuilds the book, as does an included file.
    fn change_at(&self, root: &Path, path: &Path, state: &str) -> Option<Change> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if self.mounted.iter().any(|dir| path.starts_with(dir)) {
            return (!is_hidden_or_temp(name)).then_some(Change::Everything);
        }
        let rel = RelPath::from_path(root, path)?;
        self.change_for(rel.as_str(), state)
    }

    /// The rebuild request for `path`: an included file rebuilds the book.
    fn change_for(&self, path: &str, state_dir: &str) -> Option<Change> {
        if self.included.contains(path) && !ignored_path(path) {
            return Some(Change::Everything);
        }
        if self.is_nav_file(path) {
            return Some(Change::Everything);
        }
        let in_folders = (self.statics.iter().chain(&self.instances))
            .filter(|dir| !dir.is_empty())
            .any(|dir| {
                path.strip_prefix(dir.as_str())
                    .is_some_and(|r| r.starts_with('/'))
            });
        if in_folders && !ignored_path(path) {
            return Some(Change::Everything);
        }
        change_for(path, state_dir, self.chapters.as_deref())
    }

    /// The folders of included files inside the book that no other watch covers
    /// (watched on their own, not below them).
    fn include_dirs(&self, state_dir: &str) -> BTreeSet<String> {
        self.included
            .iter()
            .filter(|p| !ignored_path(p))
            .filter(|p| self.change_for_folder(p, state_dir))
            .map(|p| p.rsplit_once('/').map_or("", |(d, _)| d).to_string())
            .filter(|d| !d.is_empty())
            .collect()
    }

    /// The instances' folders that no other watch covers (one below `content/` is
    /// watched with it).
    fn watched_instances(&self, state_dir: &str) -> Vec<String> {
        let covered = |dir: &str| {
            ["content", "themes", state_dir, crate::source::RUNS_DIR]
                .into_iter()
                .chain(self.chapters.as_deref())
                .chain(self.statics.iter().map(String::as_str))
                .filter(|d| !d.is_empty())
                .any(|d| dir.strip_prefix(d).is_some_and(|r| r.starts_with('/')))
        };
        (self.instances.iter())
            .filter(|d| !d.is_empty() && !ignored_path(d) && !covered(d))
            .cloned()
            .collect()
    }

    /// Whether `path` is the plugin's folder file (`docs/ops/.nav.yml`) below
    /// `chapters`, in no hidden or temp folder itself.
    fn is_nav_file(&self, path: &str) -> bool {
        let (Some(name), Some(chapters)) = (self.nav_file.as_deref(), self.chapters.as_deref())
        else {
            return false;
        };
        let below = match chapters {
            "" => Some(path),
            dir => path.strip_prefix(dir).and_then(|r| r.strip_prefix('/')),
        };
        let Some((dirs, file)) = below.map(|b| b.rsplit_once('/').unwrap_or(("", b))) else {
            return false;
        };
        file == name && (dirs.is_empty() || !ignored_path(dirs)) && !chapters.contains("..")
    }

    fn change_for_folder(&self, path: &str, state_dir: &str) -> bool {
        change_for(path, state_dir, self.chapters.as_deref()).is_none()
    }
}

/// A running watcher; dropping it stops watching.
pub(crate) struct Watcher {
    _debouncer: Arc<Mutex<BookDebouncer>>,
}

type BookDebouncer = Debouncer<RecommendedWatcher, RecommendedCache>;

/// How often a watched folder that does not exist yet is looked for.
const LOOK_FOR_MISSING: Duration = Duration::from_millis(500);

/// Watches the book at `root` (canonical) and sends each debounced batch of changes.
pub(crate) fn start(
    root: &Path,
    state_dir: &str,
    folders: BookFolders,
    debounce: Duration,
    sink: mpsc::Sender<BTreeSet<Change>>,
) -> anyhow::Result<Watcher> {
    let root_owned: PathBuf = root.to_path_buf();
    let state = state_dir.to_string();
    let include_dirs = folders.include_dirs(state_dir);
    let chapters = folders.chapters.clone();
    let statics = folders.statics.clone();
    let instances = folders.watched_instances(state_dir);
    let mounted = folders.mounted.clone();
    let missing_sink = sink.clone();
    let mut debouncer = new_debouncer(debounce, None, move |result: DebounceEventResult| {
        let Ok(events) = result else {
            tracing::warn!("the file watcher reported an error; a save may be missed");
            return;
        };
        let changes: BTreeSet<Change> = events
            .iter()
            .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
            .flat_map(|e| e.event.paths.iter())
            .filter_map(|p| folders.change_at(&root_owned, p, &state))
            .collect();
        if !changes.is_empty() {
            let _ = sink.send(changes);
        }
    })?;
    let mut missing = Vec::new();
    let chapters = chapters.as_deref().filter(|d| !d.is_empty());
    let statics = statics.iter().map(String::as_str).filter(|d| !d.is_empty());
    for dir in ["content", "themes", state_dir, crate::source::RUNS_DIR]
        .into_iter()
        .chain(chapters)
        .chain(statics)
        .chain(instances.iter().map(String::as_str))
    {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        } else {
            missing.push(path);
        }
    }
    for path in mounted {
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        } else {
            missing.push(path);
        }
    }
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    for dir in &include_dirs {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::NonRecursive)?;
        }
    }
    let debouncer = Arc::new(Mutex::new(debouncer));
    if !missing.is_empty() {
        watch_when_made(Arc::downgrade(&debouncer), missing, missing_sink);
    }
    Ok(Watcher {
        _debouncer: debouncer,
    })
}

/// Folders missing at start (a book without `themes/` yet, a state folder the first
/// tick makes): looked for twice a second; each is watched once it exists, and the book
/// is rebuilt as a whole, since the files made with it were never reported. Ends when
/// the watcher is dropped or every folder is watched.
fn watch_when_made(
    debouncer: Weak<Mutex<BookDebouncer>>,
    mut missing: Vec<PathBuf>,
    sink: mpsc::Sender<BTreeSet<Change>>,
) {
    std::thread::spawn(move || {
        while !missing.is_empty() {
            std::thread::sleep(LOOK_FOR_MISSING);
            let Some(debouncer) = debouncer.upgrade() else {
                return;
            };
            let before = missing.len();
            missing.retain(|path| {
                !(path.is_dir()
                    && debouncer
                        .lock()
                        .is_ok_and(|mut d| d.watch(path, RecursiveMode::Recursive).is_ok()))
            });
            drop(debouncer);
            if missing.len() < before && sink.send(BTreeSet::from([Change::Everything])).is_err() {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_in_a_mounted_folder_reads_the_book_again() {
        let folders = BookFolders {
            mounted: vec![PathBuf::from("/repo/sdkdocs/go/docs")],
            ..BookFolders::default()
        };
        let root = Path::new("/repo/site");
        let at = |p: &str| folders.change_at(root, Path::new(p), "state");
        assert_eq!(
            at("/repo/sdkdocs/go/docs/a/client.md"),
            Some(Change::Everything)
        );
        assert_eq!(at("/repo/sdkdocs/go/docs/.client.md.swp"), None);
        assert_eq!(at("/repo/sdkdocs/go/README.md"), None, "not mounted");
        assert_eq!(
            at("/repo/site/content/a.md"),
            Some(Change::Content(RelPath::new("content/a.md")))
        );
    }

    #[test]
    fn classifies_the_watched_folders() {
        assert_eq!(classify("book.toml", "state"), ChangeKind::Config);
        assert_eq!(classify("content/ops/a.md", "state"), ChangeKind::Content);
        assert_eq!(
            classify("themes/default/templates/page.html", "state"),
            ChangeKind::Theme
        );
        assert_eq!(
            classify("state/production.yaml", "state"),
            ChangeKind::State
        );
        assert_eq!(
            classify("team/state/production.yaml", "team/state"),
            ChangeKind::State
        );
    }

    #[test]
    fn other_tools_config_files_read_the_book_again() {
        for path in [
            "mkdocs.yml",
            "hugo.toml",
            "config.yaml",
            "docusaurus.config.ts",
            "sidebars.js",
            "config/_default/module.toml",
        ] {
            assert_eq!(classify(path, "state"), ChangeKind::Config, "{path}");
        }
        assert_eq!(classify("docs/mkdocs.yml", "state"), ChangeKind::Ignored);
        assert_eq!(
            change_for("docs/guide/tabs.md", "state", Some("docs")),
            Some(Change::Everything)
        );
    }

    #[test]
    fn a_file_of_a_static_folder_reads_the_book_again() {
        let folders = BookFolders {
            chapters: Some("docs".into()),
            included: BTreeSet::new(),
            statics: vec!["static".into(), "public/assets".into()],
            instances: Vec::new(),
            mounted: Vec::new(),
            nav_file: None,
        };
        for path in ["static/img/new.png", "public/assets/logo.svg"] {
            assert_eq!(
                folders.change_for(path, "state"),
                Some(Change::Everything),
                "{path}"
            );
        }
        for path in ["static.png", "public/other.png", "static/img/.new.png.swp"] {
            assert_eq!(folders.change_for(path, "state"), None, "{path}");
        }
    }

    #[test]
    fn a_file_of_another_docs_instance_reads_the_book_again() {
        let folders = BookFolders {
            chapters: Some("docs".into()),
            included: BTreeSet::from(["sidebarsCommunity.js".to_string()]),
            instances: vec!["community".into(), "content/use-cases".into()],
            ..BookFolders::default()
        };
        for path in [
            "community/support.md",
            "community/guides/_category_.json",
            "content/use-cases/a.md",
            "sidebarsCommunity.js",
        ] {
            assert_eq!(
                folders.change_for(path, "state"),
                Some(Change::Everything),
                "{path}"
            );
        }
        for path in ["community/.support.md.swp", "communityx/a.md"] {
            assert_eq!(folders.change_for(path, "state"), None, "{path}");
        }
        assert_eq!(
            folders.watched_instances("state"),
            ["community"],
            "content/ is watched already"
        );
    }

    #[test]
    fn files_the_pages_include_rebuild_the_book_and_their_folders_are_watched() {
        let folders = BookFolders {
            statics: Vec::new(),
            instances: Vec::new(),
            mounted: Vec::new(),
            nav_file: None,
            chapters: Some("docs".into()),
            included: [
                "includes/abbr.md",
                "docs/snippets/a.md",
                "LICENSE",
                "../x.rs",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        };
        assert_eq!(
            folders.change_for("includes/abbr.md", "state"),
            Some(Change::Everything)
        );
        assert_eq!(
            folders.change_for("LICENSE", "state"),
            Some(Change::Everything)
        );
        assert_eq!(folders.change_for("includes/other.md", "state"), None);
        assert_eq!(
            folders.include_dirs("state"),
            BTreeSet::from(["includes".to_string()]),
            "docs/ is watched already, the root is, and nothing above it"
        );
    }

    #[test]
    fn an_awesome_nav_file_below_the_docs_folder_reads_the_book_again() {
        let folders = BookFolders {
            chapters: Some("docs".into()),
            nav_file: Some(".nav.yml".into()),
            ..BookFolders::default()
        };
        for path in ["docs/.nav.yml", "docs/runbooks/10-dns/.nav.yml"] {
            assert_eq!(
                folders.change_for(path, "state"),
                Some(Change::Everything),
                "{path}"
            );
        }
        for path in [
            ".nav.yml",
            "other/.nav.yml",
            "docs/.pages",
            "docs/.git/.nav.yml",
            "docs/.nav.yml.swp",
            "docs/.nav.yml~",
            "docs/../.nav.yml",
            "docs/.hidden/.nav.yml",
        ] {
            assert_eq!(folders.change_for(path, "state"), None, "{path}");
        }
        let pages = BookFolders {
            nav_file: Some(".pages".into()),
            ..folders.clone()
        };
        assert_eq!(
            pages.change_for("docs/guide/.pages", "state"),
            Some(Change::Everything)
        );
        let off = BookFolders {
            nav_file: None,
            ..folders
        };
        assert_eq!(off.change_for("docs/.nav.yml", "state"), None, "plugin off");
    }

    #[test]
    fn ignores_temp_files_output_and_git() {
        for path in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/4913",
            "content/.#a.md",
            "state/.opsbook-Xy12",
            "site/index.html",
            ".git/index",
            "contentx/a.md",
            "content",
            "",
            "content/../book.toml",
        ] {
            assert_eq!(classify(path, "state"), ChangeKind::Ignored, "{path}");
        }
    }

    #[test]
    fn hidden_files_below_content_go_to_the_engine() {
        for path in [
            "content/.github/workflows/release.yaml",
            "content/.env.example",
        ] {
            assert_eq!(classify(path, "state"), ChangeKind::Content, "{path}");
        }
        for path in [
            "content/.git/config",
            "content/.github/.release.yaml.swp",
            "content/.github/x~",
            ".github/workflows/release.yaml",
        ] {
            assert_eq!(classify(path, "state"), ChangeKind::Ignored, "{path}");
        }
    }

    #[test]
    fn changes_name_the_file() {
        assert_eq!(
            change_for("content/a.md", "state", None),
            Some(Change::Content(RelPath::new("content/a.md")))
        );
        assert_eq!(
            change_for("book.toml", "state", None),
            Some(Change::Everything)
        );
        assert_eq!(change_for("README.md", "state", None), None);
        // An mdBook's chapters: any change rebuilds the book (sidebar, includes).
        let md = Some("src");
        assert_eq!(
            change_for("src/SUMMARY.md", "state", md),
            Some(Change::Everything)
        );
        assert_eq!(
            change_for("src/a/b.rs", "state", md),
            Some(Change::Everything)
        );
        assert_eq!(change_for("src/.a.md.swp", "state", md), None);
        assert_eq!(change_for("srcx/a.md", "state", md), None);
    }
}
