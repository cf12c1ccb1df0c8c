//! `bench`: opsbook side by side with its peers on a generated runbook book.
//!
//! ```text
//! cargo build --release --bins
//! target/release/bench run --pages 1000,10000 --runs 3      # the whole benchmark
//! target/release/bench gen --pages 1000 --out /tmp/corpus   # only the corpus
//! target/release/bench floor IN OUT                         # only the floor program
//! ```
//!
//! `run` generates the corpus for each N (deterministic from `--seed`), builds it with
//! opsbook, the floor program and each peer found on the PATH (mdBook, Hugo, Zola;
//! absent ones are skipped with a note), and prints one table per N plus scaling.

mod corpus;
mod floor;
mod measure;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::measure::{Measure, Tool, measure, version, which};

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
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where corpora and outputs go [default: a folder in the system temp dir].
        #[arg(long)]
        work: Option<PathBuf>,
        /// The opsbook binary [default: `opsbook` beside this program].
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

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e:#}");
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
        Cmd::Run {
            pages,
            runs,
            seed,
            work,
            opsbook,
        } => bench(&pages, runs, seed, work, opsbook),
    }
}

fn bench(
    sizes: &[usize],
    runs: usize,
    seed: u64,
    work: Option<PathBuf>,
    opsbook: Option<PathBuf>,
) -> anyhow::Result<()> {
    let me = std::env::current_exe().context("cannot find this program")?;
    let opsbook = opsbook.unwrap_or_else(|| me.with_file_name("opsbook"));
    anyhow::ensure!(
        opsbook.is_file(),
        "{} is missing: run `cargo build --release --bins` first",
        opsbook.display()
    );
    let work = work.unwrap_or_else(|| std::env::temp_dir().join("opsbook-bench"));
    let mut notes = vec![
        format!(
            "machine: {} cores; timings are wall clock, median of {runs} after 1 warm-up",
            cores()
        ),
        "incremental rebuild under serve: n/a until serve lands".to_string(),
        "build of 10 versions: n/a until versions land".to_string(),
        "search index shard sizes: n/a until search lands".to_string(),
    ];
    let peers = peers(&mut notes);
    for line in &notes {
        println!("# {line}");
    }
    let mut scaling: Vec<(usize, Vec<Scale>)> = Vec::new();
    for &n in sizes {
        let dir = work.join(format!("n{n}"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        corpus::generate(n, seed).write(&dir)?;
        let tools = tools(&dir, &opsbook, &me, &peers);
        let mut rows = Vec::new();
        for tool in &tools {
            eprintln!("bench: N={n} {} …", tool.name);
            match measure(tool, runs) {
                Ok(m) => rows.push((tool, m)),
                Err(e) => println!("# N={n}: {} skipped: {e:#}", tool.name),
            }
        }
        println!("{}", table(n, &rows));
        scaling.push((
            n,
            rows.iter()
                .map(|(t, m)| (t.name, m.wall(), m.out_bytes as f64 / n as f64))
                .collect(),
        ));
    }
    println!("{}", scaling_table(&scaling));
    Ok(())
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

fn peers(notes: &mut Vec<String>) -> Vec<Peer> {
    let mut found = Vec::new();
    for (name, args) in [
        ("mdbook", &["--version"][..]),
        ("hugo", &["version"][..]),
        ("zola", &["--version"][..]),
    ] {
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

/// One row per tool: time, spread, peak RSS, ratios opsbook/tool, output per page.
fn table(n: usize, rows: &[(&Tool, Measure)]) -> String {
    let base = rows
        .iter()
        .find(|(t, _)| t.name == "opsbook")
        .map(|(_, m)| m);
    let mut s = format!(
        "\n## N = {n}\n\n| tool | version | wall s (median) | runs min–max | CPU s (median) | peak RSS MiB | time opsbook/tool | CPU opsbook/tool | RSS opsbook/tool | output KiB/page | files |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
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
            "| {} | {} | {:.3} | {:.3}–{:.3} | {:.3} | {:.1} | {:.2} | {:.2} | {:.2} | {:.1} | {} |",
            tool.name,
            tool.version,
            m.wall(),
            m.walls.first().copied().unwrap_or(f64::NAN),
            m.walls.last().copied().unwrap_or(f64::NAN),
            m.cpu(),
            m.rss_mib(),
            rt,
            rc,
            rm,
            m.out_bytes as f64 / 1024.0 / n as f64,
            m.out_files,
        );
    }
    let _ = writeln!(
        s,
        "| opsbook serve, one-page edit | | n/a until serve lands | | | | | | | | |"
    );
    let _ = writeln!(
        s,
        "| opsbook, 10 versions | | n/a until versions land | | | | | | | | |"
    );
    s
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
