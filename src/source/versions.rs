//! Stage 2 for versioned sites: the git tags matching `[versions] git-tags`, in
//! version order (`v1.10` after `v1.9`), and one `Sources` per tag read from git
//! objects only. SPEC.md §7.
//!
//! Git access is the `git` binary's plumbing (`rev-parse`, `for-each-ref`, `ls-tree -z`,
//! `cat-file --batch`) through `std::process`, not gix or git2: these commands only read
//! objects and refs, so the working tree, the index, HEAD and the stash are never
//! touched (no checkout, no worktree, `GIT_OPTIONAL_LOCKS=0`); they need no new crate
//! (git2 would bring libgit2 and a C build, gix ~100 crates), and they read every
//! object format and repository layout the user's own git reads. The blobs of all tags
//! come through one `cat-file --batch` process, each distinct blob once. Ordering and glob matching are pure.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::io::{BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use crate::base::diag::{Diagnostic, Diagnostics};
use crate::base::fsio;
use crate::base::path::RelPath;
use crate::config::hugo::Hugo;
use crate::config::{self, Config};
use crate::source::git::{git, run};
use crate::source::{SourceFile, Sources, hidden, is_hidden_or_temp, tag_mounts};

/// One release tag to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// `v1.10`: also the folder of its copy of the site.
    pub name: String,
    /// The commit the tag points at (peeled), 40 hex digits.
    pub commit: String,
    /// The commit's committer date, ISO 8601 (`2026-01-02T03:04:05+00:00`).
    pub date: String,
}

/// The git repository a book lives in, and where in it the book is.
#[derive(Debug, Clone)]
pub(crate) struct GitBook {
    /// The book root (any folder inside the repository works for `git -C`).
    root: PathBuf,
    /// The book root relative to the repository's top, `""` or `docs/runbooks/`.
    prefix: String,
}

/// The repository holding `root`, or `None` when `root` is not inside one (or no `git`
/// binary can be run): then the working tree is built alone.
pub(crate) fn open(root: &Path) -> Option<GitBook> {
    let out = git(root)
        .args(["rev-parse", "--is-inside-work-tree", "--show-prefix"])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let mut lines = text.lines();
    if lines.next() != Some("true") {
        return None;
    }
    Some(GitBook {
        root: root.to_path_buf(),
        prefix: lines.next().unwrap_or("").to_string(),
    })
}

impl GitBook {
    /// HEAD's commit, or `None` in a repository with no commit yet.
    pub(crate) fn head(&self) -> Option<String> {
        let mut cmd = git(&self.root);
        cmd.args(["rev-parse", "--verify", "--quiet", "HEAD"]);
        let out = run(cmd, "read HEAD").ok()?;
        let text = String::from_utf8(out).ok()?;
        Some(text.trim().to_string()).filter(|s| !s.is_empty())
    }

    /// Every tag matching `glob`, newest first in version order.
    pub(crate) fn tags(&self, glob: &str) -> anyhow::Result<Vec<Tag>> {
        let mut cmd = git(&self.root);
        cmd.args([
            "for-each-ref",
            "--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)%00%(committerdate:iso-strict)%00%(*committerdate:iso-strict)%00%(objecttype)%00%(*objecttype)",
            "refs/tags",
        ]);
        let out = run(cmd, "list the tags")?;
        let text = String::from_utf8_lossy(&out);
        let mut tags: Vec<Tag> = text
            .lines()
            .filter_map(parse_ref_line)
            .filter(|t| glob_match(glob, &t.name))
            .collect();
        tags.sort_by(|a, b| version_cmp(&b.name, &a.name));
        Ok(tags)
    }

    /// The book as of each tag: its book.toml (parsed and validated), content, state
    /// and theme override files, all from git objects. Problems in a tag's book.toml are
    /// diagnostics; only git failures are errors, and a tag whose files cannot be listed
    /// is an error of its own. Each distinct blob is read once: tags share most of their
    /// files, so one `cat-file --batch` process streams the blobs they need (all asked
    /// for at once, not one round trip per file).
    ///
    /// In a Hugo site (`work_hugo`, the working tree's config) each tag's Hugo config
    /// and its `content` mounts are the tag's (`tag_mounts.rs`).
    pub(crate) fn sources_all(
        &self,
        tags: &[Tag],
        root_name: &str,
        work_hugo: Option<&Hugo>,
    ) -> Vec<anyhow::Result<(Config, Diagnostics, Sources)>> {
        let listed: Vec<anyhow::Result<Vec<TreeEntry>>> =
            tags.par_iter().map(|t| self.list(&t.commit)).collect();
        let config_oid = |entries: &[TreeEntry]| {
            entries
                .iter()
                .find(|e| e.path == config::FILE_NAME)
                .map(|e| e.oid.clone())
        };
        let hugo_oid = |entries: &[TreeEntry]| {
            let file = work_hugo?.file.as_str();
            entries
                .iter()
                .find(|e| e.path == file)
                .map(|e| e.oid.clone())
        };
        let config_oids: Vec<String> = listed
            .iter()
            .flatten()
            .flat_map(|entries| [config_oid(entries), hugo_oid(entries)])
            .flatten()
            .collect();
        let configs = match self.blobs(&config_oids) {
            Ok(b) => b,
            Err(e) => return tags.iter().map(|_| Err(anyhow::anyhow!("{e:#}"))).collect(),
        };
        let toml_path = RelPath::new(config::FILE_NAME);
        let planned: Vec<anyhow::Result<Planned>> = listed
            .into_iter()
            .zip(tags)
            .map(|(entries, tag)| {
                let entries = entries?;
                let (mut cfg, mut diags) = match config_oid(&entries).and_then(|o| configs.get(&o))
                {
                    None => (Config::default(), Diagnostics::new()),
                    Some(bytes) => parse_config(&toml_path, bytes.clone()),
                };
                let Some(work) = work_hugo else {
                    return Ok((cfg, diags, entries, None));
                };
                let text = hugo_oid(&entries)
                    .and_then(|o| configs.get(&o))
                    .map(|b| String::from_utf8_lossy(b).into_owned());
                let hugo = tag_mounts::tag_hugo(work, text.as_deref(), &mut diags);
                let mounted = match tag_mounts::plan(&hugo, &self.prefix, &tag.name) {
                    Some(mounts) => Some(self.mounted_files(&mounts, tag)?),
                    None => None,
                };
                cfg.book.title = cfg.book.title.take().or_else(|| hugo.title.clone());
                cfg.hugo = Some(hugo);
                Ok((cfg, diags, entries, mounted))
            })
            .collect();
        let needed = planned
            .iter()
            .flatten()
            .flat_map(|(cfg, _, entries, mounted)| {
                let plan = Plan::new(cfg, entries);
                let mounted = mounted.iter().flatten().map(|f| f.oid.clone());
                entries
                    .iter()
                    .filter(move |e| plan.place(&e.path).is_some())
                    .map(|e| e.oid.clone())
                    .chain(mounted)
            });
        let blobs = match self.distinct_blobs(needed) {
            Ok(b) => b,
            Err(e) => return tags.iter().map(|_| Err(anyhow::anyhow!("{e:#}"))).collect(),
        };
        let placed: Vec<anyhow::Result<Placed>> = planned
            .into_iter()
            .map(|p| {
                let (cfg, diags, entries, mounted) = p?;
                let blob = |oid: &str| {
                    blobs
                        .get(oid)
                        .cloned()
                        .with_context(|| format!("git cat-file did not give {oid}"))
                };
                let mut sources = place_all(&cfg, &entries, root_name, blob)?;
                if let Some(files) = mounted {
                    // The mounts replace the content folder, as in Hugo.
                    sources.mounted = tag_mounts::origins(&files);
                    sources.content = (files.into_iter())
                        .map(|f| {
                            Ok(SourceFile {
                                path: RelPath::from_slashed(f.path.as_str()),
                                bytes: blob(&f.oid)?,
                            })
                        })
                        .collect::<anyhow::Result<_>>()?;
                }
                Ok((cfg, diags, entries, sources))
            })
            .collect();
        drop(blobs);
        // The hidden files the pages link to, read in one more batch (`hidden.rs`).
        let linked: Vec<Vec<&TreeEntry>> = placed
            .iter()
            .map(|p| {
                p.as_ref()
                    .map_or_else(|_| Vec::new(), |(cfg, _, e, s)| linked_hidden(cfg, e, s))
            })
            .collect();
        let oids = linked.iter().flatten().map(|e| e.oid.clone());
        let hidden_blobs = match self.distinct_blobs(oids) {
            Ok(b) => b,
            Err(e) => return tags.iter().map(|_| Err(anyhow::anyhow!("{e:#}"))).collect(),
        };
        let linked: Vec<Vec<SourceFile>> = (linked.iter())
            .map(|files| {
                (files.iter())
                    .filter_map(|e| {
                        Some(SourceFile {
                            path: RelPath::from_slashed(e.path.as_str()),
                            bytes: hidden_blobs.get(&e.oid)?.clone(),
                        })
                    })
                    .collect()
            })
            .collect();
        placed
            .into_iter()
            .zip(linked)
            .map(|(p, linked)| {
                let (cfg, diags, entries, mut sources) = p?;
                for file in linked {
                    let at = (sources.content.iter())
                        .position(|f| f.path.as_str() > file.path.as_str())
                        .unwrap_or(sources.content.len());
                    sources.content.insert(at, file);
                }
                // The tag's book.toml is published too (its description, its URLs):
                // the leak scanner reads it as it reads the working tree's.
                sources.config_file =
                    config_oid(&entries)
                        .and_then(|o| configs.get(&o))
                        .map(|bytes| SourceFile {
                            path: toml_path.clone(),
                            bytes: bytes.clone(),
                        });
                Ok((cfg, diags, sources))
            })
            .collect()
    }

    /// Writes the repository as of `tag` into the empty folder `dir`, as a checkout
    /// would lay it out: every regular file of the tag's tree (temp files left out, as
    /// `list` does), a few hundred blobs at a time, and an empty `.git` folder at the
    /// top, so that what may be read up to the repository's top (an mdBook's
    /// `{{#include ../../examples/x.rs}}`, an MkDocs `INHERIT: ../base.yml`) is there
    /// and stops there (`fsio::repository_prefix`). Returns the book root in `dir`.
    /// For a book another tool lays out, whose config readers read a folder, not git
    /// objects.
    pub(crate) fn write_tree(&self, tag: &Tag, dir: &Path) -> anyhow::Result<PathBuf> {
        let entries = self.list_below(&tag.commit, "")?;
        for chunk in entries.chunks(512) {
            let blobs = self.distinct_blobs(chunk.iter().map(|e| e.oid.clone()))?;
            for entry in chunk {
                let bytes = (blobs.get(&entry.oid))
                    .with_context(|| format!("git cat-file did not give {}", entry.oid))?;
                fsio::write_new(&dir.join(&entry.path), bytes)?;
            }
        }
        let git_dir = dir.join(".git");
        std::fs::create_dir_all(&git_dir)
            .with_context(|| format!("failed to create {}", git_dir.display()))?;
        let root = dir.join(self.prefix.trim_end_matches('/'));
        std::fs::create_dir_all(&root)
            .with_context(|| format!("failed to create {}", root.display()))?;
        Ok(root)
    }

    /// [`Self::blobs`] of `oids`, each asked for once.
    fn distinct_blobs(
        &self,
        oids: impl Iterator<Item = String>,
    ) -> anyhow::Result<HashMap<String, Vec<u8>>> {
        let distinct: std::collections::BTreeSet<String> = oids.collect();
        self.blobs(&distinct.into_iter().collect::<Vec<_>>())
    }

    /// The bytes of each of `oids` (distinct), from one `cat-file --batch` process: a
    /// thread writes every request while the answers are read, so git streams them.
    fn blobs(&self, oids: &[String]) -> anyhow::Result<HashMap<String, Vec<u8>>> {
        let mut out = HashMap::with_capacity(oids.len());
        if oids.is_empty() {
            return Ok(out);
        }
        let mut batch = Batch::start(&self.root)?;
        let requests: String = oids.iter().map(|o| format!("{o}\n")).collect();
        let mut stdin = batch.stdin;
        let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
        for oid in oids {
            let bytes = read_answer(&mut batch.stdout, oid)?;
            out.insert(oid.clone(), bytes);
        }
        writer
            .join()
            .map_err(|_| anyhow::anyhow!("the git cat-file writer stopped"))?
            .context("failed to ask git cat-file")?;
        batch.child.wait().context("git cat-file did not end")?;
        Ok(out)
    }

    /// The files of a tag's `content` mounts, from its tree (`tag_mounts::files`).
    fn mounted_files(
        &self,
        mounts: &[tag_mounts::TagMount],
        tag: &Tag,
    ) -> anyhow::Result<Vec<tag_mounts::MountedFile>> {
        let listed = (mounts.iter())
            .map(|m| self.list_in_repository(&tag.commit, &m.repo_dir))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(tag_mounts::files(mounts, &listed, "content", &tag.name))
    }

    /// Every regular file below `dir` (from the repository's top) at `commit`, as its
    /// path below `dir` and its blob id.
    fn list_in_repository(&self, commit: &str, dir: &str) -> anyhow::Result<Vec<(String, String)>> {
        let dir = format!("{}/", dir.trim_end_matches('/'));
        let mut cmd = git(&self.root);
        cmd.args(["ls-tree", "-r", "-z", "--full-tree", commit, "--", &dir]);
        let out = run(cmd, &format!("list the files of {dir} at {commit}"))?;
        Ok(out
            .split(|&b| b == 0)
            .filter_map(|rec| parse_tree_entry(rec, &dir))
            // As a walk of the mounted folder on disk skips them (`source::mounts`).
            .filter(|e| {
                !e.path
                    .split('/')
                    .any(|n| is_temp(n) || hidden::is_hidden(n))
            })
            .map(|e| (e.path, e.oid))
            .collect())
    }

    /// Every regular file below the book root at `commit`, sorted by path (relative
    /// to the book root), temp files left out as `source::scan` does; hidden ones are
    /// kept for `Plan::place` and the links to them (`hidden.rs`).
    fn list(&self, commit: &str) -> anyhow::Result<Vec<TreeEntry>> {
        self.list_below(commit, &self.prefix)
    }

    /// [`Self::list`] below `prefix` (from the repository's top, `""` or `docs/`).
    fn list_below(&self, commit: &str, prefix: &str) -> anyhow::Result<Vec<TreeEntry>> {
        let mut cmd = git(&self.root);
        cmd.args(["ls-tree", "-r", "-z", "--full-tree", commit, "--"]);
        if !prefix.is_empty() {
            cmd.arg(prefix);
        }
        let out = run(cmd, &format!("list the files of {commit}"))?;
        let mut entries: Vec<TreeEntry> = out
            .split(|&b| b == 0)
            .filter_map(|rec| parse_tree_entry(rec, prefix))
            .filter(|e| !e.path.split('/').any(is_temp))
            .collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(entries)
    }
}

/// One line of `for-each-ref` output → a tag (annotated tags are peeled to their
/// commit; tags of trees or blobs are left out).
fn parse_ref_line(line: &str) -> Option<Tag> {
    let f: Vec<&str> = line.split('\0').collect();
    let [name, oid, peeled, date, peeled_date, kind, peeled_kind] = f.as_slice() else {
        return None;
    };
    let (commit, date) = match (*kind, *peeled_kind) {
        ("commit", _) => (*oid, *date),
        ("tag", "commit") => (*peeled, *peeled_date),
        _ => return None,
    };
    Some(Tag {
        name: (*name).to_string(),
        commit: commit.to_string(),
        date: date.to_string(),
    })
}

/// One file of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TreeEntry {
    /// Relative to the book root.
    path: String,
    oid: String,
}

/// `<mode> SP <type> SP <oid> TAB <path>` → an entry for a regular file below
/// `prefix`; symlinks, submodules and names that are not UTF-8 are left out.
fn parse_tree_entry(rec: &[u8], prefix: &str) -> Option<TreeEntry> {
    let text = std::str::from_utf8(rec).ok()?;
    let (meta, path) = text.split_once('\t')?;
    let mut meta = meta.split(' ');
    let (mode, kind, oid) = (meta.next()?, meta.next()?, meta.next()?);
    if kind != "blob" || !(mode == "100644" || mode == "100755") {
        return None;
    }
    let path = path.strip_prefix(prefix)?;
    Some(TreeEntry {
        path: path.to_string(),
        oid: oid.to_string(),
    })
}

/// book.toml's bytes → config and diagnostics, as `Config::load` does for a file.
fn parse_config(path: &RelPath, bytes: Vec<u8>) -> (Config, Diagnostics) {
    match fsio::decode_text(path, bytes) {
        Ok(text) => {
            let (cfg, mut diags) = Config::parse(&text, path);
            cfg.validate(&text, path, &mut diags);
            (cfg, diags)
        }
        Err(d) => {
            let mut diags = Diagnostics::new();
            diags.push(*d);
            (Config::default(), diags)
        }
    }
}

/// Where a file of the tree goes in `Sources`.
#[derive(Debug, PartialEq, Eq)]
enum Dest {
    Content,
    State,
    /// Path inside the theme folder.
    Theme(String),
}

/// The same choices `source::scan` makes on disk, made on a tree's paths.
struct Plan<'a> {
    /// `content/` exists: only it is content; else the book folder less `skip`.
    has_content: bool,
    state: String,
    theme: String,
    skip: [&'a str; 5],
}

impl<'a> Plan<'a> {
    fn new(cfg: &'a Config, entries: &[TreeEntry]) -> Self {
        Plan {
            has_content: entries.iter().any(|e| e.path.starts_with("content/")),
            state: format!("{}/", cfg.state.dir.trim_end_matches('/')),
            theme: format!("themes/{}/", cfg.site.theme),
            skip: [
                cfg.site.output.as_str(),
                cfg.state.dir.as_str(),
                "themes",
                "target",
                "node_modules",
            ],
        }
    }

    /// Where a file goes: as `source::scan` places it on disk, hidden names left out
    /// (a page may still link to one: `linked_hidden`) but for the Markdown issue
    /// templates of the content's `.github/ISSUE_TEMPLATE/`.
    fn place(&self, path: &str) -> Option<Dest> {
        if path.split('/').any(hidden::is_hidden) {
            let content = if self.has_content { "content/" } else { "" };
            let template = path
                .strip_prefix(content)
                .and_then(|p| p.strip_prefix(crate::source::ISSUE_TEMPLATES))
                .is_some_and(|p| p.starts_with('/') && !p[1..].contains('/') && p.ends_with(".md"));
            return template.then_some(Dest::Content);
        }
        if let Some(inner) = path.strip_prefix(&self.theme) {
            return Some(Dest::Theme(inner.to_string()));
        }
        if path.starts_with(&self.state) {
            return Some(Dest::State);
        }
        if self.has_content {
            return path.starts_with("content/").then_some(Dest::Content);
        }
        let first = path.split('/').next().unwrap_or("");
        let skipped = path.contains('/') && self.skip.contains(&first);
        (!skipped && path != config::FILE_NAME).then_some(Dest::Content)
    }
}

/// A tag's config, its problems, its tree and its files placed.
type Placed = (Config, Diagnostics, Vec<TreeEntry>, Sources);

/// A tag's config, its problems, its tree, and the files of its `content` mounts when
/// it is a Hugo site that has some.
type Planned = (
    Config,
    Diagnostics,
    Vec<TreeEntry>,
    Option<Vec<tag_mounts::MountedFile>>,
);

/// The hidden files of a tag's tree (`entries`) that its Markdown pages link to.
fn linked_hidden<'e>(
    cfg: &Config,
    entries: &'e [TreeEntry],
    sources: &Sources,
) -> Vec<&'e TreeEntry> {
    let dir = if Plan::new(cfg, entries).has_content {
        "content"
    } else {
        ""
    };
    let wanted = hidden::wanted_in(dir, &sources.content);
    if wanted.is_empty() {
        return Vec::new();
    }
    entries
        .iter()
        .filter(|e| wanted.contains(&e.path))
        .collect()
}

/// An editor's temp file (`x.md~`, `x.md.swp`, `4913`) that is not a hidden name.
fn is_temp(name: &str) -> bool {
    is_hidden_or_temp(name) && !name.starts_with('.')
}

/// The tag's book files where `Sources` wants them (content, state, theme), each blob's
/// bytes from `blob`.
fn place_all(
    cfg: &Config,
    entries: &[TreeEntry],
    root_name: &str,
    mut blob: impl FnMut(&str) -> anyhow::Result<Vec<u8>>,
) -> anyhow::Result<Sources> {
    let plan = Plan::new(cfg, entries);
    let mut sources = Sources {
        root_name: root_name.to_string(),
        lower_folders: cfg.hugo_lowers_paths(),
        ..Sources::default()
    };
    for entry in entries {
        let Some(dest) = plan.place(&entry.path) else {
            continue;
        };
        let file = SourceFile {
            path: RelPath::from_slashed(entry.path.as_str()),
            bytes: blob(&entry.oid)?,
        };
        match dest {
            Dest::Content => sources.content.push(file),
            Dest::State => sources.state.push(file),
            Dest::Theme(inner) => {
                sources.theme.insert(inner, file.bytes);
            }
        }
    }
    Ok(sources)
}

/// One answer of `cat-file --batch` to `oid`: `<oid> blob <size>\n<bytes>\n`.
fn read_answer(out: &mut impl std::io::BufRead, oid: &str) -> anyhow::Result<Vec<u8>> {
    let mut header = String::new();
    let n = out
        .read_line(&mut header)
        .context("failed to read from git cat-file")?;
    if n == 0 {
        bail!("git cat-file ended before giving {oid}");
    }
    let size = parse_batch_header(&header)
        .with_context(|| format!("git cat-file could not read {oid}: {}", header.trim()))?;
    let mut bytes = vec![0; size];
    out.read_exact(&mut bytes)
        .context("failed to read from git cat-file")?;
    let mut newline = [0u8; 1];
    out.read_exact(&mut newline)
        .context("failed to read from git cat-file")?;
    Ok(bytes)
}

/// One `git cat-file --batch` process: object id in, `<oid> <type> <size>\n<bytes>\n` out.
struct Batch {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    stdout: BufReader<std::process::ChildStdout>,
}

impl Batch {
    fn start(dir: &Path) -> anyhow::Result<Batch> {
        let mut child = git(dir)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("failed to run git cat-file")?;
        let stdin = child.stdin.take().context("git cat-file has no stdin")?;
        let stdout = child.stdout.take().context("git cat-file has no stdout")?;
        Ok(Batch {
            child,
            stdin,
            stdout: BufReader::new(stdout),
        })
    }
}

/// `<oid> blob <size>` → size; `<oid> missing` and other types → None.
fn parse_batch_header(line: &str) -> Option<usize> {
    let mut parts = line.trim_end().split(' ');
    let (_, kind, size) = (parts.next()?, parts.next()?, parts.next()?);
    (kind == "blob").then(|| size.parse().ok()).flatten()
}

pub(crate) use crate::base::path::is_version_folder as is_folder_name;

/// The newest `max` tags (all when `None`); `tags` is newest first.
pub(crate) fn cap(mut tags: Vec<Tag>, max: Option<usize>) -> Vec<Tag> {
    if let Some(max) = max {
        tags.truncate(max);
    }
    tags
}

/// Shell-style glob on a whole tag name: `*` any run of characters, `?` one character,
/// everything else literal.
pub(crate) fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(&c) if c == '?' || c == n[ni] => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Semantic-version-ish order of tag names: the dotted numbers after any prefix
/// compare as numbers (`v1.10` > `v1.9`, missing parts are 0); then a release is
/// newer than its pre-releases (`v2.0` > `v2.0-rc.2` > `v2.0-rc.1`); then by name.
pub(crate) fn version_cmp(a: &str, b: &str) -> Ordering {
    let (ka, kb) = (VersionKey::of(a), VersionKey::of(b));
    let len = ka.core.len().max(kb.core.len());
    let num = |k: &VersionKey, i: usize| k.core.get(i).copied().unwrap_or(0);
    (0..len)
        .map(|i| num(&ka, i).cmp(&num(&kb, i)))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
        .then_with(|| match (ka.pre, kb.pre) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(x), Some(y)) => natural_cmp(x, y),
        })
        .then_with(|| a.cmp(b))
}

struct VersionKey<'a> {
    core: Vec<u64>,
    /// What follows the numbers (`-rc.1`), if anything.
    pre: Option<&'a str>,
}

impl<'a> VersionKey<'a> {
    fn of(name: &'a str) -> Self {
        let start = name
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(name.len());
        let rest = &name[start..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let core = rest[..end]
            .split('.')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap_or(u64::MAX))
            .collect();
        let pre = Some(&rest[end..]).filter(|s| !s.is_empty());
        VersionKey { core, pre }
    }
}

/// Digit runs compare as numbers, the rest as text: `rc.10` > `rc.9`.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(&cb) {
        let o = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(m), Ok(n)) => m.cmp(&n),
            _ => x.cmp(y),
        };
        if o.is_ne() {
            return o;
        }
    }
    ca.len().cmp(&cb.len())
}

fn chunks(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = s.as_bytes();
    for i in 1..=b.len() {
        if i == b.len() || b[i].is_ascii_digit() != b[i - 1].is_ascii_digit() {
            out.push(&s[start..i]);
            start = i;
        }
    }
    out
}

/// Rewrites each diagnostic of a tag's book to name the tag as git does
/// (`v1.0:content/deploy.md`), so the report says which version has the problem.
pub(crate) fn name_tag(diags: Diagnostics, tag: &str) -> Diagnostics {
    let mut out = Diagnostics::new();
    for d in diags.into_vec() {
        out.push(Diagnostic {
            path: RelPath::new(format!("{tag}:{}", d.path)),
            ..d
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_one_after_another_and_a_missing_one_is_an_error() {
        let stream = b"aaa blob 3\nabc\nbbb blob 0\n\nccc missing\n";
        let mut r = std::io::BufReader::new(&stream[..]);
        assert_eq!(read_answer(&mut r, "aaa").unwrap(), b"abc");
        assert_eq!(read_answer(&mut r, "bbb").unwrap(), b"");
        let e = read_answer(&mut r, "ccc").unwrap_err();
        assert!(format!("{e:#}").contains("could not read ccc"), "{e:#}");
        let e = read_answer(&mut r, "ddd").unwrap_err();
        assert!(
            format!("{e:#}").contains("ended before giving ddd"),
            "{e:#}"
        );
    }

    #[test]
    fn orders_by_version_not_by_string() {
        let mut names = vec![
            "v1.9",
            "v1.10",
            "v1.0",
            "v2.0-rc.10",
            "v1.1",
            "v2.0",
            "v2.0-rc.9",
            "v1.0.1",
        ];
        names.sort_by(|a, b| version_cmp(a, b));
        assert_eq!(
            names,
            [
                "v1.0",
                "v1.0.1",
                "v1.1",
                "v1.9",
                "v1.10",
                "v2.0-rc.9",
                "v2.0-rc.10",
                "v2.0"
            ]
        );
        assert_eq!(version_cmp("v1.0", "v1.0.0"), Ordering::Less);
        assert_eq!(version_cmp("release", "v0.1"), Ordering::Less);
    }

    #[test]
    fn globs_match_whole_names() {
        assert!(glob_match("v*", "v1.10"));
        assert!(glob_match("*", ""));
        assert!(glob_match("v?.*", "v1.2"));
        assert!(glob_match("release-*-final", "release-1.2-final"));
        assert!(!glob_match("v*", "1.0"));
        assert!(!glob_match("v1.?", "v1.10"));
        assert!(!glob_match("release-*-final", "release-1.2-final2"));
    }

    #[test]
    fn only_safe_tag_names_become_folders() {
        assert!(is_folder_name("v1.10"));
        assert!(is_folder_name("release_2-rc.1"));
        for bad in [
            "",
            ".hidden",
            "a/b",
            "a b",
            "index.html",
            "versions.json",
            "404.html",
        ] {
            assert!(!is_folder_name(bad), "{bad}");
        }
    }

    #[test]
    fn cap_keeps_the_newest() {
        let tag = |n: &str| Tag {
            name: n.into(),
            commit: String::new(),
            date: String::new(),
        };
        let tags = vec![tag("v3"), tag("v2"), tag("v1")];
        let names = |t: Vec<Tag>| t.into_iter().map(|t| t.name).collect::<Vec<_>>();
        assert_eq!(names(cap(tags.clone(), Some(2))), ["v3", "v2"]);
        assert_eq!(names(cap(tags, None)), ["v3", "v2", "v1"]);
    }

    #[test]
    fn reads_annotated_and_lightweight_tags() {
        let light = parse_ref_line("v1\0aaa\0\0D1\0\0commit\0").unwrap();
        assert_eq!((light.commit.as_str(), light.date.as_str()), ("aaa", "D1"));
        let annotated = parse_ref_line("v2\0ttt\0ccc\0\0D2\0tag\0commit").unwrap();
        assert_eq!(
            (annotated.commit.as_str(), annotated.date.as_str()),
            ("ccc", "D2")
        );
        assert_eq!(parse_ref_line("v3\0ttt\0bbb\0\0\0tag\0blob"), None);
        assert_eq!(parse_ref_line("garbage"), None);
    }

    #[test]
    fn tree_entries_keep_regular_files_below_the_prefix() {
        let e = parse_tree_entry(b"100644 blob abc\tdocs/content/a.md", "docs/").unwrap();
        assert_eq!(e.path, "content/a.md");
        assert_eq!(
            parse_tree_entry(b"120000 blob abc\tdocs/link", "docs/"),
            None
        );
        assert_eq!(
            parse_tree_entry(b"160000 commit abc\tdocs/sub", "docs/"),
            None
        );
        assert_eq!(
            parse_tree_entry(b"100644 blob abc\tother/a.md", "docs/"),
            None
        );
        assert_eq!(parse_batch_header("abc blob 12\n"), Some(12));
        assert_eq!(parse_batch_header("abc missing\n"), None);
    }

    #[test]
    fn plan_places_files_as_scan_does() {
        let cfg = Config::default();
        let entry = |p: &str| TreeEntry {
            path: p.into(),
            oid: String::new(),
        };
        let with_content = [entry("content/a.md")];
        let plan = Plan::new(&cfg, &with_content);
        assert_eq!(plan.place("content/a.md"), Some(Dest::Content));
        assert_eq!(plan.place("README.md"), None);
        assert_eq!(plan.place("state/production.yaml"), Some(Dest::State));
        assert_eq!(
            plan.place("themes/default/static/x.css"),
            Some(Dest::Theme("static/x.css".into()))
        );
        let plain = [entry("a.md")];
        let plan = Plan::new(&cfg, &plain);
        assert_eq!(plan.place("a.md"), Some(Dest::Content));
        assert_eq!(plan.place("ops/b.md"), Some(Dest::Content));
        assert_eq!(plan.place("site/index.html"), None);
        assert_eq!(plan.place("book.toml"), None);
    }

    #[test]
    fn diagnostics_name_the_tag() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(
            crate::base::diag::Code::Config,
            RelPath::new("content/a.md"),
            "bad",
        ));
        let named = name_tag(d, "v1.0");
        assert_eq!(
            named.iter().next().map(|d| d.path.to_string()),
            Some("v1.0:content/a.md".into())
        );
    }
}
