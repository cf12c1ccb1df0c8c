//! Stage 7: the in-memory `Site` onto disk, safely (STYLE.md §5). `check_target` refuses
//! an output folder that could hold anything but our own output; `write` fills
//! `<out>.opsbook-staging-<random>` beside OUT, marks it with `.opsbook-output`, then
//! swaps it in. OUT is never emptied first, and nothing opsbook did not write is deleted.
//! `state.rs` writes team state files, the other thing opsbook writes into a book.
//! Uses base/, config/, parse/ (state edits) and render/ (the `Site`).

pub(crate) mod run;
mod staging;
pub(crate) mod state;

pub(crate) use staging::Staging;

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use crate::config::Config;
use crate::render::site::Site;

/// The file inside every output folder opsbook wrote; without it, OUT is not ours.
pub(crate) const MARKER: &str = ".opsbook-output";

const MARKER_TEXT: &str =
    "This folder was written by opsbook. The next `opsbook build` replaces it as a whole.\n";

/// Refuses an OUT that is `/`, the home folder, the book root or above it, or is or lies
/// inside `content/`, `themes/` or the state folder; or that is a file; or that is a
/// non-empty folder without our marker. The error names the folder and how to fix it.
pub(crate) fn check_target(root: &Path, out: &Path, cfg: &Config) -> anyhow::Result<()> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let guard = Guard {
        root: resolve(root)?,
        home: home.map(|h| resolve(&h)).transpose()?,
        protected: vec![
            (resolve(&root.join("content"))?, "the book's content folder"),
            (resolve(&root.join("themes"))?, "the book's themes folder"),
            (
                resolve(&root.join(&cfg.state.dir))?,
                "the book's state folder",
            ),
        ],
    };
    let out = resolve(out)?;
    guard.check(&out)?;
    check_existing(&out)
}

/// Writes every file of `site` into a staging folder beside `out`, adds the marker,
/// then swaps it in place of `out`. On any failure the old `out` is left as it was and
/// the staging folder is removed. Refuses a non-empty `out` without the marker.
pub(crate) fn write(site: &Site, out: &Path) -> anyhow::Result<()> {
    let staging = Staging::open(out)?;
    write_files(site, staging.path())?;
    staging.finish()?;
    tracing::info!("wrote {} file(s) into {}", site.len(), out.display());
    Ok(())
}

/// `<out>` + this + six random letters: the folder a build writes into.
const STAGING: &str = ".opsbook-staging-";
/// `<out>` + this + six random letters: the old site, moved aside where the OS cannot
/// swap two folders in one step.
const OLD: &str = ".opsbook-old-";

/// An exclusive lock on the folder `dir`, held by this process until dropped (and
/// released by the kernel if the process dies). `None` where folders cannot be locked.
fn hold(dir: &Path) -> Option<fs::File> {
    let file = fs::File::open(dir).ok()?;
    file.try_lock().ok()?;
    Some(file)
}

/// Removes the staging and moved-aside folders beside OUT (`<name>.opsbook-staging-…`,
/// `<name>.opsbook-old-…`) that a build killed midway left behind: one whose lock can
/// be taken has no live build writing it. A large book leaves hundreds of megabytes
/// per killed build. Best effort: a failure is only logged.
fn remove_dead_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(name)) else {
            continue;
        };
        let ours = [STAGING, OLD].iter().any(|kind| {
            rest.strip_prefix(kind)
                .is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric()))
        });
        let path = entry.path();
        if !ours || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Some(lock) = hold(&path) else {
            continue; // a build is writing it, or it cannot be locked: leave it
        };
        match fs::remove_dir_all(&path) {
            Ok(()) => tracing::info!(
                "removed {}, left by a build that was stopped",
                path.display()
            ),
            Err(e) => tracing::warn!("could not remove {}: {e}", path.display()),
        }
        drop(lock);
    }
}

/// The places OUT must not be, resolved to absolute paths.
struct Guard {
    root: PathBuf,
    home: Option<PathBuf>,
    protected: Vec<(PathBuf, &'static str)>,
}

impl Guard {
    fn check(&self, out: &Path) -> anyhow::Result<()> {
        let reason = if out.parent().is_none() {
            Some("it is the root of the file system".to_string())
        } else if self.home.as_deref() == Some(out) {
            Some("it is your home folder".into())
        } else if self.root == out {
            Some("it is the book folder itself".into())
        } else if self.root.starts_with(out) {
            Some("it contains the book folder".into())
        } else {
            self.protected.iter().find_map(|(dir, what)| {
                (out == dir).then(|| format!("it is {what}")).or_else(|| {
                    out.starts_with(dir)
                        .then(|| format!("it lies inside {what}"))
                })
            })
        };
        match reason {
            Some(reason) => bail!(
                "refusing to write the site into {}: {reason}\n  hint: choose another folder with `-o OUT`, or set `output` in the [site] section of book.toml (default `site`)",
                out.display()
            ),
            None => Ok(()),
        }
    }
}

/// OUT may be absent, an empty folder, or a folder with our marker; anything else is
/// someone else's and is refused.
fn check_existing(out: &Path) -> anyhow::Result<()> {
    let meta = match fs::metadata(out) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("failed to inspect {}", out.display())),
    };
    if !meta.is_dir() {
        bail!(
            "refusing to write the site into {}: it is a file, not a folder\n  hint: choose another folder with `-o OUT`",
            out.display()
        );
    }
    if out.join(MARKER).is_file() {
        return Ok(());
    }
    let mut entries =
        fs::read_dir(out).with_context(|| format!("failed to read {}", out.display()))?;
    if entries.next().is_some() {
        bail!(
            "refusing to write the site into {}: the folder is not empty and opsbook did not write it (it has no {MARKER} file)\n  hint: opsbook never deletes files it did not write; empty or remove the folder, or choose another with `-o OUT`",
            out.display()
        );
    }
    Ok(())
}

/// An absolute, normalised path with symlinks resolved as far as the path exists, so
/// `site/../content` and a symlink to `content/` are both seen as `content/`.
fn resolve(path: &Path) -> anyhow::Result<PathBuf> {
    let clean = normalize(path)?;
    let mut existing = clean.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
            return Ok(clean);
        };
        rest.push(name.to_os_string());
        existing = parent;
    }
    let mut real = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    real.extend(rest.iter().rev());
    Ok(real)
}

/// Absolute, with `.` and `..` removed lexically (`a/b/..` → `a`).
fn normalize(path: &Path) -> anyhow::Result<PathBuf> {
    let abs = std::path::absolute(path)
        .with_context(|| format!("failed to resolve {}", path.display()))?;
    let mut clean = PathBuf::new();
    for part in abs.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    Ok(clean)
}

fn split_out(out: &Path) -> anyhow::Result<(&Path, &str)> {
    match (out.parent(), out.file_name().and_then(|n| n.to_str())) {
        (Some(parent), Some(name)) => Ok((parent, name)),
        _ => bail!(
            "cannot write the site into {}: it has no folder name",
            out.display()
        ),
    }
}

/// Staging folders are created private (0700); a published site is readable by all.
fn open_permissions(dir: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o755))
            .with_context(|| format!("failed to set permissions of {}", dir.display()))?;
    }
    let _ = dir;
    Ok(())
}

/// Writes every file: the folders first (sorted, each once), then the files in
/// parallel. A file with the same bytes as an earlier one (a page unchanged between
/// two versions) is a hard link to it. The first error in path order is reported.
fn write_files(site: &Site, dir: &Path) -> anyhow::Result<()> {
    let files: Vec<(&String, PathBuf, &crate::render::site::Bytes)> = site
        .files
        .iter()
        .map(|(rel, bytes)| Ok((rel, dir.join(checked_rel(rel)?), bytes)))
        .collect::<anyhow::Result<_>>()?;
    let folders: std::collections::BTreeSet<&Path> = files
        .iter()
        .filter_map(|(_, path, _)| path.parent())
        .collect();
    for folder in folders {
        fs::create_dir_all(folder)
            .with_context(|| format!("failed to create the folder {}", folder.display()))?;
    }
    let bytes: Vec<&[u8]> = files.iter().map(|(_, _, b)| b.as_slice()).collect();
    let same = same_as_earlier(&bytes);
    let write = |i: usize| -> anyhow::Result<()> {
        let (rel, path, bytes) = &files[i];
        let linked = same[i].is_some_and(|j| fs::hard_link(&files[j].1, path).is_ok());
        if !linked {
            fs::write(path, bytes.as_slice()).with_context(|| format!("failed to write {rel}"))?;
        }
        tracing::trace!("wrote {rel} ({} bytes)", bytes.len());
        Ok(())
    };
    // Originals first, then the links to them.
    let mut results: Vec<(usize, anyhow::Result<()>)> = (0..files.len())
        .into_par_iter()
        .filter(|&i| same[i].is_none())
        .map(|i| (i, write(i)))
        .collect();
    results.extend(
        (0..files.len())
            .into_par_iter()
            .filter(|&i| same[i].is_some())
            .map(|i| (i, write(i)))
            .collect::<Vec<_>>(),
    );
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().try_for_each(|(_, r)| r)
}

/// Smallest file worth a hard link instead of a copy.
const LINK_MIN_BYTES: usize = 1024;

/// For each file, the index of an earlier file with exactly the same bytes, if any.
/// Only files whose length another file shares are hashed, then compared in full.
fn same_as_earlier(files: &[&[u8]]) -> Vec<Option<usize>> {
    use std::collections::HashMap;
    use std::hash::BuildHasher as _;
    let mut by_len: HashMap<usize, usize> = HashMap::new();
    for f in files.iter().filter(|f| f.len() >= LINK_MIN_BYTES) {
        *by_len.entry(f.len()).or_default() += 1;
    }
    // FxHash, not SipHash: a versioned site hashes every page of every version (most
    // are the same bytes), and equal hashes are confirmed byte for byte below.
    let hasher = crate::base::hash::FxBuildHasher;
    let hashes: Vec<Option<u64>> = files
        .par_iter()
        .map(|f| (by_len.get(&f.len()).copied().unwrap_or(0) > 1).then(|| hasher.hash_one(f)))
        .collect();
    let mut first: HashMap<(usize, u64), usize> = HashMap::new();
    hashes
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let key = (files[i].len(), (*h)?);
            match first.get(&key) {
                Some(&j) if files[j] == files[i] => Some(j),
                Some(_) => None,
                None => {
                    first.insert(key, i);
                    None
                }
            }
        })
        .collect()
}

/// A site path must stay inside OUT: relative, `/`-separated, no `.` or `..` parts.
fn checked_rel(rel: &str) -> anyhow::Result<PathBuf> {
    let parts: Vec<&str> = rel.split('/').collect();
    let bad = rel.contains('\\')
        || parts
            .iter()
            .any(|p| p.is_empty() || *p == "." || *p == ".." || p.contains(':'));
    if bad {
        bail!("invalid path in the built site: `{rel}` (a bug in opsbook or its theme)");
    }
    Ok(parts.iter().collect())
}

/// Puts the staging folder in place of OUT, so that OUT is at every moment the old site
/// or the new one, even if the process is killed: where the OS can, the two folders
/// swap names in one step (`exchange`), and the old site, now under the staging name,
/// is removed. Elsewhere the old OUT is moved aside, the staging folder in, and the old
/// one removed; if the second rename fails, the old OUT is put back.
fn swap(staging: tempfile::TempDir, out: &Path, parent: &Path, name: &str) -> anyhow::Result<()> {
    if fs::symlink_metadata(out).is_err() {
        fs::rename(staging.path(), out)
            .with_context(|| format!("failed to move the new site into {}", out.display()))?;
        let _ = staging.keep();
        return Ok(());
    }
    let swapped = exchange(staging.path(), out)
        .with_context(|| format!("failed to move the new site into {}", out.display()))?;
    if swapped {
        let old = staging.path().to_path_buf();
        if let Err(e) = staging.close() {
            tracing::warn!(
                "could not remove the previous site at {}: {e}",
                old.display()
            );
        }
        return Ok(());
    }
    let aside = tempfile::Builder::new()
        .prefix(&format!("{name}{OLD}"))
        .tempdir_in(parent)
        .with_context(|| format!("failed to create a folder in {}", parent.display()))?;
    fs::rename(out, aside.path())
        .with_context(|| format!("failed to move the old {} aside", out.display()))?;
    if let Err(e) = fs::rename(staging.path(), out) {
        let restored = fs::rename(aside.path(), out);
        if restored.is_ok() {
            let _ = aside.keep();
        }
        return Err(e)
            .with_context(|| format!("failed to move the new site into {}", out.display()));
    }
    let _ = staging.keep();
    let old = aside.keep();
    if let Err(e) = fs::remove_dir_all(&old) {
        tracing::warn!(
            "could not remove the previous site at {}: {e}",
            old.display()
        );
    }
    Ok(())
}

/// Swaps the names of two existing paths in one atomic step (Linux's `renameat2` with
/// `RENAME_EXCHANGE`). `Ok(false)` where the OS or the file system cannot.
/// Called as a raw system call: the musl that Rust's `*-linux-musl` targets link (the
/// static release binaries) has no `renameat2` wrapper, glibc has had one since 2.28.
#[cfg(all(target_os = "linux", any(target_env = "gnu", target_env = "musl")))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt as _;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are NUL-terminated paths that live across the call; AT_FDCWD makes
    // relative paths relative to the current folder, as `fs::rename` does; the
    // arguments are those of renameat2(2), widened to the `long`s syscall(2) takes.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD as libc::c_long,
            a.as_ptr(),
            libc::AT_FDCWD as libc::c_long,
            b.as_ptr(),
            libc::RENAME_EXCHANGE as libc::c_long,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        // An old kernel, or a file system without exchange (some network ones).
        Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(all(target_os = "linux", any(target_env = "gnu", target_env = "musl"))))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn book() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("book");
        for d in ["content/ops", "themes/default", "state"] {
            fs::create_dir_all(root.join(d)).unwrap();
        }
        fs::write(root.join("content/index.md"), "# Home\n").unwrap();
        (dir, root)
    }

    fn refusal(root: &Path, out: &Path) -> String {
        let err = check_target(root, out, &Config::default()).expect_err("must refuse");
        format!("{err:#}")
    }

    /// Every file below `dir` with its bytes.
    fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, fs::read(e.path()).unwrap())
            })
            .collect()
    }

    #[test]
    fn equal_files_are_written_once_and_linked() {
        let page = "x".repeat(LINK_MIN_BYTES);
        let other = "y".repeat(LINK_MIN_BYTES);
        let (_keep, root) = book();
        let out = root.join("site");
        let s = site(&[
            ("v1/a.html", page.as_str()),
            ("v2/a.html", page.as_str()),
            ("v2/b.html", other.as_str()),
            ("v1/.nojekyll", ""),
            ("v2/.nojekyll", ""),
        ]);
        write(&s, &out).unwrap();
        for (rel, text) in [
            ("v1/a.html", &page),
            ("v2/a.html", &page),
            ("v2/b.html", &other),
        ] {
            assert_eq!(&fs::read_to_string(out.join(rel)).unwrap(), text);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt as _;
            let ino = |rel: &str| fs::metadata(out.join(rel)).unwrap().ino();
            assert_eq!(ino("v1/a.html"), ino("v2/a.html"), "one file, two names");
            assert_ne!(ino("v1/a.html"), ino("v2/b.html"));
            assert_ne!(
                ino("v1/.nojekyll"),
                ino("v2/.nojekyll"),
                "small files are copies"
            );
        }
    }

    #[test]
    fn same_length_is_not_same_bytes() {
        let a = vec![1u8; LINK_MIN_BYTES];
        let mut b = a.clone();
        b[7] = 2;
        let files: Vec<&[u8]> = vec![&a, &b, &a, &b];
        assert_eq!(same_as_earlier(&files), [None, None, Some(0), Some(1)]);
    }

    fn site(files: &[(&str, &str)]) -> Site {
        let mut s = Site::default();
        for (p, b) in files {
            s.insert(*p, *b);
        }
        s
    }

    #[test]
    fn refuses_root_home_book_and_above() {
        let (_tmp, root) = book();
        assert!(refusal(&root, Path::new("/")).contains("root of the file system"));
        assert!(refusal(&root, &root).contains("it is the book folder itself"));
        assert!(refusal(&root, &root.join("site/..")).contains("book folder itself"));
        let above = refusal(&root, root.parent().unwrap());
        assert!(above.contains("it contains the book folder"), "{above}");
        assert!(
            above.contains("hint: choose another folder with `-o OUT`"),
            "{above}"
        );
        if let Some(home) = std::env::var_os("HOME") {
            let msg = refusal(&root, Path::new(&home));
            assert!(
                msg.contains("home folder") || msg.contains("contains the book"),
                "{msg}"
            );
        }
    }

    #[test]
    fn refuses_content_themes_state_and_inside() {
        let (_tmp, root) = book();
        let msg = refusal(&root, &root.join("content"));
        assert!(msg.contains("it is the book's content folder"), "{msg}");
        assert!(
            msg.contains(&root.join("content").display().to_string()),
            "{msg}"
        );
        let msg = refusal(&root, &root.join("content/ops/new"));
        assert!(msg.contains("inside the book's content folder"), "{msg}");
        assert!(refusal(&root, &root.join("themes")).contains("themes folder"));
        assert!(refusal(&root, &root.join("site/../state/x")).contains("state folder"));
    }

    #[test]
    fn refuses_the_configured_state_dir() {
        let (_tmp, root) = book();
        let mut cfg = Config::default();
        cfg.state.dir = "progress".into();
        let err = check_target(&root, &root.join("progress"), &cfg).unwrap_err();
        assert!(err.to_string().contains("state folder"), "{err}");
        assert!(check_target(&root, &root.join("state"), &cfg).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_symlink_into_content() {
        let (_tmp, root) = book();
        std::os::unix::fs::symlink(root.join("content"), root.join("site")).unwrap();
        assert!(refusal(&root, &root.join("site")).contains("content folder"));
    }

    #[test]
    fn refuses_a_foreign_folder_and_a_file() {
        let (_tmp, root) = book();
        fs::create_dir_all(root.join("site")).unwrap();
        fs::write(root.join("site/notes.txt"), "mine").unwrap();
        let msg = refusal(&root, &root.join("site"));
        assert!(
            msg.contains("not empty and opsbook did not write it"),
            "{msg}"
        );
        fs::write(root.join("out"), "a file").unwrap();
        assert!(refusal(&root, &root.join("out")).contains("it is a file"));
        let err = write(&site(&[("index.html", "x")]), &root.join("site")).unwrap_err();
        assert!(
            err.to_string().contains("did not write it"),
            "write guards too: {err}"
        );
        assert_eq!(fs::read(root.join("site/notes.txt")).unwrap(), b"mine");
    }

    #[test]
    fn accepts_new_empty_marked_and_outside_folders() {
        let (tmp, root) = book();
        let cfg = Config::default();
        assert!(check_target(&root, &root.join("site"), &cfg).is_ok());
        fs::create_dir_all(root.join("empty")).unwrap();
        assert!(check_target(&root, &root.join("empty"), &cfg).is_ok());
        assert!(check_target(&root, &tmp.path().join("elsewhere/site"), &cfg).is_ok());
        fs::create_dir_all(root.join("old")).unwrap();
        fs::write(root.join("old").join(MARKER), "").unwrap();
        fs::write(root.join("old/index.html"), "").unwrap();
        assert!(check_target(&root, &root.join("old"), &cfg).is_ok());
    }

    #[test]
    fn writes_files_with_folders_and_marker() {
        let (_tmp, root) = book();
        let out = root.join("site");
        write(
            &site(&[("index.html", "<h1>"), ("ops/deploy.html", "d")]),
            &out,
        )
        .unwrap();
        let files = tree(&out);
        let names: Vec<_> = files.keys().map(String::as_str).collect();
        assert_eq!(names, [MARKER, "index.html", "ops/deploy.html"]);
        assert_eq!(files["ops/deploy.html"], b"d");
        let siblings: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(
            !siblings
                .iter()
                .any(|n| n.to_string_lossy().contains("opsbook-")),
            "{siblings:?}"
        );
    }

    #[test]
    fn swap_replaces_the_old_site_entirely() {
        let (_tmp, root) = book();
        let out = root.join("site");
        write(&site(&[("old.html", "1"), ("index.html", "1")]), &out).unwrap();
        write(&site(&[("index.html", "2")]), &out).unwrap();
        let files = tree(&out);
        assert_eq!(
            files.keys().map(String::as_str).collect::<Vec<_>>(),
            [MARKER, "index.html"]
        );
        assert_eq!(files["index.html"], b"2");
        let leftovers = fs::read_dir(&root)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .contains(".opsbook-")
            })
            .count();
        assert_eq!(leftovers, 0);
    }

    /// The names in `dir`, sorted.
    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_folders() {
        let (_tmp, root) = book();
        let (a, b) = (root.join("a"), root.join("b"));
        for (dir, text) in [(&a, "A"), (&b, "B")] {
            fs::create_dir(dir).unwrap();
            fs::write(dir.join("f"), text).unwrap();
        }
        assert!(exchange(&a, &b).unwrap(), "tmp file systems can exchange");
        assert_eq!(fs::read(a.join("f")).unwrap(), b"B");
        assert_eq!(fs::read(b.join("f")).unwrap(), b"A");
    }

    #[test]
    fn leftovers_of_stopped_builds_are_removed_and_live_ones_kept() {
        let (_tmp, root) = book();
        let out = root.join("site");
        write(&site(&[("index.html", "1")]), &out).unwrap();
        let names = [
            "site.opsbook-staging-Ab12Cd",
            "site.opsbook-old-Xy34Zw",
            "site.opsbook-staging-Live12",
            "site.opsbook-staging-notes",
            "other.opsbook-staging-Ab12Cd",
        ];
        for n in names {
            fs::create_dir(root.join(n)).unwrap();
            fs::write(root.join(n).join("page.html"), "half").unwrap();
        }
        let live = hold(&root.join("site.opsbook-staging-Live12")).unwrap();
        write(&site(&[("index.html", "2")]), &out).unwrap();
        let left: Vec<String> = names_in(&root)
            .into_iter()
            .filter(|n| n.contains(".opsbook-"))
            .collect();
        assert_eq!(left, [names[4], names[2], names[3]]);
        drop(live);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"2");
    }

    #[test]
    fn failed_write_leaves_old_output_as_it_was() {
        let (_tmp, root) = book();
        let out = root.join("site");
        write(&site(&[("index.html", "good")]), &out).unwrap();
        let before = tree(&out);
        // `a` is a file, so `a/b.html` cannot be created: the write fails midway.
        let broken = site(&[("a", "file"), ("a/b.html", "x")]);
        assert!(write(&broken, &out).is_err());
        assert_eq!(tree(&out), before);
        let escaping = site(&[("../escape.html", "x")]);
        let err = write(&escaping, &out).unwrap_err();
        assert!(err.to_string().contains("invalid path"), "{err}");
        assert!(!root.join("escape.html").exists());
        assert_eq!(tree(&out), before);
        let names = names_in(&root);
        assert!(!names.iter().any(|n| n.contains("staging")), "{names:?}");
    }

    #[test]
    fn identical_site_gives_identical_bytes() {
        let (_tmp, root) = book();
        let s = site(&[("b.html", "b"), ("a/x.css", "x"), ("index.html", "i")]);
        write(&s, &root.join("one")).unwrap();
        write(&s, &root.join("two")).unwrap();
        assert_eq!(tree(&root.join("one")), tree(&root.join("two")));
    }

    #[test]
    fn writes_into_a_path_with_dots() {
        let (tmp, _root) = book();
        let out = tmp.path().join("x/../elsewhere/./site");
        write(&site(&[("index.html", "i")]), &out).unwrap();
        assert!(tmp.path().join("elsewhere/site/index.html").is_file());
    }

    #[test]
    fn checked_rel_rejects_escapes() {
        for bad in ["", "/abs", "a//b", "./a", "a/../b", "..", "a\\b", "c:x"] {
            assert!(checked_rel(bad).is_err(), "{bad}");
        }
        assert_eq!(
            checked_rel("a/b.html").unwrap(),
            Path::new("a").join("b.html")
        );
    }
}
