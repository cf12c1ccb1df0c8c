//! Writing team state (SPEC.md §4): the one way a state file changes, for every writer
//! (`opsbook tick`/`untick`, serve's write-back). Under the book's write lock it reads
//! the file again, applies the changes as a text edit (`parse::state::edit`, which reads
//! its result back and refuses an edit that would change anything else) and replaces the
//! file atomically. A refused edit or a failed write leaves the file as it was.

use std::fmt;
use std::path::Path;

use crate::base::diag::Diagnostics;
use crate::base::fsio;
use crate::base::path::RelPath;
use crate::parse::state::{self, Change};

/// Why the state file was not written; it is as it was.
#[derive(Debug)]
pub(crate) enum StateError {
    /// The file has errors, or the edit would change more than the ticked items.
    Refused(Diagnostics),
    /// The disk said no: the file or folder cannot be read, locked or written.
    Failed(anyhow::Error),
}

impl fmt::Display for StateError {
    /// One paragraph: the first problem with its place and hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::Refused(diags) => match diags.iter().find(|d| d.is_error()) {
                Some(d) => {
                    write!(f, "{}: {}", d.location(), d.message)?;
                    match &d.hint {
                        Some(h) => write!(f, " (hint: {h})"),
                        None => Ok(()),
                    }
                }
                None => f.write_str("the state file could not be edited"),
            },
            StateError::Failed(e) => f.write_str(&crate::base::diag::error_line(e)),
        }
    }
}

/// Applies `changes` to `root/file` (environment `env`): lock, read, edit, atomic write.
/// A file that does not exist yet is created with a header comment.
pub(crate) fn write(
    root: &Path,
    file: &RelPath,
    env: &str,
    changes: &[Change<'_>],
) -> Result<(), StateError> {
    let path = root.join(file.as_str());
    let dir = path.parent().unwrap_or(root).to_path_buf();
    let mut refused = None;
    fsio::with_book_lock(root, &dir, || {
        let text = match std::fs::read(&path) {
            Ok(bytes) => match fsio::decode_text(file, bytes) {
                Ok(text) => text,
                Err(d) => {
                    let mut diags = Diagnostics::new();
                    diags.push(*d);
                    refused = Some(diags);
                    return Ok(());
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!("failed to read {file}")));
            }
        };
        match state::edit(&text, file, env, changes) {
            Ok(new_text) if new_text == text => Ok(()),
            Ok(new_text) => fsio::write_atomic(&path, new_text.as_bytes()),
            Err(diags) => {
                refused = Some(diags);
                Ok(())
            }
        }
    })
    .map_err(StateError::Failed)?;
    match refused {
        Some(diags) => Err(StateError::Refused(diags)),
        None => Ok(()),
    }
}
