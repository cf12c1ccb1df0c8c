//! All file I/O of the pipeline's ends: reading book files as text (BOM, invalid UTF-8),
//! atomic writes. Errors carry the path. Nothing else in the crate touches the disk
//! except `source/` (the walk, git), `output/` (the site), `serve/` and the commands.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

use anyhow::Context as _;

use crate::base::diag::{Code, Diagnostic};
use crate::base::path::RelPath;

/// Turns a file's bytes into text: strips a UTF-8 BOM; invalid UTF-8 is a diagnostic
/// naming the byte offset (and the line it is on). CRLF is kept: parsers handle it.
pub(crate) fn decode_text(path: &RelPath, bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let raw = e.as_bytes();
        let line = raw[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = raw[..offset]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let col = String::from_utf8_lossy(&raw[line_start..offset])
            .chars()
            .count()
            + 1;
        Box::new(
            Diagnostic::error(
                Code::Encoding,
                path.clone(),
                format!("the file is not valid UTF-8 (invalid byte at offset {offset})"),
            )
            .at_line(line as u32, col as u32)
            .with_hint("save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)"),
        )
    })
}

/// An I/O error in words a user knows: the system's own sentence, starting in lower
/// case, without what follows it (` (os error 28)`, and the ` at path "…"` of our temp
/// file that the tempfile crate adds): `no space left on device`. For the failures a
/// user can fix, a hint.
pub(crate) fn io_words(err: &io::Error) -> (String, Option<&'static str>) {
    let text = err.to_string();
    let sentence = text.split(" (os error ").next().unwrap_or_default();
    let mut chars = sentence.chars();
    let words = match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => err.kind().to_string(),
    };
    let hint = match err.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            Some("free some space on that disk, then run it again")
        }
        io::ErrorKind::ReadOnlyFilesystem => Some(
            "that disk is mounted read-only; remount it read-write, or work on a copy elsewhere",
        ),
        io::ErrorKind::PermissionDenied => {
            Some("check that you may write there: the owner and permissions of the folder")
        }
        _ => None,
    };
    (words, hint)
}

/// Reads a whole file, naming it in the error.
/// Where `root` sits in the git repository that holds it: the folders from the
/// repository's top (the nearest folder above with `.git`) down to `root`,
/// `/`-separated (`docs/runbooks`); `""` when `root` is the top or in no repository.
pub(crate) fn repository_prefix(root: &Path) -> String {
    let Ok(root) = root.canonicalize() else {
        return String::new();
    };
    let Some(top) = root.ancestors().find(|a| a.join(".git").exists()) else {
        return String::new();
    };
    root.strip_prefix(top)
        .map(|below| {
            below
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default()
}

pub(crate) fn read(path: &Path) -> anyhow::Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("failed to read {}", path.display()))
}

/// Writes `bytes` to the new file `path`, making its folders: for a scratch copy
/// (a tag's tree in a temp folder), not for the user's files (`write_atomic`).
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("failed to create {}", dir.display()))?;
    }
    fs::write(path, bytes).with_context(|| format!("failed to write {}", path.display()))
}

/// Writes `bytes` to `path` atomically: a temp file in the same folder, fsync, rename,
/// then fsync the folder so the rename is durable.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("failed to create {}", dir.display()))?;
    // Each step names the file the user knows, not our temp file.
    let failed = || format!("failed to write {}", path.display());
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .with_context(failed)?;
    tmp.write_all(bytes).with_context(failed)?;
    tmp.as_file().sync_all().with_context(failed)?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(failed)?;
    if let Ok(d) = File::open(dir) {
        // Best effort: some filesystems refuse to sync a directory.
        let _ = d.sync_all();
    }
    Ok(())
}

/// The prefix of `write_atomic`'s temp files (tempfile adds six random letters).
const TEMP_PREFIX: &str = ".opsbook-";

/// Runs `f` holding the book's write lock, the one lock every writer of a state or run
/// file takes (`opsbook tick`, `opsbook run`, serve's write-back): each reads, edits and
/// replaces its file under it, so no tick is lost between a read and a write. `root` is
/// the book folder (the lock is on it); `dir` is the folder about to be written
/// (created if missing). Blocks until the lock is free; released when `f` returns.
///
/// The lock is the OS's lock on the open folder (flock on Unix), so the kernel releases
/// it when its holder dies, even by SIGKILL: a killed tick never blocks the next one.
/// What a killed writer can leave is its temp file; with the lock held, no temp file in
/// `dir` is in use, so they are removed here (else `git add state/` would commit them).
pub(crate) fn with_book_lock<T>(
    root: &Path,
    dir: &Path,
    f: impl FnOnce() -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    fs::create_dir_all(dir).with_context(|| format!("failed to create {}", dir.display()))?;
    let lock = File::open(root).with_context(|| format!("failed to open {}", root.display()))?;
    lock.lock()
        .with_context(|| format!("failed to lock {}", root.display()))?;
    remove_dead_temp_files(dir);
    let out = f();
    drop(lock);
    out
}

/// Removes `write_atomic`'s temp files (`.opsbook-` and six letters or digits) from
/// `dir`; best effort: one that cannot be removed is only logged.
fn remove_dead_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let is_temp = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()));
        if is_temp && entry.file_type().is_ok_and(|t| t.is_file()) {
            match fs::remove_file(entry.path()) {
                Ok(()) => tracing::debug!(
                    "removed {}, left by a writer that died",
                    entry.path().display()
                ),
                Err(e) => tracing::debug!("could not remove {}: {e}", entry.path().display()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom() {
        let text = decode_text(
            &RelPath::new("a.md"),
            b"\xEF\xBB\xBF---\ntitle: x\n---\n".to_vec(),
        );
        assert_eq!(text.as_deref().ok(), Some("---\ntitle: x\n---\n"));
    }

    #[test]
    fn invalid_utf8_names_offset_line_and_column() {
        let err = decode_text(&RelPath::new("content/a.md"), b"ok\nab\xFFc".to_vec()).unwrap_err();
        assert_eq!(err.location(), "content/a.md:2:3");
        assert!(err.message.contains("offset 5"), "{}", err.message);
    }

    #[test]
    fn the_state_lock_removes_temp_files_that_dead_writers_left() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            ".opsbook-Ab3xZ9",
            ".opsbook-notes",
            "staging.yaml",
            ".opsbook-1234567",
        ] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        fs::create_dir(dir.path().join(".opsbook-folder")).unwrap();
        with_book_lock(dir.path(), dir.path(), || Ok(())).unwrap();
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".opsbook-1234567",
                ".opsbook-folder",
                ".opsbook-notes",
                "staging.yaml"
            ]
        );
    }

    #[test]
    fn io_errors_read_as_plain_words_with_a_hint() {
        let full = io::Error::from_raw_os_error(28);
        assert!(full.to_string().contains("(os error 28)"));
        let (words, hint) = io_words(&full);
        assert_eq!(words, "no space left on device");
        assert!(hint.unwrap().contains("free some space"));
        let (words, hint) = io_words(&io::Error::from_raw_os_error(30));
        assert_eq!(words, "read-only file system");
        assert!(hint.unwrap().contains("read-only"));
        assert_eq!(io_words(&io::Error::other("Odd")), ("odd".into(), None));
    }

    #[test]
    fn temp_file_errors_read_without_the_temp_path() {
        // A temp file library's error wraps the OS error: the chain shows the OS's.
        let dir = tempfile::tempdir().unwrap();
        let err = tempfile::Builder::new()
            .tempfile_in(dir.path().join("missing"))
            .unwrap_err();
        assert!(err.to_string().contains(" at path "), "{err}");
        let err = anyhow::Error::new(err).context("failed to write state/staging.yaml");
        assert_eq!(
            crate::base::diag::error_chain(&err),
            "error: failed to write state/staging.yaml\ncaused by: no such file or directory\n"
        );
        assert_eq!(
            crate::base::diag::error_line(&err),
            "failed to write state/staging.yaml: no such file or directory"
        );
    }

    #[test]
    fn write_atomic_replaces_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("state/production.yaml");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let leftovers = fs::read_dir(p.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1);
    }
}
