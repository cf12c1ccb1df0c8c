//! Stage 7 for `opsbook serve`: the site is held in memory (`Live`, swapped whole behind
//! an `Arc` after each good build) and served by axum on tokio; a watcher feeds the
//! incremental rebuild (`crate::serve::engine`) on its own thread; open pages hear about
//! new builds and errors through Server-Sent Events; ticks in the preview are written to
//! `state/<env>.yaml` by one writer thread.
//!
//! ```text
//!   watch.rs ──changes──► rebuild thread (Engine) ──Arc<Live>──► AppState.live ──► router.rs
//!   writeback.rs ◄─TickRequest── router.rs      └──Reload──► reload.rs (SSE) ──► live.js
//!        └──writes state/<env>.yaml, then ──changes──► rebuild thread
//! ```
//!
//! Files: `router.rs` (paths, content types, 404, injection), `reload.rs` (SSE),
//! `overlay.rs` (token, live.js tag, error overlay), `writeback.rs` (the tick API and
//! its checks, the writer), `run_writeback.rs` (the run API: start, tick, skip, sign,
//! finish… through `output::run`, as `opsbook run` writes), `watch.rs` (notify + debounce, `classify`), `run.rs` (the
//! command: bind, print the URL, threads, Ctrl-C), `http.rs` (the connection loop and
//! its timeouts), `engine.rs` (the incremental
//! rebuild: the pipeline rerun only where a change reaches). Uses every stage and
//! pipeline/; never cmd/.

pub mod engine;
pub(crate) mod http;
pub mod overlay;
pub(crate) mod reload;
pub mod router;
pub(crate) mod run;
pub mod run_writeback;
pub(crate) mod watch;
pub mod writeback;

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use tokio::sync::{broadcast, mpsc};

use crate::base::diag::Diagnostics;
use crate::base::hash::FxHashMap;
use crate::config::Config;
use crate::render::site::Site;
use crate::serve::engine::{Engine, Update};

pub(crate) use reload::Reload;
pub use router::router;
pub(crate) use run::{ServeOptions, serve};
pub use writeback::TickRequest;

/// Site path → bytes, as the build made them (`serve` adds its tags per response): a
/// shared base plus the files changed since it was made, so that the copy made after
/// each edit costs what the edit changed, not the whole site (10,000 pages make 21,000
/// files: copying their map took 2.4 ms per edit).
#[derive(Debug, Clone, Default)]
pub struct Files {
    base: Arc<BTreeMap<Arc<str>, Bytes>>,
    /// Changed since `base` was made: the new bytes, or `None` for a removed file.
    recent: BTreeMap<Arc<str>, Option<Bytes>>,
}

/// A file of the site as the response body, sharing the site's bytes: serve held
/// every file twice (2.6 GB resident at 10,000 pages, with the book) when it copied.
fn shared(bytes: &crate::render::site::Bytes) -> Bytes {
    struct Owner(crate::render::site::Bytes);
    impl AsRef<[u8]> for Owner {
        fn as_ref(&self) -> &[u8] {
            self.0.as_slice()
        }
    }
    Bytes::from_owner(Owner(Arc::clone(bytes)))
}

/// Past this many changed files, `Files::updated` folds them into a new base (which
/// costs a copy of the whole map); `serve` folds them sooner, while edits pause.
const FOLD_AT: usize = 4096;

impl Files {
    /// The files of a whole site.
    pub(crate) fn of_site(site: &Site) -> Files {
        let base = site
            .files
            .iter()
            .map(|(p, b)| (Arc::from(p.as_str()), shared(b)))
            .collect();
        Files {
            base: Arc::new(base),
            recent: BTreeMap::new(),
        }
    }

    pub fn get(&self, path: &str) -> Option<&Bytes> {
        match self.recent.get(path) {
            Some(changed) => changed.as_ref(),
            None => self.base.get(path),
        }
    }

    pub(crate) fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Sets (or, with `None`, removes) one file.
    pub(crate) fn set(&mut self, path: &str, bytes: Option<Bytes>) {
        let unchanged = match (&bytes, self.base.get(path)) {
            (None, None) => true,
            (Some(new), Some(old)) => new == old,
            _ => false,
        };
        if unchanged {
            self.recent.remove(path);
        } else {
            self.recent.insert(Arc::from(path), bytes);
        }
    }

    /// How many files were changed since the base was made.
    pub(crate) fn changed_since_base(&self) -> usize {
        self.recent.len()
    }

    /// The same files with the changes folded into a new base: O(site), for when the
    /// server is idle.
    pub(crate) fn folded(&self) -> Files {
        if self.recent.is_empty() {
            return self.clone();
        }
        let mut base = BTreeMap::clone(&self.base);
        for (path, bytes) in &self.recent {
            match bytes {
                Some(b) => base.insert(Arc::clone(path), b.clone()),
                None => base.remove(path),
            };
        }
        Files {
            base: Arc::new(base),
            recent: BTreeMap::new(),
        }
    }
}

/// What the router serves, swapped whole after each build.
#[derive(Debug, Clone, Default)]
pub struct Live {
    /// The site's files.
    pub files: Files,
    /// The error overlay while the book has errors.
    pub overlay: Option<String>,
    /// Every item id of the last good book (the only ids a tick may name), with the
    /// environments it applies to.
    pub known_ids: Arc<KnownIds>,
    /// `Engine::ids_version` that `known_ids` was made at.
    pub ids_version: u64,
    /// Environment name or alias → environment name, from book.toml.
    pub environments: BTreeMap<String, String>,
    /// `[state] dir` of book.toml.
    pub state_dir: String,
}

impl Live {
    /// The first `Live`, from a whole site.
    pub fn from_site(site: &Site, engine: &Engine) -> Live {
        let mut live = Live {
            files: Files::of_site(site),
            ids_version: u64::MAX,
            ..Live::default()
        };
        live.refresh_book(engine);
        live
    }

    /// This site with one build's changes applied (and no overlay): O(changed files).
    pub(crate) fn updated(&self, update: &Update, engine: &Engine) -> Live {
        let mut files = self.files.clone();
        let site = engine.site();
        for path in update.changed.iter().chain(&update.silent) {
            if let Some(bytes) = site.files.get(path.as_str()) {
                files.set(path, Some(shared(bytes)));
            }
        }
        for path in &update.removed {
            files.set(path, None);
        }
        if files.changed_since_base() > FOLD_AT {
            files = files.folded();
        }
        let mut live = Live {
            files,
            known_ids: Arc::clone(&self.known_ids),
            ids_version: self.ids_version,
            ..Live::default()
        };
        live.refresh_book(engine);
        live
    }

    /// The same site, with its files folded into one map (see `Files::folded`).
    pub(crate) fn folded(&self) -> Live {
        Live {
            files: self.files.folded(),
            ..self.clone()
        }
    }

    /// This site, still served, under an error overlay.
    pub fn failed(&self, overlay: String) -> Live {
        Live {
            overlay: Some(overlay),
            ..self.clone()
        }
    }

    fn refresh_book(&mut self, engine: &Engine) {
        if self.ids_version != engine.ids_version() {
            self.known_ids = Arc::new(KnownIds::of(engine.book()));
            self.ids_version = engine.ids_version();
        }
        self.environments = environments(engine.config());
        self.state_dir = engine.config().state.dir.clone();
    }
}

/// Every item id of a book, with the environments each applies to. A server holds it
/// for its whole life, so each id is kept as its fingerprint, and each scope (there
/// are few) once: at 400,000 items the ids and a list of environments per item took
/// 100 MB of the server's memory, the fingerprints and indices 17 MB.
#[derive(Debug, Default)]
pub struct KnownIds {
    /// Fingerprint of an item id → index into `scopes`.
    ids: FxHashMap<u128, u32>,
    scopes: Vec<Vec<String>>,
}

/// The fingerprint [`KnownIds`] keeps of item id `id`.
fn id_key(id: &str) -> u128 {
    crate::base::hash::Fingerprint::new().add(id).digest()
}

impl KnownIds {
    pub(crate) fn of(book: &crate::model::Book) -> KnownIds {
        let mut known = KnownIds::default();
        let mut seen: FxHashMap<Vec<String>, u32> = FxHashMap::default();
        for page in &book.pages {
            for item in page.doc.items.get().iter() {
                let scope = item.scope(&page.front.environments);
                let index = match seen.get(scope) {
                    Some(index) => *index,
                    None => {
                        known.scopes.push(scope.to_vec());
                        let index = u32::try_from(known.scopes.len() - 1).unwrap_or(u32::MAX);
                        seen.insert(scope.to_vec(), index);
                        index
                    }
                };
                known.ids.insert(id_key(item.id()), index);
            }
        }
        known.ids.shrink_to_fit();
        known
    }

    /// The environments item `id` applies to (empty: every one); `None` for an id the
    /// book does not have.
    pub fn scope(&self, id: &str) -> Option<&[String]> {
        let index = *self.ids.get(&id_key(id))?;
        self.scopes.get(index as usize).map(Vec::as_slice)
    }
}

/// Names and aliases of the environments → their name.
pub(crate) fn environments(cfg: &Config) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = cfg
        .environments
        .names
        .iter()
        .map(|n| (n.clone(), n.clone()))
        .collect();
    for (alias, name) in &cfg.environments.aliases {
        if cfg.environments.names.contains(name) {
            out.insert(alias.clone(), name.clone());
        }
    }
    out
}

/// What every request may see of the server: the site, the reload channel, the
/// writer's queue and the checks' settings. Passed to axum with `with_state`.
pub struct AppState {
    pub live: RwLock<Arc<Live>>,
    pub reload: broadcast::Sender<Reload>,
    pub ticks: mpsc::Sender<TickRequest>,
    pub guard: Guard,
    /// Where run requests are written (`run_writeback.rs`); set once serve runs.
    pub runs: std::sync::OnceLock<run_writeback::RunBackend>,
}

impl AppState {
    pub fn new(live: Live, ticks: mpsc::Sender<TickRequest>, guard: Guard) -> AppState {
        let (reload, _) = broadcast::channel(64);
        AppState {
            live: RwLock::new(Arc::new(live)),
            reload,
            ticks,
            guard,
            runs: std::sync::OnceLock::new(),
        }
    }

    /// The site being served now.
    pub fn current(&self) -> Arc<Live> {
        match self.live.read() {
            Ok(live) => Arc::clone(&live),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Serves `live` from now on.
    pub fn swap(&self, live: Live) {
        let live = Arc::new(live);
        match self.live.write() {
            Ok(mut slot) => *slot = live,
            Err(poisoned) => *poisoned.into_inner() = live,
        }
    }
}

/// Who may tick: the token every served page carries and the `Host` values (with the
/// port) that name this server.
#[derive(Debug, Clone)]
pub struct Guard {
    pub token: String,
    pub hosts: Vec<String>,
}

impl Guard {
    /// A fresh random token; `127.0.0.1`, `localhost` and `[::1]` with `port`, plus
    /// `extra` (the `--bind` address) when given.
    pub fn new(port: u16, extra: Option<String>) -> anyhow::Result<Guard> {
        let mut hosts = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ];
        hosts.extend(extra.map(|h| format!("{h}:{port}")));
        Ok(Guard {
            token: random_token()?,
            hosts,
        })
    }

    pub(crate) fn allows_host(&self, host: &str) -> bool {
        self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
    }
}

/// 128 random bits from the operating system, as hex.
pub(crate) fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("no randomness from the operating system: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Diagnostics as the terminal shows them while serving.
pub(crate) fn terminal_report(diags: &Diagnostics) -> String {
    diags
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {

    #[test]
    fn known_ids_keep_each_item_scope_and_refuse_other_ids() {
        let book = crate::parse::book::test_book(&[
            (
                "content/a.md",
                "---\nenvironments: [staging, production]\n---\n# A\n\n- [ ] One\n- [ ] Two {env=production}\n",
            ),
            ("content/b.md", "# B\n\n- [ ] Three\n"),
        ]);
        let known = KnownIds::of(&book);
        let id = |page: usize, item: usize| book.pages[page].doc.items[item].id();
        assert_eq!(
            known.scope(id(0, 0)),
            Some(&["staging".to_string(), "production".to_string()][..])
        );
        assert_eq!(known.scope(id(0, 1)), Some(&["production".to_string()][..]));
        assert_eq!(known.scope(id(1, 0)), Some(&[][..]));
        assert_eq!(known.scope("a/one-"), None);
        assert_eq!(known.scopes.len(), 3);
    }
    use super::*;

    #[test]
    fn tokens_are_random_hex() {
        let a = random_token().unwrap();
        let b = random_token().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn files_keep_changes_beside_the_shared_base() {
        let mut site = Site::default();
        site.insert("a.html".to_string(), "A".to_string());
        site.insert("b.html".to_string(), "B".to_string());
        let files = Files::of_site(&site);
        let mut edited = files.clone();
        edited.set("a.html", Some(Bytes::from("A2")));
        edited.set("b.html", None);
        edited.set("c.html", Some(Bytes::from("C")));
        edited.set("gone.html", None);
        assert_eq!(edited.get("a.html").map(|b| &b[..]), Some(&b"A2"[..]));
        assert!(!edited.contains_key("b.html") && !edited.contains_key("gone.html"));
        assert_eq!(edited.get("c.html").map(|b| &b[..]), Some(&b"C"[..]));
        assert_eq!(edited.changed_since_base(), 3);
        // The copy it was made from is untouched.
        assert_eq!(files.get("a.html").map(|b| &b[..]), Some(&b"A"[..]));
        assert!(files.contains_key("b.html") && !files.contains_key("c.html"));
        // Back to the base's bytes: nothing is kept for it.
        edited.set("b.html", Some(Bytes::from("B")));
        assert_eq!(edited.changed_since_base(), 2);
        let folded = edited.folded();
        assert_eq!(folded.changed_since_base(), 0);
        for path in ["a.html", "b.html", "c.html", "gone.html"] {
            assert_eq!(folded.get(path), edited.get(path), "{path}");
        }
        assert_eq!(folded.base.len(), 3);
    }

    #[test]
    fn guard_allows_loopback_names_with_the_port_only() {
        let g = Guard::new(4000, None).unwrap();
        assert!(g.allows_host("127.0.0.1:4000"));
        assert!(g.allows_host("LOCALHOST:4000"));
        assert!(g.allows_host("[::1]:4000"));
        assert!(!g.allows_host("127.0.0.1"));
        assert!(!g.allows_host("127.0.0.1:4001"));
        assert!(!g.allows_host("evil.example:4000"));
    }

    #[test]
    fn aliases_map_to_names() {
        let mut cfg = Config::default();
        cfg.environments
            .aliases
            .insert("prod".into(), "production".into());
        cfg.environments
            .aliases
            .insert("qa".into(), "nowhere".into());
        let envs = environments(&cfg);
        assert_eq!(envs.get("prod").map(String::as_str), Some("production"));
        assert_eq!(envs.get("staging").map(String::as_str), Some("staging"));
        assert!(!envs.contains_key("qa"));
    }
}
