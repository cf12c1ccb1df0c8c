//! Search index sizes of an opsbook build: `search/manifest.json`, the term shards
//! `search/s/*.json` and the record fragments `search/f/*.json` (see `src/search.rs`).
//! Raw sizes always; gzip sizes (level 6, what a web server sends) from the system's
//! `gzip` when it is on the PATH, for the manifest and the largest and median files.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::measure::which;

/// One kind of index file: how many, and the largest and median by raw size.
#[derive(Debug, PartialEq)]
pub(crate) struct Files {
    pub(crate) count: usize,
    /// `(raw bytes, gzip bytes)`; gzip is `None` without `gzip`.
    pub(crate) largest: (u64, Option<u64>),
    pub(crate) median: (u64, Option<u64>),
}

/// The index of one build.
pub(crate) struct SearchSizes {
    pub(crate) manifest: (u64, Option<u64>),
    pub(crate) shards: Files,
    pub(crate) fragments: Files,
}

/// Sizes under `site/search/`; `None` when the build has no search index.
pub(crate) fn measure(site: &Path) -> Option<SearchSizes> {
    let dir = site.join("search");
    let manifest = dir.join("manifest.json");
    let raw = fs::metadata(&manifest).ok()?.len();
    let gzip = which("gzip");
    let gz = |p: &Path| gzip.as_deref().and_then(|g| gzip_len(g, p));
    Some(SearchSizes {
        manifest: (raw, gz(&manifest)),
        shards: files(&sized(&dir.join("s")), &gz),
        fragments: files(&sized(&dir.join("f")), &gz),
    })
}

/// `.json` files directly in `dir` with their sizes, smallest first.
fn sized(dir: &Path) -> Vec<(u64, PathBuf)> {
    let mut v: Vec<(u64, PathBuf)> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| Some((fs::metadata(&p).ok()?.len(), p)))
        .collect();
    v.sort();
    v
}

/// Count, largest and median (the upper middle for an even count) of sorted files.
pub(crate) fn files(sorted: &[(u64, PathBuf)], gz: &dyn Fn(&Path) -> Option<u64>) -> Files {
    let pick = |i: usize| {
        sorted
            .get(i)
            .map_or((0, None), |(raw, p)| (*raw, gz(p.as_path())))
    };
    Files {
        count: sorted.len(),
        largest: pick(sorted.len().saturating_sub(1)),
        median: pick(sorted.len() / 2),
    }
}

/// Bytes of `gzip -6 -c path`.
fn gzip_len(gzip: &Path, path: &Path) -> Option<u64> {
    let out = Command::new(gzip)
        .args(["-6", "-n", "-c"])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout.len() as u64)
}

fn kib(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1024.0)
}

fn gz_kib(bytes: Option<u64>) -> String {
    bytes.map_or_else(|| "n/a".to_string(), kib)
}

/// The index as a Markdown table.
pub(crate) fn table(n: usize, s: &SearchSizes) -> String {
    let mut out = format!(
        "\n### Search index, N = {n}\n\n| file | count | raw KiB | gzip KiB |\n|---|---|---|---|\n"
    );
    let _ = writeln!(
        out,
        "| manifest.json | 1 | {} | {} |",
        kib(s.manifest.0),
        gz_kib(s.manifest.1)
    );
    for (name, f) in [("shard s/", &s.shards), ("fragment f/", &s.fragments)] {
        for (which, (raw, gz)) in [("largest", f.largest), ("median", f.median)] {
            let _ = writeln!(
                out,
                "| {name} {which} | {} | {} | {} |",
                f.count,
                kib(raw),
                gz_kib(gz)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn write_temp(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().expect("a temp file");
        f.write_all(bytes).expect("write");
        f
    }

    #[test]
    fn largest_and_median_by_raw_size() {
        let sorted: Vec<(u64, PathBuf)> = [10, 20, 30, 400]
            .iter()
            .map(|&n| (n, PathBuf::from(format!("{n}.json"))))
            .collect();
        let f = files(&sorted, &|p: &Path| Some(p.as_os_str().len() as u64));
        assert_eq!(
            f,
            Files {
                count: 4,
                largest: (400, Some(8)),
                median: (30, Some(7)),
            }
        );
        let none = files(&[], &|_: &Path| None);
        assert_eq!(none.count, 0);
        assert_eq!(none.largest, (0, None));
    }

    #[test]
    fn table_lists_manifest_shards_and_fragments() {
        let f = |c| Files {
            count: c,
            largest: (2048, Some(512)),
            median: (1024, None),
        };
        let t = table(
            5,
            &SearchSizes {
                manifest: (3072, Some(1024)),
                shards: f(7),
                fragments: f(2),
            },
        );
        assert!(t.contains("| manifest.json | 1 | 3.0 | 1.0 |"), "{t}");
        assert!(t.contains("| shard s/ largest | 7 | 2.0 | 0.5 |"), "{t}");
        assert!(t.contains("| fragment f/ median | 2 | 1.0 | n/a |"), "{t}");
    }

    #[test]
    fn gzip_shrinks_repetitive_json() {
        let Some(gzip) = which("gzip") else {
            return;
        };
        let f = write_temp(&b"[\"term\",[1,2,3]],".repeat(500));
        let n = gzip_len(&gzip, f.path()).expect("gzip runs");
        assert!(n > 0 && n < 1000, "{n}");
    }
}
