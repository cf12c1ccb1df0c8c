//! The `serve` command's life: first build, bind (a port in use is a clear error), print
//! the URL, start the watcher, the rebuild thread and the writer thread, serve until
//! Ctrl-C, then close the event streams and let the writer finish.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use tokio::sync::mpsc;

use super::overlay::overlay_html;
use super::reload::nearest_page;
use super::writeback::Writer;
use super::{AppState, Guard, Live, Reload, router, terminal_report, watch};
use crate::serve::engine::{Change, DerivedDone, DerivedJob, Engine, Outcome, Update};

/// What `opsbook serve` was asked to do.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// The book folder.
    pub(crate) dir: PathBuf,
    /// 0 picks a free port.
    pub(crate) port: u16,
    /// Where to listen; 127.0.0.1 unless asked.
    pub(crate) bind: IpAddr,
    /// Open the browser on the URL.
    pub(crate) open: bool,
    /// How long the watcher waits for a burst of events to end.
    pub(crate) debounce: Duration,
}

impl ServeOptions {
    pub(crate) fn new(dir: PathBuf) -> ServeOptions {
        ServeOptions {
            dir,
            port: 3000,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            open: false,
            debounce: Duration::from_millis(15),
        }
    }
}

/// Runs the server until Ctrl-C. Exit 1 when the port is taken.
pub(crate) fn serve(opts: ServeOptions) -> anyhow::Result<ExitCode> {
    let root = opts
        .dir
        .canonicalize()
        .with_context(|| format!("failed to open the book folder {}", opts.dir.display()))?;
    let started = Instant::now();
    crate::alloc::hand_back_freed_memory();
    let (engine, outcome) = Engine::load(&root)?;
    report(&outcome, started, &engine, (0, 0));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("failed to start the async runtime")?;
    runtime.block_on(serve_async(opts, root, engine, outcome))
}

async fn serve_async(
    opts: ServeOptions,
    root: PathBuf,
    engine: Engine,
    outcome: Outcome,
) -> anyhow::Result<ExitCode> {
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "error: port {} is already in use\n  hint: stop the other server, or pick another port with `-p`, e.g. `opsbook serve -p {}`",
                opts.port,
                opts.port.wrapping_add(1).max(1024)
            );
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(anyhow::Error::new(e).context(format!("failed to listen on {addr}"))),
    };
    let port = listener.local_addr()?.port();
    let extra = (!opts.bind.is_loopback()).then(|| host_name(opts.bind));
    if extra.is_some() {
        eprintln!(
            "warning: serving on {} is visible to other machines; ticks are still accepted only from this one",
            opts.bind
        );
    }
    let guard = Guard::new(port, extra)?;
    let mut live = Live::from_site(engine.site(), &engine);
    if let Outcome::Failed(diags) = &outcome {
        live = live.failed(overlay_html(diags));
    }
    let (tick_tx, tick_rx) = mpsc::channel(1024);
    let app = Arc::new(AppState::new(live, tick_tx, guard));
    let (change_tx, change_rx) = std_mpsc::channel();
    let mut included = engine.included_files();
    if let Some(mk) = &engine.config().mkdocs {
        included.extend(mk.inherited.iter().map(|p| p.to_string()));
    }
    let instances = (engine.config().docusaurus.iter()).flat_map(|d| &d.instances);
    included.extend(
        (instances.clone())
            .filter_map(|i| i.sidebars.as_ref())
            .map(|s| s.path.to_string()),
    );
    let folders = watch::BookFolders {
        chapters: engine.config().content_root().map(str::to_string),
        included,
        statics: (engine.config().docusaurus.as_ref())
            .map_or_else(Vec::new, |d| d.static_dirs.clone()),
        instances: instances.map(|i| i.docs_dir.clone()).collect(),
        mounted: mounted_folders(&root, engine.config()),
        nav_file: (engine.config().mkdocs.as_ref())
            .and_then(|mk| mk.awesome_nav.as_ref())
            .map(|a| a.filename.clone()),
    };
    let _watcher = watch::start(
        &root,
        &engine.config().state.dir,
        folders,
        opts.debounce,
        change_tx.clone(),
    )?;
    let _ = app.runs.set(super::run_writeback::RunBackend {
        root: root.clone(),
        rebuild: std::sync::Mutex::new(change_tx.clone()),
    });
    let writer = Writer {
        by: crate::source::git::user_name(&root),
        root: root.clone(),
        rebuild: change_tx,
    };
    // Not joined: every tick a request waited for was written before its answer.
    std::thread::spawn(move || writer.run(tick_rx));
    let rebuild_app = Arc::clone(&app);
    std::thread::spawn(move || rebuild_loop(engine, &rebuild_app, &change_rx));
    let url = format!("http://{}:{port}/", host_name(opts.bind));
    println!("Serving {} at {url} (Ctrl-C to stop)", root.display());
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&url);
    }
    run_until_ctrl_c(listener, Arc::clone(&app)).await?;
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Serves until Ctrl-C, then ends the event streams so open connections close.
async fn run_until_ctrl_c(
    listener: tokio::net::TcpListener,
    app: Arc<AppState>,
) -> anyhow::Result<()> {
    let reload = app.reload.clone();
    let shutdown = async move {
        let _ = tokio::signal::ctrl_c().await;
        let _ = reload.send(Reload::Shutdown);
    };
    super::http::serve(listener, router(app), shutdown).await;
    Ok(())
}

/// `127.0.0.1`, or `[::1]` for IPv6.
fn host_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// How long no change may arrive before the files made from the whole book (search
/// index, sitemap, secret pages) are made again: a burst of saves is served page by page,
/// and the whole-book work runs once it ends.
const DERIVED_AFTER: Duration = Duration::from_millis(300);

/// Applies batches of changes until the watcher and the writer are gone.
fn rebuild_loop(
    mut engine: Engine,
    app: &AppState,
    changes: &std_mpsc::Receiver<BTreeSet<Change>>,
) {
    let mut derived = None;
    while let Some(mut batch) = next_batch(&mut engine, app, changes, &mut derived) {
        while let Ok(more) = changes.try_recv() {
            batch.extend(more);
        }
        let started = Instant::now();
        // What was served before the checks counts in the build's line too.
        let served_early = std::cell::Cell::new((0, 0));
        let mut early = |engine: &Engine, update: &Update| {
            publish(app, engine, &Outcome::Built(update.clone()));
            let (changed, rendered) = served_early.get();
            served_early.set((changed + update.changed.len(), rendered + update.rendered));
            tracing::debug!(
                "served {} new files in {:.1} ms; checking the book",
                update.changed.len(),
                started.elapsed().as_secs_f64() * 1000.0
            );
        };
        match engine.apply_early(&batch, &mut early) {
            Ok(outcome) => {
                let publishing = Instant::now();
                publish(app, &engine, &outcome);
                tracing::debug!(
                    "published in {:.1} ms",
                    publishing.elapsed().as_secs_f64() * 1000.0
                );
                report(&outcome, started, &engine, served_early.get());
            }
            Err(err) => {
                eprint!("{}", crate::base::diag::error_chain(&err));
                let overlay = super::overlay::overlay_message(&format!("{err:#}"));
                app.swap(app.current().failed(overlay.clone()));
                let _ = app.reload.send(Reload::Failed { overlay });
            }
        }
    }
}

/// Waits for the next batch of changes. While none comes for `DERIVED_AFTER`, the
/// whole-book files the last rebuild left out of date are made on another thread
/// (`derived` receives them), so a save made meanwhile is served at once; a result
/// made before a later change is dropped and made again. `None`: no sender is left.
fn next_batch(
    engine: &mut Engine,
    app: &AppState,
    changes: &std_mpsc::Receiver<BTreeSet<Change>>,
    derived: &mut Option<std_mpsc::Receiver<DerivedDone>>,
) -> Option<BTreeSet<Change>> {
    loop {
        if let Some(done) = derived.as_ref().map(std_mpsc::Receiver::try_recv) {
            match done {
                Ok(done) => {
                    *derived = None;
                    if let Some(outcome) = engine.apply_derived(done) {
                        publish(app, engine, &outcome);
                        fold_files(app);
                        if let Outcome::Failed(_) = outcome {
                            report(&outcome, Instant::now(), engine, (0, 0));
                        }
                    }
                }
                Err(std_mpsc::TryRecvError::Disconnected) => *derived = None,
                Err(std_mpsc::TryRecvError::Empty) => {}
            }
        }
        if derived.is_none() && !engine.derived_pending() {
            if app.current().files.changed_since_base() == 0 {
                return changes.recv().ok();
            }
            match changes.recv_timeout(DERIVED_AFTER) {
                Ok(batch) => return Some(batch),
                Err(std_mpsc::RecvTimeoutError::Disconnected) => return None,
                Err(std_mpsc::RecvTimeoutError::Timeout) => {
                    fold_files(app);
                    continue;
                }
            }
        }
        let wait = if derived.is_some() {
            DERIVED_POLL
        } else {
            DERIVED_AFTER
        };
        match changes.recv_timeout(wait) {
            Ok(batch) => return Some(batch),
            Err(std_mpsc::RecvTimeoutError::Disconnected) => return None,
            Err(std_mpsc::RecvTimeoutError::Timeout) if derived.is_none() => {
                let snapshot = Instant::now();
                *derived = engine.derived_job().map(start_derived);
                tracing::debug!(
                    "snapshot for the search index and secret pages in {:.1} ms",
                    snapshot.elapsed().as_secs_f64() * 1000.0
                );
            }
            Err(std_mpsc::RecvTimeoutError::Timeout) => {}
        }
    }
}

/// Folds the files changed since the last fold into the served map (`Files::folded`):
/// O(site), so done while the edits pause, never on the way to serving one.
fn fold_files(app: &AppState) {
    let live = app.current();
    if live.files.changed_since_base() == 0 {
        return;
    }
    let folding = Instant::now();
    app.swap(live.folded());
    tracing::debug!(
        "served files folded in {:.1} ms",
        folding.elapsed().as_secs_f64() * 1000.0
    );
}

/// How often a running `DerivedJob` is looked at.
const DERIVED_POLL: Duration = Duration::from_millis(20);

/// Runs `job` on its own thread, with a pool of its own so that the rebuild of the
/// next save does not queue behind it; its result arrives on the receiver.
fn start_derived(job: DerivedJob) -> std_mpsc::Receiver<DerivedDone> {
    let (tx, rx) = std_mpsc::channel();
    std::thread::spawn(move || {
        let started = Instant::now();
        let done = match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
            Ok(pool) => pool.install(|| job.run()),
            Err(_) => job.run(),
        };
        tracing::debug!(
            "search index and secret pages in {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
        let _ = tx.send(done);
        crate::alloc::collect();
    });
    rx
}

/// Swaps in the new site (or the overlay) and tells the open pages.
pub(crate) fn publish(app: &AppState, engine: &Engine, outcome: &Outcome) {
    let current = app.current();
    match outcome {
        Outcome::Built(update) => {
            let quiet = update.changed.is_empty() && update.removed.is_empty();
            if quiet && current.overlay.is_none() {
                if !update.silent.is_empty() {
                    app.swap(current.updated(update, engine));
                }
                return;
            }
            app.swap(current.updated(update, engine));
            let _ = app.reload.send(built_message(update, engine));
        }
        Outcome::Failed(diags) => {
            let overlay = overlay_html(diags);
            app.swap(current.failed(overlay.clone()));
            let _ = app.reload.send(Reload::Failed { overlay });
        }
    }
}

fn built_message(update: &Update, engine: &Engine) -> Reload {
    let site = engine.site();
    let moved: BTreeMap<String, String> = update
        .removed
        .iter()
        .filter(|p| p.ends_with(".html"))
        .map(|p| (p.clone(), nearest_page(p, |c| site.get(c).is_some())))
        .collect();
    Reload::Built {
        changed: update.changed.clone(),
        removed: update.removed.clone(),
        moved,
    }
}

/// One line per build on stderr, and every diagnostic; then the memory the build freed
/// goes back to the OS. `early`: the files changed and pages rendered that were served
/// before the checks (a page edit's own page).
fn report(outcome: &Outcome, started: Instant, engine: &Engine, early: (usize, usize)) {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let diags = engine.diagnostics();
    if !diags.is_empty() {
        eprintln!("{}", terminal_report(diags));
    }
    match outcome {
        Outcome::Built(update) => eprintln!(
            "built in {ms:.1} ms: {} files changed, {} removed, {} rendered",
            update.changed.len() + early.0,
            update.removed.len(),
            update.rendered + early.1
        ),
        Outcome::Failed(d) => eprintln!(
            "build failed ({}); the last good site is still served",
            crate::base::diag::counts(d)
        ),
    }
    crate::alloc::collect();
}

/// `xdg-open` (or `open` on macOS); a failure is only logged.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        tracing::warn!("could not open a browser with {program}: {e}");
    }
}

/// A Hugo site's mounted content and static folders, and its `static/` (see
/// `watch::BookFolders::mounted`), canonical as `root` is.
fn mounted_folders(root: &std::path::Path, cfg: &crate::config::Config) -> Vec<std::path::PathBuf> {
    let Some(hugo) = &cfg.hugo else {
        return Vec::new();
    };
    // The content folder itself, mounted as it is, is watched as any book's.
    let content = (hugo.mounted.content.iter().flatten())
        .filter(|m| !(m.dir == cfg.content_prefix() && m.under.is_empty()))
        .map(|m| m.dir.clone());
    let statics = hugo.static_dirs().into_iter().map(|d| d.dir);
    content
        .chain(statics)
        .map(|dir| root.join(dir))
        .map(|p| p.canonicalize().unwrap_or(p))
        .collect()
}
