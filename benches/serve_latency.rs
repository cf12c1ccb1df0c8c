//! Benchmark (not a timed test): save → new HTML served under `opsbook serve`, on a
//! generated book of 1,000 and of 10,000 pages; the median of 10 edits of one page.
//!
//! Run: `cargo bench --bench serve_latency` (or `-- 1000` for one size). It starts the
//! real binary with `serve -p 0`, edits one page's body, and polls that page over HTTP
//! until the new text is served; the time from the write to that response is one
//! sample. With `OPSBOOK_BENCH_LOG=1` the server's own log (rebuild times) is shown.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    };
    for pages in sizes {
        let dir = tempfile::tempdir().expect("a temp dir");
        generate(dir.path(), pages);
        let samples = measure(dir.path(), pages, 10);
        for (kind, samples) in KINDS.iter().zip(samples) {
            let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
            ms.sort_by(f64::total_cmp);
            println!(
                "{pages:>6} pages, {kind:<14}: save → new HTML served: median {:.1} ms (min {:.1}, max {:.1}, n={})",
                median(&ms),
                ms[0],
                ms[ms.len() - 1],
                ms.len()
            );
        }
    }
}

/// The three series: edits 200 ms apart (the search index and secret pages wait until
/// the edits stop), then 1 s apart (they are made again between two edits).
const KINDS: [&str; 3] = ["a word changed", "a link added", "a word, 1 s apart"];

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// A book of `pages` runbooks in folders of 50, each with phases, items and links.
fn generate(root: &Path, pages: usize) {
    write(root, "book.toml", "[book]\ntitle = \"Generated\"\n");
    write(root, "content/index.md", "# Generated book\n\nHome.\n");
    for i in 0..pages {
        let folder = i / 50;
        let next = if (i + 1) % 50 == 0 { i - 49 } else { i + 1 };
        write(
            root,
            &format!("content/f{folder:03}/p{i:05}.md"),
            &page_text(i, next, "first", 0),
        );
    }
}

/// Page `i`; `word` in its intro, `links` more links before its items.
fn page_text(i: usize, next: usize, word: &str, links: usize) -> String {
    let extra: String = (0..links)
        .map(|k| format!("Also [page {k}](p{k:05}.md).\n"))
        .collect();
    format!(
        "# Runbook {i}\n\nIntro {word} paragraph with `code` and **bold**.\n{extra}\n\
         ## Phase 1: prepare\n\n- [ ] Check the backup of service {i}\n- [ ] Announce the window\n\n\
         ## Phase 2: deploy\n\n- [ ] Roll out {i}\n- [x] Verify\n\nSee [the next one](p{next:05}.md).\n\n\
         ```sh\nkubectl rollout status deploy/svc-{i}\n```\n"
    )
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
    std::fs::write(path, text).expect("write a file");
}

/// Starts the server and edits page 7 `edits` times changing one word (served before
/// the checks run), then `edits` times adding a link (checked first), then `edits`
/// times changing a word 1 s apart. Each save → served time.
fn measure(root: &Path, pages: usize, edits: usize) -> [Vec<Duration>; 3] {
    let started = Instant::now();
    let (mut child, addr) = start(root);
    eprintln!(
        "{pages} pages: first build and bind in {} ms",
        started.elapsed().as_millis()
    );
    let target = 7;
    let next = target + 1;
    let path = format!("content/f000/p{target:05}.md");
    let url = format!("/f000/p{target:05}.html");
    let mut samples = [Vec::new(), Vec::new(), Vec::new()];
    for (mode, out) in samples.iter_mut().enumerate() {
        for n in 0..edits {
            std::thread::sleep(Duration::from_millis(if mode == 2 { 1000 } else { 200 }));
            let word = format!("edit-{mode}-{n}-marker");
            let lines = if mode == 1 { n + 1 } else { edits };
            let t0 = Instant::now();
            write(root, &path, &page_text(target, next, &word, lines));
            loop {
                if get(&addr, &url).contains(&word) {
                    out.push(t0.elapsed());
                    break;
                }
                assert!(
                    t0.elapsed() < Duration::from_secs(30),
                    "the edit never showed"
                );
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    samples
}

fn start(root: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["serve", "-p", "0"])
        .args(std::env::var_os("OPSBOOK_BENCH_LOG").map(|_| "-v"))
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(if std::env::var_os("OPSBOOK_BENCH_LOG").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .spawn()
        .expect("start opsbook serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the URL");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("a URL on stdout")
        .to_string();
    (child, addr)
}

fn get(addr: &str, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    text
}
