//! Stage 2: the files of a Hugo site's `content` mounts (`config::hugo_mounts`), each
//! given the path it would have had in the content folder, so that every later stage
//! (URLs, sections, links, copied files) sees the site as Hugo does:
//! `../sdkdocs/go/docs/client.md` mounted at `content/sdks/go` is
//! `content/sdks/go/client.md`. `Sources::mounted` keeps where each such file really
//! is: pages are read from there, and diagnostics name it (`name_real_files`). A path
//! two mounts give is read from the first, as Hugo does. Uses base/ and config/.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{SourceFile, Sources, walk_with};
use crate::base::diag::Diagnostics;
use crate::base::path::RelPath;
use crate::config::Config;
use crate::config::hugo_mounts::Mounted;

/// The content files of the site and, for those not where their path says, where they
/// are (relative to `root`); `None` when no mount targets `content`.
#[allow(clippy::type_complexity)]
pub(super) fn content(
    root: &Path,
    cfg: &Config,
    skip_read: &(dyn Fn(&RelPath) -> bool + Sync),
) -> anyhow::Result<Option<(Vec<SourceFile>, BTreeMap<String, String>)>> {
    let Some(mounts) = cfg.hugo.as_ref().and_then(|h| h.mounted.content.as_ref()) else {
        return Ok(None);
    };
    let prefix = cfg.content_prefix();
    let mut files = Vec::new();
    let mut origin = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for m in mounts {
        let dir = root.join(&m.dir);
        let filter = m.filter();
        for file in walk_with(&dir, &dir, skip_read)? {
            let rel = file.path.as_str();
            if !filter.keeps(rel) {
                tracing::debug!(
                    "{}/{rel}: left out by the mount's include/exclude files",
                    m.dir
                );
                continue;
            }
            let virt = site_path(prefix, m, rel);
            if !seen.insert(virt.clone()) {
                tracing::info!(
                    "{}/{rel}: an earlier mount gives {virt} already; as in Hugo, it is read from there",
                    m.dir
                );
                continue;
            }
            if m.dir != prefix || !m.under.is_empty() {
                origin.insert(virt.clone(), format!("{}/{rel}", m.dir));
            }
            files.push(SourceFile {
                path: RelPath::new(virt),
                bytes: file.bytes,
            });
        }
    }
    // In the order a walk of the content folder would give them.
    files.sort_by(|a, b| a.path.as_str().split('/').cmp(b.path.as_str().split('/')));
    if !origin.is_empty() {
        tracing::info!(
            "read {} files from {} mounted folders",
            origin.len(),
            mounts.len()
        );
    }
    Ok(Some((files, origin)))
}

/// The path in the content folder (`prefix`) of the file at `rel` below `m`'s source.
fn site_path(prefix: &str, m: &Mounted, rel: &str) -> String {
    [prefix, m.under.as_str(), rel]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

impl Sources {
    /// Where the content file at `path` is, relative to the book root: itself, or the
    /// mounted file it stands for.
    pub(crate) fn real_path<'a>(&'a self, path: &'a RelPath) -> &'a str {
        self.mounted
            .get(path.as_str())
            .map_or(path.as_str(), String::as_str)
    }
}

/// Diagnostics about mounted files name the files themselves
/// (`../sdkdocs/go/docs/client.md`), not the path they have in the site.
pub(crate) fn name_real_files(sources: &Sources, diags: &mut Diagnostics) {
    if sources.mounted.is_empty() {
        return;
    }
    for d in diags.iter_mut() {
        if let Some(real) = sources.mounted.get(d.path.as_str()) {
            d.path = RelPath::new(real.as_str());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository holding `site/` (a Hugo site mounting `../other/…` twice into one
    /// section, and its own `content/`) and `other/`.
    fn site(config: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("site/content/_index.md", "# Home\n"),
            ("site/content/guide.md", "# Guide\n"),
            ("other/a/docs/_index.md", "# A\n"),
            ("other/a/docs/img/x.png", "PNG"),
            ("other/a/docs/drafts/d.md", "# D\n"),
            ("other/a/contrib/a.md", "# A contrib\n"),
            ("other/b/contrib/b.md", "# B contrib\n"),
            ("other/b/contrib/a.md", "# hidden by the first\n"),
        ];
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        for (p, t) in files {
            let full = dir.path().join(p);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, t).unwrap();
        }
        std::fs::write(dir.path().join("site/config.toml"), config).unwrap();
        let root = dir.path().join("site");
        (dir, root)
    }

    const CONFIG: &str = "[[module.mounts]]\nsource = 'content'\ntarget = 'content'\n\
        [[module.mounts]]\nsource = '../other/a/docs'\ntarget = 'content/sdks/a'\nexcludeFiles = 'drafts'\n\
        [[module.mounts]]\nsource = '../other/a/contrib'\ntarget = 'content/contrib/'\n\
        [[module.mounts]]\nsource = '../other/b/contrib'\ntarget = 'content/contrib'\n";

    #[test]
    fn mounted_files_take_their_site_paths_and_remember_where_they_are() {
        let (_dir, root) = site(CONFIG);
        let (cfg, diags) = Config::load(&root).unwrap();
        assert!(diags.is_empty(), "{:?}", diags.placed());
        let src = crate::source::scan_unread(&root, &cfg).unwrap();
        let paths: Vec<&str> = src.content.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "content/_index.md",
                "content/contrib/a.md",
                "content/contrib/b.md",
                "content/guide.md",
                "content/sdks/a/_index.md",
                "content/sdks/a/img/x.png",
            ]
        );
        let a = crate::source::find_file(&src.content, &RelPath::new("content/contrib/a.md"));
        assert_eq!(&*src.bytes_of(a.unwrap()).unwrap(), b"# A contrib\n");
        assert_eq!(
            src.real_path(&RelPath::new("content/sdks/a/img/x.png")),
            "../other/a/docs/img/x.png"
        );
        assert_eq!(
            src.real_path(&RelPath::new("content/guide.md")),
            "content/guide.md"
        );
    }

    #[test]
    fn a_content_mount_replaces_the_content_folder() {
        let config = "[[module.mounts]]\nsource = '../other/a/docs'\ntarget = 'content'\n";
        let (_dir, root) = site(config);
        let (cfg, _) = Config::load(&root).unwrap();
        let src = crate::source::scan(&root, &cfg).unwrap();
        let paths: Vec<&str> = src.content.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "content/_index.md",
                "content/drafts/d.md",
                "content/img/x.png"
            ]
        );
        let mut diags = Diagnostics::new();
        diags.push(crate::base::diag::Diagnostic::error(
            crate::base::diag::Code::BrokenLink,
            RelPath::new("content/drafts/d.md"),
            "x",
        ));
        name_real_files(&src, &mut diags);
        assert_eq!(
            diags.iter().next().unwrap().path.as_str(),
            "../other/a/docs/drafts/d.md"
        );
    }
}
