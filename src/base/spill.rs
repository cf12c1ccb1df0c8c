//! A scratch file that holds bytes a build needs again later but need not keep in
//! memory meanwhile: each page's body HTML and search text between the parse and the
//! render of a streamed build (`pipeline::stream`). The file has no name (Linux's
//! `O_TMPFILE` where it can), lives beside the output folder, on the same disk, and is
//! gone when the build ends, even if it is killed. What it holds stays in the OS's page
//! cache while memory allows, so reading it back is a copy, not a disk read.
//!
//! Writers on any thread append without a lock: each reserves its range with one
//! atomic add, then writes there (`pwrite`).

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Where one `put` went in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    at: u64,
    len: u32,
}

impl Span {
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The scratch file and its end.
#[derive(Debug)]
pub struct Spill {
    /// Unique among the process's scratch files: what reads them may key a cache
    /// on it (a file's address may be a later file's).
    id: u64,
    file: File,
    end: AtomicU64,
    /// Set by [`Spill::fail`]: something could not be read back.
    failed: AtomicBool,
}

impl Spill {
    /// A new, empty scratch file in `dir`.
    pub fn create_in(dir: &Path) -> io::Result<Spill> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        Ok(Spill {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            file: tempfile::tempfile_in(dir)?,
            end: AtomicU64::new(0),
            failed: AtomicBool::new(false),
        })
    }

    /// Appends `bytes` (at most 4 GiB) and says where they went.
    pub fn put(&self, bytes: &[u8]) -> io::Result<Span> {
        let len = u32::try_from(bytes.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "over 4 GiB"))?;
        let at = self.end.fetch_add(u64::from(len), Ordering::Relaxed);
        write_at(&self.file, bytes, at)?;
        Ok(Span { at, len })
    }

    /// The bytes of an earlier `put`.
    pub fn get(&self, span: Span) -> io::Result<Vec<u8>> {
        let mut buf = vec![0; span.len()];
        read_at(&self.file, &mut buf, span.at)?;
        Ok(buf)
    }

    /// Marks the file failed: what was read of it could not be read back (`e`), and
    /// a reader that has no way to say so went on without it. The build that made the
    /// file asks [`Spill::failed`] before it keeps what it made.
    pub fn fail(&self, e: &io::Error) {
        tracing::error!("the scratch file could not be read back: {e}");
        self.failed.store(true, Ordering::Relaxed);
    }

    /// Whether [`Spill::fail`] was called.
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }

    /// The file's number, unique in the process.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Bytes written so far.
    pub fn size(&self) -> u64 {
        self.end.load(Ordering::Relaxed)
    }
}

/// Writes length-prefixed fields into a byte buffer, to [`Spill::put`] and read
/// back with [`Fields`]: a `u32` in little-endian, a string as its `u32` length and
/// its bytes.
pub fn push_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

/// See [`push_u32`]. Strings of 4 GiB and over are cut (nothing a book holds).
pub fn push_str(out: &mut Vec<u8>, s: &str) {
    let len = u32::try_from(s.len()).unwrap_or(u32::MAX);
    push_u32(out, len);
    out.extend_from_slice(&s.as_bytes()[..len as usize]);
}

/// Reads back what [`push_u32`] and [`push_str`] wrote, in the same order.
pub struct Fields<'a>(pub &'a [u8]);

impl<'a> Fields<'a> {
    pub fn u32(&mut self) -> io::Result<u32> {
        let (head, tail) = self.0.split_first_chunk::<4>().ok_or_else(changed)?;
        self.0 = tail;
        Ok(u32::from_le_bytes(*head))
    }

    pub fn str(&mut self) -> io::Result<&'a str> {
        let len = self.u32()? as usize;
        if self.0.len() < len {
            return Err(changed());
        }
        let (s, tail) = self.0.split_at(len);
        self.0 = tail;
        std::str::from_utf8(s).map_err(|_| changed())
    }
}

/// What reading back bytes that are not what was written says.
fn changed() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "the scratch file was changed")
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt as _;
    while !bytes.is_empty() {
        let n = file.seek_write(bytes, at)?;
        bytes = &bytes[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt as _;
    while !buf.is_empty() {
        match file.seek_read(buf, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn what_goes_in_comes_back_from_many_threads() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::create_in(dir.path()).unwrap();
        let texts: Vec<String> = (0..500).map(|i| "x".repeat(i) + &i.to_string()).collect();
        let spans: Vec<Span> = texts
            .par_iter()
            .map(|t| spill.put(t.as_bytes()).unwrap())
            .collect();
        for (t, s) in texts.iter().zip(&spans) {
            assert_eq!(spill.get(*s).unwrap(), t.as_bytes());
        }
        let total: usize = texts.iter().map(String::len).sum();
        assert_eq!(spill.size(), total as u64);
        assert!(spill.put(b"").unwrap().is_empty());
        // The file has no name: nothing is left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
