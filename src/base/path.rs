//! `RelPath`: a `/`-separated path relative to the book root, the one way a book's
//! files are named in diagnostics, caches and the model. Pure.

use std::fmt;
use std::path::Path;

use serde::Serialize;

/// A `/`-separated path relative to the book root, e.g. `content/ops/deploy.md`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RelPath(String);

impl RelPath {
    pub fn new(s: impl Into<String>) -> Self {
        let s: String = s.into();
        RelPath(s.replace('\\', "/"))
    }

    /// Builds from a path below `root`; `None` if it is not below it or not UTF-8.
    pub fn from_path(root: &Path, path: &Path) -> Option<Self> {
        let rel = path.strip_prefix(root).ok()?;
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        Some(RelPath(parts?.join("/")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last component.
    pub fn file_name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }

    /// Everything before the last `/`, or `""`.
    pub fn parent(&self) -> &str {
        self.0.rsplit_once('/').map_or("", |(p, _)| p)
    }

    /// The extension without the dot, lower-cased.
    pub fn extension(&self) -> Option<String> {
        let name = self.file_name();
        name.rsplit_once('.')
            .filter(|(stem, _)| !stem.is_empty())
            .map(|(_, ext)| ext.to_ascii_lowercase())
    }

    pub fn join(&self, child: &str) -> RelPath {
        if self.0.is_empty() {
            RelPath::new(child)
        } else {
            RelPath(format!("{}/{}", self.0, child))
        }
    }
}

impl fmt::Display for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for RelPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relpath_parts() {
        let p = RelPath::new("content\\ops\\Deploy.MD");
        assert_eq!(p.as_str(), "content/ops/Deploy.MD");
        assert_eq!(p.file_name(), "Deploy.MD");
        assert_eq!(p.parent(), "content/ops");
        assert_eq!(p.extension().as_deref(), Some("md"));
        assert_eq!(RelPath::new(".gitkeep").extension(), None);
    }
}
