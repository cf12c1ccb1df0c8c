//! The staging folder a build fills beside OUT before it is swapped in (`write` in
//! mod.rs): made and held by [`Staging::open`], filled file by file through the
//! [`Sink`] as a streamed build makes each one, swapped in by [`Staging::finish`].
//! Dropped unfinished (errors in the book, a failed write), it is removed and OUT is
//! left as it was.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context as _;

use super::{MARKER, MARKER_TEXT, STAGING, check_existing, checked_rel, hold};
use super::{open_permissions, remove_dead_leftovers, split_out, swap};
use crate::render::site::{Bytes, Sink};

/// A staging folder being filled.
pub(crate) struct Staging {
    dir: tempfile::TempDir,
    out: PathBuf,
    /// Held until the swap is done: the folder is in use, no other build may sweep it.
    _in_use: Option<fs::File>,
    /// Every site path written, and the folders made for them.
    written: Mutex<Written>,
    /// The failed write first in path order, as `write` reports it: `finish` says it.
    failed: Mutex<Option<(String, anyhow::Error)>>,
}

#[derive(Default)]
struct Written {
    paths: HashSet<String>,
    folders: HashSet<PathBuf>,
}

impl Staging {
    /// A new staging folder for OUT; refuses a non-empty OUT without the marker.
    pub(crate) fn open(out: &Path) -> anyhow::Result<Staging> {
        let out = std::path::absolute(out)
            .with_context(|| format!("failed to resolve {}", out.display()))?;
        check_existing(&out)?;
        let (parent, name) = split_out(&out)?;
        fs::create_dir_all(parent)
            .with_context(|| format!("failed to create {}", parent.display()))?;
        let dir = tempfile::Builder::new()
            .prefix(&format!("{name}{STAGING}"))
            .tempdir_in(parent)
            .with_context(|| {
                format!("failed to create a staging folder in {}", parent.display())
            })?;
        let in_use = hold(dir.path());
        remove_dead_leftovers(parent, name);
        open_permissions(dir.path())?;
        Ok(Staging {
            dir,
            _in_use: in_use,
            out: out.clone(),
            written: Mutex::default(),
            failed: Mutex::default(),
        })
    }

    /// The staging folder.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The folder OUT is in: where a build's scratch file goes, on the same disk.
    pub(crate) fn beside(&self) -> &Path {
        self.out.parent().unwrap_or(self.dir.path())
    }

    /// Adds the marker and swaps the folder in place of OUT; reports the first write
    /// that failed instead, leaving OUT as it was.
    pub(crate) fn finish(self) -> anyhow::Result<()> {
        let failed = self
            .failed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some((_, e)) = failed {
            return Err(e);
        }
        let marker = self.dir.path().join(MARKER);
        fs::write(&marker, MARKER_TEXT)
            .with_context(|| format!("failed to write {}", marker.display()))?;
        let files = self.lock_written().paths.len();
        let (parent, name) = split_out(&self.out)?;
        swap(self.dir, &self.out, parent, name)?;
        tracing::info!("wrote {files} file(s) into {}", self.out.display());
        Ok(())
    }

    fn lock_written(&self) -> std::sync::MutexGuard<'_, Written> {
        self.written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = self.file(rel)?;
        fs::write(&path, bytes).with_context(|| format!("failed to write {rel}"))?;
        tracing::trace!("wrote {rel} ({} bytes)", bytes.len());
        Ok(())
    }

    /// `write`'s parts written to `rel` through a buffer, as they come.
    fn write_parts(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write),
    ) -> anyhow::Result<()> {
        let path = self.file(rel)?;
        let file = fs::File::create(&path).with_context(|| format!("failed to write {rel}"))?;
        let mut out = Parts {
            file: std::io::BufWriter::new(file),
            failed: None,
        };
        write(&mut out);
        let flushed = match out.failed {
            Some(e) => Err(e),
            None => std::io::Write::flush(&mut out.file),
        };
        flushed.with_context(|| format!("failed to write {rel}"))?;
        tracing::trace!("wrote {rel} in parts");
        Ok(())
    }

    /// The path of `rel` in the staging folder, its folder made.
    fn file(&self, rel: &str) -> anyhow::Result<PathBuf> {
        let path = self.dir.path().join(checked_rel(rel)?);
        let folder = path.parent().map(Path::to_path_buf);
        if let Some(folder) = folder.filter(|f| !self.lock_written().folders.contains(f)) {
            fs::create_dir_all(&folder)
                .with_context(|| format!("failed to create the folder {}", folder.display()))?;
            self.lock_written().folders.insert(folder);
        }
        Ok(path)
    }

    /// Records the first failed write, by path.
    fn failed(&self, path: String, e: anyhow::Error) {
        let mut failed = self
            .failed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if failed.as_ref().is_none_or(|(first, _)| path < *first) {
            *failed = Some((path, e));
        }
    }
}

/// A file written in parts: the first error is kept and the parts after it dropped,
/// so the writer of the parts need not stop for it.
struct Parts {
    file: std::io::BufWriter<fs::File>,
    failed: Option<std::io::Error>,
}

impl std::io::Write for Parts {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed.is_none()
            && let Err(e) = std::io::Write::write_all(&mut self.file, buf)
        {
            self.failed = Some(e);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, path: String, bytes: Bytes) {
        match self.write(&path, &bytes) {
            Ok(()) => {
                self.lock_written().paths.insert(path);
            }
            Err(e) => self.failed(path, e),
        }
    }

    fn put_parts(&self, path: String, write: &mut dyn FnMut(&mut dyn std::io::Write)) {
        match self.write_parts(&path, write) {
            Ok(()) => {
                self.lock_written().paths.insert(path);
            }
            Err(e) => self.failed(path, e),
        }
    }

    fn pages(&self) -> usize {
        self.lock_written()
            .paths
            .iter()
            .filter(|p| p.ends_with(".html"))
            .count()
    }
}
