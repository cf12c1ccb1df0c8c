//! Build steps:
//! - rebuild when any file of `themes/default` changes, is added or is removed
//!   (`include_dir!` alone only notices changes to files that already existed);
//! - join the stylesheet's parts, `themes/default/static/css/*.css`, into the one
//!   `style.css` every page links (`$OUT_DIR/style.css`, embedded by `src/theme.rs`).
//!   Joining here keeps a book's override of `static/style.css` a plain file swap;
//! - `OPSBOOK_COMMIT`, the commit `opsbook --version` names: `git log` when this crate
//!   is the top of a git work tree, else the `.cargo_vcs_info.json` that `cargo publish`
//!   puts in a package, else `unknown`. Only a change of `HEAD` or of the branch it
//!   points to reruns this (not every file): a new commit rebuilds, an edit does not.
//!   (build.rs cannot use `src/source/git.rs`, the crate's one git runner.)

use std::path::{Path, PathBuf};
use std::process::Command;

/// The parts of `style.css` in cascade order (a later part wins a tie); every file in
/// the folder must be listed.
const STYLE_PARTS: [&str; 7] = [
    "palette",
    "base",
    "layout",
    "content",
    "checklist",
    "search",
    "print",
];

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    let dir = Path::new("themes/default/static/css");
    let mut css = String::new();
    for part in STYLE_PARTS {
        let path = dir.join(format!("{part}.css"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("failed to read {}: {e}", path.display()));
        if !css.is_empty() {
            css.push('\n');
        }
        css.push_str(&text);
    }
    let listed = |name: &str| STYLE_PARTS.iter().any(|p| format!("{p}.css") == name);
    for entry in std::fs::read_dir(dir).expect("invariant: the css folder was just read") {
        let name = entry.expect("invariant: a readable folder").file_name();
        let name = name.to_string_lossy();
        assert!(
            listed(&name),
            "{name} in {} is not in STYLE_PARTS (build.rs)",
            dir.display()
        );
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("style.css");
    std::fs::write(&out, css).unwrap_or_else(|e| panic!("failed to write {}: {e}", out.display()));
    println!("cargo:rustc-env=OPSBOOK_COMMIT={}", commit());
}

/// `0123abcde 2026-04-14` (short hash, commit date), `0123abcde` or `unknown`.
fn commit() -> String {
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let top = git(&crate_dir, &["rev-parse", "--show-toplevel"]);
    let is_top = top.is_some_and(|top| {
        let canon = |p: &Path| std::fs::canonicalize(p).ok();
        canon(Path::new(&top)).is_some_and(|t| Some(t) == canon(&crate_dir))
    });
    if is_top {
        for file in git_files_to_watch(&crate_dir) {
            println!("cargo:rerun-if-changed={}", file.display());
        }
        if let Some(c) = git(&crate_dir, &["log", "-1", "--abbrev=9", "--format=%h %cs"]) {
            return c;
        }
    }
    let vcs_info = crate_dir.join(".cargo_vcs_info.json");
    if vcs_info.is_file() {
        println!("cargo:rerun-if-changed={}", vcs_info.display());
        let text = std::fs::read_to_string(&vcs_info).unwrap_or_default();
        if let Some(sha) = text.split("\"sha1\"").nth(1) {
            let hex: String = sha
                .chars()
                .skip_while(|c| !c.is_ascii_hexdigit())
                .take_while(char::is_ascii_hexdigit)
                .take(9)
                .collect();
            if hex.len() == 9 {
                return hex;
            }
        }
    }
    "unknown".to_string()
}

/// `HEAD`, the branch file it names and `packed-refs`, those that exist.
fn git_files_to_watch(dir: &Path) -> Vec<PathBuf> {
    let mut names = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(head) = git(dir, &["rev-parse", "--symbolic-full-name", "HEAD"])
        && head.starts_with("refs/")
    {
        names.push(head);
    }
    names
        .iter()
        .filter_map(|name| git(dir, &["rev-parse", "--git-path", name]))
        .map(|path| dir.join(path))
        .filter(|path| path.is_file())
        .collect()
}

/// The trimmed stdout of `git ARGS` run in `dir`; `None` when git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_string())
}
