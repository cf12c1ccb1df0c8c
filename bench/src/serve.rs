//! Incremental rebuild under `opsbook serve`: save one page → its new HTML served.
//!
//! Starts the real binary (`serve -p 0 BOOK`), reads the URL it prints, waits for the
//! first page, then edits one page of the bench corpus `edits` times per kind,
//! alternating the two kinds:
//!
//! - **a word**: one word of the intro changes (links, headings and items stay, so the
//!   page is served before the whole-book checks run);
//! - **a link added**: one more link to another existing page (checked before served).
//!
//! Each sample is the time from the write to the first HTTP response holding the new
//! text (the server's debounce included). The server is killed when the [`Server`]
//! guard drops, on error too, and the page's original text is written back.

use std::fs;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

use crate::corpus::Corpus;
use crate::measure::median_f;

/// How long one edit may take to show before the run fails.
const EDIT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the first build may take (10,000 pages on a busy machine).
const START_TIMEOUT: Duration = Duration::from_secs(600);
/// Pause before each edit, so the previous rebuild and its checks are done.
const SETTLE: Duration = Duration::from_millis(200);
/// Pause between two polls of the page.
const POLL: Duration = Duration::from_millis(1);

/// The two kinds of edit, in the order they alternate.
pub(crate) const KINDS: [&str; 2] = ["a word", "a link added"];

/// Samples in milliseconds, sorted, per kind of edit (in [`KINDS`] order).
pub(crate) struct ServeResult {
    pub(crate) samples: [Vec<f64>; 2],
    /// Start of the server → the first page served, milliseconds.
    pub(crate) first_page_ms: f64,
    /// The server's resident memory once the first page is served (its first build
    /// done), MiB; `None` where `/proc` does not tell it.
    pub(crate) resident_mib: Option<f64>,
}

impl ServeResult {
    /// `(median, min, max)` of one kind, in milliseconds.
    pub(crate) fn stats(&self, kind: usize) -> (f64, f64, f64) {
        stats(&self.samples[kind])
    }
}

/// `(median, min, max)` of sorted samples; NaN when there are none.
pub(crate) fn stats(sorted: &[f64]) -> (f64, f64, f64) {
    (
        median_f(sorted),
        sorted.first().copied().unwrap_or(f64::NAN),
        sorted.last().copied().unwrap_or(f64::NAN),
    )
}

/// What to run and where.
pub(crate) struct ServeRun<'a> {
    pub(crate) opsbook: &'a Path,
    /// The opsbook layout of the corpus (`book.toml`, `content/`).
    pub(crate) book: &'a Path,
    pub(crate) corpus: &'a Corpus,
    /// Edits per kind.
    pub(crate) edits: usize,
    /// Show the server's log (`-v`) on stderr instead of keeping it in `serve.log`.
    pub(crate) log: bool,
}

/// Runs the server, edits one page, returns the samples; the page is restored.
pub(crate) fn measure(run: &ServeRun) -> anyhow::Result<ServeResult> {
    let target =
        target_page(run.corpus).context("the corpus has no Markdown page to edit under serve")?;
    let page = &run.corpus.pages[target];
    let rel = format!("content/{}/{}.md", page.folder, page.stem);
    let path = run.book.join(&rel);
    let original =
        fs::read_to_string(&path).with_context(|| format!("failed to read {}", path.display()))?;
    let url = format!("/{}/{}.html", page.folder, page.stem);
    let links = link_targets(run.corpus, target, run.edits);
    anyhow::ensure!(
        links.len() == run.edits,
        "the corpus has no other Markdown page to link to"
    );
    let result = with_server(run, |server, started| {
        server.wait_for(&url, &page.title, started, START_TIMEOUT)?;
        let first_page_ms = started.elapsed().as_secs_f64() * 1000.0;
        std::thread::sleep(SETTLE);
        let resident_mib = resident_mib(server.child.id());
        let mut samples = [Vec::new(), Vec::new()];
        for k in 0..run.edits {
            for (kind, out) in samples.iter_mut().enumerate() {
                std::thread::sleep(SETTLE);
                let added = &links[..k + kind];
                let text = edited(&original, &format!("edit{kind}x{k}marker"), added);
                let expect = if kind == 0 {
                    format!("edit{kind}x{k}marker")
                } else {
                    format!("edit-link-{k}")
                };
                let t0 = Instant::now();
                fs::write(&path, &text)
                    .with_context(|| format!("failed to write {}", path.display()))?;
                server.wait_for(&url, &expect, t0, EDIT_TIMEOUT)?;
                out.push(t0.elapsed().as_secs_f64() * 1000.0);
            }
        }
        for s in &mut samples {
            s.sort_by(f64::total_cmp);
        }
        Ok(ServeResult {
            samples,
            first_page_ms,
            resident_mib,
        })
    });
    let restored = fs::write(&path, &original).with_context(|| format!("failed to restore {rel}"));
    let result = result?;
    restored?;
    Ok(result)
}

/// Starts the server, gives it to `f`, and kills it when `f` returns (or fails).
fn with_server<T>(
    run: &ServeRun,
    f: impl FnOnce(&mut Server, Instant) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let started = Instant::now();
    let mut server = Server::start(run.opsbook, run.book, run.log)?;
    f(&mut server, started).map_err(|e| match server.log_tail() {
        Some(tail) => e.context(format!("server log:\n{tail}")),
        None => e,
    })
}

/// The first Markdown page from the 8th on (page 7 when it is Markdown): the page edited.
pub(crate) fn target_page(corpus: &Corpus) -> Option<usize> {
    let n = corpus.pages.len();
    (0..n)
        .map(|i| (i + 7.min(n.saturating_sub(1))) % n)
        .find(|&i| corpus.pages[i].yaml.is_none())
}

/// Markdown pages to link to from `target`, one per link edit: `(link text, path)`.
/// Paths are relative to the target's folder, as the corpus writes its links.
pub(crate) fn link_targets(corpus: &Corpus, target: usize, count: usize) -> Vec<(String, String)> {
    let others: Vec<usize> = (0..corpus.pages.len())
        .filter(|&i| i != target && corpus.pages[i].yaml.is_none())
        .collect();
    if others.is_empty() {
        return Vec::new();
    }
    (0..count)
        .map(|k| {
            let p = &corpus.pages[others[(k * 37) % others.len()]];
            (
                format!("edit-link-{k}"),
                format!("../{}/{}.md", p.folder, p.stem),
            )
        })
        .collect()
}

/// `original` with `word` at the start of the intro paragraph and one line per link
/// before it (`Also edit-link-k: [edit-link-k](path).`).
pub(crate) fn edited(original: &str, word: &str, links: &[(String, String)]) -> String {
    let extra: String = links
        .iter()
        .map(|(text, path)| format!("Also {text}: [{text}]({path}).\n\n"))
        .collect();
    // The H1 line ends the front matter's block; the intro starts two newlines later.
    let at = original
        .find("\n# ")
        .and_then(|h1| original[h1 + 1..].find("\n\n").map(|e| h1 + 1 + e + 2))
        .unwrap_or(original.len());
    format!(
        "{}{extra}{word} {}",
        &original[..at],
        original.get(at..).unwrap_or("")
    )
}

/// A running `opsbook serve`; killed and reaped on drop.
struct Server {
    child: Child,
    addr: String,
    log: Option<PathBuf>,
}

impl Server {
    fn start(opsbook: &Path, book: &Path, log: bool) -> anyhow::Result<Server> {
        let log_path = (!log).then(|| book.with_file_name("serve.log"));
        let stderr = match &log_path {
            Some(p) => Stdio::from(
                fs::File::create(p).with_context(|| format!("failed to create {}", p.display()))?,
            ),
            None => Stdio::inherit(),
        };
        let mut child = Command::new(opsbook)
            .args(["serve", "-p", "0"])
            .args(log.then_some("-v"))
            .arg(book)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .with_context(|| format!("failed to start {} serve", opsbook.display()))?;
        let stdout = child.stdout.take();
        // The guard exists from here on: any error below still kills the child.
        let mut server = Server {
            child,
            addr: String::new(),
            log: log_path,
        };
        let mut reader = BufReader::new(stdout.context("no stdout from opsbook serve")?);
        let mut line = String::new();
        reader
            .read_line(&mut line)
            .context("failed to read the URL opsbook serve prints")?;
        server.addr = address(&line)
            .with_context(|| format!("no http:// URL in the server's first line {line:?}"))?;
        // Keep draining stdout so the server never writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        Ok(server)
    }

    /// Polls `url` until its body holds `text`; fails `timeout` after `since`, or when
    /// the server has exited.
    fn wait_for(
        &mut self,
        url: &str,
        text: &str,
        since: Instant,
        timeout: Duration,
    ) -> anyhow::Result<()> {
        loop {
            if get(&self.addr, url).contains(text) {
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                bail!("opsbook serve exited ({status}) before {url} showed {text:?}");
            }
            if since.elapsed() > timeout {
                bail!("{url} never showed {text:?} within {timeout:?}");
            }
            std::thread::sleep(POLL);
        }
    }

    /// The last lines of the server's stderr, when it went to a file.
    fn log_tail(&self) -> Option<String> {
        let text = fs::read_to_string(self.log.as_ref()?).ok()?;
        let lines: Vec<&str> = text.lines().collect();
        Some(lines[lines.len().saturating_sub(20)..].join("\n"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `VmRSS` of process `pid` from `/proc/PID/status`, MiB (Linux).
fn resident_mib(pid: u32) -> Option<f64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    vm_rss_mib(&status)
}

/// `VmRSS:     12345 kB` → MiB.
pub(crate) fn vm_rss_mib(status: &str) -> Option<f64> {
    let line = status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?;
    let kib: f64 = line.trim().strip_suffix("kB")?.trim().parse().ok()?;
    Some(kib / 1024.0)
}

/// `host:port` from `Serving … at http://127.0.0.1:4242/ (Ctrl-C to stop)`.
pub(crate) fn address(line: &str) -> Option<String> {
    let rest = line.split("http://").nth(1)?;
    let addr = rest.split('/').next()?.trim();
    (!addr.is_empty()).then(|| addr.to_string())
}

/// The raw response to `GET path` (empty when the server does not answer).
fn get(addr: &str, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_memory_is_read_from_proc_status() {
        let status = "Name:\topsbook\nVmHWM:\t 2048 kB\nVmRSS:\t 1536 kB\nThreads:\t4\n";
        assert_eq!(vm_rss_mib(status), Some(1.5));
        assert_eq!(vm_rss_mib("Name:\tx\n"), None);
    }
    use crate::corpus;

    #[test]
    fn reads_the_address_from_the_serving_line() {
        assert_eq!(
            address("Serving /b at http://127.0.0.1:4242/ (Ctrl-C to stop)\n").as_deref(),
            Some("127.0.0.1:4242")
        );
        assert_eq!(address("Serving /b at somewhere\n"), None);
        assert_eq!(address("http:///"), None);
    }

    #[test]
    fn word_edit_goes_into_the_intro_and_links_before_it() {
        let page = "---\ntitle: T\n---\n# T\n\nIntro words here.\n\n## Phase 1: X\n";
        let word = edited(page, "edit0x3marker", &[]);
        assert_eq!(
            word,
            "---\ntitle: T\n---\n# T\n\nedit0x3marker Intro words here.\n\n## Phase 1: X\n"
        );
        let links = vec![("edit-link-0".to_string(), "../a/b.md".to_string())];
        let link = edited(page, "w", &links);
        assert!(
            link.contains("# T\n\nAlso edit-link-0: [edit-link-0](../a/b.md).\n\nw Intro"),
            "{link}"
        );
    }

    #[test]
    fn edits_a_markdown_page_and_links_to_other_markdown_pages() {
        let c = corpus::generate(12, 1);
        let t = target_page(&c).expect("a Markdown page");
        assert!(c.pages[t].yaml.is_none());
        let links = link_targets(&c, t, 10);
        assert_eq!(links.len(), 10);
        let own = format!("../{}/{}.md", c.pages[t].folder, c.pages[t].stem);
        assert!(links.iter().all(|(_, p)| *p != own), "{links:?}");
        assert_eq!(links[3].0, "edit-link-3");
    }

    /// A stand-in for `opsbook serve`: prints the serving line, then runs `then`.
    fn fake_server(dir: &Path, then: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt as _;
        let script = dir.join("fake-opsbook");
        fs::write(
            &script,
            format!(
                "#!/bin/sh\necho \"Serving book at http://127.0.0.1:9/ (Ctrl-C to stop)\"\n{then}\n"
            ),
        )
        .expect("write the script");
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).expect("chmod");
        script
    }

    #[test]
    fn dropping_the_server_kills_it() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let script = fake_server(dir.path(), "exec sleep 30");
        let server = Server::start(&script, &dir.path().join("book"), false).expect("starts");
        assert_eq!(server.addr, "127.0.0.1:9");
        let proc_dir = PathBuf::from(format!("/proc/{}", server.child.id()));
        assert!(proc_dir.exists());
        drop(server);
        assert!(!proc_dir.exists(), "the server outlived its guard");
    }

    #[test]
    fn a_server_that_exits_fails_the_wait_at_once() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let script = fake_server(dir.path(), "echo broken >&2; exit 3");
        let mut server = Server::start(&script, &dir.path().join("book"), false).expect("starts");
        let t0 = Instant::now();
        let err = server
            .wait_for("/x.html", "never", t0, Duration::from_secs(20))
            .expect_err("the server is gone");
        assert!(t0.elapsed() < Duration::from_secs(10));
        assert!(err.to_string().contains("exited"), "{err}");
        assert_eq!(server.log_tail().as_deref(), Some("broken"));
    }

    #[test]
    fn stats_are_median_min_max() {
        assert_eq!(stats(&[1.0, 2.0, 10.0]), (2.0, 1.0, 10.0));
        let (m, lo, hi) = stats(&[]);
        assert!(m.is_nan() && lo.is_nan() && hi.is_nan());
    }
}
