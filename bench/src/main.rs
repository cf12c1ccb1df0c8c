//! `opsbook-bench`: opsbook side by side with its peers on a generated runbook book.
//!
//! A workspace member of its own (package `opsbook-bench`, never published), so
//! `cargo install --path .` installs only `opsbook`. It runs the `opsbook` binary found
//! beside its own executable, so build both in one go, from the repository root:
//!
//! ```text
//! cargo build --release --workspace
//! target/release/opsbook-bench run --pages 1000,10000 --runs 3    # the whole benchmark
//! target/release/opsbook-bench run --pages 200 --runs 1 --only opsbook,floor
//! target/release/opsbook-bench serve --pages 10000    # only save → served under serve
//! target/release/opsbook-bench gen --pages 1000 --out /tmp/corpus   # only the corpus
//! target/release/opsbook-bench floor IN OUT           # only the floor program
//! ```
//!
//! `cargo run --release -p opsbook-bench -- run …` works too: it builds `opsbook`
//! first, in the same profile (see [`beside`]).
//!
//! `run` generates the corpus for each N (deterministic from `--seed`), builds it with
//! opsbook, the floor program and each peer found on the PATH (mdBook, Hugo, Zola;
//! absent ones are skipped with a note), then measures opsbook's search index
//! (shards.rs), a one-page edit under `opsbook serve` (serve.rs) and a build of ten
//! release tags (versions.rs, N ≤ 1000), and prints one table per N plus scaling.
//! The floor program links the same allocator as opsbook, tuned the same way.

mod corpus;
mod floor;
mod measure;
mod serve;
mod shards;
mod versions;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::measure::{Measure, Tool, measure, version, which};
use crate::serve::{KINDS, ServeResult, ServeRun};

/// The largest N at which the ten-version build is measured.
const VERSIONS_MAX_N: usize = 1000;

#[derive(Parser)]
#[command(about = "Benchmark opsbook against mdBook, Hugo, Zola and the floor")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Generate the corpus in every layout and build it with every tool found.
    Run {
        /// Page counts, comma separated.
        #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
        pages: Vec<usize>,
        /// Measured runs per tool (after one warm-up).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// A tool whose warm-up takes longer than this many seconds is not run again:
        /// its one run is reported as "1 run (slow)".
        #[arg(long, default_value_t = 120.0)]
        slow: f64,
        /// Only these tools, comma separated (opsbook, floor, mdbook, hugo, zola). The
        /// serve, versions and search measurements come with opsbook.
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// Edits per kind under serve.
        #[arg(long, default_value_t = 10)]
        edits: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where corpora and outputs go [default: a folder in the system temp dir].
        #[arg(long)]
        work: Option<PathBuf>,
        /// The opsbook binary [default: `opsbook` beside this program].
        #[arg(long)]
        opsbook: Option<PathBuf>,
    },
    /// Only the incremental rebuild: start `opsbook serve` on an N-page corpus, edit one
    /// page `--edits` times per kind, report save → new HTML served.
    Serve {
        #[arg(long, default_value_t = 1000)]
        pages: usize,
        #[arg(long, default_value_t = 10)]
        edits: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Show the server's own log (`serve -v`: rebuild times) on stderr.
        #[arg(long)]
        log: bool,
        #[arg(long)]
        work: Option<PathBuf>,
        #[arg(long)]
        opsbook: Option<PathBuf>,
    },
    /// Only generate the corpus: OUT/{opsbook,mdbook,zola,hugo,floor}.
    Gen {
        #[arg(long, default_value_t = 1000)]
        pages: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// The floor program: pulldown-cmark + syntect on every .md under IN → OUT.
    Floor { input: PathBuf, output: PathBuf },
}

/// The allocator opsbook's binary declares, so the floor is like for like
/// (`opsbook::alloc`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    opsbook::alloc::tune();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("opsbook-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Cmd::Gen { pages, seed, out } => {
            corpus::generate(pages, seed).write(&out)?;
            println!("wrote {pages} pages into {}", out.display());
            Ok(())
        }
        Cmd::Floor { input, output } => {
            let n = floor::run(&input, &output)?;
            println!("floor: {n} pages");
            Ok(())
        }
        Cmd::Serve {
            pages,
            edits,
            seed,
            log,
            work,
            opsbook,
        } => serve_only(pages, edits, seed, log, &Paths::new(work, opsbook)?),
        Cmd::Run {
            pages,
            runs,
            slow,
            only,
            edits,
            seed,
            work,
            opsbook,
        } => bench(
            &Settings {
                runs,
                slow,
                only,
                edits,
                seed,
            },
            &pages,
            &Paths::new(work, opsbook)?,
        ),
    }
}

/// The programs and the work folder.
struct Paths {
    me: PathBuf,
    opsbook: PathBuf,
    work: PathBuf,
}

impl Paths {
    fn new(work: Option<PathBuf>, opsbook: Option<PathBuf>) -> anyhow::Result<Paths> {
        let me = std::env::current_exe().context("cannot find this program")?;
        let opsbook = match opsbook {
            Some(given) => given,
            None => beside(&me)?,
        };
        anyhow::ensure!(
            opsbook.is_file(),
            "{} is missing: run `cargo build --release --workspace` first, or pass --opsbook",
            opsbook.display()
        );
        let work = work.unwrap_or_else(|| std::env::temp_dir().join("opsbook-bench"));
        Ok(Paths { me, opsbook, work })
    }
}

/// `opsbook` beside this program. Under `cargo run` (which sets `CARGO` and
/// `CARGO_MANIFEST_DIR`), it is first built in the same profile, so the benchmark
/// always measures the opsbook of the same checkout; a no-op when up to date.
fn beside(me: &Path) -> anyhow::Result<PathBuf> {
    let opsbook = me.with_file_name("opsbook");
    let (Some(cargo), Some(manifest_dir)) = (
        std::env::var_os("CARGO"),
        std::env::var_os("CARGO_MANIFEST_DIR"),
    ) else {
        return Ok(opsbook);
    };
    let profile = match me.parent().and_then(Path::file_name) {
        Some(dir) if dir == "debug" => "dev".into(),
        Some(dir) => dir.to_string_lossy().into_owned(),
        None => return Ok(opsbook),
    };
    let manifest = Path::new(&manifest_dir).join("../Cargo.toml");
    let status = std::process::Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--package",
            "opsbook",
            "--bin",
            "opsbook",
        ])
        .args(["--profile", &profile, "--manifest-path"])
        .arg(&manifest)
        .status()
        .context("failed to run cargo to build opsbook")?;
    anyhow::ensure!(status.success(), "cargo could not build opsbook ({status})");
    Ok(opsbook)
}

/// How `run` measures.
struct Settings {
    runs: usize,
    slow: f64,
    only: Vec<String>,
    edits: usize,
    seed: u64,
}

impl Settings {
    fn wants(&self, tool: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|o| o == tool)
    }
}

fn serve_only(
    pages: usize,
    edits: usize,
    seed: u64,
    log: bool,
    paths: &Paths,
) -> anyhow::Result<()> {
    let dir = paths.work.join(format!("serve-n{pages}"));
    measure::discard(&dir)?;
    let corpus = corpus::generate(pages, seed);
    corpus.write_opsbook(&dir.join("opsbook"))?;
    let r = serve::measure(&ServeRun {
        opsbook: &paths.opsbook,
        book: &dir.join("opsbook"),
        corpus: &corpus,
        edits,
        log,
    })?;
    println!(
        "{pages} pages: first page served {:.0} ms after start; resident memory then: {}",
        r.first_page_ms,
        r.resident_mib
            .map_or("unknown".to_string(), |m| format!("{m:.0} MiB"))
    );
    for (k, kind) in KINDS.iter().enumerate() {
        let (med, lo, hi) = r.stats(k);
        println!(
            "{pages:>6} pages, {kind:<12}: save → new HTML served: median {med:.1} ms (min {lo:.1}, max {hi:.1}, n={})",
            r.samples[k].len()
        );
    }
    Ok(())
}

/// The rows below the tools: serve and versions, measured or why not.
struct Extras {
    serve: Result<ServeResult, String>,
    versions: Result<Measure, String>,
}

fn bench(set: &Settings, sizes: &[usize], paths: &Paths) -> anyhow::Result<()> {
    measure::use_trash(paths.work.join("trash"));
    let mut notes = vec![format!(
        "machine: {} cores; timings are wall clock, median of {} after 1 warm-up (a warm-up over {}s is the only run)",
        cores(),
        set.runs,
        set.slow
    )];
    let peers = peers(&mut notes, |name| set.wants(name));
    if set.wants("opsbook") {
        notes.push(format!(
            "serve: {} edits per kind, save → new HTML served over HTTP (debounce included); versions: tags v1.0–v1.9 (~{}% of pages edited per tag) + the working tree, at N ≤ {VERSIONS_MAX_N}",
            set.edits,
            versions::PERCENT_PER_TAG
        ));
    }
    for line in &notes {
        println!("# {line}");
    }
    let mut scaling: Vec<(usize, Vec<Scale>)> = Vec::new();
    for &n in sizes {
        let dir = paths.work.join(format!("n{n}"));
        measure::discard(&dir)?;
        let corpus = corpus::generate(n, set.seed);
        corpus.write(&dir)?;
        let tools: Vec<Tool> = tools(&dir, &paths.opsbook, &paths.me, &peers)
            .into_iter()
            .filter(|t| set.wants(t.name))
            .collect();
        let mut rows = Vec::new();
        for tool in &tools {
            eprintln!("bench: N={n} {} …", tool.name);
            match measure(tool, set.runs, set.slow) {
                Ok(m) => rows.push((tool, m)),
                Err(e) => println!("# N={n}: {} skipped: {e:#}", tool.name),
            }
        }
        let search = set
            .wants("opsbook")
            .then(|| shards::measure(&dir.join("out/opsbook")))
            .flatten();
        let extras = extras(set, n, sizes, &dir, &corpus, paths);
        println!("{}", table(n, &rows, extras.as_ref()));
        if let Some(s) = &search {
            println!("{}", shards::table(n, s));
        }
        scaling.push((
            n,
            rows.iter()
                .map(|(t, m)| (t.name, m.wall(), m.out_bytes as f64 / n as f64))
                .collect(),
        ));
    }
    println!("{}", scaling_table(&scaling));
    eprintln!("bench: removing the old outputs …");
    measure::empty_trash()
}

/// Serve and versions at this N, when opsbook is among the tools.
fn extras(
    set: &Settings,
    n: usize,
    sizes: &[usize],
    dir: &Path,
    corpus: &corpus::Corpus,
    paths: &Paths,
) -> Option<Extras> {
    if !set.wants("opsbook") {
        return None;
    }
    eprintln!("bench: N={n} opsbook serve …");
    let serve = serve::measure(&ServeRun {
        opsbook: &paths.opsbook,
        book: &dir.join("opsbook"),
        corpus,
        edits: set.edits,
        log: false,
    })
    .map_err(|e| format!("failed: {e:#}"));
    let versions = if n <= VERSIONS_MAX_N {
        eprintln!("bench: N={n} opsbook, 10 versions …");
        versioned(set, corpus, dir, paths).map_err(|e| format!("failed: {e:#}"))
    } else if sizes.contains(&VERSIONS_MAX_N) {
        Err(format!("10 versions: measured at N={VERSIONS_MAX_N}"))
    } else {
        Err(format!(
            "10 versions: measured at N ≤ {VERSIONS_MAX_N} only"
        ))
    };
    Some(Extras { serve, versions })
}

/// Makes the ten-tag repository beside the corpus and times `opsbook build` of it.
fn versioned(
    set: &Settings,
    corpus: &corpus::Corpus,
    dir: &Path,
    paths: &Paths,
) -> anyhow::Result<Measure> {
    let repo = dir.join("opsbook-versions");
    versions::prepare(corpus, &dir.join("opsbook"), &repo, set.seed)?;
    let out = dir.join("out/opsbook-versions");
    let tool = Tool {
        name: "opsbook, 10 versions",
        version: version(&paths.opsbook, &["--version"]).unwrap_or_default(),
        program: paths.opsbook.clone(),
        args: vec![
            "build".into(),
            repo.display().to_string(),
            "-o".into(),
            out.display().to_string(),
        ],
        out,
    };
    let m = measure(&tool, set.runs, set.slow)?;
    let published = std::fs::read_dir(&tool.out)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .count();
    anyhow::ensure!(
        published == versions::TAGS + 1,
        "expected {} version folders in {}, found {published}",
        versions::TAGS + 1,
        tool.out.display()
    );
    Ok(m)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A peer found on the PATH: name, program, version.
struct Peer {
    name: &'static str,
    program: PathBuf,
    version: String,
}

/// The peers `wanted` that are on the PATH, each with a note (its version, or absent).
fn peers(notes: &mut Vec<String>, wanted: impl Fn(&str) -> bool) -> Vec<Peer> {
    let mut found = Vec::new();
    for (name, args) in [
        ("mdbook", &["--version"][..]),
        ("hugo", &["version"][..]),
        ("zola", &["--version"][..]),
    ] {
        if !wanted(name) {
            continue;
        }
        match which(name) {
            Some(program) => {
                let version = version(&program, args).unwrap_or_else(|| "?".into());
                notes.push(format!("{name}: {version}"));
                found.push(Peer {
                    name,
                    program,
                    version,
                });
            }
            None => notes.push(format!("{name}: not found on the PATH, skipped")),
        }
    }
    found
}

/// The Zola layout's config file for this Zola (`zola 0.22.1`): 0.22 changed the
/// highlighting keys and refuses the old ones.
fn zola_config(version: &str) -> &'static str {
    let number = version.split_whitespace().last().unwrap_or("");
    let mut parts = number.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    match (parts.next(), parts.next()) {
        (Some(0), Some(minor)) if minor < 22 => corpus::ZOLA_OLD_CONFIG,
        _ => "config.toml",
    }
}

fn tools(dir: &Path, opsbook: &Path, me: &Path, peers: &[Peer]) -> Vec<Tool> {
    let out = dir.join("out");
    let s = |p: &Path| p.display().to_string();
    let mut tools = vec![
        Tool {
            name: "opsbook",
            version: version(opsbook, &["--version"]).unwrap_or_default(),
            program: opsbook.to_path_buf(),
            args: vec![
                "build".into(),
                s(&dir.join("opsbook")),
                "-o".into(),
                s(&out.join("opsbook")),
            ],
            out: out.join("opsbook"),
        },
        Tool {
            name: "floor",
            version: "pulldown-cmark + syntect".into(),
            program: me.to_path_buf(),
            args: vec!["floor".into(), s(&dir.join("floor")), s(&out.join("floor"))],
            out: out.join("floor"),
        },
    ];
    for peer in peers {
        let o = out.join(peer.name);
        let args = match peer.name {
            "mdbook" => vec!["build".into(), s(&dir.join("mdbook")), "-d".into(), s(&o)],
            "hugo" => vec![
                "--source".into(),
                s(&dir.join("hugo")),
                "--destination".into(),
                s(&o),
                "--quiet".into(),
            ],
            _ => vec![
                "--root".into(),
                s(&dir.join("zola")),
                "--config".into(),
                zola_config(&peer.version).into(),
                "build".into(),
                "--output-dir".into(),
                s(&o),
                "--force".into(),
            ],
        };
        tools.push(Tool {
            name: peer.name,
            version: peer.version.clone(),
            program: peer.program.clone(),
            args,
            out: o,
        });
    }
    tools
}

/// One row per tool: time, spread, peak RSS, ratios opsbook/tool, output per page;
/// then the serve and versions rows when `extras` were measured.
fn table(n: usize, rows: &[(&Tool, Measure)], extras: Option<&Extras>) -> String {
    let base = rows
        .iter()
        .find(|(t, _)| t.name == "opsbook")
        .map(|(_, m)| m);
    let mut s = format!(
        "\n## N = {n}\n\n| tool | version | wall s (median) | runs min–max | CPU s (median; system part) | peak RSS MiB | time opsbook/tool | CPU opsbook/tool | RSS opsbook/tool | output KiB/page | files |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
    );
    for (tool, m) in rows {
        let (rt, rc, rm) = base.map_or((f64::NAN, f64::NAN, f64::NAN), |b| {
            (
                b.wall() / m.wall(),
                b.cpu() / m.cpu(),
                b.rss_mib() / m.rss_mib(),
            )
        });
        let _ = writeln!(
            s,
            "| {} | {} | {:.3} | {} | {} | {:.1} | {:.2} | {:.2} | {:.2} | {:.1} | {} |",
            tool.name,
            tool.version,
            m.wall(),
            m.runs_cell(),
            m.cpu_cell(),
            m.rss_mib(),
            rt,
            rc,
            rm,
            m.out_bytes as f64 / 1024.0 / n as f64,
            m.out_files,
        );
    }
    if let Some(x) = extras {
        s.push_str(&serve_rows(&x.serve, base.map(|m| m.out_bytes)));
        s.push_str(&versions_row(n, &x.versions, base));
    }
    s
}

/// One row per kind of edit: median, min–max in milliseconds; then the server's
/// resident memory after its first build, over the size of the site opsbook wrote
/// (`site_bytes`).
fn serve_rows(serve: &Result<ServeResult, String>, site_bytes: Option<u64>) -> String {
    let r = match serve {
        Ok(r) => r,
        Err(why) => {
            return format!("| opsbook serve, one-page edit | | {why} | | | | | | | | |\n");
        }
    };
    let mut s = String::new();
    for (k, kind) in KINDS.iter().enumerate() {
        let (med, lo, hi) = r.stats(k);
        let _ = writeln!(
            s,
            "| opsbook serve, one-page edit: {kind} | {} edits, first page after {:.0} ms | {med:.1} ms | {lo:.1}–{hi:.1} ms | | | | | | | |",
            r.samples[k].len(),
            r.first_page_ms
        );
    }
    if let Some(mib) = r.resident_mib {
        let site = site_bytes.map(|b| b as f64 / 1024.0 / 1024.0);
        let ratio = site.map_or(String::new(), |site| {
            format!("{:.2}× the site ({site:.0} MiB on disk)", mib / site)
        });
        let _ = writeln!(
            s,
            "| opsbook serve, resident after the first build | | | | | {mib:.1} | | | {ratio} | | |"
        );
    }
    s
}

/// The ten-version build: its time and RSS, and both over one build (`base`); output
/// per page is per page of each published copy (ten tags + the working tree).
fn versions_row(n: usize, versions: &Result<Measure, String>, base: Option<&Measure>) -> String {
    let m = match versions {
        Ok(m) => m,
        Err(why) => return format!("| opsbook, 10 versions | | {why} | | | | | | | | |\n"),
    };
    let (rt, rc, rm) = base.map_or((f64::NAN, f64::NAN, f64::NAN), |b| {
        (
            m.wall() / b.wall(),
            m.cpu() / b.cpu(),
            m.rss_mib() / b.rss_mib(),
        )
    });
    let copies = (versions::TAGS + 1) as f64;
    format!(
        "| opsbook, 10 versions | 10 tags + working tree | {:.3} | {} | {} | {:.1} | {rt:.2}× one build | {rc:.2}× one build | {rm:.2}× one build | {:.1} per copy | {} |\n",
        m.wall(),
        m.runs_cell(),
        m.cpu_cell(),
        m.rss_mib(),
        m.out_bytes as f64 / 1024.0 / n as f64 / copies,
        m.out_files,
    )
}

/// One tool at one N: name, median wall seconds, output bytes per page.
type Scale = (&'static str, f64, f64);

/// Time and output per page at the largest N over the smallest, per tool.
fn scaling_table(runs: &[(usize, Vec<Scale>)]) -> String {
    let (Some((n0, first)), Some((n1, last))) = (runs.first(), runs.last()) else {
        return String::new();
    };
    if n0 == n1 {
        return String::new();
    }
    let mut s = format!(
        "\n## Scaling N = {n0} → {n1} ({:.0}× pages)\n\n| tool | time ratio | output/page ratio |\n|---|---|---|\n",
        *n1 as f64 / *n0 as f64
    );
    for (name, t1, b1) in last {
        if let Some((_, t0, b0)) = first.iter().find(|(n, _, _)| n == name) {
            let _ = writeln!(s, "| {name} | {:.2} | {:.3} |", t1 / t0, b1 / b0);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(walls: &[f64], rss_mib: u64, slow: bool) -> Measure {
        Measure {
            walls: walls.to_vec(),
            rss_kib: vec![rss_mib * 1024],
            cpus: walls.to_vec(),
            syss: vec![0.5],
            out_bytes: 10 * 1024 * 1024,
            out_files: 42,
            slow,
        }
    }

    fn tool(name: &'static str) -> Tool {
        Tool {
            name,
            version: "v1".into(),
            program: PathBuf::from(name),
            args: Vec::new(),
            out: PathBuf::from("out"),
        }
    }

    #[test]
    fn table_has_ratios_the_slow_marker_and_the_extra_rows() {
        let (ops, hugo) = (tool("opsbook"), tool("hugo"));
        let rows = vec![
            (&ops, m(&[1.0, 2.0, 3.0], 100, false)),
            (&hugo, m(&[8.0], 400, true)),
        ];
        let extras = Extras {
            serve: Ok(ServeResult {
                samples: [vec![20.0, 21.0, 30.0], vec![40.0, 50.0, 90.0]],
                first_page_ms: 812.0,
                resident_mib: Some(300.0),
            }),
            versions: Ok(m(&[5.0], 150, false)),
        };
        let t = table(1024, &rows, Some(&extras));
        assert!(
            t.contains("| opsbook | v1 | 2.000 | 1.000–3.000 | 2.000 (0.50 sys) | 100.0 | 1.00 |"),
            "{t}"
        );
        assert!(
            t.contains("| hugo | v1 | 8.000 | 1 run (slow) | 8.000 (0.50 sys) | 400.0 | 0.25 | 0.25 | 0.25 | 10.0 | 42 |"),
            "{t}"
        );
        assert!(
            t.contains("| opsbook serve, one-page edit: a word | 3 edits, first page after 812 ms | 21.0 ms | 20.0–30.0 ms |"),
            "{t}"
        );
        assert!(t.contains("| opsbook serve, one-page edit: a link added | 3 edits, first page after 812 ms | 50.0 ms | 40.0–90.0 ms |"), "{t}");
        assert!(
            t.contains("| opsbook serve, resident after the first build | | | | | 300.0 | | | 30.00× the site (10 MiB on disk) | | |"),
            "{t}"
        );
        assert!(
            t.contains("| opsbook, 10 versions | 10 tags + working tree | 5.000 | 5.000–5.000 | 5.000 (0.50 sys) | 150.0 | 2.50× one build | 2.50× one build | 1.50× one build | 0.9 per copy | 42 |"),
            "{t}"
        );
    }

    #[test]
    fn table_says_why_an_extra_row_was_not_measured() {
        let extras = Extras {
            serve: Err("failed: boom".into()),
            versions: Err("10 versions: measured at N=1000".into()),
        };
        let t = table(10_000, &[], Some(&extras));
        assert!(
            t.contains("| opsbook serve, one-page edit | | failed: boom |"),
            "{t}"
        );
        assert!(
            t.contains("| opsbook, 10 versions | | 10 versions: measured at N=1000 |"),
            "{t}"
        );
        assert!(!table(10, &[], None).contains("serve"));
    }

    #[test]
    fn scaling_compares_the_largest_n_with_the_smallest() {
        let runs = vec![
            (1000, vec![("opsbook", 1.0, 100.0), ("hugo", 2.0, 50.0)]),
            (10_000, vec![("opsbook", 10.5, 100.0), ("hugo", 30.0, 60.0)]),
        ];
        let t = scaling_table(&runs);
        assert!(t.contains("N = 1000 → 10000 (10× pages)"), "{t}");
        assert!(t.contains("| opsbook | 10.50 | 1.000 |"), "{t}");
        assert!(t.contains("| hugo | 15.00 | 1.200 |"), "{t}");
        assert_eq!(scaling_table(&runs[..1]), "");
    }

    #[test]
    fn only_selects_tools_and_empty_selects_all() {
        let set = |only: &[&str]| Settings {
            runs: 1,
            slow: 1.0,
            only: only.iter().map(|s| s.to_string()).collect(),
            edits: 1,
            seed: 1,
        };
        assert!(set(&[]).wants("mdbook"));
        assert!(set(&["opsbook", "hugo"]).wants("hugo"));
        assert!(!set(&["opsbook", "hugo"]).wants("mdbook"));
    }
}
