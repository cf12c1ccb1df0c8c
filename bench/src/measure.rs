//! Timing whole processes: each tool runs under `/usr/bin/time -v` (peak RSS), its
//! wall clock taken around it; one warm-up run, then the median of the measured runs.
//! The output folder is moved aside before every run (untimed), so each run is a full
//! build into a new folder; the old ones are removed when the benchmark ends.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context as _, bail};

/// A tool to time: how to run it and where it writes.
pub(crate) struct Tool {
    pub(crate) name: &'static str,
    pub(crate) version: String,
    pub(crate) program: PathBuf,
    pub(crate) args: Vec<String>,
    pub(crate) out: PathBuf,
}

/// What the measured runs gave.
pub(crate) struct Measure {
    /// Wall clock of each measured run, seconds, sorted.
    pub(crate) walls: Vec<f64>,
    /// Peak RSS of each measured run, KiB, sorted.
    pub(crate) rss_kib: Vec<u64>,
    /// CPU seconds (user + system) of each measured run, sorted: less noisy than the
    /// wall clock on a shared machine.
    pub(crate) cpus: Vec<f64>,
    /// The system (kernel) part of each run's CPU seconds, sorted: file writes, page
    /// faults, inode allocation.
    pub(crate) syss: Vec<f64>,
    /// Bytes and files under the output folder after the last run.
    pub(crate) out_bytes: u64,
    pub(crate) out_files: u64,
    /// The warm-up took longer than `--slow`: it is the one run reported.
    pub(crate) slow: bool,
}

impl Measure {
    pub(crate) fn wall(&self) -> f64 {
        median_f(&self.walls)
    }

    pub(crate) fn cpu(&self) -> f64 {
        median_f(&self.cpus)
    }

    pub(crate) fn sys(&self) -> f64 {
        median_f(&self.syss)
    }

    /// The CPU cell: median CPU seconds and the median system part, `26.220 (3.70 sys)`.
    pub(crate) fn cpu_cell(&self) -> String {
        format!("{:.3} ({:.2} sys)", self.cpu(), self.sys())
    }

    /// The "runs min–max" cell: `1.20–1.31`, or `1 run (slow)`.
    pub(crate) fn runs_cell(&self) -> String {
        if self.slow {
            return "1 run (slow)".to_string();
        }
        format!(
            "{:.3}–{:.3}",
            self.walls.first().copied().unwrap_or(f64::NAN),
            self.walls.last().copied().unwrap_or(f64::NAN)
        )
    }

    pub(crate) fn rss_mib(&self) -> f64 {
        let mut v: Vec<f64> = self.rss_kib.iter().map(|&k| k as f64 / 1024.0).collect();
        v.sort_by(f64::total_cmp);
        median_f(&v)
    }
}

pub(crate) fn median_f(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// One warm-up, then `runs` measured runs; when the warm-up takes more than `slow`
/// seconds it is the only run, reported as such.
pub(crate) fn measure(tool: &Tool, runs: usize, slow: f64) -> anyhow::Result<Measure> {
    let warm = once(tool).with_context(|| format!("{} warm-up run failed", tool.name))?;
    let is_slow = warm.0 > slow;
    let measured = if is_slow {
        vec![warm]
    } else {
        (0..runs)
            .map(|_| once(tool))
            .collect::<anyhow::Result<_>>()?
    };
    let mut walls = Vec::new();
    let mut rss_kib = Vec::new();
    let mut cpus = Vec::new();
    let mut syss = Vec::new();
    for (wall, report) in measured {
        walls.push(wall);
        rss_kib.push(peak_rss(&report).unwrap_or(0));
        cpus.push(cpu_seconds(&report).unwrap_or(f64::NAN));
        syss.push(time_field(&report, "System time (seconds):").unwrap_or(f64::NAN));
    }
    walls.sort_by(f64::total_cmp);
    cpus.sort_by(f64::total_cmp);
    syss.sort_by(f64::total_cmp);
    rss_kib.sort_unstable();
    let (out_bytes, out_files) = size_of(&tool.out);
    Ok(Measure {
        walls,
        rss_kib,
        cpus,
        syss,
        out_bytes,
        out_files,
        slow: is_slow,
    })
}

/// Where [`discard`] moves old folders while the benchmark runs.
static TRASH: OnceLock<PathBuf> = OnceLock::new();

/// Makes [`discard`] move folders into `dir` (on the same file system as the work
/// folder) instead of removing them; [`empty_trash`] removes them when timing is over.
///
/// Why: on a file system whose kernel skips recently freed inodes one by one when it
/// allocates a new one (ext4 without a journal, as on the machines this project runs
/// on), removing a tool's output just before its next run makes every file of that
/// run walk past every file just removed: a cost quadratic in the tool's file count
/// that is the benchmark's doing, not the tool's, and that moved the floor's system
/// time from 0.06 to 0.33 s between two runs of the same build.
pub(crate) fn use_trash(dir: PathBuf) {
    let _ = TRASH.set(dir);
}

/// Removes `path` (a folder), or moves it into the trash when there is one.
pub(crate) fn discard(path: &Path) -> anyhow::Result<()> {
    discard_into(path, TRASH.get().map(PathBuf::as_path))
}

fn discard_into(path: &Path, trash: Option<&Path>) -> anyhow::Result<()> {
    static N: AtomicUsize = AtomicUsize::new(0);
    if !path.exists() {
        return Ok(());
    }
    if let Some(trash) = trash {
        fs::create_dir_all(trash)?;
        let n = N.fetch_add(1, Ordering::Relaxed);
        let to = trash.join(format!("{}-{n}", std::process::id()));
        if fs::rename(path, &to).is_ok() {
            return Ok(());
        }
    }
    fs::remove_dir_all(path).with_context(|| format!("failed to remove {}", path.display()))
}

/// Removes everything [`discard`] moved (and any trash an interrupted run left).
pub(crate) fn empty_trash() -> anyhow::Result<()> {
    match TRASH.get() {
        Some(trash) if trash.exists() => fs::remove_dir_all(trash)
            .with_context(|| format!("failed to remove {}", trash.display())),
        _ => Ok(()),
    }
}

/// Wall seconds and the `time -v` report of one run.
fn once(tool: &Tool) -> anyhow::Result<(f64, String)> {
    discard(&tool.out)?;
    let report = tempfile::NamedTempFile::new()?;
    let start = Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-v")
        .arg("-o")
        .arg(report.path())
        .arg(&tool.program)
        .args(&tool.args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("failed to start /usr/bin/time for {}", tool.name))?;
    let wall = start.elapsed().as_secs_f64();
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        let tail: String = err
            .chars()
            .rev()
            .take(2000)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        bail!("{} failed ({}):\n{tail}", tool.name, output.status);
    }
    Ok((wall, fs::read_to_string(report.path())?))
}

/// `Maximum resident set size (kbytes): 12345` from `time -v`.
pub(crate) fn peak_rss(report: &str) -> Option<u64> {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

/// User plus system seconds from `time -v`.
pub(crate) fn cpu_seconds(report: &str) -> Option<f64> {
    Some(
        time_field(report, "User time (seconds):")? + time_field(report, "System time (seconds):")?,
    )
}

/// The number after `name` in a `time -v` report.
pub(crate) fn time_field(report: &str, name: &str) -> Option<f64> {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix(name))
        .and_then(|v| v.trim().parse().ok())
}

/// Total bytes and files under `dir`.
pub(crate) fn size_of(dir: &Path) -> (u64, u64) {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(b, f), e| {
            (b + e.metadata().map(|m| m.len()).unwrap_or(0), f + 1)
        })
}

/// The first line of `program --version` (or `hugo version`), `None` when absent.
pub(crate) fn version(program: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string()
    })
}

/// `name` on the PATH (or in ~/.cargo/bin), like `which`.
pub(crate) fn which(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discard_moves_into_the_trash_or_removes() {
        let tmp = tempfile::tempdir().unwrap();
        let trash = tmp.path().join("trash");
        for (name, into) in [("a", Some(trash.as_path())), ("b", None)] {
            let out = tmp.path().join(name);
            fs::create_dir_all(out.join("x")).unwrap();
            fs::write(out.join("x/f.html"), "hi").unwrap();
            discard_into(&out, into).unwrap();
            assert!(!out.exists());
        }
        let moved: Vec<_> = fs::read_dir(&trash).unwrap().flatten().collect();
        assert_eq!(moved.len(), 1, "a moved, b removed");
        assert!(moved[0].path().join("x/f.html").exists());
        discard_into(&tmp.path().join("absent"), Some(&trash)).unwrap();
    }

    #[test]
    fn reads_peak_rss_from_time_report() {
        let report =
            "\tCommand being timed: \"true\"\n\tMaximum resident set size (kbytes): 1868\n";
        assert_eq!(peak_rss(report), Some(1868));
        assert_eq!(peak_rss("nothing"), None);
        let cpu = "\tUser time (seconds): 1.25\n\tSystem time (seconds): 0.50\n";
        assert_eq!(cpu_seconds(cpu), Some(1.75));
        assert_eq!(cpu_seconds("\tUser time (seconds): 1.25\n"), None);
        assert_eq!(time_field(cpu, "System time (seconds):"), Some(0.5));
    }

    #[test]
    fn runs_cell_shows_the_spread_or_the_slow_single_run() {
        let mut m = Measure {
            walls: vec![1.0, 1.25, 2.5],
            rss_kib: vec![2048],
            cpus: vec![1.0],
            syss: vec![0.25, 0.5, 2.0],
            out_bytes: 0,
            out_files: 0,
            slow: false,
        };
        assert_eq!(m.runs_cell(), "1.000–2.500");
        assert_eq!(m.wall(), 1.25);
        assert_eq!(m.rss_mib(), 2.0);
        assert_eq!(m.cpu_cell(), "1.000 (0.50 sys)");
        m.slow = true;
        assert_eq!(m.runs_cell(), "1 run (slow)");
    }

    #[test]
    fn a_slow_warm_up_is_the_only_run() {
        let tool = Tool {
            name: "true",
            version: String::new(),
            program: PathBuf::from("true"),
            args: Vec::new(),
            out: std::env::temp_dir().join("opsbook-bench-test-absent"),
        };
        let m = measure(&tool, 3, -1.0).expect("`true` runs");
        assert!(m.slow);
        assert_eq!(m.walls.len(), 1);
        let m = measure(&tool, 3, 60.0).expect("`true` runs");
        assert!(!m.slow);
        assert_eq!(m.walls.len(), 3);
    }

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(median_f(&[1.0, 2.0, 9.0]), 2.0);
        assert_eq!(median_f(&[1.0, 2.0, 4.0, 9.0]), 3.0);
        assert!(median_f(&[]).is_nan());
    }
}
